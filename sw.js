// Tallyfy Launcher's service worker: keeps the app shell so the page opens offline after one
// visit. It knows exactly which files the shell is: the build writes their list below
// (scripts/shell-list.mjs), and it serves nothing else (a pack it answers from those files).
// Never an API response, even when a proxy serves the API on the same origin inside this
// worker's scope, and never a request carrying an Authorization header.
const SHELL_FILES = []; /* SHELL_FILES: replaced at build time */
const BUILD = 'dev'; /* BUILD: replaced at build time */
const CACHE = `tallyfy-launcher-shell-${BUILD}`;
const SCOPE = new URL('./', self.location).href;
const INDEX = new URL('./index.html', SCOPE).href;
const SHELL = new Set(SHELL_FILES.map((file) => new URL(file, SCOPE).href));
// Each pack (a split module with the chunks it needs, as one file: scripts/split-chunks.mjs) and
// the shell files it holds, in order: the worker answers a pack from those, so it keeps no copy.
const PACKS = {}; /* PACKS: replaced at build time */
const PACK = new Map(Object.entries(PACKS).map(([pack, files]) => [new URL(pack, SCOPE).href, files.map((file) => new URL(file, SCOPE).href)]));

// A new shell is taken only when every one of its files is cached: until then the worker
// that holds the previous shell stays in charge, so the offline copy is never half old, half new.
// The files of a pack the page has already downloaded are taken from it (the browser's cache,
// never the network), so a first visit does not download them twice.
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const taken = new Set();
    for (const [pack, files] of PACK) {
      const modules = await alreadyDownloaded(pack, files.length);
      if (!modules) continue;
      await Promise.all(files.map((file, i) => cache.put(file, new Response(modules[i], { headers: { 'Content-Type': 'application/wasm' } }))));
      for (const file of files) taken.add(file);
    }
    await cache.addAll([...SHELL].filter((url) => !taken.has(url)).map((url) => new Request(url, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

/** The `count` modules of a pack in the browser's cache, or undefined if it is not there whole. */
async function alreadyDownloaded(pack, count) {
  try {
    const response = await fetch(new Request(pack, { cache: 'only-if-cached', mode: 'same-origin' }));
    if (!response.ok) return undefined;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const view = new DataView(bytes.buffer);
    if (view.getUint32(0, true) !== count) return undefined;
    let at = 4 + 4 * count;
    const modules = Array.from({ length: count }, (_, i) => bytes.slice(at, (at += view.getUint32(4 + 4 * i, true))));
    return at === bytes.length ? modules : undefined;
  } catch {
    return undefined;
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE && name.startsWith('tallyfy-launcher-shell-')) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function cached(url) {
  try {
    const cache = await caches.open(CACHE);
    return await cache.match(url);
  } catch {
    return undefined;
  }
}

/** A pack as the build writes it (the count of files and each one's length as little-endian
 * u32s, then the files), from the cached files; undefined if one is not cached. */
async function assemble(files) {
  try {
    const cache = await caches.open(CACHE);
    const bodies = await Promise.all(files.map(async (file) => {
      const response = await cache.match(file);
      if (!response) throw new Error(`${file} is not cached`);
      return new Uint8Array(await response.arrayBuffer());
    }));
    const header = new DataView(new ArrayBuffer(4 + 4 * bodies.length));
    header.setUint32(0, bodies.length, true);
    bodies.forEach((body, i) => header.setUint32(4 + 4 * i, body.length, true));
    return new Response(new Blob([header, ...bodies]), { headers: { 'Content-Type': 'application/octet-stream' } });
  } catch {
    return undefined;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('authorization')) return;
  const url = new URL(request.url);
  url.hash = '';
  const isPage = request.mode === 'navigate' && (url.href === SCOPE || url.href === INDEX);
  if (isPage) {
    // The page: fresh when the host answers well (a new build shows at once), the cached
    // shell when the host is unreachable or failing.
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (response.status < 500) return response;
        return (await cached(INDEX)) || response;
      } catch {
        return (await cached(INDEX)) || Response.error();
      }
    })());
    return;
  }
  url.search = '';
  const packed = PACK.get(url.href);
  if (packed) {
    event.respondWith((async () => (await assemble(packed)) || fetch(request))());
    return;
  }
  if (!SHELL.has(url.href)) return;
  // Hashed shell files never change: the cached copy first.
  event.respondWith((async () => (await cached(url.href)) || fetch(request))());
});
