/* Waits for proposed key points while the page stays open.
 *
 * While a suggestion is pending, its box carries the URL of a small JSON
 * status (data-suggestion-status-url). This asks it every two seconds for up
 * to two minutes; once the points are there (or the attempt failed) it shows
 * them in place of the "proposing..." line with a link that reloads the box,
 * where Accept, Edit and Discard are. The page is never reloaded by itself:
 * text typed in the form stays. Without JavaScript the line asks for a reload.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-suggestion-status-url]");
  var line = box && box.querySelector("[data-suggestion-pending]");
  if (!box || !line || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-suggestion-status-url");
  var tries = 60;

  function show(data) {
    line.textContent = "";
    if (data.status === "ready") {
      var list = document.createElement("ul");
      data.points.forEach(function (point) {
        var item = document.createElement("li");
        item.textContent = point;
        list.appendChild(item);
      });
      line.appendChild(list);
    } else if (data.error) {
      line.appendChild(document.createTextNode(data.error + " "));
    }
    var link = document.createElement("a");
    link.href = window.location.pathname + "#key-point-suggestion";
    link.textContent = line.getAttribute("data-reload-text") || "↻";
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.location.reload();
    });
    line.appendChild(link);
  }

  function poll() {
    tries -= 1;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.status !== "pending") {
          show(data);
        } else if (tries > 0) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        if (tries > 0) {
          window.setTimeout(poll, 2000);
        }
      });
  }

  window.setTimeout(poll, 1000);
})();
