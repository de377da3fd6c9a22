// The step stopwatch of the walkthrough form. Every step keeps the moment it started and ended (ISO timestamps
// in the hidden #id_step_times), never a running counter: a locked screen or a phone put away loses nothing,
// the elapsed time is always "now minus the start". Waiting and total minutes are derived from the steps and
// written into the measurement fields unless the walker typed his own (then a reason is asked for).
(function () {
  const box = document.getElementById("stopwatch");
  const hidden = document.getElementById("id_step_times");
  const stepsData = document.getElementById("campaign-steps");
  if (!box || !hidden || !stepsData) { return; }
  const campaignSteps = JSON.parse(stepsData.textContent);
  const campaign = document.getElementById("id_campaign");
  const select = document.getElementById("stopwatch-step");
  const buttons = {
    start: document.getElementById("stopwatch-start"), next: document.getElementById("stopwatch-next"),
    end: document.getElementById("stopwatch-end"), reset: document.getElementById("stopwatch-reset"),
  };
  const waitingInput = document.getElementById("id_waiting_minutes");
  const totalInput = document.getElementById("id_total_minutes");
  const reasonBox = document.getElementById("minutes-reason");
  const label = box.dataset;
  const storageKey = "walkthrough-stopwatch:" + window.location.pathname;
  let steps = [];
  try { steps = hidden.value ? JSON.parse(hidden.value) : []; } catch (error) { steps = []; }
  if (!steps.length) {
    // A page reloaded in the middle of a walk picks up the unfinished timing.
    try { steps = JSON.parse(window.localStorage.getItem(storageKey) || "[]"); } catch (error) { steps = []; }
  }

  function plan() {
    const own = campaign && campaignSteps[campaign.value];
    const first = Object.keys(campaignSteps)[0];
    return own || campaignSteps[first] || [];
  }
  function running() { return steps.length > 0 && !steps[steps.length - 1].ended_at; }
  function wholeMinutes(seconds) { return seconds <= 0 ? 0 : Math.max(1, Math.floor(seconds / 60 + 0.5)); }
  function seconds(step) { return (Date.parse(step.ended_at) - Date.parse(step.started_at)) / 1000; }
  function clock(iso) {
    const at = new Date(iso);
    return String(at.getHours()).padStart(2, "0") + ":" + String(at.getMinutes()).padStart(2, "0");
  }
  function elapsed(from) {
    const total = Math.max(0, Math.floor((Date.now() - Date.parse(from)) / 1000));
    const minutes = Math.floor(total / 60);
    return minutes + ":" + String(total % 60).padStart(2, "0");
  }
  function derived() {
    const done = steps.filter(function (step) { return step.ended_at; });
    if (!done.length) { return null; }
    const waiting = done.filter(function (s) { return s.waiting; }).reduce(function (sum, s) { return sum + seconds(s); }, 0);
    const start = Math.min.apply(null, done.map(function (s) { return Date.parse(s.started_at); }));
    const end = Math.max.apply(null, done.map(function (s) { return Date.parse(s.ended_at); }));
    return { waiting: wholeMinutes(waiting), total: wholeMinutes((end - start) / 1000) };
  }

  function fillSelect() {
    const names = plan();
    const used = steps.map(function (s) { return s.name; });
    select.innerHTML = "";
    names.forEach(function (step) {
      const option = document.createElement("option");
      option.value = step.name;
      option.textContent = step.name + (step.waiting ? " (" + label.waitingLabel + ")" : "");
      option.dataset.waiting = step.waiting ? "1" : "";
      select.appendChild(option);
    });
    const next = names.find(function (step) { return used.indexOf(step.name) < 0; });
    if (next) { select.value = next.name; }
  }

  function reasonNeeded(values) {
    if (!reasonBox) { return; }
    const differs = values && ((waitingInput.value && Number(waitingInput.value) !== values.waiting) ||
      (totalInput.value && Number(totalInput.value) !== values.total));
    const reason = reasonBox.querySelector("input, textarea");
    reasonBox.hidden = !differs && !(reason && reason.value);
  }

  function applyDerived() {
    const values = derived();
    const note = document.getElementById("stopwatch-derived");
    if (!values) { note.hidden = true; reasonNeeded(null); return; }
    [[waitingInput, values.waiting], [totalInput, values.total]].forEach(function (pair) {
      const input = pair[0];
      // Follow the stopwatch until the walker types his own figure.
      if (input && (!input.value || input.dataset.derived === input.value)) {
        input.value = String(pair[1]);
        input.dataset.derived = input.value;
      }
    });
    note.hidden = false;
    note.textContent = label.waitingLabel + " " + values.waiting + " " + label.minutesLabel + " · " +
      label.totalLabel + " " + values.total + " " + label.minutesLabel;
    reasonNeeded(values);
  }

  function render() {
    const timeline = document.getElementById("stopwatch-timeline");
    timeline.innerHTML = "";
    steps.forEach(function (step) {
      const item = document.createElement("li");
      item.className = "list-group-item d-flex justify-content-between gap-2 stopwatch-step";
      const name = document.createElement("span");
      name.textContent = step.name + (step.waiting ? " (" + label.waitingLabel + ")" : "");
      const time = document.createElement("span");
      time.className = "text-nowrap font-monospace";
      time.textContent = clock(step.started_at) + "–" + (step.ended_at ? clock(step.ended_at) + " · " +
        wholeMinutes(seconds(step)) + " " + label.minutesLabel : label.runningLabel);
      item.append(name, time);
      timeline.appendChild(item);
    });
    const live = running();
    buttons.start.hidden = steps.length > 0;
    buttons.next.hidden = !live;
    buttons.end.hidden = !live;
    buttons.reset.hidden = steps.length === 0;
    select.hidden = steps.length > 0 && !live;
    document.getElementById("stopwatch-state").textContent =
      live ? "" : (steps.length ? label.doneLabel : label.idleLabel);
    document.getElementById("stopwatch-current").textContent = live ? steps[steps.length - 1].name : "";
    tick();
    hidden.value = steps.length ? JSON.stringify(steps) : "";
    try { window.localStorage.setItem(storageKey, JSON.stringify(steps)); } catch (error) { /* private mode */ }
    applyDerived();
  }

  function tick() {
    document.getElementById("stopwatch-elapsed").textContent = running() ? elapsed(steps[steps.length - 1].started_at) : "";
  }

  function begin(now) {
    const option = select.selectedOptions[0];
    if (!option) { return; }
    steps.push({ name: option.value, waiting: option.dataset.waiting === "1", started_at: now, ended_at: null });
  }

  buttons.start.addEventListener("click", function () { begin(new Date().toISOString()); fillSelect(); render(); });
  buttons.next.addEventListener("click", function () {
    const now = new Date().toISOString();
    steps[steps.length - 1].ended_at = now;
    begin(now);
    fillSelect();
    render();
  });
  buttons.end.addEventListener("click", function () { steps[steps.length - 1].ended_at = new Date().toISOString(); render(); });
  buttons.reset.addEventListener("click", function () {
    if (window.confirm(label.confirmReset)) { steps = []; fillSelect(); render(); }
  });
  if (campaign) { campaign.addEventListener("change", function () { if (!steps.length) { fillSelect(); } }); }
  [waitingInput, totalInput].forEach(function (input) {
    if (input) { input.addEventListener("input", function () { reasonNeeded(derived()); }); }
  });
  document.addEventListener("visibilitychange", tick);
  document.getElementById("walkthrough-form").addEventListener("walkthrough:sent", function () {
    try { window.localStorage.removeItem(storageKey); } catch (error) { /* private mode */ }
  });
  window.setInterval(tick, 1000);
  if (waitingInput && totalInput) {
    const values = derived();
    if (values && waitingInput.value === String(values.waiting)) { waitingInput.dataset.derived = waitingInput.value; }
    if (values && totalInput.value === String(values.total)) { totalInput.dataset.derived = totalInput.value; }
  }
  fillSelect();
  render();
})();
