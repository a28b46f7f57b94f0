/* Keeps a copy of the draft editor's text in this browser.
 *
 * A save can be refused without the server ever seeing the text: an old CSRF
 * token after logging in again in another tab, a lost connection. So every
 * change is copied to localStorage (text fields and CKEditor's HTML; files
 * cannot be kept). When the editor opens again at the same version with a
 * different text, a banner offers the copy back. A save that went through is
 * recognised on the next page (another article or a newer version) and its
 * copy is dropped. Without JavaScript the form works as before.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-key]");
  var banner = document.querySelector("[data-draft-restore]");
  if (!form || !banner || !window.localStorage || !window.sessionStorage) {
    return;
  }
  var key = "newsroom-draft:" + form.getAttribute("data-draft-key");
  var version = form.getAttribute("data-draft-version") || "";
  var SUBMITTED = "newsroom-draft-submitted";

  function editors() {
    return window.CKEDITOR ? window.CKEDITOR.instances : {};
  }

  function kept(element) {
    var skip = ["file", "hidden", "submit", "button", "password"];
    return element.name && skip.indexOf(element.type) === -1 &&
      element.name !== "csrfmiddlewaretoken";
  }

  function collect() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (kept(element)) {
        values[element.name] = element.type === "checkbox" ? element.checked : element.value;
      }
    });
    var instances = editors();
    Object.keys(instances).forEach(function (id) {
      var element = document.getElementById(id);
      if (element && element.name) {
        values[element.name] = instances[id].getData();
      }
    });
    return values;
  }

  function read() {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function store() {
    try {
      window.localStorage.setItem(key, JSON.stringify(
        {version: version, saved: Date.now(), values: collect()}));
    } catch (error) { /* storage full or blocked: nothing to keep */ }
  }

  function restore(values) {
    Object.keys(values).forEach(function (name) {
      var element = form.elements.namedItem(name);
      if (!element || !element.tagName) {
        return;
      }
      if (element.type === "checkbox") {
        element.checked = values[name];
      } else {
        element.value = values[name];
      }
      var editor = editors()[element.id];
      if (editor) {
        editor.setData(values[name]);
      }
      // Scripts that show a field differently (tag chips) and autosave hear of it.
      element.dispatchEvent(new Event("input", {bubbles: true}));
    });
  }

  function differs(a, b) {
    return Object.keys(a).some(function (name) {
      return name in b && String(a[name]) !== String(b[name]);
    });
  }

  // A submit seen on the previous page: if we are now elsewhere or at a newer
  // version, it was saved and its copy can go.
  var submitted = null;
  try {
    submitted = JSON.parse(window.sessionStorage.getItem(SUBMITTED) || "null");
  } catch (error) { submitted = null; }
  window.sessionStorage.removeItem(SUBMITTED);
  if (submitted && (submitted.key !== key || submitted.version !== version)) {
    window.localStorage.removeItem(submitted.key);
  }

  var copy = read();
  if (copy && copy.version !== version) {
    window.localStorage.removeItem(key);
  } else if (copy && differs(copy.values, collect())) {
    var when = banner.querySelector("[data-draft-time]");
    if (when) {
      when.textContent = new Date(copy.saved).toLocaleString();
    }
    banner.hidden = false;
    banner.querySelector("[data-draft-use]").addEventListener("click", function () {
      restore(copy.values);
      banner.hidden = true;
    });
    banner.querySelector("[data-draft-discard]").addEventListener("click", function () {
      window.localStorage.removeItem(key);
      banner.hidden = true;
    });
  }

  var timer = null;
  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(store, 500);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  if (window.CKEDITOR) {
    window.CKEDITOR.on("instanceReady", function (event) {
      event.editor.on("change", later);
    });
  }
  form.addEventListener("submit", function () {
    store();
    window.sessionStorage.setItem(SUBMITTED, JSON.stringify({key: key, version: version}));
  });
}());
