// Which languages the widget's language switch offers (web/widget/app/offered-languages.js):
// the UI's languages that the knowledge base also has, in the UI's order; the
// UI's alone while the knowledge base is unknown. A plain module: no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentLanguage, isLanguageCode, offeredLanguages } from '../../web/widget/app/offered-languages.js';
import { uiLanguages } from '../../web/ui-languages.mjs';

const ui = ['en', 'fr', 'es'];

test('the UI languages the knowledge base also has, in the UI order', () => {
  assert.deepEqual(offeredLanguages(ui, ['en', 'fr'], 'en'), ['en', 'fr']);
  assert.deepEqual(offeredLanguages(ui, ['es', 'fr', 'en'], 'fr'), ['en', 'fr', 'es']);
  assert.deepEqual(offeredLanguages(ui, ['fr', 'es', 'de'], 'fr'), ['fr', 'es'], 'a language without UI strings is not offered');
});

test('all the UI languages while the knowledge base is unknown or shares none of them', () => {
  assert.deepEqual(offeredLanguages(ui, null, 'en'), ui);
  assert.deepEqual(offeredLanguages(ui, undefined, 'es'), ui);
  assert.deepEqual(offeredLanguages(ui, 'en,fr', 'en'), ui, 'not an array: unknown');
  assert.deepEqual(offeredLanguages(ui, [], 'en'), ui);
  assert.deepEqual(offeredLanguages(ui, ['de', 'it'], 'en'), ui);
});

test('the current language is always offered, so that the switch shows it', () => {
  // The host page asked for Spanish; the knowledge base has English and French.
  assert.deepEqual(offeredLanguages(ui, ['en', 'fr'], 'es'), ['en', 'fr', 'es']);
  // A knowledge base in French only: English stays offered while it is shown...
  assert.deepEqual(offeredLanguages(ui, ['fr'], 'en'), ['en', 'fr']);
  // ...and once French is chosen, there is nothing to switch to (the switch hides).
  assert.deepEqual(offeredLanguages(ui, ['fr'], 'fr'), ['fr']);
  assert.deepEqual(offeredLanguages(ui, ['fr'], 'de'), ['fr'], 'not a UI language: not offered');
});

test('with the shipped UI languages and the demo knowledge base (English and French)', () => {
  const shipped = uiLanguages('widget');
  assert.deepEqual(shipped.slice(0, 2), ['en', 'fr'], 'English first, then French');
  assert.deepEqual(offeredLanguages(shipped, ['en', 'fr'], 'en'), ['en', 'fr']);
  assert.deepEqual(offeredLanguages(shipped, null, 'en'), shipped);
});

test('content is marked with the engine’s language code, else the fallback', () => {
  assert.equal(contentLanguage('es', 'en'), 'es');
  assert.equal(contentLanguage('crk', 'en'), 'crk');
  for (const bad of [null, undefined, '', 'EN', 'fr-CA', 'english', 42, {}]) {
    assert.equal(contentLanguage(bad, 'fr'), 'fr', String(bad));
    assert.equal(isLanguageCode(bad), false);
  }
});
