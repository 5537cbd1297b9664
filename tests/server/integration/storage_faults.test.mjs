// Storage faults seen from outside (issue 11, items 11 and 13):
// * a database damaged between two runs is refused at start, with a message
//   that names the file and says how to recover, and is left as it was;
// * a full disk (simulated by a file-size limit: ulimit -f with SIGXFSZ
//   ignored, so writes fail with EFBIG) makes /readyz 503 and messages fail
//   with error frames, never acks; once the limit is lifted on the live
//   process (prlimit), /readyz is 200 again without any client writing (the
//   idle probe write notices), and messages are acknowledged and stored.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { BIN, Server, handoff, replayConversation, withTimeout } from './harness.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.cleanup(); });

function sha256(file) { return createHash('sha256').update(readFileSync(file)).digest('hex'); }

// Overwrites `count` 4 KiB pages of `file` from page `first` (1-based) with junk.
function damage(file, first, count) {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(count * 4096, 0xa5), 0, count * 4096, (first - 1) * 4096);
  } finally {
    closeSync(fd);
  }
}

// Lifts the file-size limit of a running process. prlimit on another
// account's process needs CAP_SYS_RESOURCE, which root in a container may not
// have: when the server switched accounts (run as root: RUN_AS_ARGS), act as that
// account (setpriv, util-linux), which may raise its own soft limit.
function liftFileSizeLimit(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const uid = Number(status.match(/^Uid:\s+(\d+)/m)[1]);
  const gid = Number(status.match(/^Gid:\s+(\d+)/m)[1]);
  const prlimit = ['prlimit', '--pid', String(pid), '--fsize=unlimited'];
  const argv = uid === process.getuid()
    ? prlimit
    : ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', ...prlimit];
  return spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
}

async function readyz(server) {
  const res = await fetch(server.url('/readyz'));
  return { status: res.status, body: await res.text() };
}

// Sends one message and resolves with the frame that answers it: its
// message.ack, or an error about message.create.
function send(client, clientId, text) {
  const from = client.frames.length;
  client.send({ type: 'message.create', client_id: clientId, text });
  return withTimeout(new Promise((resolve) => {
    const check = () => {
      for (let i = from; i < client.frames.length; i++) {
        const f = client.frames[i];
        if ((f.type === 'message.ack' && f.client_id === clientId) ||
            (f.type === 'error' && f.request_type === 'message.create')) {
          client.ws.off('message', check);
          resolve(f);
          return;
        }
      }
    };
    client.ws.on('message', check);
    check();
  }), 10000, `answer to ${clientId}`);
}

test('a database damaged between two runs is refused at start, named, and left as it was',
     async () => {
  const server = new Server();
  servers.push(server);
  await server.start();
  const { client } = await handoff(server, { queue: 'general' });
  const text = 'x'.repeat(300);  // small enough to stay in the b-tree pages (no overflow)
  for (let i = 0; i < 600; i++) client.send({ type: 'message.create', client_id: `m${i}`, text });
  await client.next('message.ack', (f) => f.client_id === 'm599', 20000);
  client.close();
  await server.stop('SIGTERM');

  const file = path.join(server.dataDir, 'relais.sqlite');
  assert.ok(!existsSync(`${file}-wal`), 'a clean stop leaves no WAL');
  const pages = statSync(file).size / 4096;
  assert.ok(pages > 40, `${pages} pages`);
  damage(file, Math.floor(pages / 2), 3);
  const damaged = sha256(file);

  await assert.rejects(server.start(), /server exited \(1\)/);
  const message = server.stderr;
  assert.match(message, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged`));
  assert.match(message, /did not start and changed nothing/);
  assert.match(message, /backup/);
  assert.ok(message.includes(`sqlite3 ${file} .recover`), message);
  assert.equal(sha256(file), damaged, 'the damaged file was not written to');
  assert.ok(!existsSync(`${file}-wal`), 'nor was a WAL started');
});

test('a full disk makes /readyz 503 and messages fail; lifting it recovers by itself',
     { skip: spawnSync('prlimit', ['--version']).status === 0 ? false : 'prlimit (util-linux) missing' },
     async () => {
  const server = new Server({ limits: { messages_per_second: 10000, burst: 100000,
                                        max_outbound_queue: 100000 } });
  servers.push(server);
  // 1 MiB per file (bash counts -f in 1024-byte blocks; -S: the soft limit
  // only, so that prlimit may lift it without privileges). Ignored SIGXFSZ is
  // inherited through exec: writes past the limit fail with EFBIG.
  await server.start([], {
    through: ['bash', '-c', 'trap "" XFSZ; ulimit -S -f 1024 && exec "$@"', 'relais-server'],
  });
  const pid = server.proc.pid;  // bash exec'ed the server: same process
  assert.equal((await readyz(server)).status, 200);
  const visitor = await handoff(server, { queue: 'general' });
  const text = 'y'.repeat(3900);

  // Write until the WAL reaches the limit.
  const acked = new Map();  // client_id -> seq
  let failure = null;
  for (let i = 0; i < 2000 && !failure; i++) {
    const answer = await send(visitor.client, `m${i}`, text);
    if (answer.type === 'message.ack') {
      assert.equal(answer.duplicate, false);
      acked.set(`m${i}`, answer.seq);
    } else {
      failure = answer;
    }
  }
  assert.ok(failure, 'writes failed under a 1 MiB file-size limit');
  assert.equal(failure.code, 'internal');
  assert.ok(acked.size > 0, 'some messages were stored before the limit');
  const failedIds = [`m${acked.size}`];
  for (let i = 0; i < 3; i++) {
    const id = `late${i}`;
    const answer = await send(visitor.client, id, text);
    assert.equal(answer.type, 'error', `${id} is refused, not acknowledged`);
    assert.equal(answer.code, 'internal');
    failedIds.push(id);
  }
  const down = await readyz(server);
  assert.equal(down.status, 503);
  assert.match(down.body, /^storage not writable: sqlite: /);

  // Space is back: the idle server notices by itself (no client writes).
  const lifted = liftFileSizeLimit(pid);
  assert.equal(lifted.status, 0, lifted.stderr);
  const deadline = Date.now() + 15000;
  let up = await readyz(server);
  while (up.status !== 200 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    up = await readyz(server);
  }
  assert.equal(up.status, 200, up.body);
  assert.equal(up.body, 'ready\n');

  // Messages are acknowledged again, the refused ones included (never stored).
  let seq = Math.max(...acked.values());
  for (const id of [...failedIds, 'after']) {
    const answer = await send(visitor.client, id, id === 'after' ? 'de la place' : text);
    assert.equal(answer.type, 'message.ack', `${id}: ${JSON.stringify(answer)}`);
    assert.equal(answer.duplicate, false);
    assert.equal(answer.seq, ++seq);
    acked.set(id, answer.seq);
  }
  visitor.client.close();

  // And stored: the replay has every acknowledged message once, with its seq.
  const stored = await replayConversation(server, visitor);
  assert.equal(stored.length, acked.size);
  for (const m of stored) assert.equal(acked.get(m.client_id), m.seq, m.client_id);
});
