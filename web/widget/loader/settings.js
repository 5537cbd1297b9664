// Reads the embedding settings: window.relaisSettings, the script tag's
// data-relais-server and the host page's language. A bad setting falls back to
// its default instead of breaking the page.
//
// Only OWN properties count: a page (or a library on it, e.g. a deep merge of
// untrusted JSON) that adds `server` or `relaisSettings` to Object.prototype
// must not choose where the chat loads from, nor any other setting.
import { normalizeLanguage } from '../shared/language.js';

export { accentColors } from '../shared/colors.js';

// object[key] if it is object's own property, else false.
export const own = (object, key) => Object.hasOwn(Object(object), key) && object[key];

// The own enumerable fields of window.relaisSettings, in an object without a prototype.
export const readSettings = (win) => Object.assign(Object.create(null), own(win, 'relaisSettings'));

// The script element that loaded relais.js (document.currentScript works for
// async classic scripts while they run; the selector covers the rest).
export function findScript(doc) {
  return doc.currentScript || doc.querySelector('script[data-relais-server]');
}

// The base URL of the Relais server (ends with '/'): the first http(s) URL of
// data-relais-server, relaisSettings.server and the folder relais.js came from;
// relative values resolve against the script's URL. Null if none is.
export function serverBase(script, settings) {
  for (const value of [script && script.getAttribute('data-relais-server'), settings.server, './']) {
    try {
      const url = new URL(value, (script && script.src) || location.href);
      if (value && /^https?:$/.test(url.protocol)) {
        return url.origin + url.pathname.replace(/\/?$/, '/');
      }
    } catch (_) {
      // not a URL: the next one
    }
  }
  return null;
}

// The language to start in: settings, then <html lang>, then the browser, then English.
export function initialLanguage(settings, doc) {
  return (
    normalizeLanguage(settings.language) ||
    normalizeLanguage(doc.documentElement.lang) ||
    normalizeLanguage(navigator.language) ||
    'en'
  );
}
