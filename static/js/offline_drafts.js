// Drafts that survive a lost connection. The walkthrough form is sent by fetch; when the phone is offline or the
// send fails on the way, the whole form — text, step times and photos (File objects) — goes into IndexedDB and is
// sent again when the connection returns. Each form carries an idempotency key (draft_key), so however often a
// draft is sent, the server makes one record. The walker sees what is waiting to be sent (#outbox).
(function () {
  const form = document.getElementById("walkthrough-form");
  const outbox = document.getElementById("outbox");
  if (!form || !outbox || !window.indexedDB || !window.fetch) { return; }
  const keyInput = form.querySelector("input[name=draft_key]");
  const text = outbox.dataset;
  const DB = "walkthrough-drafts";
  const STORE = "outbox";
  let sending = false;

  if ("serviceWorker" in navigator && form.dataset.swUrl) {
    navigator.serviceWorker.register(form.dataset.swUrl, { scope: form.dataset.swScope }).catch(function () {});
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  if (keyInput && !keyInput.value) { keyInput.value = newKey(); }

  function database() {
    return new Promise(function (resolve, reject) {
      const request = window.indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function transact(mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction(STORE, mode);
        const result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  const queued = function () { return transact("readonly", function (store) { return store.getAll(); }); };
  const keep = function (draft) { return transact("readwrite", function (store) { return store.put(draft); }); };
  const drop = function (key) { return transact("readwrite", function (store) { return store.delete(key); }); };

  function describe() {
    const pick = function (id) {
      const field = document.getElementById(id);
      return field && field.selectedOptions && field.selectedOptions[0] ? field.selectedOptions[0].textContent : "";
    };
    return [pick("id_mode"), pick("id_department")].filter(Boolean).join(" · ");
  }

  function snapshot(submitter) {
    const data = new FormData(form, submitter || undefined);
    const entries = [];
    let photos = 0;
    data.forEach(function (value, name) {
      if (value instanceof File) {
        if (!value.name && !value.size) { return; }  // an empty file input
        photos += 1;
      }
      entries.push([name, value]);
    });
    return {
      key: data.get("draft_key"), url: window.location.href, label: describe(), savedAt: new Date().toISOString(),
      entries: entries, files: photos, error: "",
    };
  }

  function body(draft) {
    const data = new FormData();
    draft.entries.forEach(function (entry) { data.append(entry[0], entry[1]); });
    return data;
  }

  // One send; resolves "sent" (with the record's address), "refused" (the form has errors) or "offline".
  function send(draft) {
    return fetch(draft.url, {
      method: "POST", body: body(draft), credentials: "same-origin", headers: { "X-Draft-Queue": "1" },
    }).then(function (response) {
      const json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) { return { state: "refused", message: text.loginLabel }; }
      return response.json().then(function (reply) {
        if (reply.ok) { return { state: "sent", url: reply.url }; }
        const messages = [];
        Object.keys(reply.errors || {}).forEach(function (name) { messages.push.apply(messages, reply.errors[name]); });
        return { state: "refused", message: messages.join(" "), errors: reply.errors };
      });
    }, function () { return { state: "offline" }; });
  }

  function render(drafts, sentUrl) {
    const list = outbox.querySelector("ul");
    list.innerHTML = "";
    drafts.sort(function (a, b) { return a.savedAt < b.savedAt ? -1 : 1; }).forEach(function (draft) {
      const item = document.createElement("li");
      item.className = "list-group-item small outbox-item";
      const when = new Date(draft.savedAt);
      item.textContent = (draft.label || text.untitledLabel) + " · " + when.toLocaleString() +
        (draft.files ? " · " + text.filesLabel.replace("%(n)s", draft.files) : "");
      if (draft.error) {
        const error = document.createElement("div");
        error.className = "text-danger";
        error.textContent = draft.error;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn btn-link btn-sm p-0 ms-1";
        remove.textContent = text.discardLabel;
        remove.addEventListener("click", function () { drop(draft.key).then(refresh); });
        error.appendChild(remove);
        item.appendChild(error);
      }
      list.appendChild(item);
    });
    outbox.querySelector("[data-count]").textContent = String(drafts.length);
    outbox.hidden = drafts.length === 0 && !sentUrl;
    const sent = outbox.querySelector("[data-sent]");
    if (sentUrl) { sent.hidden = false; sent.querySelector("a").href = sentUrl; }
  }
  function refresh(sentUrl) { return queued().then(function (drafts) { render(drafts, sentUrl); }); }

  // Send every waiting draft, oldest first, one at a time; stop at the first that cannot get through.
  function flush() {
    if (sending || !navigator.onLine) { return Promise.resolve(); }
    sending = true;
    let lastUrl = null;
    return queued().then(function (drafts) {
      const waiting = drafts.filter(function (d) { return !d.error; })
        .sort(function (a, b) { return a.savedAt < b.savedAt ? -1 : 1; });
      return waiting.reduce(function (chain, draft) {
        return chain.then(function (go) {
          if (!go) { return false; }
          return send(draft).then(function (result) {
            if (result.state === "sent") { lastUrl = result.url; return drop(draft.key).then(function () { return true; }); }
            if (result.state === "refused") { draft.error = result.message; return keep(draft).then(function () { return true; }); }
            return false;
          });
        });
      }, Promise.resolve(true));
    }).then(function () { sending = false; return refresh(lastUrl); }, function () { sending = false; });
  }

  function queueNow(submitter) {
    const draft = snapshot(submitter);
    return keep(draft).then(function () {
      form.dispatchEvent(new CustomEvent("walkthrough:sent"));
      form.reset();
      keyInput.value = newKey();
      document.getElementById("offline-saved").hidden = false;
      window.scrollTo(0, 0);
      return refresh();
    });
  }

  form.addEventListener("submit", function (event) {
    if (form.dataset.nativeSubmit) { return; }
    event.preventDefault();
    if (form.dataset.sending === "1") { return; }  // a second press while the first is on its way
    const submitter = event.submitter;
    if (!navigator.onLine) { queueNow(submitter); return; }
    form.dataset.sending = "1";
    const draft = snapshot(submitter);
    send(draft).then(function (result) {
      delete form.dataset.sending;
      if (result.state === "sent") {
        form.dispatchEvent(new CustomEvent("walkthrough:sent"));
        window.location.assign(result.url);
      } else if (result.state === "offline") {
        queueNow(submitter);
      } else {
        // The server wants changes: submit the page the ordinary way so every error shows beside its field.
        form.dataset.nativeSubmit = "1";
        if (submitter && submitter.name) {
          const pressed = document.createElement("input");
          pressed.type = "hidden";
          pressed.name = submitter.name;
          pressed.value = submitter.value;
          form.appendChild(pressed);
        }
        // Not form.submit(): the button named "submit" shadows that method, and calling it threw, so a refused
        // form showed nothing at all.
        HTMLFormElement.prototype.submit.call(form);
      }
    });
  });

  outbox.querySelector("[data-send-now]").addEventListener("click", flush);
  window.addEventListener("online", flush);
  refresh().then(flush);
})();
