// The engine's two downloads: its WebAssembly code, compiled while it downloads,
// and the knowledge-base bundle named by the manifest (../kb/current:
// {hash, url, bytes[, sha256]}, served by relais-server; see server/README.md).
// The widget app starts both the moment it starts, before the engine worker
// (web/widget/worker/engine-worker.js) is up, and hands the results to it: a
// compiled WebAssembly.Module can be posted to a worker.
//
// URLs are relative to the widget's page (build/web/widget/). Offline, the
// service worker (sw.js) answers these fetches from its cache; when this page
// is not under its control, the Cache API is read directly as a fallback.

const kWasmUrl = new URL('../engine/relais-engine.wasm', document.baseURI).href;
const kManifestUrl = new URL('../kb/current', document.baseURI).href;
const kMaxManifestBytes = 64 * 1024;
export const kMaxBundleBytes = 64 * 1024 * 1024;

// fetch() that falls back to the service worker's caches when the network fails.
async function fetchWithCache(url) {
  try {
    const response = await fetch(url);
    if (response.ok) return response;
  } catch (_) {
    // offline: try the caches
  }
  const cached = self.caches ? await self.caches.match(url) : undefined;
  if (cached) return cached;
  throw new Error('cannot fetch ' + url);
}

async function readLimited(response, limit) {
  const length = Number(response.headers.get('content-length') || 0);
  if (length > limit) throw new Error('response too large');
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) throw new Error('response too large');
  return bytes;
}

function toHex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

// The engine's WebAssembly code, compiled as it downloads when the server says
// it is WebAssembly (application/wasm), else once downloaded.
export async function compileEngine() {
  const response = await fetchWithCache(kWasmUrl);
  const compiled = (response.headers.get('content-type') || '').startsWith('application/wasm')
    ? await WebAssembly.compileStreaming(response)
    : await WebAssembly.compile(await response.arrayBuffer());
  performance.mark('relais:engine-compiled');
  return compiled;
}

// The knowledge-base bundle named by the manifest, checked against it.
export async function fetchBundle() {
  const manifestBytes = await readLimited(await fetchWithCache(kManifestUrl), kMaxManifestBytes);
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
  if (!manifest || typeof manifest.url !== 'string') throw new Error('invalid knowledge-base manifest');
  const bundleUrl = new URL(manifest.url, kManifestUrl).href;

  const bundle = await readLimited(await fetchWithCache(bundleUrl), kMaxBundleBytes);
  if (Number.isInteger(manifest.bytes) && bundle.length !== manifest.bytes) {
    throw new Error('the knowledge-base bundle is truncated');
  }
  if (typeof manifest.sha256 === 'string' && self.crypto && self.crypto.subtle) {
    const digest = toHex(await self.crypto.subtle.digest('SHA-256', bundle));
    if (digest !== manifest.sha256) throw new Error('the knowledge-base bundle is corrupt');
  }
  performance.mark('relais:bundle-fetched');
  return bundle;
}
