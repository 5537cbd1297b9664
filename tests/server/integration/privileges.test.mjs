// Never as root (issue 11): started as root, relais-server refuses to serve
// unless told which account to switch to (--user NAME or "run_as"); with one,
// it gives that account data_dir and the regular files in it, then gives up
// root for good before it opens the database or a socket. The admin CLI run
// as root acts as the owner of data_dir, so that no file there becomes
// root's. Only meaningful as root (CI runs as root): skipped otherwise.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BIN, RUN_AS_ARGS, Server, handoff, replayConversation, withTimeout } from './harness.mjs';

const AS_ROOT = process.getuid?.() === 0;
const skip = AS_ROOT ? false
  : 'runs only as root (dropping root needs root; CI runs as root): here uid ' +
    `${process.getuid?.()}`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The ids of the account the harness switches to (RUN_AS_ARGS: --user nobody).
function account(name) {
  const id = (flag) => execFileSync('id', [flag, name], { encoding: 'utf8' }).trim();
  return { uid: Number(id('-u')), gid: Number(id('-g')),
           groups: id('-G').split(/\s+/).map(Number).sort((a, b) => a - b) };
}

// { Uid: [real, effective, saved, fs], Gid: [...], Groups: [...], CapEff, CapPrm }
// of a running process, from /proc/<pid>/status.
function credentials(pid) {
  const fields = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const m = line.match(/^(Uid|Gid|Groups|CapEff|CapPrm):\s*(.*)$/);
    if (m) fields[m[1]] = m[2].trim();
  }
  const ids = (s) => (s ? s.split(/\s+/).map(Number) : []);
  return { Uid: ids(fields.Uid), Gid: ids(fields.Gid),
           Groups: ids(fields.Groups).sort((a, b) => a - b),
           CapEff: fields.CapEff, CapPrm: fields.CapPrm };
}

// Every entry directly in `dir` (and `dir` itself) whose owner is not
// uid:gid, as "name uid:gid" (lstat: a link is judged by itself).
function notOwnedBy(dir, { uid, gid }) {
  const wrong = [];
  for (const p of [dir, ...readdirSync(dir).map((n) => path.join(dir, n))]) {
    const st = lstatSync(p);
    if (st.uid !== uid || st.gid !== gid) wrong.push(`${path.basename(p)} ${st.uid}:${st.gid}`);
  }
  return wrong;
}

// A loopback port free right now (for a start that must not listen on it).
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Resolves the error code of a TCP connect to 127.0.0.1:`port` (null when it
// connected).
function connectError(port) {
  return withTimeout(new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(null); });
    socket.once('error', (e) => resolve(e.code));
  }), 3000, `connect to ${port}`);
}

// Runs relais-server with `args` and waits for its exit (5 s at most: one
// that is still running by then serves, which these refusals must not).
function refusedRun(args) {
  const run = spawnSync(BIN, args, { encoding: 'utf8', timeout: 5000 });
  assert.equal(run.error?.code, undefined, `${args.join(' ')}: still running after 5 s`);
  assert.notEqual(run.status, 0, `${args.join(' ')}: exit status`);
  assert.doesNotMatch(run.stdout, /listening/, `${args.join(' ')}: printed "listening"`);
  return run;
}

// Writes `config` (the server's, with changes) to a file of its own.
function configWith(server, name, changes) {
  const file = path.join(server.dir, name);
  writeFileSync(file, JSON.stringify({ ...server.config, ...changes }));
  return file;
}

// A visitor hands off and sends a message; resolves once it is acknowledged.
async function handoffAndMessage(server, clientId) {
  const v = await handoff(server, { queue: 'general' });
  v.client.send({ type: 'message.create', client_id: clientId, text: `text of ${clientId}` });
  const ack = await v.client.next('message.ack', (f) => f.client_id === clientId);
  assert.ok(ack.seq >= 1, `${clientId}: acknowledged with a seq`);
  return v;
}

