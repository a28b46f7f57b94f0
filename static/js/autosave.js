/* Autosave of the draft editor (editorial/portal/autosave.py).
 *
 * The first change starts a timer; DELAY later the form (CKEditor's text
 * included, files left out: they go with "Save draft") is posted with the
 * version the page holds. The answer's new version goes into the hidden
 * loaded_version, so "Save draft" and the next autosave are not refused as
 * stale; sections that were new get their saved id. A stale page (saved in
 * another tab) is told so and autosave stops. A manual save waits for an
 * autosave in flight, then goes with the new version. Without JavaScript
 * nothing changes.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  var status = document.querySelector("[data-autosave-status]");
  if (!form || !status || !window.fetch || !window.FormData) {
    return;
  }
  var DELAY = 5000;
  var RETRY = 15000;
  var url = form.getAttribute("data-autosave-url");
  var version = form.querySelector("input[name=loaded_version]");
  var timer = null;
  var busy = false;
  var stopped = false;
  var waiting = null;  // the submit button of a manual save held back

  function say(text, kind) {
    status.textContent = text;
    status.className = "autosave-status" + (kind ? " autosave-status--" + kind : "");
    status.hidden = !text;
  }

  function schedule(delay) {
    if (!stopped && timer === null) {
      timer = window.setTimeout(save, delay);
    }
  }

  function changed() {
    schedule(DELAY);
  }

  function payload() {
    if (window.CKEDITOR) {
      Object.keys(window.CKEDITOR.instances).forEach(function (id) {
        window.CKEDITOR.instances[id].updateElement();
      });
    }
    var data = new FormData(form);
    var files = [];
    data.forEach(function (value, name) {
      if (typeof value === "object") {
        files.push(name);
      }
    });
    files.forEach(function (name) { data.delete(name); });
    data.delete("intent");
    return data;
  }

  function saved(answer) {
    if (version) {
      version.value = String(answer.version);
    }
    form.setAttribute("data-draft-version", String(answer.version));
    Object.keys(answer.sections || {}).forEach(function (prefix) {
      var input = form.querySelector("input[name='" + prefix + "-saved_id']");
      if (input) {
        input.value = String(answer.sections[prefix]);
      }
    });
    if (answer.autosave_url && answer.autosave_url !== url) {
      // A new draft now exists: keep working on it, not on a second new one.
      url = answer.autosave_url;
      form.setAttribute("data-autosave-url", url);
      form.action = answer.edit_url;
      window.history.replaceState(null, "", answer.edit_url);
    }
    say(answer.message || "", "saved");
  }

  function finish() {
    busy = false;
    if (waiting !== null) {
      var button = waiting;
      waiting = null;
      stopped = true;
      if (form.requestSubmit) {
        form.requestSubmit(button || undefined);
      } else {
        form.submit();
      }
    }
  }

  function save() {
    timer = null;
    if (stopped) {
      return;
    }
    if (busy) {
      schedule(DELAY);
      return;
    }
    busy = true;
    window.fetch(url, {
      method: "POST",
      body: payload(),
      credentials: "same-origin",
      headers: {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"}
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.ok && answer.saved) {
          saved(answer);
        } else if (response.status === 409) {
          stopped = true;
          say(answer.error || "", "error");
        } else if (response.status === 400) {
          say(answer.error || "", "warning");
        } else {
          say(status.getAttribute("data-offline") || "", "warning");
          schedule(RETRY);
        }
      });
    }).catch(function () {
      say(status.getAttribute("data-offline") || "", "warning");
      schedule(RETRY);
    }).then(finish, finish);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  function watch(editor) {
    if (!editor.newsroomAutosave) {
      editor.newsroomAutosave = true;
      editor.on("change", changed);
    }
  }
  if (window.CKEDITOR) {
    window.CKEDITOR.on("instanceReady", function (event) { watch(event.editor); });
    Object.keys(window.CKEDITOR.instances).forEach(function (id) {
      watch(window.CKEDITOR.instances[id]);
    });
  }
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    timer = null;
    if (busy) {
      event.preventDefault();
      waiting = event.submitter || null;
      return;
    }
    stopped = true;  // the page is leaving with everything in it
  });
}());
