/* Sections of the draft editor, added, removed and reordered at once.
 *
 * Progressive enhancement of Django's formset: without JavaScript the page
 * has empty slots to fill, "Order" numbers and "Delete" boxes. With it, the
 * numbers are kept in DOM order behind "Move up"/"Move down" buttons,
 * "Remove" ticks the section's Delete box (and can be undone), and "Add a
 * section" clones the formset's empty form (``__prefix__``) and raises
 * TOTAL_FORMS. CKEditor 4 lives in an iframe that does not survive being moved
 * in the document, so an editor is put away (its text goes back to the
 * textarea) before its section moves and made again after.
 */
(function () {
  "use strict";
  var fieldset = document.querySelector("[data-sections]");
  if (!fieldset) {
    return;
  }
  var prefix = fieldset.getAttribute("data-prefix");
  var list = fieldset.querySelector("[data-section-list]");
  var template = fieldset.querySelector("template[data-section-template]");
  var adder = fieldset.querySelector("[data-section-add]");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
  if (!list || !template || !adder || !total) {
    return;
  }
  var label = function (name) {
    return fieldset.getAttribute("data-label-" + name) || name;
  };

  function sections() {
    return Array.prototype.slice.call(list.querySelectorAll("[data-section]"));
  }

  function field(section, name) {
    return section.querySelector("[name$='-" + name + "']");
  }

  function live() {
    return sections().filter(function (section) {
      return !section.hasAttribute("data-removed");
    });
  }

  function renumber() {
    var kept = live();
    sections().forEach(function (section) {
      var order = field(section, "ORDER");
      var position = kept.indexOf(section);
      if (order) {
        order.value = position === -1 ? "" : String(position + 1);
      }
      if (position === -1) {
        return;
      }
      var name = label("section").replace("{n}", String(position + 1));
      section.querySelector("[data-section-title]").textContent = name;
      section.setAttribute("aria-label", name);
      section.querySelector("[data-section-up]").disabled = position === 0;
      section.querySelector("[data-section-down]").disabled = position === kept.length - 1;
    });
    adder.querySelector("button").disabled =
      max && Number(total.value) >= Number(max.value);
  }

  function richTexts(section) {
    return Array.prototype.slice.call(
      section.querySelectorAll("textarea[data-type=ckeditortype]"));
  }

  function putAway(section) {
    richTexts(section).forEach(function (textarea) {
      var editor = window.CKEDITOR && window.CKEDITOR.instances[textarea.id];
      if (editor) {
        editor.destroy();  // writes its text back to the textarea
      }
    });
  }

  function makeEditors(section) {
    if (!window.CKEDITOR) {
      return;
    }
    richTexts(section).forEach(function (textarea) {
      if (window.CKEDITOR.instances[textarea.id]) {
        return;
      }
      textarea.setAttribute("data-processed", "1");
      window.CKEDITOR.replace(textarea.id, JSON.parse(textarea.getAttribute("data-config")));
    });
  }

  function neighbour(section, step) {
    var kept = live();
    return kept[kept.indexOf(section) + step] || null;
  }

  function move(section, step) {
    var other = neighbour(section, step);
    if (!other) {
      return;
    }
    putAway(section);
    putAway(other);
    if (step < 0) {
      list.insertBefore(section, other);
    } else {
      list.insertBefore(section, other.nextSibling);
    }
    makeEditors(section);
    makeEditors(other);
    renumber();
    section.querySelector(step < 0 ? "[data-section-up]" : "[data-section-down]").focus();
  }

  function remove(section) {
    var box = field(section, "DELETE");
    if (box) {
      box.checked = true;
    }
    section.setAttribute("data-removed", "");
    var note = document.createElement("p");
    note.className = "draft-section__removed";
    note.setAttribute("role", "status");
    note.textContent = label("removed") + " ";
    var undo = document.createElement("button");
    undo.type = "button";
    undo.className = "link-button";
    undo.textContent = label("undo");
    undo.addEventListener("click", function () {
      if (box) {
        box.checked = false;
      }
      section.removeAttribute("data-removed");
      note.remove();
      renumber();
      section.querySelector("[data-section-remove]").focus();
    });
    note.appendChild(undo);
    section.insertBefore(note, section.firstChild);
    renumber();
    undo.focus();
  }

  function button(text, data, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "btn btn--secondary btn--small";
    element.textContent = text;
    element.setAttribute(data, "");
    element.addEventListener("click", onClick);
    return element;
  }

  function enhance(section) {
    var tools = document.createElement("div");
    tools.className = "draft-section__tools";
    tools.appendChild(button(label("up"), "data-section-up", function () { move(section, -1); }));
    tools.appendChild(button(label("down"), "data-section-down", function () { move(section, 1); }));
    tools.appendChild(button(label("remove"), "data-section-remove", function () { remove(section); }));
    section.querySelector(".draft-section__controls").appendChild(tools);
  }

  function add() {
    var index = Number(total.value);
    if (max && index >= Number(max.value)) {
      return;
    }
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var section = holder.querySelector("[data-section]");
    list.appendChild(section);
    total.value = String(index + 1);
    enhance(section);
    makeEditors(section);
    renumber();
    field(section, "heading").focus();
  }

  fieldset.classList.add("js-sections");
  sections().forEach(enhance);
  adder.hidden = false;
  adder.querySelector("button").addEventListener("click", add);
  renumber();
}());