// The admin CLI, run (as root, like the test) without blocking the event loop.
function cli(args, input = '') {
  return withTimeout(new Promise((resolve) => {
    const p = spawn(BIN, ['user', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('exit', (status) => resolve({ status, out }));
    p.stdin.end(input);
  }), 20000, `relais-server user ${args.join(' ')}`);
}

// Starts `relais-server user passwd` as root on `dataDir` and waits until it
// acts as `owner` (it opens the database first, then waits for the password
// on stdin: it can be looked at while it holds the database). Asserts its
// ids and groups; `finish(password)` sends the password and checks it ends well.
async function holdPasswd(dataDir, email, owner) {
  const p = spawn(BIN, ['user', 'passwd', '--data', dataDir, email],
                  { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  p.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => p.once('exit', resolve));
  const finish = async (password) => {
    p.stdin.end(`${password}\n`);
    const status = await withTimeout(exited, 20000, 'user passwd').finally(() => p.kill('SIGKILL'));
    assert.equal(status, 0, `user passwd: ${stderr}`);
  };
  let c;
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && p.exitCode === null) {
    try {
      c = credentials(p.pid);
    } catch {
      break;  // gone: the assertion below says so
    }
    if (c.Uid[1] !== 0) break;
    await sleep(10);
  }
  try {
    assert.deepEqual(c?.Uid, Array(4).fill(owner.uid), `the CLI acts as the owner: ${stderr}`);
    assert.deepEqual(c.Gid, Array(4).fill(owner.gid));
    assert.ok(!c.Groups.includes(0), `CLI groups ${c.Groups}`);
  } catch (e) {
    p.kill('SIGKILL');
    throw e;
  }
  return { finish };
}

describe('started as root', { skip }, () => {
  const nobody = AS_ROOT ? account('nobody') : null;

  test('the harness switches to nobody', () => {
    // What every other integration test relies on in CI.
    assert.deepEqual(RUN_AS_ARGS, ['--user', 'nobody']);
    assert.notEqual(nobody.uid, 0);
    assert.notEqual(nobody.gid, 0);
  });

  describe('without an account to switch to: refused, nothing touched', () => {
    let server;
    before(() => { server = new Server(); });
    after(async () => { await server.cleanup(); });

    test('no --user, no run_as: exits at once, says how to fix, listens on nothing', async () => {
      const port = await freePort();
      const config = configWith(server, 'fixed-port.json', { listen: `127.0.0.1:${port}` });
      const started = Date.now();
      const run = refusedRun(['--config', config]);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms to refuse`);
      assert.match(run.stderr, /refusing to run as root/);
      assert.match(run.stderr, /run_as/);
      assert.match(run.stderr, /--user/);
      assert.equal(await connectError(port), 'ECONNREFUSED', `something listens on ${port}`);
      // Refused before touching the data: the directory was not even created.
      assert.equal(existsSync(server.dataDir), false, 'data_dir created by a refused start');
    });

    test('--user root and run_as "root" are refused', () => {
      for (const args of [['--config', server.configFile, '--user', 'root'],
                          ['--config', configWith(server, 'root.json', { run_as: 'root' })]]) {
        const run = refusedRun(args);
        assert.match(run.stderr, /root is root; name an unprivileged account/, args.join(' '));
      }
      assert.equal(existsSync(server.dataDir), false);
    });

    test('an unknown account is refused, by --user and by run_as', () => {
      for (const args of [['--config', server.configFile, '--user', 'no-such-user'],
                          ['--config', configWith(server, 'unknown.json',
                                                  { run_as: 'no-such-user' })]]) {
        const run = refusedRun(args);
        assert.match(run.stderr, /no such user no-such-user/, args.join(' '));
      }
      assert.equal(existsSync(server.dataDir), false);
    });
  });

  describe('with --user nobody', () => {
    const AGENT = 'agent@test';
    let server;
    let outside;  // a root-owned file beside data_dir (the target of a planted link)
    let first;    // the conversation of the first start (checked after restarts)
    before(async () => {
      // The CLI run before the first start creates data_dir and the database
      // as root (nobody owns it yet): the start must hand them over.
      server = new Server({}, { agents: [{ email: AGENT }] });
      outside = path.join(server.dir, 'root-only');
      writeFileSync(outside, 'root only', { mode: 0o600 });
    });
    after(async () => {
      first?.client.close();
      await server.cleanup();
    });

    test('runs as nobody (all four ids, no root group, no capabilities) and owns data_dir',
         async () => {
      assert.deepEqual(notOwnedBy(server.dataDir, { uid: 0, gid: 0 }), [],
                       'before the start, the CLI left data_dir to root (control)');
      await server.start();
      const c = credentials(server.proc.pid);
      assert.deepEqual(c.Uid, Array(4).fill(nobody.uid), 'Uid: real, effective, saved, fs');
      assert.deepEqual(c.Gid, Array(4).fill(nobody.gid), 'Gid: real, effective, saved, fs');
      assert.ok(!c.Groups.includes(0), `supplementary groups ${c.Groups}`);
      assert.deepEqual(c.Groups, nobody.groups, 'the groups of nobody');
      assert.match(c.CapEff, /^0+$/, 'no effective capability');
      assert.match(c.CapPrm, /^0+$/, 'no permitted capability');
      // The database in WAL mode: its three files, all nobody's.
      for (const name of ['relais.sqlite', 'relais.sqlite-wal', 'relais.sqlite-shm']) {
        assert.ok(existsSync(path.join(server.dataDir, name)), `${name} exists`);
      }
      assert.deepEqual(notOwnedBy(server.dataDir, nobody), []);
    });

    test('durable writes work: a hand-off and a message are acknowledged', async () => {
      first = await handoffAndMessage(server, 'first-message');
      const agent = await server.agent(AGENT);
      const offer = await agent.next('conversation.offered');
      assert.equal(offer.conversation.conversation_id, first.id);
      agent.send({ type: 'conversation.accept', conversation_id: first.id });
      await agent.next('conversation.assigned');
      agent.send({ type: 'message.create', conversation_id: first.id, client_id: 'agent-reply',
                   text: 'Bonjour' });
      await first.client.next('message.created', (m) => m.client_id === 'agent-reply');
      agent.close();
      assert.deepEqual(notOwnedBy(server.dataDir, nobody), []);
    });

    test('the admin CLI run as root, beside the live server, acts as nobody', async () => {
      const held = await holdPasswd(server.dataDir, AGENT, nobody);
      await held.finish('another password');
      for (const [args, input] of [
        [['add', '--data', server.dataDir, 'second@test', '--queues', 'general'],
         'a password for second\n'],
        [['disable', '--data', server.dataDir, 'second@test']],
        [['list', '--data', server.dataDir]],
      ]) {
        const r = await cli(args, input);
        assert.equal(r.status, 0, `user ${args[0]}: ${r.out}`);
        assert.deepEqual(notOwnedBy(server.dataDir, nobody), [], `after user ${args[0]}`);
      }
      assert.match((await cli(['list', '--data', server.dataDir])).out,
                   /second@test\t.*\tdisabled/);
      // The server still writes, in files that are still its own.
      first.client.send({ type: 'message.create', client_id: 'after-cli', text: 'after the CLI' });
      await first.client.next('message.ack', (f) => f.client_id === 'after-cli');
      (await handoffAndMessage(server, 'after-cli-new')).client.close();
      assert.deepEqual(notOwnedBy(server.dataDir, nobody), []);
    });

    test('the admin CLI run as root on a stopped server\'s data_dir creates no root file',
         async () => {
      await server.stop();
      // The WAL and shared-memory files left with the server: the CLI creates
      // them anew, owned by whoever it runs as (and deletes them at exit, so
      // they are looked at while it holds the database open).
      for (const name of ['relais.sqlite-wal', 'relais.sqlite-shm']) {
        assert.equal(existsSync(path.join(server.dataDir, name)), false, `${name} after stop`);
      }
      const held = await holdPasswd(server.dataDir, 'second@test', nobody);
      try {
        const deadline = Date.now() + 10000;
        while (!['relais.sqlite-wal', 'relais.sqlite-shm'].every((n) =>
          existsSync(path.join(server.dataDir, n)))) {
          if (Date.now() > deadline) throw new Error('timeout: the CLI opened no WAL');
          await sleep(10);
        }
        assert.deepEqual(notOwnedBy(server.dataDir, nobody), [], 'while the CLI holds it');
      } finally {
        await held.finish('second password');
      }
      const r = await cli(['enable', '--data', server.dataDir, 'second@test']);
      assert.equal(r.status, 0, r.out);
      assert.deepEqual(notOwnedBy(server.dataDir, nobody), []);
      await server.start();
      (await handoffAndMessage(server, 'after-restart')).client.close();
    });

    test('a link planted in data_dir does not hand its target over', async () => {
      // Whoever can write in data_dir (the service account itself, once
      // compromised) plants links to root's files, then waits for the next
      // start as root to chown them: regular files only, never through a link.
      await server.stop();
      const links = ['planted', 'backup.sqlite'];
      for (const name of links) symlinkSync(outside, path.join(server.dataDir, name));
      await server.start();
      const target = statSync(outside);
      assert.equal(target.uid, 0, 'the target stays root\'s');
      assert.equal(target.gid, 0);
      assert.equal(target.mode & 0o777, 0o600, 'and keeps its mode');
      for (const name of links) {
        const link = path.join(server.dataDir, name);
        assert.ok(lstatSync(link).isSymbolicLink(), `${name} left as it was`);
        assert.equal(readlinkSync(link), outside);
      }
      // The rest of data_dir is nobody's; the server works.
      assert.deepEqual(notOwnedBy(server.dataDir, nobody).filter((e) =>
        !links.includes(e.split(' ')[0])), []);
      (await handoffAndMessage(server, 'after-links')).client.close();
      // Every acknowledged message of this block is there after the restarts.
      const ids = (await replayConversation(server, first)).map((m) => m.client_id);
      for (const id of ['first-message', 'agent-reply', 'after-cli']) {
        assert.ok(ids.includes(id), id);
      }
    });
  });

  describe('run_as in the configuration', () => {
    let server;
    let proc;
    before(() => { server = new Server(); });
    after(async () => {
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await withTimeout(exited, 10000, 'server exit');
      }
      await server.cleanup();
    });

    test('"run_as": "nobody" without --user: starts and runs as nobody', async () => {
      const config = configWith(server, 'run-as.json', { run_as: 'nobody' });
      proc = spawn(BIN, ['--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (d) => { stderr += d; });
      await withTimeout(new Promise((resolve, reject) => {
        let out = '';
        proc.stdout.on('data', (d) => {
          out += d;
          if (/listening on/.test(out)) resolve();
        });
        proc.once('exit', (code) => reject(new Error(`exited (${code}): ${stderr}`)));
      }), 15000, 'listening');
      const c = credentials(proc.pid);
      assert.deepEqual(c.Uid, Array(4).fill(nobody.uid));
      assert.deepEqual(c.Gid, Array(4).fill(nobody.gid));
      assert.deepEqual(notOwnedBy(server.dataDir, nobody), []);
    });
  });
});
