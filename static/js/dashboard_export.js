/* A background export's page: poll its small status endpoint, move the progress bar, offer the file. */
(function () {
  "use strict";
  var box = document.getElementById("export-job");
  if (!box) { return; }
  var url = box.dataset.statusUrl;
  var bar = document.getElementById("export-bar");
  var label = document.getElementById("export-status-label");
  var count = document.getElementById("export-count");
  var error = document.getElementById("export-error");
  var stalled = document.getElementById("export-stalled");
  var download = document.getElementById("export-download");
  var retry = document.getElementById("export-retry");
  var delay = 1000;

  function show(state) {
    bar.style.width = state.percent + "%";
    bar.textContent = state.percent + "%";
    bar.parentNode.setAttribute("aria-valuenow", state.percent);
    label.textContent = state.status_label;
    count.textContent = state.done + " / " + state.total;
    error.textContent = state.error;
    error.classList.toggle("d-none", !state.error);
    stalled.classList.toggle("d-none", !state.stalled);
    var finished = state.status === "done" || state.status === "failed";
    bar.classList.toggle("progress-bar-animated", !finished);
    bar.classList.toggle("progress-bar-striped", !finished);
    bar.classList.toggle("bg-danger", state.status === "failed");
    bar.classList.toggle("bg-success", state.status === "done");
    retry.classList.toggle("d-none", !(state.status === "failed" || state.stalled));
    if (state.download_url) {
      download.href = state.download_url;
      document.getElementById("export-filename").textContent = state.filename;
      download.classList.remove("d-none");
    }
    return finished;
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!show(state)) { setTimeout(poll, delay); delay = Math.min(delay * 1.3, 5000); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  poll();
})();
