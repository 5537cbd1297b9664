// The widget panel from the visitor's side: open and close with focus management,
// Escape, keyboard-only use, the hand-off action, language switching, and the
// conversation surviving a page reload. Works with or without the engine build
// (without it, questions are handed to a person).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseLanguage, eventually, focusIn, hostPage, kTestTimeoutMs, launcher, openHostPage, startRelaisAndBrowser, stopRelaisAndBrowser, tabTo, widgetFrame,
} from './browser.mjs';

let browser;
let relais;

before(async () => { ({ relais, browser } = await startRelaisAndBrowser()); });
after(() => stopRelaisAndBrowser({ relais, browser }));

const isOpen = (page) => page.locator('[data-relais] .frame').evaluate((f) => getComputedStyle(f).visibility === 'visible');
const eventNames = (page) => page.evaluate(() => window.events.map((e) => e.name));

test('opening moves focus into the panel; Escape and the close button give it back to the launcher', { timeout: kTestTimeoutMs }, async () => {
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin));
  await launcher(page).waitFor();
  await tabTo(page, 'launcher');
  await page.keyboard.press('Enter');
  await eventually(async () => (await focusIn(page)) === 'frame:textarea.input');
  assert.equal(await isOpen(page), true);
  assert.equal(await launcher(page).getAttribute('aria-expanded'), 'true');
  const frame = await widgetFrame(page);
  assert.equal(await frame.locator('iframe, [role="log"]').first().getAttribute('aria-label'), 'Conversation');

  await page.keyboard.press('Escape');
  await eventually(async () => (await focusIn(page)) === 'launcher');
  await eventually(async () => !(await isOpen(page)));
  assert.equal(await launcher(page).getAttribute('aria-expanded'), 'false');

  await page.keyboard.press('Enter');
  await eventually(async () => (await focusIn(page)) === 'frame:textarea.input');
  await frame.getByRole('button', { name: 'Close chat' }).click();
  await eventually(async () => (await focusIn(page)) === 'launcher');
  assert.deepEqual((await eventNames(page)).filter((n) => n === 'open' || n === 'close'), ['open', 'close', 'open', 'close']);
  // The focus ring is visible on the launcher (keyboard focus).
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  assert.equal(await launcher(page).evaluate((b) => getComputedStyle(b).outlineStyle), 'solid');
  assert.deepEqual(errors, []);
  await close();
});

test('a whole conversation works with the keyboard only, including asking for a person', { timeout: kTestTimeoutMs }, async () => {
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin));
  await launcher(page).waitFor();
  await tabTo(page, 'launcher');
  await page.keyboard.press('Enter');
  await eventually(async () => (await focusIn(page)) === 'frame:textarea.input');
  const frame = await widgetFrame(page);

  // Enter on an empty box explains instead of sending.
  await page.keyboard.press('Enter');
  assert.equal(await frame.locator('#relais-error').textContent(), 'Please type a question first.');
  assert.equal(await frame.locator('textarea').getAttribute('aria-invalid'), 'true');

  await page.keyboard.type('How do I renew my passport?');
  await page.keyboard.press('Enter');
  await frame.locator('.msg-visitor').first().waitFor();
  assert.equal(await frame.locator('.msg-visitor .bubble').first().textContent(), 'You said: How do I renew my passport?');
  assert.equal(await frame.locator('textarea').inputValue(), '');
  // The reply (an answer with the engine, a hand-off without) arrives in the log.
  await frame.locator('.msg-bot').nth(1).waitFor();
  assert.equal(await focusIn(page), 'frame:textarea.input', 'focus stays in the text box');

  // "Talk to a person" is one Shift+Tab away from the text box.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focusIn(page), 'frame:button.person');
  assert.equal(await frame.locator('button.person').evaluate((b) => getComputedStyle(b).outlineStyle), 'solid');
  await page.keyboard.press('Enter');
  await eventually(async () => (await eventNames(page)).includes('handoff'));
  const handoffs = await page.evaluate(() => window.events.filter((e) => e.name === 'handoff').map((e) => e.detail));
  const last = handoffs[handoffs.length - 1];
  assert.equal(last.reason, 'asked_for_human');
  assert.equal(last.language, 'en');
  const card = frame.locator('.bubble-handoff').last();
  assert.match(await card.textContent(), /Let's connect you with a person/);
  assert.match(await card.textContent(), /You asked to talk to a person\./);

  await page.keyboard.press('Escape');
  await eventually(async () => (await focusIn(page)) === 'launcher');
  assert.deepEqual(errors, []);
  await close();
});

