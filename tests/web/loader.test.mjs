// The loader (build/web/relais.js) on host pages of another origin: one global,
// idempotent, queued calls replayed, events, nothing loaded or stored before the
// visitor opens the chat, no CSS leaks, single-page navigation, bad input.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  eventually, hostPage, kTestTimeoutMs, launcher, startHost, startRelais, startRelaisAndBrowser, stopRelaisAndBrowser, watchErrors, widgetFrame,
} from './browser.mjs';

let browser;
let relais;

before(async () => { ({ relais, browser } = await startRelaisAndBrowser()); });
after(() => stopRelaisAndBrowser({ relais, browser }));

// Opens `html` on a fresh host origin; returns {page, host, errors, context}.
async function open(html, options = {}) {
  const host = await startHost({ '/': html });
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = watchErrors(page);
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  await page.goto(`${host.origin}/`);
  const close = async () => {
    await context.close();
    await host.stop();
  };
  return { page, host, errors, context, close };
}

const events = (page) => page.evaluate(() => window.events.map((e) => e.name));

test('pasted twice, the loader adds one button and defines only window.Relais', { timeout: kTestTimeoutMs }, async () => {
  const first = `<script>window.globalsBefore = Object.getOwnPropertyNames(window);</script>`;
  const { page, errors, close } = await open(hostPage(relais.origin, { loaderTags: 2, first }));
  await launcher(page).waitFor();
  await eventually(async () => (await events(page)).includes('ready'));
  assert.equal(await page.locator('[data-relais]').count(), 1);
  assert.equal(await launcher(page).count(), 1);
  assert.deepEqual((await events(page)).filter((e) => e === 'ready'), ['ready']);
  const added = await page.evaluate(() =>
    Object.getOwnPropertyNames(window).filter((name) => !window.globalsBefore.includes(name)));
  assert.deepEqual(added.sort(), ['Relais', 'events', 'globalsBefore', 'relaisSettings']);  // the last three: the test page's
  assert.equal(await page.evaluate(() => window.Relais.loaded), true);
  // A real button with an accessible name, collapsed.
  assert.equal(await launcher(page).getAttribute('type'), 'button');
  assert.equal(await launcher(page).getAttribute('aria-expanded'), 'false');
  assert.equal((await launcher(page).textContent()).trim(), 'Ask a question');
  assert.deepEqual(errors, []);
  await close();
});

test('calls queued before the loader arrives are replayed in order', { timeout: kTestTimeoutMs }, async () => {
  const beforeTags = `<script>
    window.handled = [];
    Relais('on', 'open', (detail) => window.handled.push('open:' + detail.language));
    Relais('on', 'ready', () => window.handled.push('ready'));
    Relais('setLanguage', 'fr');
    Relais('open');
  </script>`;
  const { page, errors, close } = await open(hostPage(relais.origin, { before: beforeTags }));
  await eventually(async () => (await page.evaluate(() => window.handled.length)) === 2);
  assert.deepEqual(await page.evaluate(() => window.handled), ['ready', 'open:fr']);
  assert.equal(await launcher(page).getAttribute('aria-expanded'), 'true');
  assert.equal((await launcher(page).textContent()).trim(), 'Fermer le clavardage');
  const frame = await widgetFrame(page);
  await eventually(() => frame.evaluate(() => document.documentElement.lang === 'fr'));
  assert.equal(await frame.locator('h1').textContent(), 'Posez-nous une question');
  // Calls after loading work the same way, and off() removes a handler.
  await page.evaluate(() => {
    window.closeCount = 0;
    const handler = () => window.closeCount++;
    Relais('on', 'close', handler);
    Relais('close');
    Relais('off', 'close', handler);
    Relais('open');
    Relais('close');
  });
  assert.equal(await page.evaluate(() => window.closeCount), 1);
  assert.deepEqual((await events(page)).slice(-3), ['close', 'open', 'close']);
  assert.deepEqual(errors, []);
  await close();
});

