// Reads the embedding settings: window.relaisSettings, the script tag's
// data-relais-server and the host page's language. A bad setting falls back to
// its default instead of breaking the page.
import { normalizeLanguage } from '../shared/messages.js';

export { accentColors } from '../shared/colors.js';

// The script element that loaded relais.js (document.currentScript works for
// async classic scripts while they run; the selector covers the rest).
export function findScript(doc) {
  return doc.currentScript || doc.querySelector('script[data-relais-server]');
}

// The base URL of the Relais server (ends with '/'): data-relais-server, else
// relaisSettings.server, else the folder relais.js came from; relative values
// resolve against the script's URL. Null unless http(s).
export function serverBase(script, settings) {
  try {
    const url = new URL(
      (script && script.getAttribute('data-relais-server')) || settings.server || './',
      (script && script.src) || location.href,
    );
    return /^https?:$/.test(url.protocol) ? url.origin + url.pathname.replace(/\/?$/, '/') : null;
  } catch (_) {
    return null;  // not a URL
  }
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
