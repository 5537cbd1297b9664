// Durability with the admin CLI next to a live server (issue 11, item 2).
// SQLite's POSIX locks belong to the process: one open/close of the database
// file anywhere in the server process (a static-file read of
// data_dir/relais.sqlite, say) silently drops them, and the admin CLI, run
// beside the live server, then takes itself for the only user of the database
// and checkpoints or truncates the WAL under the server's feet. Here visitors
// stream messages (pipelined, as in crash.test.mjs), an attacker asks for the
// database by URL, an administrator disables and enables an agent a few
// times, and the server is killed -9 while writes are in flight: after the
// restart every acknowledged message is there exactly once, with its seq.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, Server, handoff, rawRequest, replayConversation, withTimeout } from './harness.mjs';

const VISITORS = 8;
const PER_TICK = 5;         // messages per visitor every TICK_MS, acks not awaited
const TICK_MS = 10;
const MAX_PER_VISITOR = 3000;  // a bound on the paced stream (the test ends long before)
const BURST = 100;  // messages per visitor sent at once just before the kill
const AGENT = 'agent@test';
const COMMANDS = ['disable', 'enable', 'disable', 'enable', 'disable', 'enable'];

let server;
before(async () => {
  server = new Server({ limits: { messages_per_second: 10000, burst: 100000,
                                  max_outbound_queue: 100000 } },
                      { agents: [{ email: AGENT }] });
  mkdirSync(server.config.web_dir, { recursive: true });
  writeFileSync(path.join(server.config.web_dir, 'index.html'), '<!doctype html>root');
  await server.start();
});
after(async () => {
  // A server killed by a signal of its own (SIGBUS when the database's shared
  // memory is truncated under it) has no exit code: stop() would wait for it.
  if (server.proc?.signalCode) server.proc = null;
  await server.cleanup();
});

// Runs the admin CLI without blocking the event loop (the visitors keep
// sending and reading acks meanwhile); resolves { status, stderr }.
function cli(args) {
  return withTimeout(new Promise((resolve) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('exit', (status) => resolve({ status, stderr }));
  }), 20000, `relais-server ${args.join(' ')}`);
}

async function until(condition, ms, what) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timeout: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('admin CLI and database URLs under load, then kill -9: every acknowledged message survives',
     async () => {
  const dataDir = server.dataDir;
  const visitors = [];
  for (let i = 0; i < VISITORS; i++) visitors.push(await handoff(server, { queue: 'general' }));
  const acked = visitors.map(() => new Map());  // client_id -> seq
  visitors.forEach((v, i) => v.client.ws.on('message', (data) => {
    const f = JSON.parse(String(data));
    if (f.type === 'message.ack') acked[i].set(f.client_id, f.seq);
  }));
  const total = () => acked.reduce((n, a) => n + a.size, 0);
  const sent = visitors.map(() => 0);
  const send = (perVisitor) => visitors.forEach((v, i) => {
    for (let k = 0; k < perVisitor; k++, sent[i]++) {
      v.client.send({ type: 'message.create', client_id: `v${i}-m${sent[i]}`,
                      text: `visitor ${i} message ${sent[i]}` });
    }
  });
  const stream = setInterval(() => {
    if (sent[0] < MAX_PER_VISITOR) send(PER_TICK);
  }, TICK_MS);

  const served = [];  // database URLs that did not answer 404
  const failedCli = [];
  let ackedAtKill;
  let died;  // how the server ended before the kill, if it did
  const exited = new Promise((resolve) => server.proc.once('exit', (code, signal) => {
    died = signal ?? `exit ${code}`;
    resolve();
  }));
  try {
    await until(() => total() >= 200, 10000, '200 acknowledged messages');
    // Each round: the attacker asks for the database files by URL (each read
    // would open and close them inside the server process), then the
    // administrator changes the agent, while the visitors keep writing.
    const dbUrls = [`/${dataDir}/relais.sqlite`, `/${dataDir}/relais.sqlite-wal`,
                    `/${dataDir}/relais.sqlite-shm`, '/../data/relais.sqlite',
                    '/%2e%2e/data/relais.sqlite', `/${dataDir}/../data/relais.sqlite`];
    for (const command of COMMANDS) {
      for (const target of dbUrls) {
        const res = await rawRequest(server.port, { target }, { ms: 5000 });
        if (res.status !== 404) {
          served.push(`${target} -> ${res.status} (${res.body.length} bytes)`);
        }
      }
      const run = await cli(['user', command, '--data', dataDir, AGENT]);
      if (run.status !== 0) failedCli.push(`user ${command}: exit ${run.status}: ${run.stderr}`);
    }
    // Messages acknowledged after the last CLI run; then a burst, and the
    // kill as soon as its first acknowledgement arrives: the rest is in flight.
    const afterCli = total();
    await until(() => total() >= afterCli + 400, 10000, 'acknowledgements after the CLI runs');
    const beforeBurst = total();
    send(BURST);
    await until(() => total() > beforeBurst, 5000, 'first acknowledgement of the burst');
    if (died) throw new Error('died');
    await server.stop('SIGKILL');
    ackedAtKill = total();
  } catch (e) {
    await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
    if (died) {
      throw new Error(`relais-server died (${died}) under the load, the database URLs ` +
                      `(${served.length} served) and the admin CLI`);
    }
    throw e;
  } finally {
    clearInterval(stream);
    for (const v of visitors) v.client.ws.terminate();
  }
  console.log(`# ${ackedAtKill} messages acknowledged before kill -9, ` +
              `${sent.reduce((a, b) => a + b, 0)} sent`);

  await server.start();
  for (let i = 0; i < VISITORS; i++) {
    const replay = await replayConversation(server, visitors[i]);
    // Strictly increasing seq from 1, no gaps, each client id once, in send order.
    replay.forEach((m, k) => assert.equal(m.seq, k + 1, `visitor ${i}: seq`));
    const ids = replay.map((m) => m.client_id);
    assert.equal(new Set(ids).size, ids.length, `visitor ${i}: no duplicates`);
    ids.forEach((id, k) => assert.equal(id, `v${i}-m${k}`, `visitor ${i}: order`));
    // Every acknowledged message is there with the acknowledged seq.
    const byId = new Map(replay.map((m) => [m.client_id, m]));
    const lost = [...acked[i].keys()].filter((id) => !byId.has(id));
    assert.deepEqual(lost.slice(0, 5), [], `visitor ${i}: ${lost.length} of ${acked[i].size} ` +
                                           'acknowledged messages lost');
    for (const [clientId, seq] of acked[i]) {
      const m = byId.get(clientId);
      assert.equal(m.seq, seq, clientId);
      assert.equal(m.text, `visitor ${i} message ${clientId.split('-m')[1]}`);
    }
  }
  assert.deepEqual(failedCli, [], 'the admin CLI works against the live server');
  assert.deepEqual(served, [], 'the database is never served');
  // The last command (enable) is what the restarted server sees.
  const list = spawnSync(BIN, ['user', 'list', '--data', dataDir], { encoding: 'utf8',
                                                                      timeout: 20000 });
  assert.match(list.stdout, new RegExp(`${AGENT}\\t.*\\tactive`));
});
