// The widget with the real engine (build/web/engine, the C++ engine compiled to
// WebAssembly) and the demo knowledge base (build/web/kb): French and English
// answers, hand-offs with the other ways to get help, and offline use after the
// first visit. Skipped, with the reason, until both are built.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  engineBuilt, eventually, hostPage, kTestTimeoutMs, launchBrowser, launcher, openHostPage, startRelais, watchErrors,
  webRoot, widgetFrame,
} from './browser.mjs';
import { StaticServer } from './static_server.mjs';

const skip = engineBuilt()
  ? false
  : `no engine or knowledge base in ${webRoot} (engine/relais-engine.mjs, kb/current): run make wasm web`;

let browser;
let relais;

before(async () => {
  if (skip) return;
  relais = await startRelais();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await relais?.stop();
});

test('the engine module needs no eval (the widget CSP has no unsafe-eval)', { skip }, async () => {
  // Web Workers take their CSP from their own response; relais-server should send
  // the widget's (script-src 'self' 'wasm-unsafe-eval'), under which `new Function`
  // throws. Emscripten's embind uses it unless linked with -sDYNAMIC_EXECUTION=0.
  const glue = await readFile(path.join(webRoot, 'engine/relais-engine.mjs'), 'utf8');
  assert.ok(!/new Function\(|\beval\(/.test(glue),
    'relais-engine.mjs uses eval or new Function: link it with -sDYNAMIC_EXECUTION=0 (wasm/CMakeLists.txt)');
});

// Asks `question` in the open widget; returns the locator of the reply.
async function ask(frame, question) {
  const replies = frame.locator('.msg-bot');
  const count = await replies.count();
  await frame.locator('textarea').fill(question);
  await frame.locator('textarea').press('Enter');
  const reply = replies.nth(count);
  await reply.waitFor({ timeout: 30000 });
  return reply;
}

const messageEvents = (page) =>
  page.evaluate(() => window.events.filter((e) => e.name === 'message').map((e) => e.detail));

test('English and French questions get the right answers, in their language', { skip, timeout: kTestTimeoutMs }, async () => {
  const start = relais.requests.length;
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin));
  await launcher(page).click();
  const frame = await widgetFrame(page);

  const english = await ask(frame, 'How do I renew my passport?');
  assert.equal(await english.locator('.answer-title').textContent(), 'Renew your passport');
  assert.equal(await english.locator('.answer').getAttribute('lang'), 'en');
  assert.ok((await english.locator('.answer strong').count()) > 0, 'bold text rendered');
  assert.ok((await english.locator('.answer li').count()) >= 4, 'lists rendered');
  const link = english.locator('.answer a[href^="https://"]').first();
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await english.locator('.other-language').count(), 0);
  // entry: links and follow-ups become chips; the helpful question is there.
  const chips = await english.locator('.chip').allTextContents();
  assert.ok(chips.length >= 3, `follow-up chips: ${chips}`);
  assert.equal(await english.getByRole('group', { name: 'Was this answer helpful?' }).count(), 1);

  const french = await ask(frame, 'Combien coûte un passeport ?');
  assert.equal(await french.locator('.answer-title').textContent(), 'Frais de passeport');
  assert.equal(await french.locator('.answer').getAttribute('lang'), 'fr');
  assert.match(await french.locator('.answer').textContent(), /160 \$/);
  assert.equal(await french.locator('.other-language').textContent(), 'This answer is in French.');

  const entries = (await messageEvents(page)).filter((m) => m.author === 'bot').map((m) => m.entry);
  assert.deepEqual(entries, ['passport-renewal', 'passport-fees']);

  // A follow-up chip answers its entry directly.
  const chip = english.locator('.chip').first();
  const chipTitle = await chip.textContent();
  const replies = frame.locator('.msg-bot');
  const count = await replies.count();
  await chip.click();
  await replies.nth(count).waitFor();
  assert.equal(await frame.locator('.msg-visitor .bubble').last().textContent(), `You said: ${chipTitle}`);
  assert.equal(await replies.nth(count).locator('.answer').getAttribute('lang'), 'en');

  // Feedback: one click, thanks, focus on the thanks.
  await english.getByRole('button', { name: 'Yes, this answer was helpful' }).click();
  assert.equal(await english.locator('.feedback-done').textContent(), 'Thank you for your feedback.');
  assert.equal(await frame.evaluate(() => document.activeElement.className), 'feedback-done');

  // The questions never left the browser: only static files were fetched.
  const fetched = relais.requests.slice(start);
  assert.ok(fetched.every((p) => /^\/(relais\.js|widget\/.*|engine\/.*|kb\/.*)$/.test(p)), fetched.join(' '));
  assert.deepEqual(errors, []);
  await close();
});

