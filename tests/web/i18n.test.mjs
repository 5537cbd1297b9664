// The widget's strings (web/widget/i18n/*.json): French and English side by side,
// the same keys, nothing empty, and no string of the widget left in code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './browser.mjs';

const i18nDir = path.join(repoRoot, 'web/widget/i18n');
const load = async (lang) => JSON.parse(await readFile(path.join(i18nDir, `${lang}.json`), 'utf8'));

function flatten(object, prefix = '') {
  return Object.entries(object).flatMap(([key, value]) =>
    typeof value === 'object' ? flatten(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]]);
}

test('English and French have the same keys and no empty string', async () => {
  const en = new Map(flatten(await load('en')));
  const fr = new Map(flatten(await load('fr')));
  assert.deepEqual([...fr.keys()].sort(), [...en.keys()].sort());
  for (const [key, value] of [...en, ...fr]) assert.ok(typeof value === 'string' && value.trim(), `empty: ${key}`);
  // Placeholders match ({max} in one language means {max} in the other).
  for (const [key, value] of en) {
    const names = (s) => (s.match(/\{[a-z_]+\}/g) ?? []).sort();
    assert.deepEqual(names(fr.get(key)), names(value), `placeholders of ${key}`);
  }
  // French is a translation, not a copy (only names and codes may be equal).
  const same = [...en].filter(([key, value]) => fr.get(key) === value).map(([key]) => key);
  assert.deepEqual(same, ['app.log_label', 'app.agent_label']);
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
    const files = (await readdir(path.join(repoRoot, dir))).filter((f) => f.endsWith('.json'));
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
