// The language switch with three languages or more (web/widget/app/language-switch.js):
// in the widget, a disclosure button and a list of languages each named in
// itself, operated with the keyboard, checked by axe while open; choosing
// Español switches the widget and the launcher and survives a reload. With the
// demo knowledge base, the widget offers only the UI languages it also has. The
// agent console's switch, on its sign-in page.
//
// Until the engine has read the knowledge base the widget offers all its UI
// languages; the tests that need that state block the knowledge base's manifest
// (the engine then stays unavailable and the widget offers a person).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  chooseLanguage, engineBuilt, eventually, focusIn, hostPage, kTestTimeoutMs, languageButton, launcher, openHostPage,
  repoRoot, startRelaisAndBrowser, stopRelaisAndBrowser, webRoot, widgetFrame,
} from './browser.mjs';
import { axe } from './axe.mjs';
import { sqliteShell } from './sqlite_cli.mjs';
import { uiLanguages } from '../../web/ui-languages.mjs';

let browser;
let relais;

before(async () => { ({ relais, browser } = await startRelaisAndBrowser()); });
after(() => stopRelaisAndBrowser({ relais, browser }));

// Each language's name in itself, from its string file.
const endonym = (app, code) => {
  const json = JSON.parse(readFileSync(path.join(repoRoot, `web/${app}/i18n/${code}.json`), 'utf8'));
  return app === 'widget' ? json.app.language_name : json.language_name;
};
const hasSpanish = uiLanguages('widget').includes('es');

// A host page whose widget never loads the knowledge base: it offers every UI language.
async function openWithoutKnowledgeBase(options = {}) {
  const opened = await openHostPage(browser, hostPage(relais.origin, options));
  await opened.context.route('**/kb/current', (route) => route.abort());
  await launcher(opened.page).click();
  return { ...opened, frame: await widgetFrame(opened.page) };
}

const items = (frame) => frame.locator('#relais-languages button');
const listShown = (frame) => frame.locator('#relais-languages').isVisible();

test('the widget’s language list works with the keyboard, and Español switches it', { skip: !hasSpanish, timeout: kTestTimeoutMs }, async () => {
  const { page, frame, errors, close } = await openWithoutKnowledgeBase();
  const button = languageButton(frame);
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await button.getAttribute('aria-controls'), 'relais-languages');
  // Its name says "Language" in every language, then the current one.
  assert.equal((await button.textContent()).replace(/\s+/g, ' '), 'Language / Langue / Idioma: English');
  assert.equal(await frame.getByRole('button', { name: 'Language / Langue / Idioma: English', exact: true }).count(), 1);
  assert.equal(await listShown(frame), false);

  // Enter opens the list; focus stays on the button (disclosure pattern).
  await button.focus();
  await page.keyboard.press('Enter');
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  assert.equal(await listShown(frame), true);
  const shown = await items(frame).evaluateAll((nodes) => nodes.map((n) => [n.lang, n.textContent, n.getAttribute('aria-current')]));
  assert.deepEqual(shown, uiLanguages('widget').map((code) => [code, endonym('widget', code), code === 'en' ? 'true' : null]));
  assert.deepEqual(shown.slice(0, 3).map(([, name]) => name), ['English', 'Français', 'Español']);
  assert.deepEqual(await axe(frame), [], 'the open list');

  // Arrow keys move through the list; Home and End jump; Escape closes it and
  // gives focus back to the button, without closing the panel.
  const focusedLanguage = () => frame.evaluate(() => document.activeElement.getAttribute('lang'));
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedLanguage(), 'en', 'the current language first');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedLanguage(), 'fr');
  assert.equal(await frame.locator('#relais-languages button[lang="fr"]').evaluate((b) => getComputedStyle(b).outlineStyle), 'solid',
    'visible focus');
  await page.keyboard.press('End');
  assert.equal(await focusedLanguage(), 'es');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedLanguage(), 'en', 'wraps around');
  await page.keyboard.press('Home');
  assert.equal(await focusedLanguage(), 'en');
  await page.keyboard.press('Escape');
  assert.equal(await listShown(frame), false);
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await focusIn(page), 'frame:button.tool');
  assert.equal(await launcher(page).getAttribute('aria-expanded'), 'true', 'Escape closed the list, not the panel');

  // Tab out of the open list closes it.
  await page.keyboard.press('ArrowUp');
  assert.equal(await listShown(frame), true);
  assert.equal(await focusedLanguage(), 'en');
  for (let i = 0; i < uiLanguages('widget').length; i += 1) await page.keyboard.press('Tab');
  assert.equal(await listShown(frame), false, 'focus left the list');

  // Choose Español with the keyboard.
  await button.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await eventually(() => frame.evaluate(() => document.documentElement.lang === 'es'));
  assert.equal(await listShown(frame), false);
  assert.equal(await focusIn(page), 'frame:button.tool', 'focus back on the button');
  assert.equal(await frame.locator('textarea').getAttribute('placeholder'), 'Escriba su pregunta');
  assert.equal(await frame.locator('h1').textContent(), 'Háganos una pregunta');
  assert.equal((await button.textContent()).replace(/\s+/g, ' '), 'Language / Langue / Idioma: Español');
  assert.equal(await frame.locator('.language-current').getAttribute('lang'), 'es');
  assert.equal(await frame.locator('#relais-languages button[aria-current="true"]').getAttribute('lang'), 'es');
  // The launcher follows (the widget told the host page).
  await eventually(async () => (await launcher(page).textContent()).trim() === 'Cerrar el chat');
  assert.equal(await launcher(page).getAttribute('lang'), 'es');
  assert.equal(await page.locator('[data-relais] iframe').getAttribute('title'), 'Chat: preguntas y respuestas');

  // The choice survives a reload, as the conversation does (this tab).
  await page.reload();
  await launcher(page).click();
  const again = await widgetFrame(page);
  await eventually(() => again.evaluate(() => document.documentElement.lang === 'es'));
  assert.equal(await again.locator('textarea').getAttribute('placeholder'), 'Escriba su pregunta');
  assert.deepEqual(errors, []);
  await close();
});

