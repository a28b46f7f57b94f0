/* Images dropped or pasted into CKEditor go to OUR endpoint (portal:upload,
 * named by <meta name="newsroom-upload-url">), never to django-ckeditor's
 * CSRF-exempt uploader. XHR uploads carry no form token, so the CSRF token
 * travels in the X-CSRFToken header. Our refusals have an HTTP error status;
 * CKEditor 4 would show a generic "HTTP error", so we show our message. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="newsroom-upload-url"]');
  if (!window.CKEDITOR || !meta) return;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return input ? input.value : cookie ? decodeURIComponent(cookie[1]) : "";
  }

  CKEDITOR.on("instanceCreated", function (event) {
    var editor = event.editor;
    editor.on("configLoaded", function () {  // after the instance's own config
      var config = editor.config, plugins = (config.extraPlugins || "").split(",");
      config.uploadUrl = meta.content;
      config.fileTools_requestHeaders = { "X-CSRFToken": csrfToken() };
      config.uploadImage_supportedTypes = /image\/(jpeg|png|gif|webp)/;
      if (plugins.indexOf("uploadimage") === -1) {
        config.extraPlugins = plugins.concat("uploadimage").filter(Boolean).join(",");
      }
    });
    editor.on("fileUploadRequest", function (request) {
      var loader = request.data.fileLoader;
      loader.on("error", function () {  // priority 1: before the notification
        try {
          loader.message = JSON.parse(loader.xhr.responseText).error.message || loader.message;
        } catch (ignored) { /* not our JSON (network error, CSRF page): keep CKEditor's */ }
      }, null, null, 1);
    });
  });
})();
