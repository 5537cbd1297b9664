// The live hand-off against the real relais-server (server/PROTOCOL.md): the
// widget, served by the server, hands the conversation to an agent with its
// transcript, shows the agent's messages, sends the visitor's, survives a page
// reload, and says so when no agent can be reached. Skipped until relais-server
// is built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  browserForFile, eventually, hostPage, kTestTimeoutMs, launcher, openHostPage, startHost, webRoot,
  widgetFrame,
} from './browser.mjs';
import { axe } from './axe.mjs';
import { RelaisServer, serverBinary, kServerMissing } from './relais_server.mjs';

const binary = serverBinary();
const skip = binary ? false : kServerMissing;

const session = browserForFile(skip);

// A host page origin first (the server must allow it to embed the widget), then the server.
async function setUp(config) {
  const host = await startHost({});
  const server = new RelaisServer(binary, { allowed_origins: [host.origin], ...config });
  server.addAgent('francoise@test', 'Françoise');
  await server.start();
  host.pages['/'] = hostPage(server.origin, { lang: 'fr' });
  return { host, server };
}

test('a visitor asks for a person and chats with an agent, across a page reload', { skip, timeout: kTestTimeoutMs }, async () => {
  const { host, server } = await setUp({});
  const agent = await server.agent('francoise@test');
  const { page, errors, close } = await openHostPage(session.browser, host.pages['/'], { host });
  try {
    await launcher(page).click();
    let frame = await widgetFrame(page);
    await frame.getByRole('button', { name: 'Parler à une personne' }).click();

    // The agent is offered the conversation, with the context, and accepts it.
    const offer = await agent.next('conversation.offered');
    assert.equal(offer.conversation.language, 'fr');
    assert.equal(offer.conversation.reason, 'asked_for_human');
    const id = offer.conversation.conversation_id;
    agent.send({ type: 'conversation.accept', conversation_id: id });
    const handoff = await eventually(() => page.evaluate(() => window.events.find((e) => e.name === 'handoff')));
    assert.equal(handoff.detail.reason, 'asked_for_human');
    const assigned = await agent.next('conversation.assigned');
    assert.deepEqual(assigned.messages.map((m) => [m.author, m.text]), [['visitor', 'Parler à une personne']]);

    const card = frame.locator('.bubble-handoff').last();
    await eventually(async () => /Vous discutez avec un agent\./.test(await card.textContent()));
    await frame.locator('.msg-notice', { hasText: 'Françoise a rejoint la conversation.' }).waitFor();
    assert.equal(await frame.locator('button.person').textContent(), "Terminer la conversation avec l'agent");

    // Agent → visitor.
    agent.send({ type: 'message.create', conversation_id: id, client_id: 'a-1', text: 'Bonjour, comment puis-je vous aider?' });
    const agentMessage = frame.locator('.msg-agent').last();
    await agentMessage.waitFor();
    assert.equal(await agentMessage.locator('.agent-text').textContent(), 'Bonjour, comment puis-je vous aider?');
    assert.match(await agentMessage.textContent(), /Françoise, agent, a dit :/);
    assert.deepEqual(await axe(frame), [], 'live conversation');

    // Visitor → agent (not to the engine).
    await frame.locator('textarea').fill('Mon passeport est perdu <b>vite</b>');
    await frame.locator('textarea').press('Enter');
    const received = await agent.next('message.created', (m) => m.author === 'visitor' && m.seq > 1);
    assert.equal(received.text, 'Mon passeport est perdu <b>vite</b>');

    // A reload resumes the same conversation.
    await page.reload();
    await launcher(page).click();
    frame = await widgetFrame(page);
    await frame.locator('.msg-agent').first().waitFor();
    agent.send({ type: 'message.create', conversation_id: id, client_id: 'a-2', text: 'Je regarde votre dossier.' });
    await frame.locator('.msg-agent', { hasText: 'Je regarde votre dossier.' }).waitFor();
    assert.equal(await frame.locator('.msg-agent').count(), 2, 'no duplicate after the replay');

    // The agent closes: back to automated answers.
    agent.send({ type: 'conversation.close', conversation_id: id, outcome: 'resolved' });
    await frame.locator('.msg-notice', { hasText: "La conversation avec l'agent est terminée." }).waitFor();
    assert.equal(await frame.locator('button.person').textContent(), 'Parler à une personne');
    assert.deepEqual(errors, []);
  } finally {
    agent.close();
    await close();
    await server.stop();
    await host.stop();
  }
});

test('outside business hours the widget says no agent is available and lists the other ways', { skip, timeout: kTestTimeoutMs }, async () => {
  const closedQueue = { id: 'general', name: { fr: 'Général', en: 'General' }, languages: ['fr', 'en'],
    hours: { utc_offset: '+00:00' } };  // no day listed: always closed
  const { host, server } = await setUp({ queues: [closedQueue] });
  const { page, errors, close } = await openHostPage(session.browser, host.pages['/'], { host });
  try {
    await launcher(page).click();
    const frame = await widgetFrame(page);
    await frame.getByRole('button', { name: 'Parler à une personne' }).click();
    const card = frame.locator('.bubble-handoff').last();
    await eventually(async () => /en dehors des heures d'ouverture/.test(await card.textContent()));
    assert.deepEqual(await axe(frame), [], 'no agent available');
    const handoff = await eventually(() => page.evaluate(() => window.events.find((e) => e.name === 'handoff')));
    assert.equal(handoff.detail.reason, 'asked_for_human');
    assert.equal(await frame.locator('button.person').textContent(), 'Parler à une personne');
    assert.deepEqual(errors, []);
  } finally {
    await close();
    await server.stop();
    await host.stop();
  }
});

// The knowledge-base bundle that web/build.mjs put in build/web/kb (from relais-kb).
function builtBundle() {
  try {
    const manifest = JSON.parse(readFileSync(path.join(webRoot, 'kb/current'), 'utf8'));
    const file = path.join(webRoot, manifest.url);
    return existsSync(path.join(webRoot, 'engine/relais-engine.mjs')) && existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

test('served by relais-server, the demo page answers from the engine with the bundle of /kb/current', { timeout: kTestTimeoutMs,
  skip: skip || (builtBundle() ? false : 'no engine or knowledge base in build/web') }, async () => {
  const server = new RelaisServer(binary, { kb_file: builtBundle() });
  await server.start();
  const context = await session.browser.newContext();
  const page = await context.newPage();
  try {
    const current = await (await fetch(`${server.origin}/kb/current`)).json();
    assert.match(current.url, /^\/kb\/[0-9a-f]+\.sqlite$/);
    await page.goto(`${server.origin}/demo/fr/`);
    await launcher(page).click();
    const frame = await widgetFrame(page);
    await frame.locator('textarea').fill('Combien de temps pour avoir un passeport ?');
    await frame.locator('textarea').press('Enter');
    const reply = frame.locator('.msg-bot').nth(1);
    await reply.waitFor({ timeout: 30000 });
    assert.equal(await reply.locator('.answer-title').textContent(), 'Délais de traitement des passeports');
  } finally {
    await context.close();
    await server.stop();
  }
});
