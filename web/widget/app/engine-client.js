// The widget's side of the engine worker (web/widget/worker/engine-worker.js):
// requests by id, answers as promises, each bounded in time. The worker starts
// when the widget does, loads the engine and the knowledge base once, and keeps
// them for the whole conversation. Their downloads and the compilation start
// here, before the worker (engine-files.js).

import { compileEngine, fetchBundle } from './engine-files.js';

const kInitTimeoutMs = 60000;  // first visit on a slow line: engine + bundle download
const kCallTimeoutMs = 10000;

export class EngineClient {
  // workerUrl: a TrustedScriptURL or string.
  constructor(workerUrl) {
    this.workerUrl = workerUrl;
    this.worker = null;
    this.nextId = 1;
    this.calls = new Map();
    this.ready = null;  // promise of the bundle info
    this.failed = false;
  }

  // Starts the worker and loads the engine; resolves to the bundle's info
  // ({service, languages, entry_count, content_hash, alternatives}); rejects
  // when the engine cannot run here (the widget then offers a person).
  start() {
    if (!this.ready) {
      const compiled = compileEngine();
      const files = Promise.all([compiled, fetchBundle()]);
      files.catch(() => {});  // reported through `ready` below
      this.ready = new Promise((resolve, reject) => {
        try {
          this.worker = new Worker(this.workerUrl, { type: 'module', name: 'relais-engine' });
        } catch (error) {
          reject(error);
          return;
        }
        this.worker.addEventListener('message', (event) => this.receive(event.data));
        // The worker instantiates the engine while the knowledge base downloads.
        compiled.then((engine) => this.worker.postMessage({ type: 'engine', engine }), () => {});
        this.worker.addEventListener('error', (event) => {
          event.preventDefault();
          this.fail(new Error(event.message || 'the engine worker failed to start'));
        });
        files
          .then(([engine, bundle]) => this.call('init', { engine, bundle }, kInitTimeoutMs, [bundle.buffer]))
          .then(resolve, reject);
      });
      this.ready.catch(() => {
        this.failed = true;
      });
    }
    return this.ready;
  }

  // The engine's decision for `query` (see wasm/README.md).
  async ask(query, context) {
    await this.start();
    return this.call('ask', { query, context }, kCallTimeoutMs);
  }

  // One entry in `language`, as in a decision.
  async entry(id, language) {
    await this.start();
    return this.call('entry', { entryId: id, language }, kCallTimeoutMs);
  }

  // `transfer`: buffers moved to the worker rather than copied.
  call(type, fields, timeoutMs, transfer = []) {
    return new Promise((resolve, reject) => {
      if (this.failed || !this.worker) {
        reject(new Error('engine unavailable'));
        return;
      }
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.calls.delete(id);
        reject(new Error('the engine did not answer in time'));
      }, timeoutMs);
      this.calls.set(id, { resolve, reject, timer });
      this.worker.postMessage(Object.assign({ id, type }, fields), transfer);
    });
  }

  receive(message) {
    if (!message || typeof message.id !== 'number') return;
    const call = this.calls.get(message.id);
    if (!call) return;
    this.calls.delete(message.id);
    clearTimeout(call.timer);
    if (message.ok) call.resolve(message.result);
    else call.reject(new Error(message.error || 'engine error'));
  }

  fail(error) {
    this.failed = true;
    for (const call of this.calls.values()) {
      clearTimeout(call.timer);
      call.reject(error);
    }
    this.calls.clear();
  }
}
