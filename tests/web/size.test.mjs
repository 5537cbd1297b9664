// Size budgets of the shipped widget (web/README.md), measured on the minified
// build in build/web: the loader every host page downloads, the widget app
// downloaded on the first open, and the WebAssembly engine that comes with it
// (wasm/README.md; the knowledge base comes after, all cached for offline use).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { requireWebBuild, webRoot } from './browser.mjs';
import { uiLanguages } from '../../web/ui-languages.mjs';

// The loader carries, for each UI language, its `launcher` strings (three short
// labels) and its code in the language pattern (web/ui-languages.mjs): 3 KB for
// the code and the first two languages, plus a fixed allowance for each further
// one, so that adding a language file neither breaks the budget nor needs it
// loosened by hand. Spanish, the third, costs 41 bytes gzipped (3,063 → 3,104,
// measured with `node web/build.mjs --sizes` with and without es.json); 64
// leaves room for longer labels or a script that takes 2–3 bytes a character in
// UTF-8. A language that costs more fails here: shorten its launcher labels
// before raising the allowance.
const kLoaderBaseBudget = 3 * 1024;
const kLoaderBytesPerFurtherLanguage = 64;
const kLanguageCount = uiLanguages('widget').length;
const kLoaderBudget = kLoaderBaseBudget + kLoaderBytesPerFurtherLanguage * Math.max(0, kLanguageCount - 2);
const kAppBudget = 50 * 1024;
const kEngineBudget = 400 * 1024;

const gzipSize = async (file) => gzipSync(await readFile(path.join(webRoot, file)), { level: 9 }).length;

test('the loader is at most 3 KB gzipped, plus 64 bytes for each UI language after the first two', async () => {
  requireWebBuild();
  const size = await gzipSize('relais.js');
  const rule = `${kLoaderBaseBudget} + ${kLoaderBytesPerFurtherLanguage} × (${kLanguageCount} languages − 2)`;
  console.log(`# relais.js: ${size} bytes gzipped (budget ${kLoaderBudget} = ${rule})`);
  assert.ok(size <= kLoaderBudget, `relais.js is ${size} bytes gzipped, over ${kLoaderBudget} = ${rule}`);
});

test('the widget app (HTML, JS, CSS, worker, service worker) is at most 50 KB gzipped', async () => {
  requireWebBuild();
  const files = (await readdir(path.join(webRoot, 'widget'))).filter((f) => /\.(html|js|css)$/.test(f));
  assert.ok(files.includes('index.html') && files.includes('sw.js'), `unexpected widget files: ${files}`);
  let total = 0;
  for (const file of files) total += await gzipSize(path.join('widget', file));
  console.log(`# widget app: ${total} bytes gzipped (budget ${kAppBudget})`);
  assert.ok(total <= kAppBudget, `the widget app is ${total} bytes gzipped`);
});

test('the WebAssembly engine (.wasm and its .mjs) is at most 400 KB gzipped', async () => {
  requireWebBuild();
  const files = ['engine/relais-engine.wasm', 'engine/relais-engine.mjs'];
  for (const file of files) {
    assert.ok(existsSync(path.join(webRoot, file)), `${file} is missing: run make wasm web`);
  }
  let total = 0;
  for (const file of files) total += await gzipSize(file);
  console.log(`# engine: ${total} bytes gzipped (budget ${kEngineBudget})`);
  assert.ok(total <= kEngineBudget, `the engine is ${total} bytes gzipped (wasm/README.md lists what keeps it small)`);
});
