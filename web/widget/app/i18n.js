// The widget's strings: web/widget/i18n/<language>.json, bundled at build time
// (web/ui-languages.mjs). No user-visible string lives in code; a missing key
// shows the key itself, which the i18n test catches (every file has the same keys).
import { languages as kLanguages } from 'relais:ui-languages';
import kStrings from 'relais:ui-strings/widget/app';

// t('fr', 'too_long', {max: 500}) → the string with {max} replaced.
export function t(language, key, params) {
  const table = kStrings[language] || kStrings.en;
  let text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : key;
  if (params) {
    for (const [name, value] of Object.entries(params)) text = text.split('{' + name + '}').join(String(value));
  }
  return text;
}

// The language the language switch offers next: with two, the other one.
export function otherLanguage(language) {
  return kLanguages[(kLanguages.indexOf(language) + 1) % kLanguages.length];
}
