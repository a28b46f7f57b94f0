/* Tags shown as tags, with suggestions of existing ones.
 *
 * Progressive enhancement of the comma-separated text field marked
 * data-tag-input (its value is the URL of the suggestions, answering
 * {"tags": [...]}) : the field stays in the form, hidden, and always holds
 * "name, name" as the chips show them; typing goes to a small entry with a
 * datalist of suggestions. Enter or a comma makes a tag, Backspace on an
 * empty entry takes the last one back, each tag has a remove button. The
 * case typed is kept. Without JavaScript the plain field works as before.
 */
(function () {
  "use strict";
  var field = document.querySelector("input[data-tag-input]");
  if (!field) {
    return;
  }
  var url = field.getAttribute("data-tag-input");
  var label = document.querySelector("label[for='" + field.id + "']");
  var names = [];

  var box = document.createElement("div");
  box.className = "tag-input";
  var chips = document.createElement("ul");
  chips.className = "tag-input__chips";
  var entry = document.createElement("input");
  entry.type = "text";
  entry.className = "tag-input__entry";
  entry.id = field.id + "-entry";
  entry.setAttribute("autocomplete", "off");
  entry.setAttribute("list", field.id + "-suggestions");
  entry.setAttribute("aria-describedby", field.id + "-hint");
  var list = document.createElement("datalist");
  list.id = field.id + "-suggestions";
  box.appendChild(chips);
  box.appendChild(entry);
  box.appendChild(list);
  field.hidden = true;
  field.parentNode.insertBefore(box, field.nextSibling);
  if (label) {
    label.htmlFor = entry.id;
  }
  var hint = document.createElement("p");
  hint.className = "help";
  hint.id = field.id + "-hint";
  hint.textContent = field.getAttribute("data-tag-hint") || "";
  box.parentNode.insertBefore(hint, box.nextSibling);

  function split(text) {
    return text.split(",").map(function (part) {
      return part.replace(/\s+/g, " ").replace(/^[\s"]+|[\s"]+$/g, "");
    }).filter(Boolean);
  }

  function has(name) {
    return names.some(function (known) {
      return known.toLowerCase() === name.toLowerCase();
    });
  }

  function render(quiet) {
    field.value = names.join(", ");
    chips.textContent = "";
    names.forEach(function (name, index) {
      var chip = document.createElement("li");
      chip.className = "tag-input__chip";
      chip.appendChild(document.createTextNode(name));
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "tag-input__remove";
      remove.textContent = "\u00d7";
      remove.setAttribute("aria-label", (field.getAttribute("data-remove-label") || "Remove %s").replace("%s", name));
      // Keep the focus (no blur, no re-render) until the click lands.
      remove.addEventListener("mousedown", function (event) { event.preventDefault(); });
      remove.addEventListener("click", function () {
        names.splice(index, 1);
        render();
        entry.focus();
      });
      chip.appendChild(remove);
      chips.appendChild(chip);
    });
    if (!quiet) {
      field.dispatchEvent(new Event("change", {bubbles: true}));
    }
  }

  function commit() {
    split(entry.value).forEach(function (name) {
      if (!has(name)) {
        names.push(name);
      }
    });
    entry.value = "";
    render();
  }

  var timer = null;
  var asked = "";
  function suggest() {
    var typed = entry.value.replace(/^\s+/, "");
    if (!typed || typed === asked || !window.fetch) {
      return;
    }
    asked = typed;
    window.fetch(url + "?q=" + encodeURIComponent(typed), {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : {tags: []}; })
      .then(function (data) {
        list.textContent = "";
        (data.tags || []).forEach(function (name) {
          if (!has(name)) {
            var option = document.createElement("option");
            option.value = name;
            list.appendChild(option);
          }
        });
      })
      .catch(function () { /* offline: no suggestions */ });
  }

  entry.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === ",") {
      if (entry.value.trim()) {
        event.preventDefault();
        commit();
      } else if (event.key === ",") {
        event.preventDefault();
      }
    } else if (event.key === "Backspace" && !entry.value && names.length) {
      entry.value = names.pop();
      render();
      event.preventDefault();
    }
  });
  entry.addEventListener("input", function (event) {
    // A suggestion picked from the list arrives whole: take it as a tag.
    var picked = !event.inputType || event.inputType === "insertReplacementText";
    var known = Array.prototype.some.call(list.options, function (option) {
      return option.value === entry.value;
    });
    if (picked && known) {
      commit();
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 200);
  });
  entry.addEventListener("blur", function () {
    if (entry.value.trim()) {
      commit();
    }
  });
  field.form.addEventListener("submit", function () {
    if (entry.value.trim()) {
      commit();
    }
  }, true);

  field.addEventListener("input", function () {  // set by another script
    names = split(field.value);
    render(true);
  });
  names = split(field.value);
  render(true);
}());
