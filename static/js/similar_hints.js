// Similar-issue hints: while a finding's title or description is typed, up to five open or recent issues that look
// alike are shown under it; "我也遇到" marks the finding as another sighting of that issue (hidden same_as), so
// submitting counts one more walker instead of opening a duplicate. Without signal there are simply no hints.
(function () {
  const findings = document.getElementById("findings");
  if (!findings || !findings.dataset.similarUrl) { return; }
  const text = findings.dataset;
  const timers = new WeakMap();

  function context() {
    const department = document.getElementById("id_department");
    const items = document.getElementById("id_service_items");
    const item = items && items.selectedOptions && items.selectedOptions[0];
    return { department: department ? department.value : "", service_item: item ? item.value : "" };
  }

  function hintBox(card) {
    let box = card.querySelector(".similar-hints");
    if (!box) {
      box = document.createElement("div");
      box.className = "similar-hints mt-2";
      box.setAttribute("aria-live", "polite");
      card.querySelector(".card-body").appendChild(box);
    }
    return box;
  }

  function chosenBadge(card, issue) {
    const box = hintBox(card);
    box.innerHTML = "";
    const badge = document.createElement("div");
    badge.className = "alert alert-info py-1 px-2 mb-0 small me-too-chosen";
    badge.textContent = text.chosenLabel.replace("%(number)s", issue.number) + " ";
    const undo = document.createElement("button");
    undo.type = "button";
    undo.className = "btn btn-link btn-sm p-0";
    undo.textContent = text.undoLabel;
    undo.addEventListener("click", function () {
      card.querySelector(".same-as").value = "";
      box.innerHTML = "";
      lookUp(card);
    });
    badge.appendChild(undo);
    box.appendChild(badge);
  }

  function show(card, issues) {
    const box = hintBox(card);
    box.innerHTML = "";
    if (!issues.length) { return; }
    const heading = document.createElement("div");
    heading.className = "small text-muted";
    heading.textContent = text.hintHeading;
    const list = document.createElement("ul");
    list.className = "list-group list-group-flush small";
    issues.forEach(function (issue) {
      const item = document.createElement("li");
      item.className = "list-group-item px-0 d-flex justify-content-between align-items-start gap-2 similar-hint";
      const about = document.createElement("span");
      const number = document.createElement(issue.url ? "a" : "span");
      if (issue.url) { number.href = issue.url; number.target = "_blank"; number.rel = "noopener"; }
      number.textContent = issue.number;
      about.append(number, " " + issue.title + " ");
      const meta = document.createElement("span");
      meta.className = "text-muted";
      meta.textContent = "(" + [issue.stage, issue.department].filter(Boolean).join(" · ") +
        (issue.sightings ? " · " + text.sightingsLabel.replace("%(n)s", issue.sightings) : "") + ")";
      about.appendChild(meta);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-primary btn-sm text-nowrap me-too";
      button.textContent = text.meTooLabel;
      button.addEventListener("click", function () {
        card.querySelector(".same-as").value = String(issue.pk);
        const title = card.querySelector(".finding-title");
        if (title && !title.value.trim()) { title.value = issue.title; }
        chosenBadge(card, issue);
      });
      item.append(about, button);
      list.appendChild(item);
    });
    box.append(heading, list);
  }

  function lookUp(card) {
    const sameAs = card.querySelector(".same-as");
    if (sameAs && sameAs.value) { return; }
    const title = card.querySelector(".finding-title");
    const description = card.querySelector(".finding-description");
    const typed = [title ? title.value : "", description ? description.value : ""].join(" ").trim();
    if (typed.length < 2) { hintBox(card).innerHTML = ""; return; }
    const params = new URLSearchParams(Object.assign({ text: typed }, context()));
    fetch(text.similarUrl + "?" + params.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { issues: [] }; })
      .then(function (reply) { show(card, reply.issues || []); }, function () { /* offline: no hints */ });
  }

  findings.addEventListener("input", function (event) {
    if (!event.target.matches(".finding-title, .finding-description")) { return; }
    const card = event.target.closest(".finding");
    window.clearTimeout(timers.get(card));
    timers.set(card, window.setTimeout(function () { lookUp(card); }, 300));
  });
})();