test('a click opens the list, a click elsewhere closes it, a click on a language chooses it', { skip: !hasSpanish, timeout: kTestTimeoutMs }, async () => {
  const { frame, errors, close } = await openWithoutKnowledgeBase({ lang: 'fr' });
  const button = languageButton(frame);
  assert.equal((await button.textContent()).replace(/\s+/g, ' '), 'Language / Langue / Idioma: Français');
  await button.click();
  assert.equal(await listShown(frame), true);
  await frame.locator('[role="log"]').click();
  assert.equal(await listShown(frame), false);
  await button.click();
  await frame.locator('#relais-languages button[lang="es"]').click();
  await eventually(() => frame.evaluate(() => document.documentElement.lang === 'es'));
  assert.equal(await frame.locator('button.person').textContent(), 'Hablar con una persona');
  // Choosing the current language only closes the list.
  await button.click();
  await frame.locator('#relais-languages button[lang="es"]').click();
  assert.equal(await listShown(frame), false);
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'es');
  assert.deepEqual(errors, []);
  await close();
});

test('the host page can ask for Spanish: the launcher and the widget speak it', { skip: !hasSpanish, timeout: kTestTimeoutMs }, async () => {
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin, { lang: 'es-MX' }));
  assert.equal((await launcher(page).textContent()).trim(), 'Haga una pregunta');
  await launcher(page).click();
  const frame = await widgetFrame(page);
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'es');
  assert.match(await frame.locator('.msg-welcome').textContent(), /^El asistente automático dijo: ¡Hola!/);
  assert.equal(await frame.locator('textarea').getAttribute('placeholder'), 'Escriba su pregunta');
  // The switch shows Spanish as chosen, even while the knowledge base lacks it.
  assert.match(await languageButton(frame).textContent(), /Español$/);
  await page.evaluate(() => Relais('setLanguage', 'en'));
  await eventually(() => frame.evaluate(() => document.documentElement.lang === 'en'));
  assert.equal((await launcher(page).textContent()).trim(), 'Close chat');
  assert.deepEqual(errors, []);
  await close();
});

// The knowledge base's languages, read from the built bundle (null without sqlite3).
function bundleLanguages() {
  const shell = sqliteShell();
  if (!shell) return null;
  const manifest = JSON.parse(readFileSync(path.join(webRoot, 'kb/current'), 'utf8'));
  const bundle = path.join(webRoot, manifest.url);
  const result = spawnSync(shell, ['-readonly', bundle, "SELECT value FROM meta WHERE key = 'languages'"], { encoding: 'utf8' });
  return result.status === 0 ? JSON.parse(result.stdout) : null;
}

test('with the knowledge base loaded, the widget offers the UI languages it also has', {
  skip: !engineBuilt() ? 'engine and knowledge base not built' : !sqliteShell() ? 'sqlite3 not installed' : false,
  timeout: kTestTimeoutMs,
}, async () => {
  const expected = uiLanguages('widget').filter((code) => bundleLanguages().includes(code));
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin));
  await launcher(page).click();
  const frame = await widgetFrame(page);
  // Once an answer came, the engine has read the knowledge base.
  await frame.locator('textarea').fill('How do I renew my passport?');
  await frame.locator('textarea').press('Enter');
  await frame.locator('.msg-bot').nth(1).waitFor();
  const button = languageButton(frame);
  if (expected.length > 2) {
    await eventually(async () => (await items(frame).count()) === expected.length);
    assert.deepEqual(await items(frame).evaluateAll((nodes) => nodes.map((n) => n.lang)), expected);
  } else {
    // Two languages: one button naming the other in itself, as before there were more.
    await eventually(async () => (await button.getAttribute('aria-expanded')) === null);
    assert.deepEqual(expected, ['en', 'fr']);
    assert.equal(await button.textContent(), 'Français');
    assert.equal(await button.getAttribute('lang'), 'fr');
    await button.click();
    await eventually(() => frame.evaluate(() => document.documentElement.lang === 'fr'));
    assert.equal(await button.textContent(), 'English');
    assert.equal(await focusIn(page), 'frame:button.tool');
  }
  assert.deepEqual(errors, []);
  await close();
});

test('the console’s language list switches its strings', { skip: !hasSpanish, timeout: kTestTimeoutMs }, async () => {
  // The sign-in page, served without a server behind it (/api/me fails: signed out).
  const context = await browser.newContext({ locale: 'fr-CA' });
  const page = await context.newPage();
  await page.goto(`${relais.origin}/console/`);
  const button = page.locator('.language-switch > button');
  await eventually(async () => (await button.textContent()).includes('Français'));
  assert.equal(await page.locator('#signin-heading').textContent(), 'Connexion');
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await page.locator('#languages button').evaluateAll((nodes) => nodes.map((n) => [n.lang, n.textContent])),
    uiLanguages('console').map((code) => [code, endonym('console', code)]));
  assert.deepEqual(await axe(page), [], 'the sign-in page with the list open');
  await page.keyboard.press('ArrowDown');  // the current language
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await eventually(() => page.evaluate(() => document.documentElement.lang === 'es'));
  assert.equal(await page.locator('#signin-heading').textContent(), 'Iniciar sesión');
  assert.equal(await page.locator('label[for="password"]').textContent(), 'Contraseña');
  assert.equal(await page.title(), 'Relais — consola de agentes');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('language-button')), true);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#languages').isVisible(), false);
  await context.close();
});
