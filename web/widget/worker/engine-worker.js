// engine-worker.js — runs the WebAssembly engine (wasm/README.md) off the main
// thread. Messages in: {id, type: 'init' | 'ask' | 'entry', ...}; out:
// {id, ok: true, result} or {id, ok: false, error}. Requests are handled one at
// a time in arrival order (the engine has no threads and keeps no state between
// calls; the conversation history comes with each `ask`).
//
// The widget app downloads and compiles the engine and downloads the knowledge
// base while this worker starts (web/widget/app/engine-files.js), then sends
// the compiled WebAssembly.Module ({type: 'engine', engine}, no answer), then
// `init` with the same module and the bundle's bytes. The engine's JavaScript, in
// ../engine/ next to this script's directory, is imported as soon as the worker
// runs; offline, the service worker (sw.js) answers that fetch from its cache.

import { isLanguageCode } from '../app/offered-languages.js';

const kEngineUrl = new URL('../engine/relais-engine.mjs', self.location.href).href;
const kMaxBundleBytes = 64 * 1024 * 1024;
const kMaxQueryChars = 2000;

const engineFactory = import(kEngineUrl).then((module) => module.default);
engineFactory.catch(() => {});  // reported by init

let engine = null;
let instantiating = null;  // of the module the 'engine' message brought
let initializing = null;
let answeredOnce = false;

function parse(json) {
  const value = JSON.parse(json);
  if (!value || value.ok !== true) throw new Error((value && value.error) || 'engine error');
  return value;
}

// The engine module, instantiated from its compiled code.
async function instantiate(compiled) {
  const factory = await engineFactory;
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

async function loadEngine(compiled, bundle) {
  if (!(compiled instanceof WebAssembly.Module)) throw new Error('init without the engine code');
  if (!(bundle instanceof Uint8Array) || bundle.length > kMaxBundleBytes) throw new Error('init without a valid bundle');
  const module = await (instantiating || instantiate(compiled));
  performance.mark('relais:engine-instantiated');
  const loaded = parse(module.loadBundle(bundle));
  performance.mark('relais:bundle-loaded');  // (marks: for diagnostics in DevTools)
  engine = module;
  return loaded.info;
}

const handlers = {
  engine({ engine: compiled }) {
    if (!instantiating && compiled instanceof WebAssembly.Module) {
      instantiating = instantiate(compiled);
      instantiating.catch(() => {
        instantiating = null;  // init instantiates again and reports the error
      });
    }
  },
  init({ engine: compiled, bundle }) {
    if (!initializing) {
      initializing = loadEngine(compiled, bundle);
      initializing.catch(() => {
        initializing = null;  // a later init may retry
      });
    }
    return initializing;
  },
  async ask({ query, context }) {
    if (!engine) await handlers.init({});
    const text = String(query).slice(0, kMaxQueryChars);
    const first = !answeredOnce;
    answeredOnce = true;
    const answer = parse(engine.ask(text, JSON.stringify(context || {})));
    if (first) performance.mark('relais:first-answer');
    return answer;
  },
  async entry({ entryId, language }) {
    if (!engine) await handlers.init({});
    return parse(engine.entry(String(entryId), isLanguageCode(language) ? language : 'en')).entry;
  },
};

let queue = Promise.resolve();
self.addEventListener('message', (event) => {
  const message = event.data || {};
  const handler = Object.prototype.hasOwnProperty.call(handlers, message.type) ? handlers[message.type] : null;
  queue = queue.then(async () => {
    try {
      if (!handler) throw new Error('unknown request');
      const result = await handler(message);
      if (message.id !== undefined) self.postMessage({ id: message.id, ok: true, result });
    } catch (error) {
      self.postMessage({ id: message.id, ok: false, error: String((error && error.message) || error) });
    }
  });
});
