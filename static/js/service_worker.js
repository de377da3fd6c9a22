// The walkthrough app's service worker (served at /walkthroughs/sw.js, so its scope covers the form). It keeps the
// form page and the static files so the form opens in a hall without signal; drafts themselves are kept and sent
// by offline_drafts.js (IndexedDB), never by this worker, so a draft is sent from one place only.
const CACHE = "walkthrough-v1";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll([new URL("new/", self.registration.scope).href]).catch(function () {});
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && url.pathname.startsWith(new URL(self.registration.scope).pathname)) {
    // Network first: a fresh form when there is signal, the last one seen when there is none.
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && !response.redirected) {
        const copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) {
        return hit || caches.match(new URL("new/", self.registration.scope).href);
      });
    }));
  } else if (url.pathname.startsWith("/static/")) {
    // Network first as well, so a new release is picked up at once; the cached copy serves a hall without signal.
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () { return caches.match(request); }));
  }
});
