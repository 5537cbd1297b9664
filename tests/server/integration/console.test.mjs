// The agent console in headless Chromium against the real server: sign in,
// receive an offer, accept, read the context, reply; user text is rendered as
// text; no console errors; axe-core finds no serious accessibility violation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PASSWORD, Server, handoff } from './harness.mjs';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const chromiumPath = process.env.RELAIS_CHROMIUM ?? '/usr/bin/chromium';
const require = createRequire(import.meta.url);
// The console as built by web/build.mjs (a bundle: its sources do not run as
// they are), next to this server binary's bin/ as RELAIS_OUTPUT_DIR lays them out.
const builtConsole = path.join(process.env.RELAIS_WEB_DIR ??
  path.join(path.dirname(path.dirname(process.env.RELAIS_SERVER_BIN ?? '')), 'web'), 'console');

describe('agent console', { skip: !existsSync(chromiumPath) && 'no chromium' }, () => {
  let server;
  let browser;
  before(async () => {
    const { chromium } = await import('playwright-core');
    assert.ok(existsSync(path.join(builtConsole, 'index.html')),
              `${builtConsole} is missing: build it with node web/build.mjs (make web)`);
    server = new Server({}, { agents: [{ email: 'agent@test', name: 'Agent Test',
                                         queues: ['general', 'passports'],
                                         skills: ['passports'] }] });
    cpSync(builtConsole, path.join(server.config.web_dir, 'console'), { recursive: true });
    const bundle = path.join(server.dir, 'kb.sqlite');
    execFileSync(process.env.RELAIS_KB_BIN,
                 ['build', path.join(repoRoot, 'tests/knowledge-base/good'), '-o', bundle],
                 { stdio: 'ignore' });
    await server.start(['--kb', bundle]);
    browser = await chromium.launch({ executablePath: chromiumPath,
                                      args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await server.cleanup();
  });

  test('sign in, accept an offer, see the context, reply', async () => {
    // CSP bypassed on purpose: the textContent check must hold without it, and
    // axe-core is injected inline (the CSP header itself is checked in http.test.mjs).
    const page = await browser.newPage({ locale: 'en-CA', bypassCSP: true });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // HTTP statuses are not script errors (/api/me answers 401 before sign-in).
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
        errors.push(m.text());
      }
    });
    await page.goto(server.url('/console/'));
    await page.getByLabel('Email').fill('agent@test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Connected').waitFor({ timeout: 10000 });
    assert.equal(await page.locator('#signin').isVisible(), false);
    await page.locator('#status').selectOption('available');

    const hostile = '<img src=x onerror="window.pwned=1">';
    const v = await handoff(server, {
      queue: 'general', language: 'en', reason: 'asked_for_human',
      page_url: 'https://example.ca/passport', entities: { city: 'Gatineau' },
      transcript: [{ author: 'visitor', text: hostile }, { author: 'bot', text: 'See this page.' }],
    });
    await page.locator('#offer').waitFor({ state: 'visible', timeout: 10000 });
    await page.getByRole('button', { name: 'Accept' }).click();
    const column = page.locator('article.conversation');
    await column.waitFor({ timeout: 10000 });
    await column.getByText('https://example.ca/passport').waitFor();
    await column.getByText('city: Gatineau').waitFor();
    await column.getByText(hostile).waitFor();  // shown as text, not parsed
    assert.equal(await page.evaluate(() => window.pwned), undefined);

    v.client.send({ type: 'message.create', client_id: 'v1', text: 'Hello?' });
    await column.getByText('Hello?').waitFor();
    await column.getByLabel('Reply to the visitor').fill('Hi, how can I help?');
    await column.getByRole('button', { name: 'Send' }).click();
    const reply = await v.client.next('message.created', (m) => m.author === 'agent', 5000);
    assert.equal(reply.text, 'Hi, how can I help?');

    // Knowledge-base search: a found answer goes into the reply box, to edit and send.
    await column.getByLabel('Search the answers').fill('how much are the late fees');
    await column.getByRole('button', { name: 'Search', exact: true }).click();
    await column.getByRole('button', { name: 'Use the answer “Late fees”' }).click();
    const draft = await column.getByLabel('Reply to the visitor').inputValue();
    assert.ok(draft.length > 20, `the reply box holds the answer: ${draft}`);
    assert.equal(await column.getByLabel('Reply to the visitor').evaluate(
      (box) => box === document.activeElement), true);

    // Accessibility: no serious or critical axe-core violation.
    await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const result = await page.evaluate(async () => window.axe.run(document, {
      resultTypes: ['violations'] }));
    const serious = result.violations.filter((x) => ['serious', 'critical'].includes(x.impact));
    assert.deepEqual(serious.map((x) => `${x.id}: ${x.nodes.length}`), []);

    await column.locator('select.outcome').selectOption('resolved');
    await column.getByRole('button', { name: 'Close', exact: true }).click();
    assert.equal((await v.client.next('conversation.closed')).outcome, 'resolved');
    // The agent reads how it ended as a sentence, never the outcome's code.
    await column.getByText('Conversation ended (Resolved).').waitFor();
    assert.equal(await column.getByText('resolved', { exact: true }).count(), 0);
    assert.deepEqual(errors, []);
    v.client.close();
    await page.close();
  });

  test('a long conversation: the newest messages first, earlier ones on request', async () => {
    const page = await browser.newPage({ locale: 'en-CA' });
    await page.goto(server.url('/console/'));
    await page.getByLabel('Email').fill('agent@test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Connected').waitFor({ timeout: 10000 });
    await page.locator('#status').selectOption('available');
    const v = await handoff(server, { queue: 'general', language: 'en' });
    const total = 230;  // more than a page (200)
    for (let i = 0; i < total; i++) {
      v.client.send({ type: 'message.create', client_id: `long-${i}`, text: `line number ${i}.` });
    }
    await v.client.next('message.ack', (f) => f.client_id === `long-${total - 1}`, 10000);
    await page.getByRole('button', { name: 'Accept' }).click({ timeout: 10000 });
    const column = page.locator('article.conversation');
    await column.getByText(`line number ${total - 1}.`).waitFor({ timeout: 10000 });
    assert.equal(await column.getByText('line number 0.').count(), 0);
    const earlier = column.getByRole('button', { name: 'Earlier messages' });
    await earlier.click();
    await column.getByText('line number 0.').waitFor({ timeout: 5000 });
    await earlier.waitFor({ state: 'hidden' });
    // Every line once, in order.
    const lines = await column.locator('ol.messages li').allTextContents();
    const numbers = lines.map((l) => l.match(/line number (\d+)\./)?.[1]).filter(Boolean).map(Number);
    assert.deepEqual(numbers, [...Array(total).keys()]);
    v.client.close();
    await page.close();
  });
});
