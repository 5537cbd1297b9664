// relais.js — the loader pasted on host pages (see web/README.md, a public API).
//
// Tiny, async and idempotent: it defines one global, `Relais`, replays the calls
// queued before it loaded (Relais.q, filled by the embedding snippet), adds one
// chat button and creates the widget iframe on the first open. Everything that
// runs on the host page is wrapped in try/catch: a Relais failure must never
// break the page; it is reported once on the console instead.
import { normalizeLanguage } from '../shared/language.js';
import { kPublicEvents } from '../shared/messages.js';
import { createLauncher } from './launcher.js';
import { accentColors, findScript, initialLanguage, own, readSettings, serverBase } from './settings.js';

(() => {
  // Own properties only (settings.js): Object.prototype.loaded must not stop us.
  const previous = own(window, 'Relais');
  if (own(previous, 'loaded')) return;  // pasted twice: the first copy rules

  const script = findScript(document);
  const handlers = Object.create(null);  // event name -> functions
  const waiting = [];  // calls that need the button, made before it exists
  let launcher = null;
  let warned = false;

  const guard = (fn) => {
    try {
      fn();
    } catch (error) {
      if (!warned) console.warn('Relais:', error);
      warned = true;
    }
  };

  const emit = (name, detail) => {
    for (const handler of handlers[name] || []) guard(() => handler(detail));
    guard(() => document.dispatchEvent(new CustomEvent('relais:' + name, { detail })));
  };

  const commands = {
    open: () => launcher.open(),
    close: () => launcher.close(),
    toggle: () => launcher.toggle(),
    setLanguage: (language) => {
      if (!normalizeLanguage(language)) throw language;
      launcher.setLanguage(language);
    },
    // Applies at once, so that a handler registered early sees `ready`.
    on: (name, handler) => {
      if (!kPublicEvents.includes(name) || typeof handler !== 'function') throw name;
      (handlers[name] = handlers[name] || []).push(handler);
    },
    off: (name, handler) => {
      handlers[name] = (handlers[name] || []).filter((h) => h !== handler);
    },
  };

  const Relais = (command, ...args) =>
    guard(() => {
      if (!Object.hasOwn(commands, command)) throw command;
      if (launcher || command === 'on' || command === 'off') commands[command](...args);
      else waiting.push([command, args]);
    });
  Relais.loaded = true;
  Relais.version = '1';
  window.Relais = Relais;

  const start = () =>
    guard(() => {
      const settings = readSettings(window);
      const base = serverBase(script, settings);
      if (!base) throw 'no data-relais-server';
      launcher = createLauncher(
        {
          base,
          language: initialLanguage(settings, document),
          left: settings.position === 'bottom-left',
          colors: accentColors(settings.color),
          queue: settings.queue,  // validated by the widget
          hidden: settings.launcher === false,
        },
        emit,
      );
      emit('ready', { version: Relais.version, language: launcher.language() });
      for (const [command, args] of waiting.splice(0)) Relais(command, ...args);
    });

  const queued = own(previous, 'q');
  for (const args of Array.isArray(queued) ? queued : []) Relais(...args);
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
