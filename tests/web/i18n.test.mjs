// The widget's strings (web/widget/i18n/<code>.json): every language side by side
// with English, the same keys, nothing empty, and no string of the widget left in code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './browser.mjs';
import { uiLanguages } from '../../web/ui-languages.mjs';

const i18nDir = path.join(repoRoot, 'web/widget/i18n');
const load = async (lang) => JSON.parse(await readFile(path.join(i18nDir, `${lang}.json`), 'utf8'));

function flatten(object, prefix = '') {
  return Object.entries(object).flatMap(([key, value]) =>
    typeof value === 'object' ? flatten(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]]);
}

test('every language has the same keys as English and no empty string', async () => {
  // A language of the UI is a file named by its code (web/ui-languages.mjs).
  assert.ok(uiLanguages('widget').includes('en') && uiLanguages('widget').includes('fr'));
  const en = new Map(flatten(await load('en')));
  for (const code of uiLanguages('widget')) {
    const other = new Map(flatten(await load(code)));
    assert.deepEqual([...other.keys()].sort(), [...en.keys()].sort(), `${code}.json has the keys of en.json`);
    for (const [key, value] of other) assert.ok(typeof value === 'string' && value.trim(), `${code}: empty ${key}`);
    // Placeholders match ({max} in one language means {max} in the other).
    for (const [key, value] of en) {
      const names = (s) => (s.match(/\{[a-z_]+\}/g) ?? []).sort();
      assert.deepEqual(names(other.get(key)), names(value), `${code}: placeholders of ${key}`);
    }
  }
  const fr = new Map(flatten(await load('fr')));
  // French is a translation, not a copy (only names and codes may be equal).
  const same = [...en].filter(([key, value]) => fr.get(key) === value).map(([key]) => key);
  assert.deepEqual(same, ['app.log_label', 'app.agent_label']);
});

test('every language besides English is a translation, not a copy', async () => {
  const en = new Map(flatten(await load('en')));
  for (const code of uiLanguages('widget').filter((c) => c !== 'en')) {
    // Names, codes and words shared by both languages ("No", "TTY", "Chat") only.
    const same = flatten(await load(code)).filter(([key, value]) => en.get(key) === value).map(([key]) => key);
    assert.ok(same.length <= 5, `${code}.json copies English: ${same.join(', ')}`);
  }
});

test('Spanish strings open questions and exclamations with ¿ and ¡', async () => {
  // Every file holds full sentences; the console's too (tables of the same kind).
  const files = [...flatten(await load('es')),
    ...Object.entries(JSON.parse(await readFile(path.join(repoRoot, 'web/console/i18n/es.json'), 'utf8')))];
  for (const [key, value] of files) {
    for (const [mark, opening] of [['?', '¿'], ['!', '¡']]) {
      const closing = value.split(mark).length - 1;
      assert.equal(value.split(opening).length - 1, closing, `${key}: each "${mark}" has its "${opening}"`);
    }
  }
});

test('French strings follow Canadian public-service typography', async () => {
  for (const [key, value] of flatten(await load('fr'))) {
    // A space before ':' (Canadian style: none before ? and !), typographic apostrophes or straight ones, never both.
    assert.ok(!/[^\s]:(\s|$)/.test(value), `${key}: a space goes before ":" in French`);
    assert.ok(!/\s[?!]/.test(value), `${key}: no space before "?" or "!" in Canadian French`);
  }
});

test('the widget code has no user-visible string literals', async () => {
  // Every text node comes from t(...) or the launcher's string tables; a quoted
  // sentence in the code would be an untranslated string.
  const dirs = ['app', 'loader', 'worker', 'shared'].map((d) => path.join(repoRoot, 'web/widget', d));
  for (const dir of dirs) {
    for (const file of await readdir(dir)) {
      if (!file.endsWith('.js')) continue;
      const code = (await readFile(path.join(dir, file), 'utf8')).replace(/^\s*\/\/.*$/gm, '');
      const sentences = code.match(/(['"`])[A-Z][a-z]+( [a-z]+){2,}[.!?]?\1/g) ?? [];
      assert.deepEqual(sentences, [], `${file} has hard-coded text`);
    }
  }
});

// The vocabulary (vocabulary/vocabulary.json) names what people see labels of:
// each enumeration's `labels` gives, per web app, the key prefix its string
// files need for every value. No fallback: a value without a label in one
// language fails here, not on a visitor's screen.
const vocabulary = JSON.parse(await readFile(path.join(repoRoot, 'vocabulary/vocabulary.json'), 'utf8'));
const stringFiles = {
  widget: { dir: 'web/widget/i18n', table: (json) => json.app },
  console: { dir: 'web/console/i18n', table: (json) => json },
};

test('every name of the vocabulary shown to people has a label in every language', async () => {
  let checked = 0;
  for (const [app, { dir, table }] of Object.entries(stringFiles)) {
    // One file per language, named by its code (other-languages.json is not one).
    const files = (await readdir(path.join(repoRoot, dir))).filter((f) => /^[a-z]{2,3}\.json$/.test(f));
    assert.ok(files.length >= 2, `${dir}: French and English at least`);
    for (const file of files) {
      const strings = table(JSON.parse(await readFile(path.join(repoRoot, dir, file), 'utf8')));
      for (const [name, set] of Object.entries(vocabulary)) {
        const prefix = set.labels?.[app];
        if (!prefix) continue;
        for (const value of set.values) {
          assert.ok(strings[prefix + value]?.trim(), `${dir}/${file}: no label ${prefix}${value} (${name} "${value}")`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 20);
});

test('other-languages.json names each language in itself, with a direction for right-to-left scripts', async () => {
  const table = JSON.parse(await readFile(path.join(i18nDir, 'other-languages.json'), 'utf8'));
  for (const [code, entry] of Object.entries(table)) {
    if (code === '$comment') continue;
    assert.match(code, /^[a-z]{2,3}$/, code);
    assert.ok(entry.name?.trim(), `${code}: name`);
    assert.ok(!/[A-Za-z]/.test(entry.name), `${code}: the name in its own script, not in Latin letters`);
    const rtl = /[\u0590-\u08ff]/.test(entry.name);
    assert.equal(entry.dir === 'rtl', rtl, `${code}: dir "rtl" exactly for right-to-left scripts`);
  }
});

test('every frame type the web code names is in the vocabulary', async () => {
  const frames = new Set([...vocabulary.client_frame.values, ...vocabulary.server_frame.values]);
  const dirs = ['web/widget/app', 'web/console'];
  let seen = 0;
  for (const dir of dirs) {
    for (const file of await readdir(path.join(repoRoot, dir), { recursive: true })) {
      if (!file.endsWith('.js')) continue;
      const code = await readFile(path.join(repoRoot, dir, file), 'utf8');
      // A frame's type is written as a quoted dotted name: 'conversation.handoff'.
      for (const [, name] of code.matchAll(/(?:type: |case |=== )'([a-z]+\.[a-z_]+)'/g)) {
        assert.ok(frames.has(name), `${dir}/${file}: '${name}' is not a frame type of vocabulary.json`);
        seen++;
      }
    }
  }
  assert.ok(seen > 20, 'the pattern finds the frame types');
});
