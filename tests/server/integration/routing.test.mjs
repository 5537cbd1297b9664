// Hand-off, routing, offers, transfer and access control against the real binary.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, handoff } from './harness.mjs';

describe('hand-off and routing', () => {
  let server;
  before(async () => {
    server = new Server({ offer_timeout_seconds: 1, agent_concurrency: 2 }, {
      agents: [
        { email: 'fr@test', queues: ['general'], languages: ['fr'], name: 'Françoise' },
        { email: 'en@test', queues: ['general', 'passports'], languages: ['en'],
          skills: ['passports'] },
        { email: 'pass@test', queues: ['passports'], languages: ['fr', 'en'],
          skills: ['passports'] },
        { email: 'pass2@test', queues: ['passports'], languages: ['fr'],
          skills: ['passports'] },
        { email: 'comp@test', queues: ['complaints'], languages: ['fr', 'en'],
          skills: ['complaints'] },
      ],
    });
    await server.start();
  });
  after(async () => { await server.cleanup(); });

  test('hand-off carries the context to the agent; messages flow both ways', async () => {
    const fr = await server.agent('fr@test');
    const v = await handoff(server, {
      queue: 'general', reason: 'asked_for_human', page_url: 'https://example.ca/impots',
      entities: { year: 2024 }, priority: 'normal',
      transcript: [{ author: 'visitor', text: 'Ma déclaration ?' },
                   { author: 'bot', text: 'Voici la page.' }],
    });
    assert.equal(v.token.length, 43);
    const pos = await v.client.next('queue.position');
    assert.equal(pos.position, 1);
    assert.ok(pos.estimated_wait_seconds > 0);
    const offer = await fr.next('conversation.offered');
    assert.equal(offer.conversation.conversation_id, v.id);
    assert.equal(offer.conversation.reason, 'asked_for_human');
    fr.send({ type: 'conversation.accept', conversation_id: v.id });
    const assigned = await fr.next('conversation.assigned');
    assert.equal(assigned.page_url, 'https://example.ca/impots');
    assert.deepEqual(assigned.entities, { year: 2024 });
    assert.deepEqual(assigned.messages.map((m) => [m.author, m.text]),
                     [['visitor', 'Ma déclaration ?'], ['bot', 'Voici la page.']]);
    const joined = await v.client.next('agent.joined');
    assert.equal(joined.agent.display_name, 'Françoise');

    v.client.send({ type: 'message.create', client_id: 'v-1', text: 'Bonjour' });
    const ack = await v.client.next('message.ack');
    assert.equal(ack.seq, 3);
    const seen = await fr.next('message.created', (m) => m.client_id === 'v-1');
    assert.equal(seen.text, 'Bonjour');
    fr.send({ type: 'typing', conversation_id: v.id, active: true });
    assert.equal((await v.client.next('typing')).from, 'agent');
    fr.send({ type: 'message.create', conversation_id: v.id, client_id: 'a-1', text: 'Oui ?' });
    assert.equal((await v.client.next('message.created', (m) => m.author === 'agent')).seq, 4);

    // Duplicate client id: acknowledged again with the same seq, not re-broadcast.
    v.client.send({ type: 'message.create', client_id: 'v-1', text: 'Bonjour (retry)' });
    const dup = await v.client.next('message.ack', (a) => a.duplicate);
    assert.equal(dup.seq, 3);
    assert.ok(await fr.none('message.created', (m) => m.text === 'Bonjour (retry)'));

    fr.send({ type: 'conversation.close', conversation_id: v.id, outcome: 'resolved' });
    const closed = await v.client.next('conversation.closed');
    assert.equal(closed.outcome, 'resolved');
    assert.equal(closed.survey, true);
    v.client.send({ type: 'survey.submit', rating: 5, comment: 'Merci' });
    await v.client.next('survey.submitted');
    fr.close();
    v.client.close();
  });

  test('routing by language, skill and priority; concurrency limit', async () => {
    // Nobody online: three hand-offs wait, urgent first.
    const normal = await handoff(server, { queue: 'passports', language: 'en' });
    const urgent = await handoff(server, { queue: 'passports', language: 'en', priority: 'urgent' });
    const frustrated = await handoff(server, { queue: 'passports', language: 'en',
                                              priority: 'frustrated' });
    const french = await handoff(server, { queue: 'general', language: 'fr' });
    assert.equal((await urgent.client.next('queue.position')).position, 1);
    assert.equal((await frustrated.client.next('queue.position')).position, 2);
    assert.equal((await normal.client.next('queue.position', (p) => p.position === 3)).position, 3);

    const en = await server.agent('en@test');  // en only: never offered the French one
    const first = await en.next('conversation.offered');
    assert.equal(first.conversation.conversation_id, urgent.id);
    en.send({ type: 'conversation.accept', conversation_id: urgent.id });
    const second = await en.next('conversation.offered');
    assert.equal(second.conversation.conversation_id, frustrated.id);
    en.send({ type: 'conversation.accept', conversation_id: frustrated.id });
    await en.next('conversation.assigned', (a) => a.conversation_id === frustrated.id);
    // Concurrency 2: the third is not offered while two are assigned.
    assert.ok(await en.none('conversation.offered', () => true, 600));
    assert.ok(!en.all('conversation.offered')
                 .some((o) => o.conversation.conversation_id === french.id));
    // The normal one moved up as the others were taken.
    await normal.client.next('queue.position', (p) => p.position === 1);
    en.send({ type: 'conversation.close', conversation_id: urgent.id, outcome: 'resolved' });
    const third = await en.next('conversation.offered');
    assert.equal(third.conversation.conversation_id, normal.id);
    en.send({ type: 'conversation.decline', conversation_id: normal.id });
    await en.next('conversation.offer_revoked');
    for (const c of [normal, urgent, frustrated, french]) {
      c.client.send({ type: 'conversation.leave' });
      c.client.close();
    }
    en.close();
  });

  test('an unanswered offer times out and is re-offered to another agent', async () => {
    const first = await server.agent('pass@test');
    await new Promise((r) => setTimeout(r, 20));
    const second = await server.agent('pass2@test');  // idle for less time
    const v = await handoff(server, { queue: 'passports', language: 'fr' });
    const offer = await first.next('conversation.offered',
                                   (o) => o.conversation.conversation_id === v.id);
    assert.ok(offer.expires_in_ms <= 1000);
    assert.ok(await second.none('conversation.offered', () => true, 300));
    const revoked = await first.next('conversation.offer_revoked', () => true, 3000);
    assert.equal(revoked.reason, 'timeout');
    assert.equal((await first.next('agent.state', (s) => s.status === 'away')).reason,
                 'missed_offer');
    const reoffer = await second.next('conversation.offered',
                                      (o) => o.conversation.conversation_id === v.id);
    assert.ok(reoffer);
    // The first agent's late accept is refused; the second's works.
    first.send({ type: 'conversation.accept', conversation_id: v.id });
    assert.equal((await first.next('error')).code, 'invalid_state');
    second.send({ type: 'conversation.accept', conversation_id: v.id });
    await v.client.next('agent.joined');
    second.send({ type: 'conversation.close', conversation_id: v.id, outcome: 'resolved' });
    await v.client.next('conversation.closed');
    first.close();
    second.close();
    v.client.close();
  });

  test('transfer to another queue with a note', async () => {
    const fr = await server.agent('fr@test');
    const pass = await server.agent('pass@test');
    const v = await handoff(server, { queue: 'general', language: 'fr' });
    await fr.next('conversation.offered', (o) => o.conversation.conversation_id === v.id);
    fr.send({ type: 'conversation.accept', conversation_id: v.id });
    await fr.next('conversation.assigned', (a) => a.conversation_id === v.id);
    fr.send({ type: 'conversation.transfer', conversation_id: v.id, queue: 'passports',
              note: 'Renouvellement, dossier 42' });
    assert.equal((await fr.next('conversation.transferred')).queue, 'passports');
    assert.equal((await v.client.next('conversation.transferred')).queue, 'passports');
    await v.client.next('agent.left');
    await pass.next('conversation.offered', (o) => o.conversation.conversation_id === v.id);
    pass.send({ type: 'conversation.accept', conversation_id: v.id });
    const detail = await pass.next('conversation.assigned', (a) => a.conversation_id === v.id);
    assert.equal(detail.queue, 'passports');
    assert.ok(detail.messages.some((m) => m.author === 'note' &&
                                          m.text === 'Renouvellement, dossier 42'));
    // The note never reached the visitor.
    assert.ok(!v.client.all('message.created').some((m) => m.author === 'note'));
    pass.send({ type: 'conversation.close', conversation_id: v.id, outcome: 'resolved' });
    await v.client.next('conversation.closed');
    fr.close();
    pass.close();
    v.client.close();
  });

  test("an agent cannot read another queue's conversation", async () => {
    const comp = await server.agent('comp@test');
    const v = await handoff(server, { queue: 'general', language: 'fr' });
    comp.send({ type: 'conversation.view', conversation_id: v.id });
    const err = await comp.next('error');
    assert.equal(err.code, 'forbidden');
    comp.send({ type: 'note.create', conversation_id: v.id, client_id: 'n', text: 'x' });
    assert.equal((await comp.next('error')).code, 'forbidden');
    assert.equal(comp.all('conversation.detail').length, 0);
    const snapshot = comp.all('queue.snapshot').at(-1);
    assert.ok(!snapshot.waiting.some((w) => w.conversation_id === v.id));
    v.client.send({ type: 'conversation.leave' });
    comp.close();
    v.client.close();
  });

  test('reconnect with the last seq replays exactly the missed messages', async () => {
    const fr = await server.agent('fr@test');
    const v = await handoff(server, { queue: 'general', language: 'fr',
                                      transcript: [{ author: 'visitor', text: 'Q' }] });
    await fr.next('conversation.offered', (o) => o.conversation.conversation_id === v.id);
    fr.send({ type: 'conversation.accept', conversation_id: v.id });
    await v.client.next('agent.joined');
    v.client.send({ type: 'message.create', client_id: 'c1', text: 'avant' });
    const lastSeq = (await v.client.next('message.ack')).seq;
    v.client.close();
    await v.client.closed;
    await fr.next('presence', (p) => p.visitor_online === false);
    for (let i = 0; i < 5; i++) {
      fr.send({ type: 'message.create', conversation_id: v.id, client_id: `a${i}`,
                text: `pendant ${i}` });
      await fr.next('message.ack', (a) => a.client_id === `a${i}`);
    }
    const bad = await server.visitor();
    bad.send({ type: 'conversation.resume', conversation_id: v.id, token: 'x'.repeat(43) });
    assert.equal((await bad.next('error')).code, 'unauthenticated');
    bad.close();
    const back = await server.visitor();
    back.send({ type: 'conversation.resume', conversation_id: v.id, token: v.token,
                last_seq: lastSeq });
    const state = await back.next('conversation.state');
    assert.equal(state.state, 'assigned');
    const replay = back.all('message.created');
    assert.deepEqual(replay.map((m) => m.text), [0, 1, 2, 3, 4].map((i) => `pendant ${i}`));
    assert.deepEqual(replay.map((m) => m.seq), [1, 2, 3, 4, 5].map((i) => lastSeq + i));
    assert.equal(state.last_seq, lastSeq + 5);
    await fr.next('presence', (p) => p.visitor_online === true);
    back.send({ type: 'conversation.leave' });
    await back.next('conversation.closed');
    back.close();
    fr.close();
  });
});
