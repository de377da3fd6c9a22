// Every POST form: once sent, its submit buttons are disabled and the pressed one says it is working, so a slow
// upload is not sent twice. If the browser's own checks stop the submit, nothing changes. When the page is shown
// again from the back/forward cache the buttons come back.
(function () {
  "use strict";
  var WORKING = (document.body && document.body.dataset.busyLabel) || "…";

  function buttonsOf(form) {
    return Array.prototype.slice.call(form.querySelectorAll("button[type=submit], input[type=submit]"));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post" || event.defaultPrevented) {
      return;
    }
    if (form.dataset.busy === "1") {
      event.preventDefault(); // the second press of the same form
      return;
    }
    form.dataset.busy = "1";
    var pressed = event.submitter;
    if (pressed && pressed.name) {
      // A disabled button is not sent: keep its name/value (e.g. approve/refuse) in a hidden field.
      var carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = pressed.name;
      carried.value = pressed.value;
      carried.setAttribute("data-busy-carried", "");
      form.appendChild(carried);
    }
    buttonsOf(form).forEach(function (button) {
      button.disabled = true;
      button.setAttribute("aria-disabled", "true");
      if (button === pressed || (!pressed && button === buttonsOf(form)[0])) {
        button.dataset.label = button.innerHTML;
        button.innerHTML = '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>' + WORKING;
      }
    });
  });

  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-busy='1']"), function (form) {
      delete form.dataset.busy;
      Array.prototype.forEach.call(form.querySelectorAll("[data-busy-carried]"), function (node) { node.remove(); });
      buttonsOf(form).forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
        if (button.dataset.label) { button.innerHTML = button.dataset.label; delete button.dataset.label; }
      });
    });
  });
})();
