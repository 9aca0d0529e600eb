// The page's service worker, written by hand: it keeps the built page usable offline after one visit.
// The build (scripts/precache.ts) replaces PRECACHE with the built files and a version that changes when
// any of them does. Every file name is relative to this script, so dist/ works from any path.
/* global self, caches, PRECACHE */
const { version, files } = PRECACHE;
const PREFIX = 'dataparallel-playground-';
const CACHE = `${PREFIX}${version}`;
const INDEX = new URL('./', self.location).href;

self.addEventListener('install', (event) => {
  // No skipWaiting here: a new version waits until the page's update prompt asks for it.
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(files.map((file) => new URL(file, self.location).href))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The page itself: the network first (so a deploy is seen), the cached page when offline.
    event.respondWith(
      fetch(request).catch(() => caches.match(INDEX, { cacheName: CACHE, ignoreVary: true })),
    );
    return;
  }
  // Built files have content hashes in their names: the cached copy is always right. ignoreVary: the
  // page asks for its scripts with an Origin header (crossorigin), the precache did not.
  event.respondWith(
    caches.match(request, { cacheName: CACHE, ignoreVary: true }).then((hit) => hit ?? fetch(request)),
  );
});
