/* The reservation page: redraw the desk map whenever the date or the times change.
 * Without JavaScript the "Show free desks" button does the same with a round trip. */
(function () {
  "use strict";
  var form = document.getElementById("reserve-form");
  if (!form) return;
  var url = form.dataset.availabilityUrl;
  var reason = document.getElementById("slot-reason");
  var freeCount = document.getElementById("free-count");
  var check = document.getElementById("check-button");
  var fields = ["date", "start", "end"].map(function (name) { return form.elements[name]; });
  var pending = null;

  if (check) check.hidden = true;

  function refresh() {
    var params = new URLSearchParams();
    fields.forEach(function (f) { params.set(f.name, f.value); });
    if (form.dataset.reservation) params.set("r", form.dataset.reservation);
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url + "?" + params.toString(), { headers: { "Accept": "application/json" }, signal: pending.signal })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        reason.textContent = data.reason || "";
        reason.classList.toggle("d-none", !data.reason);
        var free = 0;
        document.querySelectorAll(".desk[data-desk]").forEach(function (label) {
          var state = data.desks[label.dataset.desk] || "inactive";
          var radio = label.querySelector("input");
          var text = label.querySelector(".desk-state");
          label.classList.remove("desk-free", "desk-taken", "desk-inactive", "desk-closed");
          label.classList.add("desk-" + state);
          radio.disabled = state !== "free";
          if (radio.disabled && radio.checked) {
            radio.checked = false;
            document.getElementById("desk-any").checked = true;
          }
          if (text) text.textContent = text.dataset[state] || state;
          if (state === "free") free += 1;
        });
        if (freeCount && typeof data.free === "number") {
          var words = data.free === 1 ? freeCount.dataset.one : freeCount.dataset.many.replace("%(count)s", data.free);
          freeCount.textContent = "(" + words + ")";
        }
      })
      .catch(function () { /* offline: the server checks again on submit */ });
  }

  fields.forEach(function (f) { f.addEventListener("change", refresh); });
})();
