// The reception app's service worker: the app itself (page, settings, content-hashed assets) keeps
// opening when the network is gone — a checkup bus between stops, a reload at a bad moment — so the
// draft kept in IndexedDB and the offline queue are there again. It never touches the device API:
// signed requests go to the network or fail (then the app captures offline). Plain JavaScript, no
// build step; served by card-session at /reception/sw.js (scope /reception/).
const CACHE = 'hcv-reception-v1';
const SCOPE = new URL('./', self.location.href).pathname; // "/reception/"

/** The page, the settings, and the build's files the page names (fetched before this worker controlled the page). */
async function precache() {
  const cache = await caches.open(CACHE);
  const page = await fetch(SCOPE, { cache: 'no-cache' });
  const html = await page.clone().text();
  const assets = [...new Set([...html.matchAll(/["'](\/[^"']*?assets\/[^"']+)["']/g)].map((m) => m[1]))];
  await cache.put(SCOPE, page);
  await cache.addAll([`${SCOPE}config.json`, ...assets]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

/** The network first (a new build, new settings), the cached copy when there is no network. */
async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

/** Content-hashed files never change: the cached copy first. */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  // The server varies its answers by Origin (CORS): a module script asks with one, the precache did not.
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(SCOPE)) return;
  const path = url.pathname.slice(SCOPE.length);
  if (path.startsWith('assets/')) event.respondWith(cacheFirst(request));
  else if (path === 'config.json') event.respondWith(networkFirst(request, `${SCOPE}config.json`));
  else if (request.mode === 'navigate') event.respondWith(networkFirst(request, SCOPE));
});
