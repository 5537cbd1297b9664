// Capacity, business hours and follow-ups against the real binary.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, handoff } from './harness.mjs';

describe('when nobody can take the chat', () => {
  let server;
  before(async () => {
    server = new Server({
      queues: [
        { id: 'general', languages: ['fr', 'en'], capacity: 1 },
        // No opening window at all: always closed.
        { id: 'night', languages: ['fr', 'en'], hours: { utc_offset: '+00:00' } },
      ],
    }, { agents: [{ email: 'agent@test', queues: ['general', 'night'] }] });
    await server.start();
  });
  after(async () => { await server.cleanup(); });

  test('a full queue offers a callback, stored as a follow-up', async () => {
    const first = await handoff(server, { queue: 'general' });
    await first.client.next('queue.position');
    const second = await handoff(server, { queue: 'general' });
    const unavailable = await second.client.next('conversation.unavailable');
    assert.equal(unavailable.reason, 'full');
    assert.deepEqual(unavailable.options, ['callback', 'message']);
    second.client.send({ type: 'followup.request', kind: 'callback', name: 'Marie',
                         phone: '819-555-0100', preferred_time: 'demain matin' });
    const created = await second.client.next('followup.created');
    assert.equal(created.kind, 'callback');

    const agent = await server.agent('agent@test', { available: false });
    agent.send({ type: 'followup.list' });
    const list = await agent.next('followup.items');
    const item = list.items.find((i) => i.conversation_id === second.id);
    assert.equal(item.phone, '819-555-0100');
    assert.equal(item.preferred_time, 'demain matin');
    agent.send({ type: 'followup.complete', id: item.id });
    assert.equal((await agent.next('followup.completed')).id, item.id);
    first.client.close();
    second.client.close();
    agent.close();
  });

  test('a closed queue offers to leave a message', async () => {
    const v = await handoff(server, { queue: 'night', language: 'en' });
    const unavailable = await v.client.next('conversation.unavailable');
    assert.equal(unavailable.reason, 'closed');
    v.client.send({ type: 'message.create', client_id: 'x', text: 'hello?' });
    assert.equal((await v.client.next('error')).code, 'invalid_state');
    v.client.send({ type: 'followup.request', kind: 'message', contact: 'a@example.ca',
                    text: 'Please call me about my file.' });
    await v.client.next('followup.created');
    const agent = await server.agent('agent@test', { available: false });
    agent.send({ type: 'followup.list' });
    const list = await agent.next('followup.items');
    const item = list.items.find((i) => i.conversation_id === v.id);
    assert.equal(item.kind, 'message');
    assert.equal(item.text, 'Please call me about my file.');
    v.client.close();
    agent.close();
  });
});
