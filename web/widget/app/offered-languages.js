// Which languages the widget offers and how it names the language of content.
// A plain module (no build-time import), so that tests/web/offered_languages.test.mjs
// runs it in Node as it is.

const kCode = /^[a-z]{2,3}$/;

// Whether `value` is a bare language code ('fr', 'crk'), as the engine reports
// the language of an answer and the knowledge base lists its languages.
export function isLanguageCode(value) {
  return typeof value === 'string' && kCode.test(value);
}

// The languages the language switch offers: the UI's languages (`ui`, in their
// order: web/ui-languages.mjs) that the knowledge base also has (`kb`: the
// engine's info.languages). The UI's languages alone while the knowledge base
// is unknown (engine not loaded yet, or unavailable) or shares none of them
// (no answers anyway: the interface is all there is to choose). `current`, the
// language shown now, is always offered when it is a UI language (the host page
// may have asked for one the knowledge base lacks): the switch shows it as chosen.
export function offeredLanguages(ui, kb, current) {
  const shared = Array.isArray(kb) ? ui.filter((code) => kb.includes(code)) : [];
  const offered = new Set(shared.length ? shared : ui);
  if (ui.includes(current)) offered.add(current);
  return ui.filter((code) => offered.has(code));
}

// The language to mark content with (an answer's `lang`): the engine's code,
// or `fallback` when it gave none that is a language code.
export function contentLanguage(code, fallback) {
  return isLanguageCode(code) ? code : fallback;
}
