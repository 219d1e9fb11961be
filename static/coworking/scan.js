/* The check-in page: a USB keyboard-wedge scanner types the code and Enter into
 * one field; every answer shows at once, in colour and with a sound, and the
 * field is ready for the next visitor without touching the mouse.
 * Without JavaScript the form still posts and the page answers the same way. */
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  if (!form) return;
  var input = document.getElementById("code");
  var result = document.getElementById("scan-result");
  var recent = document.getElementById("recent");
  var tidyWrap = document.getElementById("tidy-wrap");
  var texts = document.getElementById("i18n").dataset;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var queue = Promise.resolve();

  function mode() {
    var checked = form.querySelector("input[name=mode]:checked");
    return checked ? checked.value : "in";
  }

  function focusField() {
    if (document.activeElement !== input) input.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------- sound
  var audio = null;
  function beep(tone) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var notes = tone === "success" ? [[880, 0, 0.12]]
        : tone === "warning" ? [[660, 0, 0.1], [660, 0.16, 0.1]]
        : tone === "queued" ? [[520, 0, 0.08]]
        : [[220, 0, 0.45]];
      notes.forEach(function (n) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.type = tone === "danger" ? "square" : "sine";
        osc.frequency.value = n[0];
        gain.gain.value = 0.15;
        osc.connect(gain).connect(audio.destination);
        osc.start(audio.currentTime + n[1]);
        osc.stop(audio.currentTime + n[1] + n[2]);
      });
    } catch (e) { /* no sound on this device; the colour still tells */ }
  }

  // ---------------------------------------------------------------- answers
  function show(data) {
    result.className = "scan-result tone-" + (data.tone || "danger");
    result.dataset.code = data.code || "";
    result.dataset.ok = data.ok ? "1" : "0";
    result.innerHTML = "";
    var p = document.createElement("p");
    p.className = "scan-message mb-0";
    p.textContent = data.message;
    result.appendChild(p);
    var item = document.createElement("li");
    item.className = "recent-" + (data.tone || "danger");
    var time = new Date().toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    item.textContent = time + " · " + data.message;
    recent.insertBefore(item, recent.firstChild);
    while (recent.children.length > 12) recent.removeChild(recent.lastChild);
    beep(data.tone);
  }

  // ---------------------------------------------------------------- sending
  // Each scan carries a nonce. When the portal cannot be reached the scan is
  // kept in this browser (it survives a reload) and sent again, in order, until
  // an answer comes back; the server applies each nonce once, so a scan whose
  // answer was lost on the way back is never applied twice.
  var PENDING_KEY = "pontive-scan-pending";
  var RETRY_MS = 3000;
  var offlineNote = document.getElementById("offline");
  var pending = loadPending();
  var retryTimer = null;

  function loadPending() {
    try { return JSON.parse(window.localStorage.getItem(PENDING_KEY)) || []; } catch (e) { return []; }
  }
  function savePending() {
    try { window.localStorage.setItem(PENDING_KEY, JSON.stringify(pending)); } catch (e) { /* kept in memory */ }
  }

  function newNonce() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function clockTime(ms) {
    return new Date(ms).toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function showOffline(unreachable) {
    offlineNote.hidden = !unreachable && !pending.length;
    offlineNote.querySelector("[data-count]").textContent = pending.length;
  }

  var UNREACHABLE = {};

  // The answer to one scan, or UNREACHABLE (the promise fails) when the portal
  // did not answer: no network, or a proxy saying the portal is down.
  function post(scan) {
    var body = new FormData();
    body.append("code", scan.code);
    body.append("mode", scan.mode);
    body.append("tidy", scan.tidy);
    body.append("nonce", scan.nonce);
    return fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf },
      body: body,
      credentials: "same-origin",
      redirect: "manual"
    }).then(function (response) {
      if ([502, 503, 504].indexOf(response.status) !== -1) throw UNREACHABLE;
      var type = response.headers.get("Content-Type") || "";
      if (response.type === "opaqueredirect" || response.status === 401) {
        return { ok: false, code: "login_required", tone: "danger", message: texts.sessionEnded };
      }
      if (type.indexOf("application/json") === -1) {
        return { ok: false, code: "network", tone: "danger", message: texts.network };
      }
      return response.json();
    }, function () { throw UNREACHABLE; });
  }

  function keep(scan) {
    pending.push(scan);
    savePending();
    showOffline(true);
    show({ ok: false, code: "queued", tone: "queued", message: texts.queued + " (" + scan.code + ")" });
    retrySoon();
  }

  function deliver(scan) {
    if (pending.length) return keep(scan); // keep the order: behind those waiting
    return post(scan).then(show, function () { keep(scan); });
  }

  function retrySoon() {
    if (!retryTimer) retryTimer = window.setTimeout(flush, RETRY_MS);
  }

  // Send what waits, oldest first; stop at the first that cannot get through.
  function flush() {
    window.clearTimeout(retryTimer);
    retryTimer = null;
    queue = queue.then(function next() {
      if (!pending.length) { showOffline(false); return null; }
      var scan = pending[0];
      return post(scan).then(function (data) {
        if (data.code === "login_required") { show(data); return null; } // kept until they log in again
        pending.shift();
        savePending();
        data.message = texts.sentLater + " " + clockTime(scan.at) + ": " + data.message;
        show(data);
        return next();
      }, function () {
        showOffline(true);
        retrySoon();
      });
    });
  }

  window.addEventListener("offline", function () { showOffline(true); });
  window.addEventListener("online", flush);
  if (pending.length) flush();

  // A scanner can send the next code before the last answer came back: answers
  // are shown in the order the codes were scanned.
  function submitCode(code) {
    code = (code || "").trim();
    if (!code) return;
    var scan = { code: code, mode: mode(), tidy: tidyChecked(), nonce: newNonce(), at: Date.now() };
    if (scan.mode === "out") resetTidy();
    queue = queue.then(function () { return deliver(scan); }).then(focusField);
  }

  function tidyChecked() {
    var tidy = document.getElementById("tidy");
    return tidy && tidy.checked ? "1" : "0";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value;
    input.value = "";
    submitCode(code);
    focusField();
  });

  // The tidy box is about the visitor being seen out now: once their scan is
  // sent it is ticked again, so one untidy desk never marks the next ones.
  function resetTidy() {
    var tidy = document.getElementById("tidy");
    if (tidy) tidy.checked = true;
  }

  // The mode shows in the tabs, the title and the address (a reload keeps it).
  var title = document.getElementById("scan-title");
  function showMode() {
    var current = mode();
    tidyWrap.hidden = current !== "out";
    title.textContent = title.dataset[current];
    document.querySelectorAll(".staff-nav [data-scan-mode]").forEach(function (tab) {
      var on = tab.dataset.scanMode === current;
      tab.classList.toggle("active", on);
      if (on) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
    });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", current === "out" ? "?mode=out" : window.location.pathname);
    }
  }

  form.querySelectorAll("input[name=mode], #tidy").forEach(function (control) {
    control.addEventListener("change", function () {
      if (control.name === "mode") showMode();
      focusField();
    });
  });
  form.querySelectorAll("input[name=mode], #tidy").forEach(function (control) {
    control.addEventListener("click", function () { window.setTimeout(focusField, 0); });
  });

  // A scanner types wherever the focus is. Whatever was clicked last (a box, a
  // button, the page), the first character of a code goes to the field, and the
  // rest follows it there; keys meant for another text field are left alone.
  function typesText(el) {
    if (!el || el === input) return false;
    if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    return el.tagName === "INPUT" && ["checkbox", "radio", "button", "submit", "reset"].indexOf(el.type) === -1;
  }
  document.addEventListener("keydown", function (event) {
    var active = document.activeElement;
    if (active === input || typesText(active)) return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (event.key.length !== 1 || event.key === " ") return; // Tab, arrows, Space keep their jobs
    event.preventDefault();
    input.value += event.key;
    focusField();
  }, true);

  // Keep the field focused for the scanner: whenever focus falls back to the
  // page itself (a click on empty space, a finished answer), take it back.
  document.addEventListener("focusout", function () {
    window.setTimeout(function () {
      var active = document.activeElement;
      if (!active || active === document.body || active === document.documentElement) focusField();
    }, 0);
  });
  window.addEventListener("focus", focusField);
  focusField();

  // ---------------------------------------------------------------- camera
  var toggle = document.getElementById("camera-toggle");
  var video = document.getElementById("camera");
  var note = document.getElementById("camera-note");
  var again = document.getElementById("camera-again");
  var stream = null, timer = null, detector = null, canvas = null, inView = "", seenAt = 0;
  // A code not seen for this long has left the picture.
  var GONE_MS = 1500;

  function loadJsQR() {
    if (window.jsQR) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = toggle.dataset.decoder;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  // The camera sees a code many times a second for as long as it is held up: it
  // is read once, and again only after it has left the picture or when the staff
  // press "Read again". Switching the mode never re-sends what is in view.
  function found(code) {
    var now = Date.now();
    var stillThere = code === inView && now - seenAt < GONE_MS;
    inView = code;
    seenAt = now;
    if (!stillThere) submitCode(code);
  }

  function tick() {
    if (!stream || video.readyState < 2) return;
    if (detector) {
      detector.detect(video).then(function (codes) {
        if (codes.length) found(codes[0].rawValue);
      }).catch(function () {});
      return;
    }
    canvas = canvas || document.createElement("canvas");
    var w = video.videoWidth, h = video.videoHeight;
    var scale = Math.min(1, 640 / Math.max(w, h));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    if (code && code.data) found(code.data);
  }

  function stop() {
    if (timer) window.clearInterval(timer);
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    timer = null;
    video.hidden = true;
    again.hidden = true;
    inView = "";
    toggle.textContent = toggle.dataset.start;
    focusField();
  }

  function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      note.textContent = texts.noCamera;
      note.hidden = false;
      return;
    }
    var ready = ("BarcodeDetector" in window)
      ? window.BarcodeDetector.getSupportedFormats().then(function (formats) {
          if (formats.indexOf("qr_code") !== -1) detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          else return loadJsQR();
        })
      : loadJsQR();
    ready.then(function () {
      return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      again.hidden = false;
      note.hidden = true;
      toggle.textContent = toggle.dataset.stop;
      return video.play();
    }).then(function () {
      timer = window.setInterval(tick, 200);
      focusField();
    }).catch(function () {
      stop();
      note.textContent = texts.noCamera;
      note.hidden = false;
    });
  }

  toggle.addEventListener("click", function () {
    if (stream) stop(); else start();
  });
  again.addEventListener("click", function () {
    inView = "";
    focusField();
  });
  window.addEventListener("pagehide", stop);
})();
