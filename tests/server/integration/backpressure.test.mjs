// Outbound memory is bounded in bytes: a client that asks for large replies
// and never reads them is dropped (it replays from its last seq when it comes
// back), instead of growing the server by the size of every reply it ignored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Server, handoff, metricValue, withTimeout } from './harness.mjs';

const MESSAGE = 'x'.repeat(3900);
const MESSAGES = 400;  // ~1.6 MB of text in the conversation

function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)[1]);
}

let server;
before(async () => {
  server = new Server({
    limits: { messages_per_second: 10000, burst: 100000, max_outbound_queue: 100000,
              max_outbound_bytes: 4 * 1024 * 1024 },
  }, { agents: [{ email: 'reader@test' }] });
  await server.start();
});
after(async () => { await server.cleanup(); });

test('a connection that does not read is dropped at max_outbound_bytes, not max_outbound_queue',
     async () => {
  const { client, id } = await handoff(server, { queue: 'general' });
  for (let i = 0; i < MESSAGES; i++) {
    client.send({ type: 'message.create', client_id: `big-${i}`, text: MESSAGE });
  }
  await client.next('message.ack', (f) => f.client_id === `big-${MESSAGES - 1}`, 20000);

  const agent = await server.agent('reader@test', { available: false });
  const baseline = rssKb(server.proc.pid);
  // The attacker's client stops reading, then asks for the big view again and
  // again: each reply is hundreds of KB (far under the frame-count limit).
  agent.ws._socket.pause();
  for (let i = 0; i < 200; i++) agent.send({ type: 'conversation.view', conversation_id: id });
  // (A paused socket does not report its close: the server's count does.)
  await withTimeout((async () => {
    while (await metricValue(server, 'relais_slow_consumers_dropped_total') < 1) {
      await new Promise((r) => setTimeout(r, 50));
    }
  })(), 15000, 'the slow consumer is dropped');
  agent.ws.terminate();
  const grown = (rssKb(server.proc.pid) - baseline) / 1024;
  assert.ok(grown < 64, `the server grew by ${grown.toFixed(0)} MiB for one slow reader`);
  // The server is fine and the conversation intact for a reader that reads.
  const again = await server.agent('reader@test', { available: false });
  again.send({ type: 'conversation.view', conversation_id: id });
  const detail = await again.next('conversation.detail', () => true, 10000);
  assert.ok(detail.messages.length > 0);
  again.close();
  client.close();
});
