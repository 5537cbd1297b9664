// The languages of the UI: web/widget/i18n/<code>.json, known at build time
// (web/ui-languages.mjs). Shared by the loader and the app.
import { pattern } from 'relais:ui-languages';

// 'fr-CA' → 'fr': a language of the UI; anything else → null.
export function normalizeLanguage(value) {
  const match = pattern.exec(typeof value === 'string' ? value.trim() : '');
  return match ? match[1].toLowerCase() : null;
}
