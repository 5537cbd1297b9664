// The widget's strings: web/widget/i18n/{en,fr}.json, bundled at build time.
// No user-visible string lives in code; a missing key shows the key itself,
// which the i18n test catches (both files must have the same keys).
import { app as en } from '../i18n/en.json';
import { app as fr } from '../i18n/fr.json';

const kStrings = { en, fr };

// t('fr', 'too_long', {max: 500}) → the string with {max} replaced.
export function t(language, key, params) {
  const table = kStrings[language] || kStrings.en;
  let text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : key;
  if (params) {
    for (const [name, value] of Object.entries(params)) text = text.split('{' + name + '}').join(String(value));
  }
  return text;
}

// The other supported language ('fr' ↔ 'en').
export function otherLanguage(language) {
  return language === 'fr' ? 'en' : 'fr';
}