test('the visitor switches language in the widget; the host can switch it back', { timeout: kTestTimeoutMs }, async () => {
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin));
  await launcher(page).click();
  const frame = await widgetFrame(page);
  // (The switch's two forms, a button and a list: language_menu.test.mjs.)
  await chooseLanguage(frame, 'fr');
  assert.equal(await frame.locator('h1').textContent(), 'Posez-nous une question');
  assert.equal(await frame.locator('label[for="relais-question"]').textContent(), 'Votre question');
  assert.equal(await frame.locator('button.person').textContent(), 'Parler à une personne');
  assert.equal(await frame.title(), 'Posez-nous une question');
  await eventually(async () => (await launcher(page).textContent()).trim() === 'Fermer le clavardage');
  assert.equal(await page.locator('[data-relais] iframe').getAttribute('title'), 'Clavardage : questions et réponses');
  assert.equal(await focusIn(page), 'frame:button.tool', 'focus stays on the language button');

  await page.evaluate(() => Relais('setLanguage', 'en'));
  await eventually(() => frame.evaluate(() => document.documentElement.lang === 'en'));
  assert.equal(await frame.locator('h1').textContent(), 'Ask us a question');
  assert.equal((await launcher(page).textContent()).trim(), 'Close chat');
  assert.deepEqual(errors, []);
  await close();
});

test('the page language picks the widget language', { timeout: kTestTimeoutMs }, async () => {
  const { page, close } = await openHostPage(browser, hostPage(relais.origin, { lang: 'fr-CA' }));
  assert.equal((await launcher(page).textContent()).trim(), 'Posez une question');
  await launcher(page).click();
  const frame = await widgetFrame(page);
  assert.equal(await frame.locator('h1').textContent(), 'Posez-nous une question');
  assert.match(await frame.locator('.msg-welcome').textContent(), /^L'assistant automatisé a dit : Bonjour!/);
  await close();
});

test('the conversation survives a page reload, in this tab only', { timeout: kTestTimeoutMs }, async () => {
  const { page, context, errors, close } = await openHostPage(browser, hostPage(relais.origin));
  await launcher(page).click();
  let frame = await widgetFrame(page);
  await frame.locator('textarea').fill('Where is the nearest office?');
  await frame.locator('textarea').press('Enter');
  await frame.locator('.msg-bot').nth(1).waitFor();
  await chooseLanguage(frame, 'fr');
  const before = await frame.locator('.msg').count();

  await page.reload();
  await launcher(page).click();
  frame = await widgetFrame(page);
  await eventually(async () => (await frame.locator('.msg').count()) === before);
  assert.equal(await frame.locator('.msg-visitor .bubble').first().textContent(), 'Vous avez dit : Where is the nearest office?');
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'fr');

  // "Start over" clears it.
  await frame.getByRole('button', { name: 'Recommencer' }).click();
  assert.equal(await frame.locator('.msg').count(), 1);
  assert.equal(await frame.locator('.status').textContent(), 'La conversation a été effacée.');

  // Another tab starts afresh.
  const other = await context.newPage();
  await other.goto(page.url());
  await launcher(other).click();
  const otherFrame = await widgetFrame(other);
  assert.equal(await otherFrame.locator('.msg').count(), 1);
  assert.deepEqual(errors, []);
  await close();
});

test('the widget opened on its own (no host page) works as a full page', { timeout: kTestTimeoutMs }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${relais.origin}/widget/#lang=fr`);
  await page.locator('.panel').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Posez-nous une question');
  assert.equal(await page.getByRole('button', { name: 'Fermer le clavardage' }).count(), 0, 'nothing to close');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'relais-question');
  await context.close();
});

test('with launcher: false the host page opens the chat from its own button and gets focus back', { timeout: kTestTimeoutMs }, async () => {
  const body = '<button id="help" type="button">Help</button>';
  const after = "<script>document.addEventListener('DOMContentLoaded', () => " +
    "document.getElementById('help').addEventListener('click', () => Relais('open')));</script>";
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin, { settings: '{ launcher: false }', before: after, body }));
  await eventually(() => page.evaluate(() => window.events.some((e) => e.name === 'ready')));
  assert.equal(await launcher(page).isVisible(), false);
  await page.focus('#help');
  await page.keyboard.press('Enter');
  await eventually(async () => (await focusIn(page)) === 'frame:textarea.input');
  await page.keyboard.press('Escape');
  await eventually(() => page.evaluate(() => document.activeElement && document.activeElement.id === 'help'));
  assert.deepEqual(errors, []);
  await close();
});
