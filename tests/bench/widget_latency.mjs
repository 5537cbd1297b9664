// Benchmark: how long the widget takes to answer, in headless Chromium against the
// real relais-server serving build/web (its demo page and the demo knowledge base).
//
//   cold: a fresh browser context (empty HTTP cache, no service worker); the
//         visitor clicks the chat button and asks as soon as the text box exists;
//         from the click to the answer in the page. Budget 500 ms. cold_ms is the
//         median of RELAIS_BENCH_RUNS runs (default 5).
//   warm: later questions in the last run's conversation, from Enter to the
//         answer. Budget 50 ms.
//
// Prints one JSON line {"bench": "widget_first_answer", "cold_ms": ..., ...}.
// The times are taken inside the page (click and keydown listeners, a
// MutationObserver on the answers), so Playwright's round trips are not counted.
// phases_ms says where the cold time goes, in ms after the click (medians): when
// the first question was asked, the widget page's marks (engine_compiled,
// bundle_fetched) and the engine worker's (worker_started, engine_instantiated,
// bundle_loaded, first_answer).
//
//   node tests/bench/widget_latency.mjs     (make bench runs it)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, launcher, webRoot, widgetFrame } from '../web/browser.mjs';
import { RelaisServer, serverBinary } from '../web/relais_server.mjs';

const kColdBudgetMs = 500;
const kWarmBudgetMs = 50;
const kColdRuns = Number(process.env.RELAIS_BENCH_RUNS || 5);
const kFirstQuestion = 'How much does a passport cost?';
const kLaterQuestions = [
  'How long does it take to get a passport?',
  'Comment renouveler mon passeport ?',
  'How do I change my address?',
  'Combien coûte un passeport ?',
  'I lost my passport',
  'Quelles sont vos heures d\'ouverture ?',
  'How do I renew my passport?',
  'Puis-je avoir un passeport pour mon enfant ?',
  'What documents do I need for a passport?',
  'Comment changer mon adresse ?',
  'When is the family benefit paid?',
];

// Runs in every frame before its scripts: the host page records the first click;
// the widget records each Enter and each new bot message (Date-aligned times)
// and asks `firstQuestion` the moment its text box exists, as a visitor who
// types instantly would (so that Playwright's round trips are not counted).
function recordTimes(firstQuestion) {
  const now = () => performance.timeOrigin + performance.now();
  window.__relaisBench = { clicks: [], enters: [], answers: [] };
  const times = window.__relaisBench;
  document.addEventListener('click', () => times.clicks.push(now()), true);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') times.enters.push(now());
  }, true);
  if (!location.pathname.startsWith('/widget/')) return;
  let seen = 0;
  let asked = false;
  new MutationObserver(() => {
    const input = document.querySelector('textarea');
    if (input && !asked) {
      asked = true;
      input.value = firstQuestion;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    }
    const count = document.querySelectorAll('.msg-bot:not(.msg-welcome)').length;
    if (count > seen) times.answers.push(now());
    seen = count;
  }).observe(document, { childList: true, subtree: true });
}

// Waits for the answer to the `n`th question: a hand-off would hand the rest
// of the conversation to a person, so every question must be answerable.
async function waitForAnswer(frame, n, question) {
  await frame.waitForFunction((count) => window.__relaisBench.answers.length >= count, n, { timeout: 30000 });
  const reply = frame.locator('.msg-bot:not(.msg-welcome)').nth(n - 1);
  if ((await reply.locator('.bubble-handoff').count()) > 0) throw new Error(`"${question}" was handed off: pick another question`);
  return frame.evaluate(() => window.__relaisBench);
}

// Types `question` in the widget and waits for its answer; returns the
// widget's bench record afterwards.
async function ask(frame, question) {
  const before = await frame.evaluate(() => window.__relaisBench.answers.length);
  await frame.locator('textarea').fill(question);
  await frame.locator('textarea').press('Enter');
  return waitForAnswer(frame, before + 1, question);
}

// The relais: performance marks of a frame or worker, as times after `origin` (ms).
async function marks(target, origin) {
  const found = await target.evaluate(() => ({
    timeOrigin: performance.timeOrigin,
    marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]),
  }));
  const phases = {};
  for (const [name, at] of found.marks) {
    if (name.startsWith('relais:')) phases[name.slice(7).replaceAll('-', '_')] = found.timeOrigin + at - origin;
  }
  return { phases, started: found.timeOrigin - origin };
}

// One cold first answer; returns {cold, phases, frame, close}.
async function coldRun(browser, origin) {
  const context = await browser.newContext();
  await context.addInitScript(recordTimes, kFirstQuestion);
  const page = await context.newPage();
  const worker = new Promise((resolve) => page.on('worker', resolve));
  await page.goto(`${origin}/demo/`);
  await launcher(page).waitFor();
  await page.waitForLoadState('load');
  await launcher(page).click();
  const frame = await widgetFrame(page);
  const record = await waitForAnswer(frame, 1, kFirstQuestion);
  const clicked = (await page.evaluate(() => window.__relaisBench.clicks))[0];
  const title = await frame.locator('.msg-bot .answer-title').last().textContent();
  if (title !== 'Passport fees') throw new Error(`unexpected first answer: ${title}`);
  const engineWorker = await Promise.race([worker, null]);
  const inWorker = engineWorker ? await marks(engineWorker, clicked) : { phases: {} };
  const phases = { ...(await marks(frame, clicked)).phases, worker_started: inWorker.started, ...inWorker.phases,
                   asked: record.enters[0] - clicked };
  return { cold: record.answers.at(-1) - clicked, phases, frame, close: () => context.close() };
}

// Warm answers in the conversation of `frame`: Enter → answer, in ms.
async function warmTimes(frame) {
  const times = [];
  for (const question of kLaterQuestions) {
    const record = await ask(frame, question);
    times.push(record.answers.at(-1) - record.enters.at(-1));
  }
  return times;
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round = (value) => Math.round(value * 10) / 10;

function medianPhases(runs) {
  const names = new Set(runs.flatMap((run) => Object.keys(run)));
  return Object.fromEntries([...names].map((name) => [name, round(percentile(runs.map((r) => r[name] ?? NaN), 50))]));
}

const binary = serverBinary();
if (!binary) throw new Error('relais-server is not built: run make');
const manifest = JSON.parse(readFileSync(path.join(webRoot, 'kb/current'), 'utf8'));
const server = new RelaisServer(binary, { kb_file: path.join(webRoot, manifest.url) });
await server.start();
const browser = await launchBrowser();
try {
  const cold = [];
  const phases = [];
  let warm = [];
  for (let run = 0; run < kColdRuns; run += 1) {
    const result = await coldRun(browser, server.origin);
    cold.push(result.cold);
    phases.push(result.phases);
    if (run === kColdRuns - 1) warm = await warmTimes(result.frame);
    await result.close();
  }
  console.log(JSON.stringify({
    bench: 'widget_first_answer',
    cold_ms: round(percentile(cold, 50)),
    cold_ms_runs: cold.map(round),
    warm_ms_p50: round(percentile(warm, 50)),
    warm_ms_p95: round(percentile(warm, 95)),
    warm_ms_max: round(Math.max(...warm)),
    cold_budget_ms: kColdBudgetMs,
    warm_budget_ms: kWarmBudgetMs,
    within_budget: percentile(cold, 50) <= kColdBudgetMs && percentile(warm, 50) <= kWarmBudgetMs,
    phases_ms: medianPhases(phases),
  }));
} finally {
  await browser.close();
  await server.stop();
}
