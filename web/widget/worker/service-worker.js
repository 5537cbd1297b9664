// sw.js — the widget's service worker, scope /widget/ (registered by the widget
// app once the visitor opens the chat). After the first visit everything the
// widget needs comes from here, with the network down:
//   - the app shell and the engine files: precached at install, versioned by
//     the build (a new build changes kVersion, so a new worker installs and
//     replaces the old cache);
//   - the knowledge-base manifest (../kb/current: {hash, url, bytes}): network
//     first, cached copy when offline;
//   - the knowledge-base bundle at its versioned URL (../kb/<hash>.sqlite):
//     cache first, it never changes; older bundles are dropped once a newer
//     one is cached.
// __RELAIS_VERSION__ and __RELAIS_SHELL__ are replaced by web/build.mjs.

const kVersion = __RELAIS_VERSION__;
const kShell = __RELAIS_SHELL__.map((path) => new URL(path, self.registration.scope).href);
const kShellCache = 'relais-shell-' + kVersion;
const kKbCache = 'relais-kb';
const kManifestUrl = new URL('../kb/current', self.registration.scope).href;
const kKbPrefix = new URL('../kb/', self.registration.scope).href;
const kIndexUrl = new URL('./', self.registration.scope).href;

// Caches the manifest and the bundle it names; drops other bundles.
async function cacheKnowledgeBase(manifestResponse) {
  const cache = await caches.open(kKbCache);
  const manifest = await manifestResponse.clone().json();
  if (!manifest || typeof manifest.url !== 'string') return;
  const bundleUrl = new URL(manifest.url, kManifestUrl).href;
  if (!(await cache.match(bundleUrl))) {
    const bundle = await fetch(bundleUrl, { cache: 'no-cache' });
    if (!bundle.ok) return;
    await cache.put(bundleUrl, bundle);
  }
  await cache.put(kManifestUrl, manifestResponse);
  for (const request of await cache.keys()) {
    if (request.url !== bundleUrl && request.url !== kManifestUrl) await cache.delete(request);
  }
}

async function refreshKnowledgeBase() {
  const response = await fetch(kManifestUrl, { cache: 'no-cache' });
  if (response.ok) await cacheKnowledgeBase(response);
  return response;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(kShellCache);
      // Revalidated, not reloaded: the widget has just downloaded these files (the
      // engine is 0.8 MB), so an unchanged file comes from the HTTP cache (304)
      // instead of a second download while the first answer is being shown.
      await cache.addAll(kShell.map((url) => new Request(url, { cache: 'no-cache' })));
      try {
        await refreshKnowledgeBase();
      } catch (_) {
        // no knowledge base yet: the widget will say answers are unavailable
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('relais-shell-') && name !== kShellCache) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function cacheFirst(request, cacheName) {
  const cached = await caches.match(request, { ignoreSearch: true, cacheName });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && cacheName === kKbCache) {
    const cache = await caches.open(kKbCache);
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkFirstManifest(event) {
  try {
    const response = await fetch(event.request, { cache: 'no-cache' });
    if (response.ok) event.waitUntil(cacheKnowledgeBase(response.clone()).catch(() => {}));
    return response;
  } catch (error) {
    const cached = await caches.match(kManifestUrl, { cacheName: kKbCache });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  url.hash = '';
  if (request.mode === 'navigate' && url.href.split('?')[0] === kIndexUrl) {
    event.respondWith(
      caches.match(kIndexUrl, { cacheName: kShellCache }).then((cached) => cached || fetch(request)),
    );
  } else if (kShell.includes(url.href.split('?')[0])) {
    event.respondWith(cacheFirst(request, kShellCache));
  } else if (url.href === kManifestUrl) {
    event.respondWith(networkFirstManifest(event));
  } else if (url.href.startsWith(kKbPrefix)) {
    event.respondWith(cacheFirst(request, kKbCache));
  }
});
