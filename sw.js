// Tallyfy Launcher's service worker: keeps the app shell (index.html and the hashed JS, wasm and
// CSS it names) so the page opens offline after one visit. It handles only same-origin GETs in
// its own scope: API calls (other origins) never touch it, and nothing with a token is cached.
const CACHE = 'tallyfy-launcher-shell-v1';
const SHELL = new URL('./', self.location).href;

// The assets index.html names (Trunk writes them as ./name-hash.ext).
function assetsOf(html) {
  const found = new Set();
  for (const match of html.matchAll(/\.\/[A-Za-z0-9._-]+\.(?:js|wasm|css)/g)) {
    found.add(new URL(match[0], SHELL).href);
  }
  return [...found];
}

// Caches the page and its assets, and drops assets of older builds.
async function refreshShell(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const assets = assetsOf(html);
  await cache.put(SHELL, response.clone());
  await Promise.all(assets.map(async (url) => {
    if (!(await cache.match(url))) {
      const asset = await fetch(url, { cache: 'no-cache' });
      if (asset.ok) await cache.put(url, asset);
    }
  }));
  const keep = new Set([SHELL, ...assets, new URL('./sw.js', SHELL).href]);
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const response = await fetch(SHELL, { cache: 'no-cache' });
    if (response.ok) await refreshShell(response);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(SHELL)) return;
  if (request.mode === 'navigate') {
    // The page: fresh when the host answers (so a new build shows at once), cached when not.
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (response.ok) event.waitUntil(refreshShell(response.clone()));
        return response;
      } catch {
        return (await caches.match(SHELL)) || Response.error();
      }
    })());
    return;
  }
  // Hashed assets never change: cache first.
  event.respondWith((async () => {
    const cached = await caches.match(request);
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  })());
});
