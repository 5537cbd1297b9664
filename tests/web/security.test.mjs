// Security properties of the widget: visitor text and answers can never become
// markup, a strict host-page CSP works, and the postMessage channel only listens
// to the window and origin it expects.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { uiStringsPlugin } from '../../web/ui-languages.mjs';
import {
  eventually, hostPage, kTestTimeoutMs, launcher, openHostPage, repoRoot, startHost, startRelaisAndBrowser, stopRelaisAndBrowser,
  widgetFrame,
} from './browser.mjs';

let browser;
let relais;

before(async () => { ({ relais, browser } = await startRelaisAndBrowser()); });
after(() => stopRelaisAndBrowser({ relais, browser }));

test('a message containing HTML shows as text and runs nothing', { timeout: kTestTimeoutMs }, async () => {
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin));
  await launcher(page).click();
  const frame = await widgetFrame(page);
  const attack = '<img src=x onerror="parent.postMessage(\'pwned\',\'*\');alert(1)"><script>alert(2)</script>**bold**';
  await frame.locator('textarea').fill(attack);
  await frame.locator('textarea').press('Enter');
  const bubble = frame.locator('.msg-visitor .bubble').last();
  await bubble.waitFor();
  assert.equal(await bubble.textContent(), `You said: ${attack}`);
  assert.equal(await frame.locator('.log img, .log script, .log strong').count(), 0);
  await frame.locator('.msg-bot').nth(1).waitFor();
  await page.waitForTimeout(300);
  assert.deepEqual(errors, []);  // no dialog, no error
  await close();
});

// The Markdown renderer, bundled from source and run in a page.
async function renderInPage(page, cases) {
  const bundle = await esbuild.build({
    entryPoints: [path.join(repoRoot, 'web/widget/app/markdown.js')],
    bundle: true, write: false, plugins: [uiStringsPlugin()], format: 'iife', globalName: 'markdown',
  });
  await page.setContent('<!doctype html><body></body>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  return page.evaluate((inputs) => inputs.map((input) => {
    const { fragment, entryLinks } = window.markdown.renderMarkdown(input, { newTab: '(new tab)' });
    const div = document.createElement('div');
    div.appendChild(fragment);
    return { html: div.innerHTML, entryLinks };
  }), cases);
}

test('answer Markdown renders the safe subset and nothing else', { timeout: kTestTimeoutMs }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const [plain, lists, links, unsafe, html, entry] = await renderInPage(page, [
    'One **bold** and *italic* and _also_ snake_case_name.\nSame paragraph.\n\nSecond.',
    '- a\n- b\n\n3. three\n4. four',
    '[site](https://harbourline.example/a?b=1) [mail](mailto:help@harbourline.example) [call](tel:1-800-555-0100)',
    '[x](javascript:alert(1)) [y](http://insecure.example) [z](data:text/html,hi) [w]( JAVASCRIPT:alert(1))',
    '<img src=x onerror=alert(1)> <b>b</b> &amp;',
    'See [photos](entry:passport-photos) and [fees](entry:passport-fees).',
  ]);
  assert.equal(plain.html, '<p>One <strong>bold</strong> and <em>italic</em> and <em>also</em> snake_case_name. Same paragraph.</p><p>Second.</p>');
  assert.equal(lists.html, '<ul><li>a</li><li>b</li></ul><ol start="3"><li>three</li><li>four</li></ol>');
  assert.equal(links.html,
    '<p><a href="https://harbourline.example/a?b=1" target="_blank" rel="noopener noreferrer">site<span class="sr-only"> (new tab)</span></a> ' +
    '<a href="mailto:help@harbourline.example">mail</a> <a href="tel:18005550100">call</a></p>');
  assert.equal(unsafe.html, '<p><span>x</span> <span>y</span> <span>z</span> <span>w</span></p>');
  assert.equal(html.html, '<p>&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;b&lt;/b&gt; &amp;amp;</p>');
  assert.equal(entry.html, '<p>See <span class="entry-ref">photos</span> and <span class="entry-ref">fees</span>.</p>');
  assert.deepEqual(entry.entryLinks, [{ id: 'passport-photos', title: 'photos' }, { id: 'passport-fees', title: 'fees' }]);
  await context.close();
});

