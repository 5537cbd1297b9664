// The widget's strings: web/widget/i18n/<language>.json, bundled at build time
// (web/ui-languages.mjs). No user-visible string lives in code; a missing key
// shows the key itself, which the i18n test catches (every file has the same keys).
import { languages as kUiLanguages } from 'relais:ui-languages';
import kStrings from 'relais:ui-strings/widget/app';
import { isLanguageCode } from './offered-languages.js';

export { kUiLanguages };

// t('fr', 'too_long', {max: 500}) → the string with {max} replaced.
export function t(language, key, params) {
  const table = kStrings[language] || kStrings.en;
  let text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : key;
  if (params) {
    for (const [name, value] of Object.entries(params)) text = text.split('{' + name + '}').join(String(value));
  }
  return text;
}

// The name of language `code` in language `ui`, as in a sentence ("French",
// "anglais", "inglés"): the browser's (Intl.DisplayNames); without it, the
// language's own name from its string file, else the code.
export function languageName(ui, code) {
  try {
    const name = new Intl.DisplayNames([ui], { type: 'language' }).of(code);
    if (name && name !== code) return name;
  } catch (_) {
    // no Intl.DisplayNames, or not a code it knows
  }
  return kStrings[code] ? kStrings[code].language_name : code;
}

// "French and English", "francés, inglés y español": several language names as a list in `ui`.
export function languageNames(ui, codes) {
  const names = codes.map((code) => languageName(ui, code));
  try {
    return new Intl.ListFormat([ui], { type: 'conjunction' }).format(names);
  } catch (_) {
    return names.join(', ');
  }
}

// Why the conversation goes to a person (a hand-off card, the transcript);
// `answerLanguages`: the knowledge base's languages when it happened (null:
// unknown; the UI's are named), for "our answers are only in ...".
export function reasonText(ui, reason, answerLanguages) {
  const known = (answerLanguages || []).filter(isLanguageCode);
  return t(ui, 'reason_' + reason, { languages: languageNames(ui, known.length ? known : kUiLanguages) });
}

// The language switch's entries (language-switch.js) for `codes`: each named in itself.
export function languageOptions(codes) {
  return codes.map((code) => ({ code, name: t(code, 'language_name'), label: t(code, 'language_menu') }));
}
