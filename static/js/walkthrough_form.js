// The walkthrough form: shows only the chosen mode's section and the chosen campaign's checklist,
// opens a note when a checklist answer is "no", and adds finding forms on demand.
(function () {
  function showOnly(selector, attribute, value) {
    document.querySelectorAll(selector).forEach(function (element) {
      element.hidden = element.dataset[attribute] !== value;
    });
  }

  const mode = document.getElementById("id_mode");
  if (mode) {
    const showMode = function () {
      document.querySelectorAll(".mode-section").forEach(function (section) {
        section.hidden = section.dataset.modes.split(" ").indexOf(mode.value) < 0;
      });
    };
    mode.addEventListener("change", showMode);
    showMode();
  }

  const campaign = document.getElementById("id_campaign");
  if (campaign && document.querySelector(".checklist-campaign")) {
    const showChecklist = function () { showOnly(".checklist-campaign", "campaign", campaign.value); };
    campaign.addEventListener("change", showChecklist);
    showChecklist();
  }

  document.querySelectorAll(".checklist-item").forEach(function (item) {
    const note = item.querySelector(".checklist-note");
    const input = note && note.querySelector("input");
    function toggle() {
      const checked = item.querySelector("input[type=radio]:checked");
      note.hidden = !(checked && checked.value === "no") && !(input && input.value);
    }
    item.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.addEventListener("change", toggle); });
    if (note) { toggle(); }
  });

  const add = document.getElementById("add-finding");
  const total = document.getElementById("id_findings-TOTAL_FORMS");
  const template = document.getElementById("finding-template");
  if (add && total && template) {
    add.addEventListener("click", function () {
      const index = parseInt(total.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      template.insertAdjacentHTML("beforebegin", html);
      total.value = String(index + 1);
      const title = document.getElementById("id_findings-" + index + "-title");
      if (title) { title.focus(); }
    });
  }
})();
