// Shared set-up of the browser tests: Debian's Chromium driven by playwright-core,
// build/web served by the static server, host pages on another origin (another
// port), and helpers to reach the widget inside its shadow root and iframe.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { StaticServer } from './static_server.mjs';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const webRoot = process.env.RELAIS_WEB_DIR ?? path.join(repoRoot, 'build/web');
export const kTestTimeoutMs = 60000;

const kChromium = process.env.RELAIS_CHROMIUM ?? '/usr/bin/chromium';
const kArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

// Fails early and clearly when the web build is missing.
export function requireWebBuild() {
  const loader = path.join(webRoot, 'relais.js');
  if (!existsSync(loader)) throw new Error(`${loader} is missing: run \`make web\` (node web/build.mjs) first`);
}

// Whether the engine module and a knowledge-base bundle were built into build/web.
export function engineBuilt() {
  return existsSync(path.join(webRoot, 'engine/relais-engine.mjs')) && existsSync(path.join(webRoot, 'kb/current'));
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: kChromium, args: kArgs });
}

// For a test file that starts its own servers: registers the hooks that launch
// one browser before its tests (unless `skip`) and close it after them. The
// browser is `.browser` of the returned object once the tests run.
export function browserForFile(skip) {
  const session = { browser: null };
  before(async () => {
    if (skip) return;
    requireWebBuild();
    session.browser = await launchBrowser();
  });
  after(async () => {
    await session.browser?.close();
  });
  return session;
}

// The Relais server stand-in (build/web).
export async function startRelais() {
  requireWebBuild();
  return new StaticServer({ root: webRoot }).start();
}

// What most browser test files share: the Relais stand-in and one browser.
// If the browser cannot start, the stand-in is stopped (else its open port keeps
// the test process alive) and the error is thrown.
export async function startRelaisAndBrowser() {
  const relais = await startRelais();
  try {
    return { relais, browser: await launchBrowser() };
  } catch (error) {
    await relais.stop();
    throw error;
  }
}

export async function stopRelaisAndBrowser({ relais, browser }) {
  await browser?.close();
  await relais?.stop();
}

// A host page origin with the given pages ({'/': html, ...}); headers(urlPath) adds response headers.
export async function startHost(pages, headers) {
  return new StaticServer({ pages, headers }).start();
}

// A typical host page: the embedding snippet from web/README.md.
export function hostPage(relaisOrigin, { lang = 'en', settings = '{}', first = '', before = '', body = '', loaderTags = 1, nonce = '' } = {}) {
  const tag = `<script src="${relaisOrigin}/relais.js" data-relais-server="${relaisOrigin}" async></script>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Host</title>
${first}
<script${nonce ? ` nonce="${nonce}"` : ''}>
  window.relaisSettings = ${settings};
  window.Relais = window.Relais || function () { (Relais.q = Relais.q || []).push(arguments); };
  window.events = [];
  for (const name of ['ready', 'open', 'close', 'handoff', 'message'])
    document.addEventListener('relais:' + name, (e) => window.events.push({ name, detail: e.detail }));
</script>
${before}
${tag.repeat(loaderTags)}
</head><body><h1>Host page</h1><p><a href="#top">A link before the widget</a></p>${body}</body></html>`;
}

// Collects page errors and console errors of the page and its frames (CSP
// violations appear there too). HTTP errors are not counted: without an engine
// build the widget's fetches of /engine/ and /kb/ fail by design.
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}

// The launcher button (inside the open shadow root; Playwright's CSS engine pierces it).
export function launcher(page) {
  return page.locator('[data-relais] button.launcher');
}

// The widget iframe's Frame, once it has loaded the app.
export async function widgetFrame(page) {
  const handle = await page.locator('[data-relais] iframe').elementHandle({ timeout: 10000 });
  const frame = await handle.contentFrame();
  await frame.waitForSelector('.panel', { timeout: 10000 });
  return frame;
}

// Waits until `predicate(page)` holds, polling.
export async function eventually(predicate, { timeout = 10000, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

// Opens `html` (or {path: html}) on a fresh host origin in a fresh browser context.
// Returns {page, host, context, errors, close}; dialogs are errors too.
// With `host` (a StaticServer already serving the page), that server is used and left running.
export async function openHostPage(browser, html, { contextOptions = {}, headers = null, path = '/', host: given = null } = {}) {
  const host = given ?? (await startHost(typeof html === 'string' ? { [path]: html } : html, headers));
  if (given && typeof html === 'string') given.pages[path] = html;
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = watchErrors(page);
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  await page.goto(`${host.origin}${path}`);
  const close = async () => {
    await context.close();
    if (!given) await host.stop();
  };
  return { page, host, context, errors, close };
}

// Where keyboard focus is: 'launcher', 'frame:<tag>.<class>' (inside the widget) or the page's element tag.
export async function focusIn(page) {
  const outer = await page.evaluate(() => {
    const host = document.querySelector('[data-relais]');
    if (document.activeElement === host) {
      const inner = host.shadowRoot.activeElement;
      return inner && inner.tagName === 'IFRAME' ? 'iframe' : inner && inner.classList.contains('launcher') ? 'launcher' : 'shadow';
    }
    return document.activeElement ? document.activeElement.tagName.toLowerCase() : 'none';
  });
  if (outer !== 'iframe') return outer;
  const frame = await widgetFrame(page);
  return frame.evaluate(() => {
    const e = document.activeElement;
    return `frame:${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ')[0] : ''}`;
  });
}

// Presses Tab until `predicate(await focusIn(page))` holds (at most `max` times).
export async function tabTo(page, target, { max = 30, shift = false } = {}) {
  for (let i = 0; i < max; i += 1) {
    if ((await focusIn(page)) === target) return;
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${target} with the keyboard (focus: ${await focusIn(page)})`);
}

// The widget's language switch (web/widget/app/language-switch.js): one button
// naming the other language when two are offered, else a button opening a list.
export function languageButton(frame) {
  return frame.locator('.language-switch > button');
}

// Chooses `code` with the widget's language switch, whichever form it has, and
// waits until the widget shows it. The form can change while the engine loads
// (all the UI's languages until the knowledge base says which it has), so each
// step is retried until the language is shown.
export async function chooseLanguage(frame, code) {
  await eventually(async () => {
    if (await frame.evaluate((c) => document.documentElement.lang === c, code)) return true;
    const button = languageButton(frame);
    const expanded = await button.getAttribute('aria-expanded');
    if (expanded === null) {
      if ((await button.getAttribute('lang')) === code) await button.click();
    } else if (expanded === 'false') {
      await button.click();
    } else {
      await frame.locator(`.language-list button[lang="${code}"]`).click({ timeout: 1000 }).catch(() => {});
    }
    return false;
  }, { interval: 100 });
}
