// Accessibility (WCAG 2.1 AA) checked with axe-core on the closed launcher, the
// open panel, an answered conversation and the hand-off state; plus what axe
// cannot see: 200 % zoom and reduced motion.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseLanguage, hostPage, kTestTimeoutMs, launcher, openHostPage, startRelaisAndBrowser, stopRelaisAndBrowser, widgetFrame,
} from './browser.mjs';
import { axe } from './axe.mjs';

let browser;
let relais;

before(async () => { ({ relais, browser } = await startRelaisAndBrowser()); });
after(() => stopRelaisAndBrowser({ relais, browser }));

test('axe finds no violation on the closed launcher (English and French)', { timeout: kTestTimeoutMs }, async () => {
  for (const lang of ['en', 'fr']) {
    const { page, close } = await openHostPage(browser, hostPage(relais.origin, { lang }));
    await launcher(page).waitFor();
    assert.deepEqual(await axe(page, '[data-relais]'), [], lang);
    await close();
  }
});

test('axe finds no violation in the open panel, after an exchange and in the hand-off state', { timeout: kTestTimeoutMs }, async () => {
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin));
  await launcher(page).click();
  const frame = await widgetFrame(page);
  assert.deepEqual(await axe(page, '[data-relais]'), [], 'launcher and iframe element');
  assert.deepEqual(await axe(frame), [], 'empty panel');

  await frame.locator('textarea').fill('How much does a passport cost?');
  await frame.locator('textarea').press('Enter');
  await frame.locator('.msg-bot').nth(1).waitFor();
  assert.deepEqual(await axe(frame), [], 'after a question');

  await frame.locator('button.person').click();
  await frame.locator('.bubble-handoff').last().waitFor();
  assert.deepEqual(await axe(frame), [], 'hand-off state');

  await chooseLanguage(frame, 'fr');
  assert.deepEqual(await axe(frame), [], 'in French');
  assert.deepEqual(errors, []);
  await close();
});

test('the log is a polite live region that reads messages in order', { timeout: kTestTimeoutMs }, async () => {
  const { page, close } = await openHostPage(browser, hostPage(relais.origin));
  await launcher(page).click();
  const frame = await widgetFrame(page);
  const log = frame.locator('[role="log"]');
  assert.equal(await log.getAttribute('aria-live'), 'polite');
  await frame.locator('textarea').fill('first question');
  await frame.locator('textarea').press('Enter');
  await frame.locator('.msg-bot').nth(1).waitFor();
  await frame.locator('textarea').fill('second question');
  await frame.locator('textarea').press('Enter');
  await frame.locator('.msg-bot').nth(2).waitFor();
  // DOM order is reading order: each message says who spoke, then what.
  const lines = await log.locator(':scope > .msg').evaluateAll((nodes) => nodes.map((n) => n.textContent.slice(0, 40)));
  assert.match(lines[0], /^Automated assistant said: Hello!/);
  assert.match(lines[1], /^You said: first question/);
  assert.match(lines[2], /^Automated assistant said: /);
  assert.match(lines[3], /^You said: second question/);
  assert.match(lines[4], /^Automated assistant said: /);
  await close();
});

test('at 200 % zoom the panel fills the viewport and everything stays reachable', { timeout: kTestTimeoutMs }, async () => {
  // 1280×720 at 200 % is a 640×360 CSS-pixel viewport.
  const { page, close } = await openHostPage(browser, hostPage(relais.origin),
    { contextOptions: { viewport: { width: 640, height: 360 } } });
  await launcher(page).click();
  const frame = await widgetFrame(page);
  const box = await page.locator('[data-relais] iframe').boundingBox();
  assert.deepEqual(box, { x: 0, y: 0, width: 640, height: 360 });
  for (const selector of ['textarea', 'button.send', 'button.person', '.language-switch > button']) {
    const b = await frame.locator(selector).boundingBox();
    assert.ok(b && b.y >= 0 && b.y + b.height <= 360 && b.x >= 0 && b.x + b.width <= 640, `${selector} is on screen`);
  }
  assert.equal(await frame.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, 'no horizontal scroll');
  const log = await frame.locator('[role="log"]').boundingBox();
  assert.ok(log.height >= 100, `the log keeps ${log.height}px`);
  await close();
});

test('reduced motion turns animations off', { timeout: kTestTimeoutMs }, async () => {
  const { page, close } = await openHostPage(browser, hostPage(relais.origin),
    { contextOptions: { reducedMotion: 'reduce' } });
  await launcher(page).click();
  const frame = await widgetFrame(page);
  assert.equal(await page.locator('[data-relais] .frame').evaluate((f) => getComputedStyle(f).transitionDuration), '0s');
  assert.equal(await frame.locator('[role="log"]').evaluate((l) => getComputedStyle(l).scrollBehavior), 'auto');
  await close();
});

test('the start page (http://HOST:PORT/) links to the demo pages and the console, and passes axe', { timeout: kTestTimeoutMs }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${relais.origin}/`);
  const links = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of ['demo/', 'demo/fr/', 'demo/es/', 'console/']) assert.ok(links.includes(href), href);
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test('the demo host page, in English, French and Spanish, passes axe with the widget on it', { timeout: kTestTimeoutMs }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const [path, label] of [['/demo/', 'Ask a question'], ['/demo/fr/', 'Posez une question'],
    ['/demo/es/', 'Haga una pregunta']]) {
    await page.goto(`${relais.origin}${path}`);
    await launcher(page).waitFor();
    assert.equal((await launcher(page).textContent()).trim(), label);
    assert.deepEqual(await axe(page), [], path);
  }
  await context.close();
});
