// Benchmark: how long the engine takes to answer a 1 MB question, which it cuts
// to its query budget (kMaxQueryBytes) first: the cost an abusive question puts
// on the visitor's own browser. The shipped WebAssembly module (build/web/engine)
// on the demo knowledge base (build/web/kb/current), in Node. The answer itself
// is checked by tests (tests/engine/engine_test.cpp, tests/wasm/); only the
// time is measured here.
//
// Prints one JSON line {"bench": "engine_long_question", "bytes": 1048576, "runs": ...,
// "ms_p50": {"words": ..., "one_letter": ..., "two_byte": ...}, "ms_max": ...}: three
// 1 MB questions (repeated words, one letter, a two-byte character), each asked
// RELAIS_BENCH_RUNS times (default 5) after one short warm-up question; ms_max
// is the slowest single answer (usually the first long one: code not yet optimised).
//
//   node tests/bench/engine_long_question.mjs     (make bench runs it)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { webRoot } from '../web/browser.mjs';

const kRuns = Number(process.env.RELAIS_BENCH_RUNS || 5);
const kBytes = 1 << 20;

const base = path.join(webRoot, 'engine/relais-engine');
const factory = (await import(`${base}.mjs`)).default;
const engine = await factory({ wasmBinary: await readFile(`${base}.wasm`), print: () => {}, printErr: () => {} });
const manifest = JSON.parse(await readFile(path.join(webRoot, 'kb/current'), 'utf8'));
const loaded = JSON.parse(engine.loadBundle(new Uint8Array(await readFile(path.join(webRoot, manifest.url)))));
if (!loaded.ok) throw new Error(`the demo bundle does not load: ${loaded.error}`);

const questions = {
  words: 'renouveler mon passeport '.repeat(kBytes / 16).slice(0, kBytes),
  one_letter: 'a'.repeat(kBytes),
  two_byte: 'é'.repeat(kBytes / 2),
};
engine.ask('renouveler mon passeport', '');  // warm-up: a short question first
const times = Object.fromEntries(Object.keys(questions).map((kind) => [kind, []]));
for (let run = 0; run < kRuns; run++) {
  for (const [kind, question] of Object.entries(questions)) {
    const started = performance.now();
    const result = JSON.parse(engine.ask(question, '{"language":"fr"}'));
    times[kind].push(performance.now() - started);
    if (!result.ok) throw new Error(`no answer to the ${kind} question: ${result.error}`);
  }
}
const round = (ms) => Math.round(ms * 10) / 10;
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(JSON.stringify({
  bench: 'engine_long_question', bytes: kBytes, runs: kRuns,
  ms_p50: Object.fromEntries(Object.entries(times).map(([kind, values]) => [kind, round(median(values))])),
  ms_max: round(Math.max(...Object.values(times).flat())),
}));
