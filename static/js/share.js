/*
 * Sharing a role profile: a print button beside the page's downloads and a
 * copy button for its permanent link. The page works without this file (the
 * link can be selected and copied, the browser prints).
 */
(function () {
  "use strict";

  function button(label, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button button--secondary";
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  var actions = document.querySelector(".entry-actions[data-print-label]");
  if (actions && window.print) {
    var item = document.createElement("li");
    item.appendChild(
      button(actions.dataset.printLabel, function () {
        window.print();
      })
    );
    actions.appendChild(item);
  }

  var share = document.querySelector(".share[data-copy-label]");
  if (share) {
    var input = share.querySelector("input");
    var status = document.createElement("p");
    status.className = "share__status";
    status.setAttribute("role", "status");
    var copy = button(share.dataset.copyLabel, function () {
      var done = function () {
        status.textContent = share.dataset.copiedLabel;
      };
      input.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(done, function () {});
      }
    });
    var wrapper = document.createElement("p");
    wrapper.className = "share__actions";
    wrapper.appendChild(copy);
    share.appendChild(wrapper);
    share.appendChild(status);
  }
})();