test('what the engine cannot answer goes to a person, with the reason and the other ways to get help', { skip, timeout: kTestTimeoutMs }, async () => {
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin, { lang: 'fr' }));
  await launcher(page).click();
  const frame = await widgetFrame(page);

  const reply = await ask(frame, 'Je veux parler à un agent');
  assert.match(await reply.getAttribute('class'), /msg-bot/);
  const card = reply.locator('.bubble-handoff');
  assert.equal(await card.locator('.answer-title').textContent(), 'Nous allons vous mettre en contact avec une personne');
  assert.match(await card.textContent(), /Vous avez demandé à parler à une personne\./);
  const phone = card.locator('a[href="tel:18005550100"]');
  assert.equal(await phone.count(), 1, 'the general phone line');
  const handoff = await eventually(() => page.evaluate(() => window.events.find((e) => e.name === 'handoff')));
  assert.equal(handoff.detail.reason, 'asked_for_human');
  assert.equal(handoff.detail.decision.decision, 'handoff');
  assert.equal(handoff.detail.language, 'fr');

  const outside = await ask(frame, 'Quelle est la meilleure recette de tarte au sucre?');
  const outsideText = await outside.textContent();
  assert.ok(/une personne/.test(outsideText) || (await outside.locator('.chip').count()) > 0,
    'out of scope: a hand-off or a clarification, never a wrong answer');
  assert.deepEqual(errors, []);
  await close();
});

test('a question in Arabic script goes to a person, said in Arabic too, by the engine in the browser', { skip, timeout: kTestTimeoutMs }, async () => {
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin, { lang: 'en' }));
  await launcher(page).click();
  const frame = await widgetFrame(page);
  const reply = await ask(frame, 'كيف أجدد جواز سفري؟');
  const card = reply.locator('.bubble-handoff');
  // The knowledge base's languages, named in the widget's (the demo's: English, French and,
  // for some answers, Spanish).
  assert.match(await card.textContent(),
    /Our automated answers are only in English, French, and Spanish\./);
  const note = card.locator('.other-language');
  assert.equal(await note.getAttribute('lang'), 'ar');
  assert.equal(await note.getAttribute('dir'), 'rtl');
  assert.match(await note.textContent(), /العربية/);
  const handoff = await eventually(() => page.evaluate(() => window.events.find((e) => e.name === 'handoff')));
  assert.equal(handoff.detail.reason, 'other_language');
  assert.deepEqual(handoff.detail.decision.visitor_languages, ['ar', 'fa', 'ur']);
  assert.deepEqual(errors, []);
  await close();
});

test('after the first visit the widget answers with the Relais server down and the browser offline', { skip, timeout: kTestTimeoutMs }, async () => {
  // A Relais server of its own, so that stopping it does not disturb other tests.
  const server = await new StaticServer({ root: webRoot }).start();
  const { page, context, errors, close } = await openHostPage(browser, hostPage(server.origin));
  await launcher(page).click();
  let frame = await widgetFrame(page);
  await ask(frame, 'passport processing time');
  // The service worker is active and has cached the shell, the engine and the bundle.
  const cached = await frame.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const urls = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  for (const pattern of [/^\/widget\/$/, /^\/widget\/app-.*\.js$/, /^\/engine\/relais-engine\.wasm$/, /^\/kb\/current$/, /^\/kb\/[0-9a-f]+\.sqlite$/]) {
    assert.ok(cached.some((url) => pattern.test(url)), `${pattern} cached (${cached.join(' ')})`);
  }

  // A later page view: the loader arrives, then the network goes down before the
  // visitor opens the chat. The widget, the engine and the bundle come from the
  // service worker's cache.
  const later = await context.newPage();
  const laterErrors = watchErrors(later);
  await later.goto(page.url());
  await launcher(later).waitFor();
  await server.stop();
  await context.setOffline(true);
  await launcher(later).click();
  frame = await widgetFrame(later);
  let reply = await ask(frame, 'Comment renouveler mon passeport ?');
  assert.equal(await reply.locator('.answer-title').textContent(), 'Renouveler votre passeport');

  // A reload with the Relais server still down: relais.js comes from the HTTP
  // cache (served with max-age=300, as web/README.md recommends).
  await context.setOffline(false);
  await later.reload();
  await launcher(later).click();
  frame = await widgetFrame(later);
  reply = await ask(frame, 'How long does it take to get a passport?');
  assert.equal(await reply.locator('.answer-title').textContent(), 'Passport processing times');
  assert.deepEqual([...errors, ...laterErrors].filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED')), []);
  await close();
});

test('first answer on a cold cache', { skip, timeout: kTestTimeoutMs }, async () => {
  const { page, close } = await openHostPage(browser, hostPage(relais.origin));
  await launcher(page).waitFor();
  const started = Date.now();
  await launcher(page).click();
  const frame = await widgetFrame(page);
  const reply = await ask(frame, 'How much does a passport cost?');
  const elapsed = Date.now() - started;
  assert.equal(await reply.locator('.answer-title').textContent(), 'Passport fees');
  console.log(`# first answer on a cold cache: ${elapsed} ms (open, load engine and knowledge base, answer)`);
  const second = Date.now();
  await ask(frame, 'How long does it take to get a passport?');
  console.log(`# next answer: ${Date.now() - second} ms`);
  assert.ok(elapsed < 20000, `first answer took ${elapsed} ms`);
  await close();
});
