// What the widget offers around the live chat, against the real relais-server
// (server/PROTOCOL.md): when the queue is closed or full, a callback or a message
// (`followup.request`), checked in the agents' follow-up list, with the other
// ways to get help still on screen; the agent's typing indicator; the
// transcript download; the survey after the agent closes, answered with the
// keyboard only and found in the database, or skipped. axe-core checks every
// form state. Skipped until relais-server is built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  browserForFile, eventually, focusIn, hostPage, kTestTimeoutMs, launcher, openHostPage, startHost, webRoot,
  widgetFrame,
} from './browser.mjs';
import { axe } from './axe.mjs';
import { AgentClient, RelaisServer, serverBinary, kServerMissing } from './relais_server.mjs';
import { sqliteShell, stopAndQuery } from './sqlite_cli.mjs';

const binary = serverBinary();
const skip = binary ? false : kServerMissing;
const noShell = sqliteShell() ? false : 'no sqlite3 shell to read the database (Debian package sqlite3)';

const session = browserForFile(skip);

// The knowledge-base bundle in build/web (for the other ways to get help), or null.
function builtBundle() {
  try {
    const manifest = JSON.parse(readFileSync(path.join(webRoot, 'kb/current'), 'utf8'));
    const file = path.join(webRoot, manifest.url);
    return existsSync(path.join(webRoot, 'engine/relais-engine.mjs')) && existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

async function setUp(config) {
  const host = await startHost({});
  const server = new RelaisServer(binary, { allowed_origins: [host.origin], ...config });
  let opened = null;
  const tearDown = async () => {
    await opened?.close();
    await server.stop();
    await host.stop();
  };
  try {
    server.addAgent('francoise@test', 'Françoise');
    await server.start();
    host.pages['/'] = hostPage(server.origin, { lang: 'fr' });
    opened = await openHostPage(session.browser, host.pages['/'], { host });
    await launcher(opened.page).click();
    return { host, server, ...opened, frame: await widgetFrame(opened.page), tearDown };
  } catch (error) {
    await tearDown();
    throw error;
  }
}

const person = (frame) => frame.getByRole('button', { name: 'Parler à une personne' });
const focusedId = (frame) => frame.evaluate(() => document.activeElement.id);

// The agents' open follow-up items, as an agent of the queue reads them.
async function followUps(server) {
  const agent = await server.agent('francoise@test');
  try {
    agent.send({ type: 'followup.list' });
    return (await agent.next('followup.items')).items;
  } finally {
    agent.close();
  }
}

test('queue closed: the visitor leaves a message, the other ways to get help stay listed', { skip, timeout: kTestTimeoutMs }, async () => {
  const bundle = builtBundle();
  const closedQueue = { id: 'general', name: { fr: 'Général', en: 'General' }, languages: ['fr', 'en'],
    hours: { utc_offset: '+00:00' } };  // no day listed: always closed
  const { server, frame, errors, tearDown } = await setUp({ queues: [closedQueue], ...(bundle ? { kb_file: bundle } : {}) });
  try {
    if (bundle) {
      // An answer first, so that the engine (and the service's other ways to get help) is loaded.
      await frame.locator('textarea').fill('Combien de temps pour avoir un passeport ?');
      await frame.locator('textarea').press('Enter');
      await frame.locator('.msg-bot .answer').first().waitFor({ timeout: 30000 });
    }
    await person(frame).click();
    const card = frame.locator('.bubble-handoff').last();
    await eventually(async () => /en dehors des heures d'ouverture/.test(await card.textContent()));
    if (bundle) assert.match(await card.locator('.alternatives').textContent(), /Téléphone ?1-800-555-0100/);

    // Both options are offered; the message form takes focus.
    const sheet = frame.getByRole('region', { name: 'Demander un suivi' });
    await sheet.getByRole('button', { name: 'Demander un rappel' }).waitFor();
    assert.deepEqual(await axe(frame), [], 'follow-up choice');
    await sheet.getByRole('button', { name: 'Laisser un message' }).click();
    assert.equal(await focusedId(frame), 'relais-field-name');

    // Sent empty: each required field says so, focus goes to the first one.
    await frame.getByRole('button', { name: 'Envoyer la demande' }).click();
    assert.equal(await focusedId(frame), 'relais-field-contact');
    const contact = frame.getByLabel('Adresse courriel ou numéro de téléphone');
    assert.equal(await contact.getAttribute('aria-invalid'), 'true');
    assert.equal(await frame.locator('#relais-field-contact-error').textContent(), 'Ce champ est obligatoire.');
    assert.deepEqual(await axe(frame), [], 'message form with errors');

    await frame.getByLabel('Votre nom (facultatif)').fill('Marie <b>Tremblay</b>');
    await contact.fill('pas une adresse');
    await frame.getByLabel('Votre message').fill("Pouvez-vous m'écrire au sujet de mon dossier? <img src=x onerror=alert(1)>");
    await frame.getByRole('button', { name: 'Envoyer la demande' }).click();
    assert.match(await frame.locator('#relais-field-contact-error').textContent(), /adresse courriel/);
    await contact.fill('marie@example.ca');
    await frame.getByRole('button', { name: 'Envoyer la demande' }).click();

    await frame.locator('.msg-notice', { hasText: 'Votre message est enregistré.' }).waitFor();
    assert.equal(await frame.locator('.sheet').isHidden(), true);
    assert.equal(await focusedId(frame), 'relais-question', 'back to the composer');
    if (bundle) assert.match(await card.locator('.alternatives').textContent(), /1-800-555-0100/, 'still listed');

    const items = await followUps(server);
    assert.equal(items.length, 1);
    assert.equal(items[0].kind, 'message');
    assert.equal(items[0].name, 'Marie <b>Tremblay</b>');
    assert.equal(items[0].contact, 'marie@example.ca');
    assert.equal(items[0].text, "Pouvez-vous m'écrire au sujet de mon dossier? <img src=x onerror=alert(1)>");
    assert.equal(items[0].language, 'fr');
    assert.deepEqual(errors, []);
  } finally {
    await tearDown();
  }
});

test('queue full: the visitor asks for a callback, even after a page reload', { skip, timeout: kTestTimeoutMs }, async () => {
  const bundle = builtBundle();
  const fullQueue = { id: 'general', name: { fr: 'Général', en: 'General' }, languages: ['fr', 'en'], capacity: 1 };
  const { server, page, errors, tearDown } = await setUp({ queues: [fullQueue], ...(bundle ? { kb_file: bundle } : {}) });
  // Someone else waits already (no agent is available): the queue is full.
  const other = await AgentClient.connect(`ws://127.0.0.1:${server.port}/ws`, server.origin, '');
  try {
    await other.next('hello');
    other.send({ type: 'conversation.handoff', language: 'fr' });
    assert.equal((await other.next('conversation.created')).state, 'queued');

    let frame = await widgetFrame(page);
    await person(frame).click();
    const card = frame.locator('.bubble-handoff').last();
    await eventually(async () => /la file est pleine/.test(await card.textContent()));
    await frame.getByRole('button', { name: 'Demander un rappel' }).waitFor();
    // Asked before the engine had loaded: the service's other ways to get help come when it has.
    if (bundle) await card.locator('.alternatives', { hasText: '1-800-555-0100' }).waitFor({ timeout: 30000 });

    // The offer survives a reload (the conversation is resumed, still waiting for a request).
    await page.reload();
    await launcher(page).click();
    frame = await widgetFrame(page);
    await frame.getByRole('button', { name: 'Demander un rappel' }).click();
    assert.equal(await focusedId(frame), 'relais-field-name');
    assert.deepEqual(await axe(frame), [], 'callback form');
    await frame.getByLabel('Votre nom (facultatif)').fill('Marie');
    await frame.getByLabel('Numéro de téléphone').fill('819-555-0100');
    await frame.getByLabel('Meilleur moment pour vous appeler (facultatif)').fill('demain matin');
    await frame.getByLabel('Meilleur moment pour vous appeler (facultatif)').press('Enter');  // submits the form
    await frame.locator('.msg-notice', { hasText: 'Votre demande de rappel est enregistrée.' }).waitFor();

    const items = await followUps(server);
    assert.deepEqual(items.map((i) => [i.kind, i.name, i.phone, i.preferred_time]),
      [['callback', 'Marie', '819-555-0100', 'demain matin']]);
    assert.deepEqual(errors, []);
  } finally {
    other.close();
    await tearDown();
  }
});

test('with an agent: typing indicator, transcript download, keyboard-only survey stored; then a skipped survey', { skip: skip || noShell,
  timeout: kTestTimeoutMs }, async () => {
  const { server, page, frame, errors, tearDown } = await setUp({});
  const agent = await server.agent('francoise@test');
  try {
    await person(frame).click();
    const id = (await agent.next('conversation.offered')).conversation.conversation_id;
    agent.send({ type: 'conversation.accept', conversation_id: id });
    await frame.locator('.msg-notice', { hasText: 'Françoise a rejoint la conversation.' }).waitFor();

    // The agent's typing indicator, in the polite status line.
    agent.send({ type: 'typing', conversation_id: id, active: true });
    const status = frame.getByRole('status');
    await eventually(async () => (await status.textContent()) === 'Françoise écrit…');
    agent.send({ type: 'message.create', conversation_id: id, client_id: 'a-1', text: 'Bonjour <i>Marie</i>, je vous écoute.' });
    await frame.locator('.msg-agent').waitFor();
    assert.equal(await status.textContent(), '', 'cleared by the message');

    // The visitor's typing reaches the agent; then the message.
    await frame.locator('textarea').pressSequentially('Mon dossier');
    await agent.next('typing', (f) => f.from === 'visitor' && f.active === true);
    await frame.locator('textarea').press('Enter');
    await agent.next('message.created', (m) => m.author === 'visitor' && m.text === 'Mon dossier');

    // The transcript: downloaded from the browser, both parts, who and when.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Télécharger la conversation' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^clavardage-\d{4}-\d{2}-\d{2}\.txt$/);
    const transcript = readFileSync(await download.path(), 'utf8');
    assert.match(transcript, /^Posez-nous une question — transcription de la conversation, téléchargée le /);
    assert.match(transcript, /\d{4}-\d{2}-\d{2} \d{1,2} h \d{2} — Vous avez dit :\nParler à une personne\n/);
    assert.match(transcript, /— L'assistant automatisé a dit :\nNous allons vous mettre en contact avec une personne\nVous avez demandé à parler à une personne\./);
    assert.match(transcript, /— Françoise, agent, a dit :\nBonjour <i>Marie<\/i>, je vous écoute\.\n/);
    assert.match(transcript, /— Vous avez dit :\nMon dossier\n/);
    assert.match(transcript, /— Avis :\nFrançoise a rejoint la conversation\./);

    // The agent closes: the survey appears and takes focus (the composer is empty).
    agent.send({ type: 'conversation.close', conversation_id: id, outcome: 'resolved' });
    await frame.getByRole('region', { name: 'Votre avis' }).waitFor();
    await eventually(async () => (await focusIn(page)) === 'frame:h2.sheet-title');
    assert.deepEqual(await axe(frame), [], 'survey');

    // Keyboard only: sent without a rating, it says so and goes back to the ratings.
    await page.keyboard.press('Tab');
    assert.equal(await focusIn(page), 'frame:input');
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(frame), 'relais-field-comment');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal(await frame.locator('#relais-rating-error').textContent(), 'Choisissez une note de 1 à 5, ou passez le sondage.');
    assert.equal(await frame.evaluate(() => document.activeElement.value), '1');
    assert.deepEqual(await axe(frame), [], 'survey with an error');
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
    assert.equal(await frame.getByRole('radio', { name: '4 Bonne' }).isChecked(), true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Très utile <b>merci</b>');
    await page.keyboard.press('Tab');
    assert.equal(await frame.evaluate(() => document.activeElement.textContent), 'Envoyer mon évaluation');
    await page.keyboard.press('Enter');
    await frame.locator('.msg-notice', { hasText: 'Merci de votre avis.' }).waitFor();
    assert.equal(await focusedId(frame), 'relais-question');

    // A second conversation, whose survey the visitor skips.
    await person(frame).click();
    const second = (await agent.next('conversation.offered')).conversation.conversation_id;
    agent.send({ type: 'conversation.accept', conversation_id: second });
    await frame.locator('.msg-notice', { hasText: 'Françoise a rejoint la conversation.' }).nth(1).waitFor();
    agent.send({ type: 'conversation.close', conversation_id: second, outcome: 'resolved' });
    await frame.getByRole('button', { name: 'Passer' }).click();
    assert.equal(await frame.locator('.sheet').isHidden(), true);
    assert.equal(await focusedId(frame), 'relais-question');
    assert.deepEqual(errors, []);

    const rows = await stopAndQuery(server, 'SELECT conversation_id, rating, comment FROM surveys');
    assert.deepEqual(rows, [{ conversation_id: id, rating: 4, comment: 'Très utile <b>merci</b>' }]);
  } finally {
    agent.close();
    await tearDown();
  }
});
