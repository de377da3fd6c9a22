// The walkthrough form marks with * the facts the chosen mode requires on submission: a field lists the modes that
// require it in data-required-in; its label gets a star while one of them is chosen.
(function () {
  "use strict";
  var mode = document.getElementById("id_mode");
  if (!mode) { return; }

  function labelOf(input) {
    // crispy wraps every field in div#div_id_<name>; its first label (or legend) names the field.
    var wrapper = document.getElementById("div_id_" + input.name);
    return wrapper ? wrapper.querySelector("label, legend") : null;
  }

  function mark() {
    document.querySelectorAll("[data-required-in]").forEach(function (input) {
      var label = labelOf(input);
      if (!label) { return; }
      var required = input.dataset.requiredIn.split(" ").indexOf(mode.value) >= 0;
      var star = label.querySelector(".mode-required");
      if (required && !star) {
        star = document.createElement("span");
        star.className = "mode-required text-danger";
        star.setAttribute("data-testid", "required-star");
        star.textContent = " *";
        label.appendChild(star);
      } else if (!required && star) {
        star.remove();
      }
    });
  }

  mode.addEventListener("change", mark);
  mark();
})();
