// Durability: visitors send as fast as they can, the server is killed with
// SIGKILL mid-stream, restarted on the same data, and every message that was
// acknowledged must be there exactly once, in order, with the acked seq.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, handoff, replayConversation, withTimeout } from './harness.mjs';

const VISITORS = 8;
const MESSAGES = 400;  // per visitor, at most

let server;
before(async () => {
  server = new Server({ limits: { messages_per_second: 10000, burst: 100000,
                                  max_outbound_queue: 100000 } });
  await server.start();
});
after(async () => { await server.cleanup(); });

test('every acknowledged message survives kill -9 exactly once and in order', async () => {
  const visitors = [];
  for (let i = 0; i < VISITORS; i++) visitors.push(await handoff(server, { queue: 'general' }));
  const acked = visitors.map(() => new Map());  // client_id -> seq
  for (let i = 0; i < VISITORS; i++) {
    visitors[i].client.ws.on('message', (data) => {
      const f = JSON.parse(String(data));
      if (f.type === 'message.ack') acked[i].set(f.client_id, f.seq);
    });
  }
  // Each visitor pipelines all its messages (no waiting for acks).
  const started = Date.now();
  for (let i = 0; i < VISITORS; i++) {
    for (let m = 0; m < MESSAGES; m++) {
      visitors[i].client.send({ type: 'message.create', client_id: `v${i}-m${m}`,
                                text: `visitor ${i} message ${m}` });
    }
  }
  // Kill once a good share is acknowledged (bounded wait), while writes are in flight.
  const total = () => acked.reduce((n, a) => n + a.size, 0);
  const deadline = Date.now() + 20000;
  while (total() < (VISITORS * MESSAGES) / 4 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const elapsed = (Date.now() - started) / 1000;
  await server.stop('SIGKILL');
  const ackedCount = total();
  console.log(`# ${ackedCount} messages acknowledged in ${elapsed.toFixed(2)} s ` +
              `(~${Math.round(ackedCount / elapsed)} msg/s) before kill -9`);
  assert.ok(ackedCount > 0, 'some messages were acknowledged before the kill');
  for (const v of visitors) v.client.ws.terminate();

  await server.start();
  for (let i = 0; i < VISITORS; i++) {
    const replay = await replayConversation(server, visitors[i]);
    const seqs = replay.map((m) => m.seq);
    // Strictly increasing seq, no gaps, each client id once.
    seqs.forEach((s, k) => assert.equal(s, k + 1));
    const ids = replay.map((m) => m.client_id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    // Stored order is the visitor's send order.
    const order = ids.map((id) => Number(id.split('-m')[1]));
    order.forEach((n, k) => assert.equal(n, k));
    // Every acknowledged message is there, with the acknowledged seq.
    const bySeq = new Map(replay.map((m) => [m.client_id, m]));
    for (const [clientId, seq] of acked[i]) {
      const m = bySeq.get(clientId);
      assert.ok(m, `acknowledged ${clientId} is missing`);
      assert.equal(m.seq, seq);
      assert.equal(m.text, `visitor ${i} message ${clientId.split('-m')[1]}`);
    }
  }
  // Resending after the restart is deduplicated.
  const again = await server.visitor();
  again.send({ type: 'conversation.resume', conversation_id: visitors[0].id,
               token: visitors[0].token, last_seq: 1000000 });
  await again.next('conversation.state');
  again.send({ type: 'message.create', client_id: 'v0-m0', text: 'visitor 0 message 0' });
  const ack = await withTimeout(again.next('message.ack'), 5000, 'ack');
  assert.equal(ack.duplicate, true);
  assert.equal(ack.seq, 1);
  again.close();
});