test('Markdown as plain text (the downloaded transcript): as it reads, no marks, no unsafe or entry: links', { timeout: kTestTimeoutMs }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await renderInPage(page, []);
  const text = (input, options) => page.evaluate(({ input, options }) => window.markdown.markdownToText(input, options), { input, options });
  assert.equal(await text('Renew **online** in [My Account](https://harbourline.example/account).\n\n- photos;\n- the form.\n\n3. three\n4. four'),
    'Renew online in My Account (https://harbourline.example/account).\n\n- photos;\n- the form.\n\n3. three\n4. four');
  assert.equal(await text('See [fees](entry:passport-fees), [write](mailto:help@harbourline.example), [call](tel:1-800-555-0100), [x](javascript:alert(1)).'),
    'See fees, write (help@harbourline.example), call, x.');
  assert.equal(await text('https site: [https://harbourline.example](https://harbourline.example)'), 'https site: https://harbourline.example');
  // A chat message keeps its line breaks; an answer joins its lines, as Markdown does.
  assert.equal(await text('Bonjour,\nvoici **le lien**.', { breaks: true }), 'Bonjour,\nvoici le lien.');
  assert.equal(await text('Bonjour,\nvoici **le lien**.'), 'Bonjour, voici le lien.');
  await context.close();
});

test('the widget works on a host page with a strict CSP (no inline styles, nonce scripts)', { timeout: kTestTimeoutMs }, async () => {
  const nonce = 'r3la1s7est';
  const csp = `default-src 'none'; script-src 'nonce-${nonce}' ${relais.origin}; style-src 'self'; ` +
    `frame-src ${relais.origin}; img-src 'self'; connect-src 'self'`;
  const first = `<script nonce="${nonce}">
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
  </script>`;
  const { page, errors, close } = await openHostPage(browser,
    hostPage(relais.origin, { first, nonce, settings: "{ color: '#006b3f' }" }),
    { headers: () => ({ 'Content-Security-Policy': csp }) });
  await launcher(page).waitFor();
  assert.equal(await launcher(page).evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(0, 107, 63)');
  assert.equal(await launcher(page).evaluate((b) => getComputedStyle(b).position), 'fixed');
  await launcher(page).click();
  const frame = await widgetFrame(page);
  await frame.locator('textarea').fill('Passport fees');
  await frame.locator('textarea').press('Enter');
  await frame.locator('.msg-bot').nth(1).waitFor();
  // The widget's own colours follow the host's.
  assert.equal(await frame.locator('.header').evaluate((h) => getComputedStyle(h).backgroundColor), 'rgb(0, 107, 63)');
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
  await close();
});

test('the widget serves a strict CSP of its own and uses no inline code', { timeout: kTestTimeoutMs }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${relais.origin}/widget/`);
  await page.locator('.panel').waitFor();
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(meta, /default-src 'self'/);
  assert.match(meta, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.match(meta, /require-trusted-types-for 'script'/);
  assert.doesNotMatch(meta, /'unsafe-inline'|'unsafe-eval'/);
  assert.equal(await page.locator('script:not([src]), style, [style]:not(html):not(textarea)').count(), 0);
  // Trusted Types: HTML sinks throw, so content can never be parsed as markup.
  const blocked = await page.evaluate(() => {
    try {
      document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
      return false;
    } catch (error) {
      return error instanceof TypeError;
    }
  });
  assert.equal(blocked, true);
  assert.equal(response.headers()['content-type'], 'text/html; charset=utf-8');
  await context.close();
});

test('the channel ignores messages from other windows and origins', { timeout: kTestTimeoutMs }, async () => {
  // A third-party frame on the host page tries to drive the widget, and the host
  // page itself forges a widget message.
  const attacker = await startHost({
    '/': `<!doctype html><script>
      setInterval(() => {
        for (let i = 0; i < parent.frames.length; i++) {
          parent.frames[i].postMessage({ relais: 1, type: 'language', language: 'fr' }, '*');
          parent.frames[i].postMessage({ relais: 1, type: 'open' }, '*');
        }
        parent.postMessage({ relais: 1, type: 'event', name: 'handoff', detail: { forged: true } }, '*');
        parent.postMessage({ relais: 1, type: 'close' }, '*');
      }, 50);
    </script>`,
  });
  const body = `<iframe src="${attacker.origin}/" title="ad"></iframe>`;
  const { page, errors, close } = await openHostPage(browser, hostPage(relais.origin, { body }));
  await launcher(page).click();
  const frame = await widgetFrame(page);
  await page.evaluate(() => window.postMessage({ relais: 1, type: 'close' }, '*'));
  await page.waitForTimeout(800);
  assert.equal(await launcher(page).getAttribute('aria-expanded'), 'true', 'still open');
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'en', 'language unchanged');
  assert.deepEqual(await page.evaluate(() => window.events.filter((e) => e.name === 'handoff')), []);
  // The real channel still works.
  await frame.getByRole('button', { name: 'Close chat' }).click();
  await eventually(async () => (await launcher(page).getAttribute('aria-expanded')) === 'false');
  assert.deepEqual(errors, []);
  await close();
  await attacker.stop();
});
