// The console's strings: i18n/<language>.json (same keys, snake_case), bundled
// at build time (web/ui-languages.mjs). The same contract as the widget's t()
// (web/widget/app/i18n.js): no user-visible string lives in code, and a
// missing key shows the key itself rather than another language's text, which
// tests/web/console_i18n.test.mjs catches.
import kStrings from 'relais:ui-strings/console';

import { normalizeLanguage } from '../widget/shared/language.js';

// The console's languages, in the order of the language switch (its string files).
export const kLanguages = Object.keys(kStrings);

// The browser's language when the console has it, else French.
export function initialLanguage(browserLanguage) {
  return normalizeLanguage(browserLanguage) || 'fr';
}

// t('fr', 'offer_expires', {s: 30}) → the string with {s} replaced.
export function t(language, key, params) {
  const table = kStrings[language] || kStrings.fr;
  let text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : key;
  if (params) {
    for (const [name, value] of Object.entries(params)) text = text.split('{' + name + '}').join(String(value));
  }
  return text;
}

// Fills every element under `root` carrying data-i18n (its text) or
// data-i18n-label (its aria-label).
export function translateDom(root, language) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(language, element.dataset.i18n);
  }
  for (const element of root.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(language, element.dataset.i18nLabel));
  }
}