test('nothing but relais.js loads, and nothing is stored, before the visitor opens the chat', { timeout: kTestTimeoutMs }, async () => {
  const { page, host, context, close } = await open(hostPage(relais.origin));
  await launcher(page).waitFor();
  await page.waitForTimeout(300);
  assert.deepEqual(relais.requestsFrom(host.origin), ['/relais.js']);
  assert.equal(await page.locator('[data-relais] iframe').count(), 0);
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);
  await launcher(page).click();
  const frame = await widgetFrame(page);
  assert.ok(relais.requestsFrom(host.origin).includes('/widget/'), 'the widget loads on open');
  assert.equal(new URL(frame.url()).origin, relais.origin);
  assert.deepEqual(await context.cookies(), []);
  await close();
});

test('the launcher survives single-page navigation and a rebuilt <body>', { timeout: kTestTimeoutMs }, async () => {
  const { page, errors, close } = await open(hostPage(relais.origin));
  await launcher(page).waitFor();
  await page.evaluate(() => {
    history.pushState({}, '', '/next-page');
    document.body.replaceChildren(Object.assign(document.createElement('h1'), { textContent: 'Next page' }));
  });
  await launcher(page).waitFor();
  assert.equal(await page.locator('[data-relais]').count(), 1);
  await page.evaluate(() => {
    history.pushState({}, '', '/third-page');
    document.documentElement.replaceChild(document.createElement('body'), document.body);
  });
  await launcher(page).waitFor();
  assert.equal(await page.locator('[data-relais]').count(), 1);
  await launcher(page).click();
  const frame = await widgetFrame(page);
  await frame.locator('textarea').waitFor();
  assert.deepEqual(errors, []);
  await close();
});

test('host page styles do not reach the launcher and the launcher styles do not reach the page', { timeout: kTestTimeoutMs }, async () => {
  const hostilePage = hostPage(relais.origin, {
    settings: "{ color: '#8a1538' }",
    before: `<style>
      * { font-family: serif !important; letter-spacing: 5px !important; }
      button { background: lime !important; color: yellow !important; border-radius: 0 !important; }
      div { display: none !important; }
      span { font-size: 40px !important; }
    </style>`,
    body: '<button id="own">Page button</button>',
  });
  const { page, close } = await open(hostilePage);
  await launcher(page).waitFor();
  const style = await launcher(page).evaluate((button) => {
    const s = getComputedStyle(button);
    return { background: s.backgroundColor, color: s.color, radius: s.borderRadius, position: s.position,
      spacing: s.letterSpacing, label: getComputedStyle(button.querySelector('span')).fontSize };
  });
  assert.deepEqual(style, { background: 'rgb(138, 21, 56)', color: 'rgb(255, 255, 255)', radius: '24px',
    position: 'fixed', spacing: 'normal', label: '16px' });
  assert.ok(await launcher(page).isVisible(), 'display:none on div does not hide the widget');
  // The page's own button keeps the page's style.
  assert.equal(await page.locator('#own').evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(0, 255, 0)');
  await close();
});

test('bad settings and bad calls never break the host page', { timeout: kTestTimeoutMs }, async () => {
  const { page, errors, close } = await open(hostPage(relais.origin, {
    settings: "{ language: 42, position: {}, color: 'url(javascript:alert(1))', queue: '<b>' }",
    before: `<script>
      Relais('no-such-command');
      Relais('on', 'nope', 5);
      Relais('setLanguage', 'de');
      Relais('on', 'ready', () => { throw new Error('host handler fails'); });
      Relais('on', 'ready', () => { window.secondHandlerRan = true; });
    </script>`,
    body: '<script>window.pageScriptRan = true;</script>',
  }));
  await launcher(page).waitFor();
  await eventually(() => page.evaluate(() => window.secondHandlerRan === true));
  assert.equal(await page.evaluate(() => window.pageScriptRan), true);
  // Invalid colour: the default accent; invalid language: the page's.
  assert.equal(await launcher(page).evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(29, 79, 145)');
  assert.equal(await launcher(page).getAttribute('lang'), 'en');
  await launcher(page).click();
  const frame = await widgetFrame(page);
  assert.match(frame.url(), /#lang=en&host=/);
  assert.deepEqual(errors, []);
  await close();
});

// What a prototype-polluting library (a deep merge of untrusted JSON) or a hostile
// script does to a host page: every setting, and relaisSettings itself, appear on
// every object. Neither may choose where the chat loads from (the loader tag has no
// data-relais-server: the server is the script's own folder) nor any other setting.
const pollutedPage = (relaisOrigin, attackerOrigin, { ownSettings, loaderFields }) => {
  const fields = { server: attackerOrigin, language: 'fr', position: 'bottom-left', color: '#8a1538', queue: 'stolen',
    launcher: false, relaisSettings: { server: attackerOrigin } };
  // The loader's own "already loaded" flag, a queued call and an event handler list.
  if (loaderFields) Object.assign(fields, { loaded: true, q: [['open']], open: [] });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script>
  Object.assign(Object.prototype, ${JSON.stringify(fields)});
  if (Object.prototype.open) Object.prototype.open.push(() => { window.hijacked = true; });
  ${ownSettings ? 'window.relaisSettings = {};' : ''}
  window.Relais = window.Relais || function () { (Relais.q = Relais.q || []).push(arguments); };
</script>
<script src="${relaisOrigin}/relais.js" async></script>
</head><body><h1>Host page</h1></body></html>`;
};

test('settings inherited from Object.prototype are ignored: the chat loads from the script\'s origin', { timeout: kTestTimeoutMs }, async () => {
  const attacker = await startRelais();  // serves the same widget from another origin
  try {
    for (const variant of [{ ownSettings: false, loaderFields: false }, { ownSettings: true, loaderFields: true }]) {
      const { page, errors, close } = await open(pollutedPage(relais.origin, attacker.origin, variant));
      await launcher(page).waitFor({ state: 'attached' });
      await page.evaluate(() => Relais('open'));
      const frame = await widgetFrame(page);
      const url = new URL(frame.url());
      assert.equal(url.origin, relais.origin, JSON.stringify(variant));
      assert.equal(url.pathname, '/widget/');
      // The defaults: the page's language, the default colour, no queue.
      assert.equal(url.hash, `#lang=en&host=${encodeURIComponent(new URL(page.url()).origin)}&color=%231d4f91`);
      await page.evaluate(() => Relais('close'));
      const shown = await launcher(page).evaluate((button) => ({
        visible: button.checkVisibility(), left: button.parentElement.classList.contains('left'),
        lang: button.lang, background: getComputedStyle(button).backgroundColor,
      }));
      assert.deepEqual(shown, { visible: true, left: false, lang: 'en', background: 'rgb(29, 79, 145)' });
      assert.equal(await page.evaluate(() => window.hijacked), undefined);
      assert.deepEqual(errors, []);
      await close();
    }
    assert.deepEqual(attacker.requests, []);
  } finally {
    await attacker.stop();
  }
});

