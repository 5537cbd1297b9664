// engine-worker.js — runs the WebAssembly engine (wasm/README.md) off the main
// thread. Messages in: {id, type: 'init' | 'ask' | 'entry', ...}; out:
// {id, ok: true, result} or {id, ok: false, error}. Requests are handled one at
// a time in arrival order (the engine has no threads and keeps no state between
// calls; the conversation history comes with each `ask`).
//
// URLs are relative to this script (build/web/widget/): the engine module in
// ../engine/, the knowledge base named by ../kb/current ({hash, url, bytes},
// served by relais-server; see server/README.md). Offline, the
// service worker (sw.js) answers these fetches from its cache; if this worker is
// not under its control, the Cache API is read directly as a fallback.
//
// Everything the first answer needs starts at once when the worker starts: the
// engine's JavaScript, its WebAssembly code (compiled while it downloads) and the
// knowledge base; the engine is instantiated when its code is compiled.

const kEngineUrl = new URL('../engine/relais-engine.mjs', self.location.href).href;
const kWasmUrl = new URL('../engine/relais-engine.wasm', self.location.href).href;
const kManifestUrl = new URL('../kb/current', self.location.href).href;
const kMaxManifestBytes = 64 * 1024;
const kMaxBundleBytes = 64 * 1024 * 1024;
const kMaxQueryChars = 2000;

let engine = null;
let initializing = null;
let answeredOnce = false;

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

function parse(json) {
  const value = JSON.parse(json);
  if (!value || value.ok !== true) throw new Error((value && value.error) || 'engine error');
  return value;
}

// The engine's WebAssembly code, compiled as it downloads when the server says
// it is WebAssembly (application/wasm), else once downloaded.
async function compileEngine() {
  const response = await fetchWithCache(kWasmUrl);
  if ((response.headers.get('content-type') || '').startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// The engine module (wasm/README.md): its JavaScript and its compiled code, in parallel.
async function startEngine() {
  const [factory, compiled] = await Promise.all([import(kEngineUrl).then((module) => module.default), compileEngine()]);
  return new Promise((resolve, reject) => {
    factory({
      print: () => {},
      printErr: () => {},
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled), reject);
        return {};  // exports come through `receive`
      },
    }).then(resolve, reject);
  });
}

// The knowledge-base bundle named by the manifest, checked against it.
async function fetchBundle() {
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

async function loadEngine() {
  const starting = startEngine().then((module) => {
    performance.mark('relais:engine-instantiated');
    return module;
  });
  starting.catch(() => {});  // awaited below; no unhandled rejection meanwhile
  const bundle = await fetchBundle();
  const module = await starting;
  const loaded = parse(module.loadBundle(bundle));
  performance.mark('relais:bundle-loaded');  // (marks: for diagnostics in DevTools)
  engine = module;
  return loaded.info;
}

const handlers = {
  init() {
    if (!initializing) {
      initializing = loadEngine();
      initializing.catch(() => {
        initializing = null;  // a later init may retry (e.g. back online)
      });
    }
    return initializing;
  },
  async ask({ query, context }) {
    await handlers.init();
    const text = String(query).slice(0, kMaxQueryChars);
    const first = !answeredOnce;
    answeredOnce = true;
    const answer = parse(engine.ask(text, JSON.stringify(context || {})));
    if (first) performance.mark('relais:first-answer');
    return answer;
  },
  async entry({ entryId, language }) {
    await handlers.init();
    return parse(engine.entry(String(entryId), language === 'fr' ? 'fr' : 'en')).entry;
  },
};

let queue = Promise.resolve();
self.addEventListener('message', (event) => {
  const message = event.data || {};
  const handler = Object.prototype.hasOwnProperty.call(handlers, message.type) ? handlers[message.type] : null;
  queue = queue.then(async () => {
    try {
      if (!handler) throw new Error('unknown request');
      self.postMessage({ id: message.id, ok: true, result: await handler(message) });
    } catch (error) {
      self.postMessage({ id: message.id, ok: false, error: String((error && error.message) || error) });
    }
  });
});
