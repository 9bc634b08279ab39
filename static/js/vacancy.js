/*
 * The vacancy text builder works without this file: it is a plain GET form.
 * This adds a live preview (the same page, fetched as the choices change),
 * copy buttons for the plain text and Markdown, and a print button.
 */
(function () {
  "use strict";

  var form = document.getElementById("vacancy-form");
  if (!form || !window.fetch || !window.DOMParser) {
    return;
  }
  var timer = null;
  var latest = 0;

  function addCopyButtons() {
    var copy = document.querySelector(".vacancy-copy");
    if (!copy || copy.querySelector(".vacancy-copy__actions")) {
      return;
    }
    var status = document.createElement("span");
    status.className = "vacancy-copy__status";
    status.setAttribute("role", "status");

    copy.querySelectorAll(".vacancy-copy__field").forEach(function (field) {
      var textarea = field.querySelector("textarea");
      var label = field.querySelector("label").textContent;
      var actions = document.createElement("div");
      actions.className = "vacancy-copy__actions";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = copy.dataset.copyLabel + ": " + label;
      button.addEventListener("click", function () {
        var done = function () {
          status.textContent = copy.dataset.copiedLabel + ": " + label;
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(textarea.value).then(done, function () {
            textarea.select();
          });
        } else {
          textarea.select();
        }
      });
      actions.appendChild(button);
      field.appendChild(actions);
    });

    var printActions = document.createElement("div");
    printActions.className = "vacancy-copy__actions";
    var print = document.createElement("button");
    print.type = "button";
    print.className = "button";
    print.textContent = copy.dataset.printLabel;
    print.addEventListener("click", function () {
      window.print();
    });
    printActions.appendChild(print);
    printActions.appendChild(status);
    copy.appendChild(printActions);
  }

  function preview() {
    var query = new URLSearchParams(new FormData(form)).toString();
    // The action ends in #vacancy-output, so that a submit without this
    // script lands on the text; the preview asks for the page itself.
    var url = form.action.split("#")[0] + "?" + query;
    var request = ++latest;
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        if (request !== latest) {
          return; // a newer preview is on its way
        }
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["vacancy-result", "vacancy-errors"].forEach(function (id) {
          var fresh = doc.getElementById(id);
          var current = document.getElementById(id);
          if (fresh && current) {
            current.replaceWith(document.importNode(fresh, true));
          }
        });
        window.history.replaceState(null, "", url);
        addCopyButtons();
      })
      .catch(function () {
        /* Without a preview the submit button still works. */
      });
  }

  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(preview, 300);
  });

  addCopyButtons();
})();
