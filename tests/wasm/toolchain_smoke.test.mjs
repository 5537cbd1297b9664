// The WebAssembly twin of tests/smoke/toolchain_smoke_test.cpp: the same C++
// (SQLite in memory, FTS5 query, RE2 match) compiled with emcc and run in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load_module.mjs';

test('SQLite FTS5 and RE2 work inside the WebAssembly module', async () => {
  const module = await loadModule('tests/toolchain_smoke');
  const report = module.runToolchainSmoke();
  assert.match(report, /^fts5=Heures d'ouverture;re2=k1a 0b1;sqlite=3\.\d+\.\d+$/);
});
