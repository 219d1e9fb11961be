// Polls the progress of a report being made and shows the download link when it is ready.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = document.getElementById("job-bar");
  var stage = document.getElementById("job-stage");
  var done = document.getElementById("job-done");
  var failed = document.getElementById("job-failed");
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        bar.value = data.progress;
        bar.textContent = data.progress + "%";
        if (data.stage) { stage.textContent = data.stage; }
        if (data.status === "done") { done.hidden = false; bar.value = 100; return; }
        if (data.error) { failed.hidden = false; return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
