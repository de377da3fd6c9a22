// Shows only the section of the chosen walkthrough mode, and adds finding forms on demand.
(function () {
  const mode = document.getElementById("id_mode");
  function showMode() {
    document.querySelectorAll(".mode-section").forEach(function (section) {
      section.hidden = section.dataset.mode !== mode.value;
    });
  }
  if (mode) { mode.addEventListener("change", showMode); showMode(); }

  const add = document.getElementById("add-finding");
  const total = document.getElementById("id_findings-TOTAL_FORMS");
  const template = document.getElementById("finding-template");
  if (add && total && template) {
    add.addEventListener("click", function () {
      const index = parseInt(total.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      template.insertAdjacentHTML("beforebegin", html);
      total.value = String(index + 1);
    });
  }
})();