test('a server that is not an http(s) URL falls back to the folder relais.js came from', { timeout: kTestTimeoutMs }, async () => {
  const page = (attribute, server) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script>window.relaisSettings = { server: ${JSON.stringify(server)} };</script>
<script src="${relais.origin}/relais.js" data-relais-server="${attribute}" async></script>
</head><body><h1>Host page</h1></body></html>`;
  for (const [attribute, server] of [['javascript:alert(1)', 'data:text/html,hi'], ['', { toString: null }], ['ftp://x/', 'blob:x']]) {
    const { page: host, errors, close } = await open(page(attribute, server));
    await launcher(host).click();
    const frame = await widgetFrame(host);
    assert.equal(frame.url().split('#')[0], `${relais.origin}/widget/`, `${attribute} / ${JSON.stringify(server)}`);
    assert.deepEqual(errors, []);
    await close();
  }
});

test('no layout shift, and the loader never blocks the main thread for 50 ms', { timeout: kTestTimeoutMs }, async () => {
  // Long animation frames name the scripts that ran in them: none may be relais.js
  // running for 50 ms or more.
  const observe = `<script>
    window.shifts = 0; window.loaderScripts = [];
    // As Cumulative Layout Shift counts them: shifts right after an input are expected.
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.shifts += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => {
      for (const frame of list.getEntries())
        for (const script of frame.scripts)
          if (script.sourceURL.endsWith('/relais.js')) window.loaderScripts.push(script.duration);
    }).observe({ type: 'long-animation-frame', buffered: true });
  </script>`;
  const { page, close } = await open(hostPage(relais.origin, { before: observe, body: '<p>Some content.</p>'.repeat(50) }));
  await launcher(page).waitFor();
  await launcher(page).click();
  await widgetFrame(page);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.shifts), 0);
  const slow = (await page.evaluate(() => window.loaderScripts)).filter((duration) => duration >= 50);
  assert.deepEqual(slow, []);
  await close();
});
