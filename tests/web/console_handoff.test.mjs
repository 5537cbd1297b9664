// Issue 6 acceptance, end to end in two browsers against the real relais-server:
// a visitor hands off from the widget; an agent signed in to the console
// (web/console, its real UI, in a second browser context) takes the
// conversation; they exchange messages; the agent closes from the console; the
// visitor rates it in the widget; the rating is in the server's database
// (relais.sqlite read with the sqlite3 shell once the server has stopped: no
// server API exposes surveys). The console's client ids are checked on its
// WebSocket frames. Console controls are found by role and label,
// as in tests/server/integration/console.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserForFile, hostPage, kTestTimeoutMs, launcher, openHostPage, startHost, watchErrors, widgetFrame,
} from './browser.mjs';
import { RelaisServer, kPassword, serverBinary, kServerMissing } from './relais_server.mjs';
import { sqliteShell, stopAndQuery } from './sqlite_cli.mjs';

const binary = serverBinary();
const skip = !binary ? kServerMissing
  : !sqliteShell() ? 'no sqlite3 shell to read the database (Debian package sqlite3)' : false;

const session = browserForFile(skip);

test('widget → console → widget: hand-off, messages both ways, close from the console, rating stored', { skip,
  timeout: kTestTimeoutMs }, async () => {
  const host = await startHost({});
  const server = new RelaisServer(binary, { allowed_origins: [host.origin] });
  let visitor = null;
  let console_ = null;
  try {
    server.addAgent('agent@test', 'Agent Test');
    await server.start();

    // The agent signs in to the console and becomes available.
    console_ = await session.browser.newContext({ locale: 'en-CA' });
    const desk = await console_.newPage();
    const deskErrors = watchErrors(desk);
    const deskSent = [];  // the console's WebSocket frames, parsed
    desk.on('websocket', (ws) => ws.on('framesent', ({ payload }) => deskSent.push(JSON.parse(payload))));
    // As on a console served over plain http from another address (not a secure
    // context): no crypto.randomUUID.
    await desk.addInitScript(() => { delete Crypto.prototype.randomUUID; });
    await desk.goto(`${server.origin}/console/`);
    await desk.getByLabel('Email').fill('agent@test');
    await desk.getByLabel('Password').fill(kPassword);
    await desk.getByRole('button', { name: 'Sign in' }).click();
    await desk.getByText('Connected').waitFor({ timeout: 10000 });
    await desk.getByLabel('Status').selectOption('available');

    // The visitor asks for a person in the widget.
    visitor = await openHostPage(session.browser, hostPage(server.origin, { lang: 'fr' }), { host });
    const { page } = visitor;
    await launcher(page).click();
    const frame = await widgetFrame(page);
    await frame.getByRole('button', { name: 'Parler à une personne' }).click();

    // The console is offered the conversation; the agent accepts and sees the context.
    await desk.getByRole('button', { name: 'Accept' }).click({ timeout: 15000 });
    const column = desk.getByRole('article');
    await column.getByText('Parler à une personne').waitFor({ timeout: 10000 });
    await frame.locator('.msg-notice', { hasText: 'Agent Test a rejoint la conversation.' }).waitFor();

    // Messages both ways, as text.
    await column.getByLabel('Reply to the visitor').fill('Bonjour, je suis là. <b>Que puis-je faire?</b>');
    await column.getByRole('button', { name: 'Send', exact: true }).click();
    const agentText = frame.locator('.msg-agent .agent-text');
    await agentText.waitFor();
    assert.equal(await agentText.textContent(), 'Bonjour, je suis là. <b>Que puis-je faire?</b>');
    // An answer's Markdown sent by the agent reads as formatted text with working public
    // links in the widget and in the console: never `**` nor an `entry:` link.
    await column.getByLabel('Reply to the visitor').fill(
      'Voici **le formulaire** : [HL-PR](https://harbourline.example/fr/hl-pr). Voir [les frais](entry:passport-fees).');
    await column.getByRole('button', { name: 'Send', exact: true }).click();
    const formatted = frame.locator('.msg-agent .agent-text').nth(1);
    await formatted.waitFor();
    assert.equal(await formatted.locator('strong').textContent(), 'le formulaire');
    assert.equal(await formatted.locator('a').getAttribute('href'), 'https://harbourline.example/fr/hl-pr');
    assert.doesNotMatch(await formatted.textContent(), /\*\*|entry:/);
    const own = column.locator('li.agent:not(.pending)', { hasText: 'Voici le formulaire' });
    await own.waitFor();
    assert.equal(await own.locator('strong').textContent(), 'le formulaire');
    await frame.locator('textarea').fill('Mon passeport a expiré <i>hier</i>.');
    await frame.locator('textarea').press('Enter');
    await column.getByText('Mon passeport a expiré <i>hier</i>.').waitFor();
    await column.getByLabel('Private note (the visitor never sees it)').fill('Vérifier le dossier.');
    await column.getByRole('button', { name: 'Add note' }).click();
    await column.locator('li.note:not(.pending)', { hasText: 'Vérifier le dossier.' }).waitFor();
    // Each of the agent's own lines shows once (its ack and its message.created
    // both arrive; the second replaces the pending line).
    await desk.waitForTimeout(300);
    assert.equal(await column.locator('li.note', { hasText: 'Vérifier le dossier.' }).count(), 1);
    assert.equal(await column.locator('li.agent', { hasText: 'Que puis-je faire?' }).count(), 1);
    // The console's client ids are unguessable (128 random bits), so that nobody
    // can send a message with the id of the agent's next one.
    const ids = deskSent.filter((f) => f.type === 'message.create' || f.type === 'note.create').map((f) => f.client_id);
    assert.equal(ids.length, 3);
    for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(new Set(ids).size, 3);

    // The agent closes from the console; the visitor rates the conversation.
    await column.getByLabel('Outcome').selectOption('resolved');
    await column.getByRole('button', { name: 'Close', exact: true }).click();
    await frame.locator('.msg-notice', { hasText: "La conversation avec l'agent est terminée." }).waitFor();
    const survey = frame.getByRole('region', { name: 'Votre avis' });
    await survey.getByRole('radio', { name: '5 Très bonne' }).check();
    await survey.getByLabel('Commentaire (facultatif, sans renseignements personnels)').fill('Rapide et clair');
    await survey.getByRole('button', { name: 'Envoyer mon évaluation' }).click();
    await frame.locator('.msg-notice', { hasText: 'Merci de votre avis.' }).waitFor();
    assert.deepEqual(visitor.errors, []);
    assert.deepEqual(deskErrors, []);

    // In the database: the conversation closed as resolved, with its rating.
    const rows = await stopAndQuery(server, `SELECT c.state, c.outcome, s.rating, s.comment
      FROM surveys s JOIN conversations c ON c.id = s.conversation_id`);
    assert.deepEqual(rows, [{ state: 'closed', outcome: 'resolved', rating: 5, comment: 'Rapide et clair' }]);
  } finally {
    await visitor?.close();
    await console_?.close();
    await server.stop();
    await host.stop();
  }
});
