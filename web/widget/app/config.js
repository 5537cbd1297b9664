// The widget's configuration, read once from its own URL. The loader writes it in
// the fragment (#lang=fr&host=https%3A%2F%2Fexample.org&color=%231d4f91&queue=…),
// which never reaches the server or its logs.
import { accentColors } from '../shared/colors.js';
import { normalizeLanguage } from '../shared/language.js';

const kQueuePattern = /^[a-z0-9_-]{1,32}$/;

// The origin of the page embedding the widget, or null when it cannot be trusted:
// the browser's own record (location.ancestorOrigins) wins over the fragment, and
// when both exist they must agree.
function hostOrigin(claimed) {
  let origin = null;
  try {
    origin = claimed ? new URL(claimed).origin : null;
  } catch (_) {
    origin = null;
  }
  if (origin === 'null') origin = null;
  const ancestors = location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) {
    const actual = ancestors[0];
    if (origin && origin !== actual) return null;
    return actual === 'null' ? null : actual;
  }
  return origin;
}

export function readConfig() {
  const params = new URLSearchParams(location.hash.slice(1));
  const queue = params.get('queue') || '';
  return {
    language: normalizeLanguage(params.get('lang')) || normalizeLanguage(navigator.language) || 'en',
    host: window.parent !== window ? hostOrigin(params.get('host')) : null,
    colors: accentColors(params.get('color')),
    queue: kQueuePattern.test(queue) ? queue : '',
  };
}
