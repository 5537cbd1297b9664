// Golden test, WebAssembly side: the engine module (build/wasm/engine/relais-engine.mjs)
// answers every question of tests/engine/golden/ask_golden.jsonl exactly as recorded
// there. tests/engine/ask_golden_test.cpp checks the native build against the same
// file, so native and WebAssembly must agree. The bundle is compiled at test time by
// the real `relais-kb build` (RELAIS_BIN_DIR, set by CTest) from tests/engine/golden/kb.
// Regenerating the golden file: tests/engine/golden/README.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadModule } from './load_module.mjs';

const sourceDir = path.resolve(import.meta.dirname, '../..');
const goldenDir = path.join(sourceDir, 'tests/engine/golden');
const binDir = process.env.RELAIS_BIN_DIR ?? path.join(sourceDir, 'build/bin');

// The objects of a JSON-lines file, without blank and '#' lines.
async function readJsonLines(file) {
  const text = await readFile(file, 'utf8');
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => JSON.parse(line));
}

// The context as ask() receives it: a string as is, an object as JSON text
// (the same rule as relais-kb ask and the native golden test).
function contextText(line) {
  if (line.context === undefined || line.context === null) return '';
  return typeof line.context === 'string' ? line.context : JSON.stringify(line.context);
}

let engine;
let golden;
let tempDir;

before(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'relais-engine-golden-'));
  const bundlePath = path.join(tempDir, 'golden.sqlite');
  execFileSync(path.join(binDir, 'relais-kb'), ['build', path.join(goldenDir, 'kb'), '-o', bundlePath], {
    env: { ...process.env, SOURCE_DATE_EPOCH: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  engine = await loadModule('engine/relais-engine');
  const loaded = JSON.parse(engine.loadBundle(new Uint8Array(await readFile(bundlePath))));
  assert.equal(loaded.ok, true, loaded.error);
  assert.equal(loaded.info.entry_count, 9);
  golden = await readJsonLines(path.join(goldenDir, 'ask_golden.jsonl'));
});

after(async () => {
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

test('the WebAssembly engine gives the golden answers', () => {
  assert.ok(golden.length >= 50, `only ${golden.length} golden lines`);
  const mismatches = [];
  for (const [index, line] of golden.entries()) {
    const actual = JSON.parse(engine.ask(line.query, contextText(line)));
    try {
      assert.deepStrictEqual(actual, line.result);
    } catch (error) {
      mismatches.push(`golden line ${index + 1} (${JSON.stringify(line.query).slice(0, 80)}):\n${error.message}`);
    }
  }
  assert.equal(
    mismatches.length,
    0,
    `${mismatches.length} answers differ from tests/engine/golden/ask_golden.jsonl ` +
      '(if the native engine_ask_golden_test passes, native and WebAssembly disagree; if both fail ' +
      'after an intended change, run tests/engine/golden/regenerate.sh):\n' +
      mismatches.slice(0, 5).join('\n\n'),
  );
});

test('the golden file answers exactly the golden question set', async () => {
  const queries = await readJsonLines(path.join(goldenDir, 'ask_queries.jsonl'));
  assert.equal(golden.length, queries.length, 'run tests/engine/golden/regenerate.sh');
  for (const [index, query] of queries.entries()) {
    assert.equal(golden[index].query, query.query, `line ${index + 1}`);
    assert.deepStrictEqual(golden[index].context ?? null, query.context ?? null, `line ${index + 1}`);
  }
});

test('entry() returns the entry in the asked language, errors as values', () => {
  const fr = JSON.parse(engine.entry('passport-renewal', 'fr'));
  assert.equal(fr.ok, true);
  assert.equal(fr.entry.title, 'Renouveler votre passeport');
  assert.deepEqual(fr.entry.follow_ups, [{ id: 'passport-fees', title: 'Frais de passeport' }]);
  const en = JSON.parse(engine.entry('passport-lost', 'en'));
  assert.equal(en.entry.title, 'Lost or stolen passport');
  assert.equal(en.entry.alternatives.length, 1);  // its own; the service's are hidden
  const missing = JSON.parse(engine.entry('no-such-entry', 'en'));
  assert.equal(missing.ok, false);
  assert.equal(typeof missing.error, 'string');
});

test('ask() answers a 1 MB question and bad contexts without failing', () => {
  const huge = 'renouveler mon passeport '.repeat(42000);
  // (How long it takes is a benchmark's figure: tests/bench/engine_long_question.mjs.)
  const result = JSON.parse(engine.ask(huge, '{"language":"fr"}'));
  assert.equal(result.decision, 'answer');
  assert.equal(result.entry.id, 'passport-renewal');
  for (const context of ['', '{', 'null', '{"history": [{"text": 1}]}', 'x'.repeat(70000)]) {
    assert.equal(JSON.parse(engine.ask('renew my passport', context)).entry.id, 'passport-renewal');
  }
  // Lone surrogates cannot be encoded as UTF-8: the module must still answer.
  assert.equal(JSON.parse(engine.ask('\ud800 passeport \udfff', '')).ok, true);
});
