/* 工作简报: copy the text (Clipboard API, with a selected-textarea fallback for plain-http intranets) and print. */
(function () {
  "use strict";
  var button = document.getElementById("copy-briefing");
  var plain = document.getElementById("briefing-plain");
  var status = document.getElementById("copy-status");
  var printButton = document.getElementById("print-briefing");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }
  if (!button || !plain) { return; }

  function say(ok) {
    status.textContent = ok ? button.dataset.copied : button.dataset.failed;
    status.className = "align-self-center small " + (ok ? "text-success" : "text-danger");
  }

  function fallback(text) {
    // navigator.clipboard needs HTTPS; many county intranets serve plain http.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  button.addEventListener("click", function () {
    var text = plain.value;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say(true); }, function () { say(fallback(text)); });
    } else {
      say(fallback(text));
    }
  });
})();
