// The agent console's strings (web/console/i18n/<lang>.json): every language has
// the same snake_case keys and no empty string; every key the console's code and
// index.html name exists (a missing one would show the key itself on screen);
// no key is dead; and no user-visible string is left in code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './browser.mjs';
import { uiLanguages } from '../../web/ui-languages.mjs';

const consoleDir = path.join(repoRoot, 'web/console');
const i18nDir = path.join(consoleDir, 'i18n');
const languageFiles = (await readdir(i18nDir)).filter((file) => file.endsWith('.json')).sort();
const tables = Object.fromEntries(await Promise.all(languageFiles.map(async (file) =>
  [path.basename(file, '.json'), JSON.parse(await readFile(path.join(i18nDir, file), 'utf8'))])));
const html = await readFile(path.join(consoleDir, 'index.html'), 'utf8');
const scripts = [];  // [{file, code}] without comments
for (const file of (await readdir(consoleDir, { recursive: true })).sort()) {
  if (!file.endsWith('.js')) continue;
  const code = await readFile(path.join(consoleDir, file), 'utf8');
  scripts.push({ file, code: code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '') });
}

// Keys built at run time from a value the server sends ('reason_' + reason):
// every value of the value's vocabulary set (vocabulary/vocabulary.json) needs a label.
const kPrefixSets = {
  reason_: 'handoff_reason', priority_: 'priority', status_: 'agent_status',
  author_: 'author_kind', followup_: 'follow_up_kind', outcome_: 'close_outcome',
};

// The arguments of a call whose '(' is at `open`, split at top-level commas.
function callArguments(code, open) {
  const args = [];
  let depth = 0;
  let quote = null;
  let start = open + 1;
  for (let i = open + 1; i < code.length; i += 1) {
    const ch = code[i];
    if (quote) {
      if (ch === '\\') i += 1;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if ('([{'.includes(ch)) {
      depth += 1;
    } else if (')]}'.includes(ch)) {
      if (depth === 0) { args.push(code.slice(start, i)); return args; }
      depth -= 1;
    } else if (ch === ',' && depth === 0) {
      args.push(code.slice(start, i));
      start = i + 1;
    }
  }
  throw new Error('unclosed call');
}

// Every key the console names: t(language, 'key' | 'prefix_' + value | a ? 'x' : 'y')
// in its scripts, data-i18n and data-i18n-label in index.html. i18n.js, which
// defines t() and fills the data-i18n attributes, is not a user of keys.
function usedKeys() {
  const keys = new Map();      // key -> where
  const prefixes = new Map();  // prefix -> where
  for (const { file, code } of scripts) {
    if (file === 'i18n.js') continue;
    for (const match of code.matchAll(/(?<![\w.$])t\(/g)) {
      const [, key] = callArguments(code, match.index + 1);
      const literals = [...(key ?? '').matchAll(/'([^'\\]*)'(\s*\+)?/g)];
      assert.ok(literals.length, `${file}: t(${key}) — write the key, or its prefix, as a literal`);
      for (const [, literal, plus] of literals) (plus ? prefixes : keys).set(literal, file);
    }
  }
  for (const [, key] of html.matchAll(/data-i18n(?:-label)?="([^"]*)"/g)) keys.set(key, 'index.html');
  return { keys, prefixes };
}

test('every language has the same keys, in snake_case, and no empty string', () => {
  // The console speaks every language the widget does (web/ui-languages.mjs).
  assert.deepEqual(Object.keys(tables).sort(), uiLanguages('widget').sort());
  const reference = Object.keys(tables.fr).sort();
  for (const [language, table] of Object.entries(tables)) {
    assert.deepEqual(Object.keys(table).sort(), reference, `${language}.json has the keys of fr.json`);
    for (const [key, value] of Object.entries(table)) {
      assert.match(key, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, `${language}.json: ${key} is not snake_case`);
      assert.ok(typeof value === 'string' && value.trim(), `${language}.json: ${key} is empty`);
    }
  }
  // Placeholders match ({n} in one language means {n} in the other).
  const names = (s) => (s.match(/\{[a-z_]+\}/g) ?? []).sort();
  for (const [language, table] of Object.entries(tables)) {
    for (const key of reference) assert.deepEqual(names(table[key]), names(tables.fr[key]), `${language}: placeholders of ${key}`);
  }
});

test('French strings follow Canadian public-service typography', () => {
  for (const [key, value] of Object.entries(tables.fr)) {
    assert.ok(!/[^\s]:(\s|$)/.test(value), `${key}: a space goes before ":" in French`);
    assert.ok(!/\s[?!]/.test(value), `${key}: no space before "?" or "!" in Canadian French`);
  }
});

test('every key the console names exists in every language, and every key is used', async () => {
  const { keys, prefixes } = usedKeys();
  assert.ok(keys.size > 60, `the scan finds the keys (${keys.size})`);
  for (const [language, table] of Object.entries(tables)) {
    for (const [key, file] of keys) assert.ok(Object.hasOwn(table, key), `${file}: no "${key}" in ${language}.json`);
  }
  const vocabulary = JSON.parse(await readFile(path.join(repoRoot, 'vocabulary/vocabulary.json'), 'utf8'));
  for (const [prefix, file] of prefixes) {
    const set = kPrefixSets[prefix];
    assert.ok(set, `${file}: keys built from '${prefix}' + a value: name the value's vocabulary set in kPrefixSets`);
    for (const value of vocabulary[set].values) {
      for (const [language, table] of Object.entries(tables)) {
        assert.ok(Object.hasOwn(table, prefix + value), `${language}.json: no ${prefix}${value} (${set} "${value}")`);
      }
    }
  }
  const unused = Object.keys(tables.fr).filter((key) =>
    !keys.has(key) && ![...prefixes.keys()].some((prefix) => key.startsWith(prefix)));
  assert.deepEqual(unused, [], 'strings nothing shows');
});

test('the console has no user-visible string in code or markup', () => {
  // A capitalised word followed by more words, in quotes: an untranslated sentence.
  for (const { file, code } of scripts) {
    const sentences = code.match(/(['"`])\p{Lu}[\p{Ll}’']+( [\p{Ll}’']+)+[.!?…]?\1/gu) ?? [];
    assert.deepEqual(sentences, [], `${file} has hard-coded text`);
  }
  // index.html: text only from data-i18n (the product name aside), no literal labels.
  const text = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]*>/g, ' ').split(/\s+/).filter(Boolean);
  assert.deepEqual([...new Set(text)], ['Relais'], 'index.html has text outside data-i18n');
  assert.deepEqual(html.match(/\s(aria-label|title|placeholder|alt)=/g) ?? [], [],
                   'index.html has a literal label (use data-i18n-label)');
});
