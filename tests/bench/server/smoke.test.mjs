// Smoke test of the benchmark tools (registered with CTest; `make bench` runs
// the real sizes): relais-ws-load runs every mode end to end against a real
// relais-server and the Node baseline relay, and exits 0. No timing is
// asserted: timings belong to `make bench`, not to `make test`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PASSWORD, Server } from '../../server/integration/harness.mjs';

const LOAD = process.env.RELAIS_WS_LOAD_BIN;
if (!LOAD) throw new Error('RELAIS_WS_LOAD_BIN must point at the relais-ws-load binary');
const BASELINE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'baseline_relay.mjs');

function run(mode, port, args) {
  const r = spawnSync(LOAD, [mode, '--port', String(port), ...args.map(String)],
                      { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, `relais-ws-load ${mode} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

let server;
let baseline;
before(async () => {
  server = new Server({ agent_concurrency: 20,
                        limits: { messages_per_second: 10000, burst: 100000,
                                  new_conversations_per_ip_per_minute: 1000 } },
                      { agents: [{ email: 'agent@bench' }] });
  await server.start();
  baseline = spawn(process.execPath, [BASELINE, '--listen', '127.0.0.1:0'],
                   { stdio: ['ignore', 'pipe', 'inherit'] });
  baseline.port = await new Promise((resolve, reject) => {
    let out = '';
    baseline.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    baseline.on('exit', (code) => reject(new Error(`baseline exited ${code}`)));
  });
});
after(async () => {
  baseline?.kill('SIGTERM');
  await server?.cleanup();
});

test('idle: 50 connections over 2 client processes all answer a ping', () => {
  const r = run('idle', server.port, ['--connections', 50, '--procs', 2,
                                      '--server-pid', server.proc.pid]);
  assert.equal(r.connections, 50);
  assert.equal(r.pongs, 50);
  assert.ok(r.server_rss_kb_connected > 0);
});

test('chat: 10 conversations, 1,000 messages acknowledged and delivered, then closed', () => {
  const r = run('chat', server.port, ['--agent', 'agent@bench', '--password', PASSWORD,
                                      '--conversations', 10, '--rate', 0, '--window', 4,
                                      '--messages', 1000, '--seconds', 30, '--close', 1,
                                      '--server-pid', server.proc.pid]);
  assert.equal(r.sent, 1000);
  assert.equal(r.acked, 1000);
  assert.equal(r.delivered, 1000);
  assert.equal(r.closed, 10);
  assert.equal(r.errors, 0);
  assert.ok(r.ack_p99_ms > 0);
});

test('chat at a fixed rate (open loop) and login', () => {
  const { cookies } = run('login', server.port, ['--agent', 'agent@bench', '--password', PASSWORD]);
  assert.equal(cookies.length, 1);
  const r = run('chat', server.port, ['--cookie', cookies[0], '--conversations', 5, '--rate', 500,
                                      '--warmup', 0.2, '--seconds', 0.5, '--close', 1]);
  assert.ok(r.acked > 0);
  assert.equal(r.lost_acks, 0);
});

test('populate: 20 conversations stored, half left open', () => {
  const open = run('populate', server.port, ['--conversations', 10, '--window', 4]);
  const ended = run('populate', server.port, ['--conversations', 10, '--window', 4, '--leave', 1]);
  assert.equal(open.conversations, 10);
  assert.equal(ended.conversations, 10);
});

test('the baseline relay speaks the same subset', () => {
  const idle = run('idle', baseline.port, ['--connections', 20, '--procs', 1]);
  assert.equal(idle.pongs, 20);
  const r = run('chat', baseline.port, ['--agent', 'agent@bench', '--password', 'x',
                                        '--conversations', 10, '--rate', 0, '--window', 4,
                                        '--messages', 500, '--seconds', 30, '--close', 1]);
  assert.equal(r.acked, 500);
  assert.equal(r.delivered, 500);
});
