// Attack tests for the HTTP surface (issue 11): what anyone on the network can
// send to relais-server, byte for byte — crafted static paths, request
// smuggling and framing abuse, login and connection floods, forged origins,
// /metrics scraping. Raw TCP (node:net, harness rawHttp) wherever framing
// matters: fetch and node:http normalise requests. Each block starts its own
// server, so one block's limits and counters never leak into another.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BIN, Client, PASSWORD, RUN_AS_ARGS, Server, WIDGET_ORIGIN, metricValue, rawHttp, rawRequest,
  requestText, upgradeRequest, withTimeout,
} from './harness.mjs';

// The harness's defaults: `limits` in an override replaces the whole object.
const LIMITS = { messages_per_second: 1000, burst: 1000 };

// The request an attacker hides behind another one: if it is ever answered,
// the server parsed attacker-chosen bytes as a request of its own.
const HIDDEN = requestText({ target: '/healthz' });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const statuses = (r) => r.responses.map((x) => x.status);
const json = (res) => JSON.parse(res.body.toString());

// `n` bytes made only of complete `GET /healthz` requests (the first one
// padded with a header to land exactly on `n`).
function hiddenRequests(n) {
  const first = (pad) => requestText({ target: '/healthz', headers: { 'X-Pad': pad } });
  const copies = Math.floor((n - first('').length) / HIDDEN.length);
  const pad = 'p'.repeat(n - first('').length - copies * HIDDEN.length);
  return first(pad) + HIDDEN.repeat(copies);
}

// What is wrong with how the server answered a connection, or null when it
// answered once, with one of `expected` statuses and Connection: close, and
// then closed it (whatever followed was never answered).
function answeredOnceAndClosed(r, expected) {
  const got = statuses(r);
  const more = got.length > 10 ? ` (${got.length} in all)` : '';
  const seen = `answers ${JSON.stringify(got.slice(0, 10))}${more}, ` +
               (r.closed ? 'closed' : 'left open');
  if (got.length !== 1 || !expected.includes(got[0])) {
    return `${seen}; expected one ${expected.join(' or ')}`;
  }
  if (!/close/i.test(r.responses[0].headers.connection ?? '')) {
    return `${seen}; no Connection: close`;
  }
  if (!r.closed) return seen;
  return null;
}

function assertAnsweredOnceAndClosed(r, expected, what) {
  assert.equal(answeredOnceAndClosed(r, expected), null, what);
}

// POST /api/login as a browser on the server's page would (raw: headers kept).
function login(server, email, password = PASSWORD, headers = {}) {
  return rawRequest(server.port, {
    method: 'POST', target: '/api/login',
    headers: { Host: `127.0.0.1:${server.port}`, 'Content-Type': 'application/json',
               Origin: server.origin, ...headers },
    body: JSON.stringify({ email, password }),
  });
}

// ---------------------------------------------------------------- 1. static files

describe('static files: nothing outside the web root can be named', () => {
  const SECRET = 'TOP-SECRET-beside-the-web-root';
  let server;
  let web;
  let secret;  // a file beside the web root, readable by the server process
  let longPath;
  before(async () => {
    server = new Server();
    web = server.config.web_dir;
    mkdirSync(path.join(web, 'console'), { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html>root');
    writeFileSync(path.join(web, 'console', 'index.html'), '<!doctype html>console');
    secret = path.join(server.dir, 'secret');
    writeFileSync(secret, SECRET);
    // Links planted inside the root (a compromised build, a careless deploy).
    symlinkSync(secret, path.join(web, 'link.txt'));
    symlinkSync(server.dir, path.join(web, 'up'));
    symlinkSync('/proc/self/environ', path.join(web, 'environ.txt'));
    symlinkSync('/dev/zero', path.join(web, 'zero.js'));
    // FIFOs: opening one for reading blocks until a writer comes.
    execFileSync('mkfifo', [path.join(web, 'pipe.html')]);
    mkdirSync(path.join(web, 'box'));
    execFileSync('mkfifo', [path.join(web, 'box', 'index.html')]);
    // A real file whose URL path is longer than 1 KiB.
    const dirs = Array.from({ length: 6 }, (_, i) => `${i}${'d'.repeat(199)}`);
    mkdirSync(path.join(web, ...dirs), { recursive: true });
    writeFileSync(path.join(web, ...dirs, 'long.txt'), 'long');
    longPath = `/${dirs.join('/')}/long.txt`;
    await server.start();
  });
  after(async () => { await server.cleanup(); });

  test('the files of the root are served (control)', async () => {
    for (const target of ['/index.html', '/', '/console/index.html', '/console/']) {
      assert.equal((await rawRequest(server.port, { target })).status, 200, target);
    }
  });

  test('crafted paths answer 404, never the file', async () => {
    const attacks = [
      // Absolute paths after the root's slash (path / "/etc/passwd" is /etc/passwd).
      '//etc/passwd', '///etc/passwd', `/${secret}`, '//proc/self/environ', '/%2Fetc%2Fpasswd',
      // Dot segments, raw, encoded and double-encoded.
      '/../secret', '/a/../../secret', '/..%2fsecret', '/%2e%2e/secret', '/%2E%2E%2Fsecret',
      '/%252e%252e/secret', '/./secret', '/console/./index.html', '/console/%2e/index.html',
      '/console/../index.html',
      // Empty segments (after a file, a trailing slash names its index: none).
      '/console//index.html', '//console/index.html', '/console/index.html/',
      // Backslashes (Windows separators), raw and encoded.
      '/..\\secret', '/console\\index.html', '/\\etc\\passwd', '/..%5csecret',
      // NUL: a C API would stop at it.
      '/index.html%00', '/index.html%00.txt', '/console/index.html%00.js', '/secret%00',
      // Symbolic links inside the root leading out of it.
      '/link.txt', '/up/secret', '/environ.txt',
      // A device behind a link (a read that never ends).
      '/zero.js',
      // Longer than 1 KiB, naming a real file.
      longPath,
    ];
    const leaks = [];
    for (const target of attacks) {
      const res = await rawRequest(server.port, { target }, { ms: 3000 });
      const body = res.body.toString('latin1');
      if (res.status !== 404 || body.includes(SECRET) || body.includes('root:') ||
          body.includes('PATH=')) {
        leaks.push(`${target.slice(0, 60)} -> ${res.status} ${JSON.stringify(body.slice(0, 40))}`);
      }
    }
    assert.deepEqual(leaks, []);
  });

  test('FIFOs answer 404 at once and do not block the server', async () => {
    // A FIFO planted in the root (also as a directory's index): a server that
    // opens it for reading waits for a writer that never comes.
    for (const target of ['/pipe.html', '/box/', '/box/index.html']) {
      const res = await rawRequest(server.port, { target }, { ms: 2000 });
      assert.equal(res.status, 404, target);
      // Another client is still served.
      assert.equal((await rawRequest(server.port, { target: '/healthz' }, { ms: 2000 })).status,
                   200);
    }
  });

  test('odd request-target forms never reach a file', async () => {
    // Not origin-form: relative, absolute-form leaving the root, asterisk.
    for (const target of ['secret', 'http://127.0.0.1/../secret', `http://127.0.0.1/${secret}`,
                          '*']) {
      const r = await rawHttp(server.port, requestText({ target }), { ms: 3000, responses: 1 });
      assert.equal(r.responses.length, 1, target);
      assert.ok([400, 404].includes(r.responses[0].status), `${target}: ${r.responses[0].status}`);
      assert.ok(!r.responses[0].body.toString().includes(SECRET), target);
    }
  });

  test('a data_dir inside web_dir (or equal to it) is refused at start', () => {
    // The database under the web root would be one URL away from anyone.
    for (const dataDir of [path.join(web, 'data'), web, `${web}/./console/../data/`]) {
      const configFile = path.join(server.dir, 'overlap.json');
      writeFileSync(configFile, JSON.stringify({ ...server.config, data_dir: dataDir }));
      const run = spawnSync(BIN, ['--config', configFile, ...RUN_AS_ARGS],
                            { encoding: 'utf8', timeout: 5000 });
      // Still running after 5 s (then stopped by the timeout): it served.
      assert.equal(run.error?.code, undefined, `${dataDir}: exits by itself instead of serving`);
      assert.notEqual(run.status, 0, dataDir);
      assert.match(run.stderr, /data_dir/, dataDir);
      assert.match(run.stderr, /web_dir/, dataDir);
    }
  });
});

// ---------------------------------------------------------------- 4. HTTP framing

describe('framing: after an error that leaves the stream unread, one answer and close', () => {
  let server;
  before(async () => {
    server = new Server();
    await server.start();
  });
  after(async () => { await server.cleanup(); });

  test('an over-limit body gets one 413; requests in and after it are never answered', async () => {
    // Smuggling through the body limit: a server that answers 413 and keeps
    // reading parses the unread body (here: nothing but requests) as requests.
    const head = requestText({ method: 'POST', target: '/api/login',
                               headers: { 'Content-Type': 'application/json',
                                          'Content-Length': '70000' } });
    const r = await rawHttp(server.port, [head, hiddenRequests(70000), HIDDEN]);
    assertAnsweredOnceAndClosed(r, [413], 'Content-Length 70000');
  });

  test('junk after a valid request: 200, one 400, close, no loop', async () => {
    // A server that does not consume what it failed to parse answers the same
    // bytes again and again (a busy core and a flood of responses).
    const before = await metricValue(server, 'relais_http_requests_total');
    const r = await rawHttp(server.port, [HIDDEN, '\x00garbage\r\n'.repeat(6554)], { ms: 1500 });
    assert.ok(r.responses.length <= 2, `${r.responses.length} responses`);
    assert.deepEqual(statuses(r), [200, 400]);
    assert.match(r.responses[1].headers.connection ?? '', /close/i);
    assert.ok(r.closed, 'closed within 1.5 s');
    const grew = (await metricValue(server, 'relais_http_requests_total')) - before;
    assert.ok(grew <= 10, `relais_http_requests_total grew by ${grew}`);
  });

  test('a never-ending request line after a valid request: one error, close, no loop', async () => {
    // 64 KiB without a line end: the header limit, hit on bytes left in the buffer.
    const r = await rawHttp(server.port, [HIDDEN, 'A'.repeat(65536)], { ms: 1500 });
    assert.ok(r.responses.length <= 2, `${r.responses.length} responses`);
    assert.equal(r.responses[0]?.status, 200);
    assert.ok([400, 413, 431].includes(r.responses[1]?.status),
              `second: ${r.responses[1]?.status}`);
    assert.match(r.responses[1].headers.connection ?? '', /close/i);
    assert.ok(r.closed, 'closed within 1.5 s');
  });

  test('an oversized header block: one 431 (or 413), close', async () => {
    const bigHeader = requestText({ target: '/healthz',
                                    headers: { 'X-Big': 'b'.repeat(17 * 1024) } });
    assertAnsweredOnceAndClosed(await rawHttp(server.port, [bigHeader, HIDDEN]), [413, 431],
                                'one 17 KiB header');
    const manyHeaders = requestText({
      target: '/healthz',
      headers: Array.from({ length: 1000 }, (_, i) => [`X-H${i}`, 'v'.repeat(12)]) });
    assertAnsweredOnceAndClosed(await rawHttp(server.port, [manyHeaders, HIDDEN]), [413, 431],
                                '1000 headers');
  });
});

// ---------------------------------------------------------------- 5. Transfer-Encoding

describe('Transfer-Encoding (RFC 9112 §6.1): exactly "chunked", never with Content-Length', () => {
  let server;
  before(async () => {
    server = new Server();
    await server.start();
  });
  after(async () => { await server.cleanup(); });

  const post = (headers, body) => requestText({
    method: 'POST', target: '/api/logout',
    headers: [['Content-Type', 'application/json'], ...headers], body });
  const chunked = '2\r\n{}\r\n0\r\n\r\n';

  test('a plain chunked body is accepted and the connection kept (control)', async () => {
    // What the refusals below must not break: the request and the one after it.
    const r = await rawHttp(server.port,
                            [post([['Transfer-Encoding', 'chunked']], chunked), HIDDEN],
                            { responses: 2 });
    assert.deepEqual(statuses(r), [401, 200]);
  });

  test('ambiguous framings: one 400 and a close; the bytes after are never a request', async () => {
    // Behind a proxy that frames the other way, each of these lets an attacker
    // slip a request of their own into the next user's stream.
    const cases = {
      'TE chunked + Content-Length (CL.TE / TE.CL)':
        post([['Transfer-Encoding', 'chunked'], ['Content-Length', '5']], '0\r\n\r\n'),
      'Content-Length before TE chunked':
        post([['Content-Length', String(chunked.length)], ['Transfer-Encoding', 'chunked']],
             chunked),
      'TE "gzip, chunked"': post([['Transfer-Encoding', 'gzip, chunked']], chunked),
      'TE "chunked, identity"': post([['Transfer-Encoding', 'chunked, identity']], chunked),
      'TE "xchunked"': post([['Transfer-Encoding', 'xchunked']], chunked),
      'TE "identity"': post([['Transfer-Encoding', 'identity']], chunked),
      'TE chunked twice': post([['Transfer-Encoding', 'chunked'], ['Transfer-Encoding', 'chunked']],
                               chunked),
      'TE gzip then TE chunked':
        post([['Transfer-Encoding', 'gzip'], ['Transfer-Encoding', 'chunked']], chunked),
      // The smuggling attempt: a server that ignores the unknown coding and
      // frames by Content-Length ends the body after "{}" and answers HIDDEN.
      'TE gzip + Content-Length framing a short body':
        post([['Transfer-Encoding', 'gzip'], ['Content-Length', '2']], '{}'),
    };
    const problems = [];
    for (const [what, request] of Object.entries(cases)) {
      const problem = answeredOnceAndClosed(await rawHttp(server.port, [request, HIDDEN]), [400]);
      if (problem) problems.push(`${what}: ${problem}`);
    }
    assert.deepEqual(problems, []);
  });
});

// ---------------------------------------------------------------- 8. origins

describe('origins: same-origin checks use the public origin, never the Host header', () => {
  const AGENT = 'agent@test';
  const evil = { Host: 'evil.test', Origin: 'http://evil.test' };

  describe('public_origins left out: the listen address', () => {
    let server;
    before(async () => {
      server = new Server({}, { agents: [{ email: AGENT }] });
      await server.start();
    });
    after(async () => { await server.cleanup(); });

    test('a login from the page of a rebound host is refused (403)', async () => {
      // DNS rebinding: evil.test resolves to the server; the browser sends
      // Host and Origin both evil.test, which "match".
      const res = await login(server, AGENT, PASSWORD, evil);
      assert.equal(res.status, 403);
      assert.equal(res.headers['set-cookie'], undefined);
      assert.equal((await login(server, AGENT)).status, 200, 'the real origin signs in (control)');
    });

    test('a WebSocket from the page of a rebound host is refused (403)', async () => {
      const r = await rawHttp(server.port, upgradeRequest('/ws', evil), { responses: 1 });
      assert.equal(r.responses[0]?.status, 403);
      const ok = await rawHttp(server.port,
                               upgradeRequest('/ws', { Host: `127.0.0.1:${server.port}`,
                                                       Origin: server.origin }),
                               { responses: 1 });
      assert.equal(ok.responses[0]?.status, 101, 'the real origin connects (control)');
    });
  });

  describe('public_origins set (behind a proxy)', () => {
    const PUBLIC = 'https://chat.example.test';
    let server;
    before(async () => {
      server = new Server({ public_origins: [PUBLIC] }, { agents: [{ email: AGENT }] });
      await server.start();
    });
    after(async () => { await server.cleanup(); });

    test('the configured origin is the one that counts', async () => {
      const res = await login(server, AGENT, PASSWORD,
                              { Host: 'chat.example.test', Origin: PUBLIC });
      assert.equal(res.status, 200);
      assert.equal((await login(server, AGENT, PASSWORD, evil)).status, 403);
      const r = await rawHttp(server.port, upgradeRequest('/ws', evil), { responses: 1 });
      assert.equal(r.responses[0]?.status, 403);
      const ok = await rawHttp(server.port, upgradeRequest('/ws', { Origin: PUBLIC }),
                               { responses: 1 });
      assert.equal(ok.responses[0]?.status, 101);
    });
  });
});

// ---------------------------------------------------------------- 9. /metrics

describe('/metrics is not public', () => {
  const TOKEN = 's3cret-metrics-token';  // the server asks for at least 16 characters
  let closed;
  let withToken;
  before(async () => {
    closed = new Server({ metrics_allowed_addresses: [] });
    withToken = new Server({ metrics_allowed_addresses: [], metrics_token: TOKEN });
    await closed.start();
    await withToken.start();
  });
  after(async () => {
    await closed.cleanup();
    await withToken.cleanup();
  });

  const scrape = (server, authorization) => rawRequest(server.port, {
    target: '/metrics', headers: authorization ? { Authorization: authorization } : {} });

  test('no allowed address and no token: 403, even from 127.0.0.1', async () => {
    // Metrics tell an attacker who is online, queue lengths, failed logins.
    assert.equal((await scrape(closed)).status, 403);
    assert.equal((await scrape(closed, 'Bearer ')).status, 403);
    assert.equal((await scrape(closed, `Bearer ${TOKEN}`)).status, 403);
  });

  test('with a token: 200 with the bearer token only', async () => {
    // A scraper from another address: only the exact token opens it.
    const ok = await scrape(withToken, `Bearer ${TOKEN}`);
    assert.equal(ok.status, 200);
    assert.match(ok.body.toString(), /relais_connections/);
    for (const auth of [undefined, 'Bearer wrong', `Bearer ${TOKEN.slice(0, -1)}`,
                        `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      assert.equal((await scrape(withToken, auth)).status, 403, String(auth));
    }
  });
});

// ---------------------------------------------------------------- 6. sign-out

describe('signing out closes the session\'s sockets', () => {
  let server;
  before(async () => {
    server = new Server({}, { agents: [{ email: 'agent@test' }] });
    await server.start();
  });
  after(async () => { await server.cleanup(); });

  async function signIn() {
    const r = await server.login('agent@test');
    assert.equal(r.status, 200);
    return { cookie: r.cookie, csrf: r.body.csrf_token };
  }
  async function socket(session) {
    const c = await Client.connect(`ws://127.0.0.1:${server.port}/ws?role=agent`,
                                   { origin: server.origin, headers: { cookie: session.cookie } });
    await c.next('hello');
    return c;
  }
  async function logout(session) {
    const res = await fetch(server.url('/api/logout'), {
      method: 'POST',
      headers: { cookie: session.cookie, origin: server.origin, 'x-csrf-token': session.csrf } });
    return res.status;
  }

  test('the signed-out socket closes (1008) and the old cookie opens no new one', async () => {
    // A stolen or shared computer: signing out must end what the session opened.
    const session = await signIn();
    const c = await socket(session);
    assert.equal(await logout(session), 200);
    const closed = await withTimeout(c.closed, 3000, 'agent socket closed after sign-out');
    assert.equal(closed.code, 1008);
    await assert.rejects(socket(session), /HTTP 401/);
  });

  test('two sessions of one agent: signing out one closes only its sockets', async () => {
    // The same agent on two computers: signing out at one must not cut the other.
    const a = await signIn();
    const b = await signIn();
    const a1 = await socket(a);
    const a2 = await socket(a);
    const b1 = await socket(b);
    let bClosed = false;
    b1.closed.then(() => { bClosed = true; });
    assert.equal(await logout(a), 200);
    for (const c of [a1, a2]) {
      assert.equal((await withTimeout(c.closed, 3000, 'session a socket closed')).code, 1008);
    }
    b1.send({ type: 'ping' });
    await b1.next('pong');
    assert.equal(bClosed, false, 'the other session\'s socket stays open');
    const me = await fetch(server.url('/api/me'), { headers: { cookie: b.cookie } });
    assert.equal(me.status, 200);
    b1.close();
  });
});

// ---------------------------------------------------------------- 3. lockout under concurrency

describe('login lockout holds under concurrency', () => {
  let server;
  before(async () => {
    server = new Server(
      { login_max_failures: 3,
        limits: { ...LIMITS, logins_per_ip_per_minute: 1000, max_pending_logins: 100 } },
      { agents: [{ email: 'agent@test' }] });
    await server.start();
  });
  after(async () => { await server.cleanup(); });

  test('20 wrong passwords at once: at most 3 checked; the right one is refused', async () => {
    // Password guessing in parallel: if attempts are counted only after the
    // slow check, every one of them is checked and a right guess signs in.
    const wrong = Array.from({ length: 20 }, () => login(server, 'agent@test', 'wrong password'));
    await sleep(50);
    const right = await login(server, 'agent@test');
    const answers = await Promise.all(wrong);
    const checked = answers.filter((a) => a.status === 401).length;
    assert.ok(checked <= 3, `${checked} wrong passwords were checked`);
    for (const a of answers.filter((x) => x.status !== 401)) {
      assert.equal(a.status, 429);
      assert.deepEqual(json(a), { error: 'locked_out' });
    }
    assert.equal(right.status, 429);
    assert.deepEqual(json(right), { error: 'locked_out' });
    assert.equal(right.headers['set-cookie'], undefined);
    assert.ok(await metricValue(server, 'relais_logins_failed_total') <= 3);
  });
});

// ---------------------------------------------------------------- 10. lockout table

describe('a spray of e-mails does not clear a lockout', () => {
  // Distinct e-mails, well past the tracking table (50); each failure costs
  // one argon2id check (~0.2 s), hence not thousands.
  const SPRAY = 80;
  let server;
  before(async () => {
    server = new Server(
      { login_max_failures: 3,
        limits: { ...LIMITS, max_tracked_logins: 50, logins_per_ip_per_minute: 1000,
                  max_pending_logins: 100 } },
      { agents: [{ email: 'agent@test' }, { email: 'other@test' }] });
    await server.start();
  });
  after(async () => { await server.cleanup(); });

  test('the locked account stays locked after the tracking table overflows', async () => {
    for (let i = 0; i < 3; i++) {
      assert.equal((await login(server, 'agent@test', 'wrong password')).status, 401);
    }
    assert.equal((await login(server, 'agent@test')).status, 429);
    // The attacker fails logins for many other e-mails (one each, batches of
    // 10 so that no batch waits long), to push the lockout out of the table.
    const answers = [];
    for (let i = 0; i < SPRAY; i += 10) {
      answers.push(...await Promise.all(Array.from({ length: 10 }, (_, k) =>
        login(server, `spray${i + k}@test`, 'wrong password'))));
    }
    for (const a of answers) assert.ok([401, 503].includes(a.status), String(a.status));
    const tracked = answers.filter((a) => a.status === 401).length;
    assert.ok(tracked >= 50, `only ${tracked} spray logins were checked: the table never filled`);
    const locked = await login(server, 'agent@test');
    assert.equal(locked.status, 429);
    assert.deepEqual(json(locked), { error: 'locked_out' });
    // And a new target is still tracked: its failures lock it as before.
    for (let i = 0; i < 3; i++) {
      assert.equal((await login(server, 'other@test', 'wrong password')).status, 401);
    }
    assert.equal((await login(server, 'other@test')).status, 429);
  });
});

// ---------------------------------------------------------------- 7. floods and slots

// Runs `fn` with a started server of its own, cleaned up also when the start
// fails; WebSocket clients `fn` pushes onto `open` are closed first.
async function withServer(overrides, options, fn) {
  const server = new Server(overrides, options);
  const open = [];
  try {
    await server.start();
    await fn(server, open);
  } finally {
    for (const c of open) c.close();
    await server.cleanup();
  }
}

describe('login floods and connection slots', () => {
  test('per address: the 6th login in a minute is refused before any password check', () =>
    // Guessing from one address, or tying up the single argon2 thread.
    withServer({ limits: { ...LIMITS, logins_per_ip_per_minute: 5 } },
               { agents: [{ email: 'agent@test' }] }, async (server) => {
      for (let i = 0; i < 5; i++) {
        assert.equal((await login(server, `nobody${i}@test`, 'wrong password')).status, 401);
      }
      const sixth = await login(server, 'agent@test');
      assert.equal(sixth.status, 429);
      assert.deepEqual(json(sixth), { error: 'rate_limited' });
      assert.match(sixth.headers['retry-after'] ?? '', /^\d+$/);
      assert.equal(sixth.headers['set-cookie'], undefined);
      assert.equal(await metricValue(server, 'relais_logins_rate_limited_total'), 1);
      assert.equal(await metricValue(server, 'relais_logins_failed_total'), 5);
    }));

  test('global: beyond max_pending_logins checks waiting, 503 busy', () =>
    // A flood from many addresses would queue seconds of argon2 in front of real sign-ins.
    withServer({ limits: { ...LIMITS, max_pending_logins: 2, logins_per_ip_per_minute: 1000 } },
               { agents: [{ email: 'agent@test' }] }, async (server) => {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        login(server, `flood${i}@test`, 'wrong password')));
      const busy = answers.filter((a) => a.status === 503);
      assert.ok(busy.length >= 1, `statuses ${answers.map((a) => a.status)}`);
      assert.ok(answers.some((a) => a.status === 401), 'some were checked');
      for (const a of answers) assert.ok([401, 503].includes(a.status), String(a.status));
      for (const a of busy) {
        assert.deepEqual(json(a), { error: 'busy' });
        assert.match(a.headers['retry-after'] ?? '', /^\d+$/);
      }
      // The slots come back once the checks are done.
      assert.equal((await login(server, 'agent@test')).status, 200);
    }));

  test('per address: the 6th simultaneous WebSocket is refused (429) until one closes', () =>
    // One address must not take every connection slot.
    withServer({ limits: { ...LIMITS, max_connections_per_ip: 5 } }, {}, async (server, open) => {
      for (let i = 0; i < 5; i++) open.push(await server.visitor());
      const r = await rawHttp(server.port, upgradeRequest('/ws', { Origin: WIDGET_ORIGIN }),
                              { responses: 1 });
      assert.equal(r.responses[0]?.status, 429);
      assert.deepEqual(json(r.responses[0]), { error: 'too_many_connections' });
      open.shift().close();
      // Bounded retry: the server notices the close asynchronously.
      const deadline = Date.now() + 3000;
      let again;
      while (!again && Date.now() < deadline) {
        again = await server.visitor().catch(() => sleep(50).then(() => undefined));
      }
      assert.ok(again, 'a WebSocket is accepted again after one closed');
      open.push(again);
      assert.equal((await again.next('hello')).role, 'visitor');
    }));

  test('reserve for agents: visitors fill their share, a signed-in agent still connects', () =>
    // A visitor flood must not lock the agents out of their console.
    withServer({ limits: { ...LIMITS, max_connections: 10, reserved_agent_connections: 3,
                           max_connections_per_ip: 100 } },
               { agents: [{ email: 'agent@test' }] }, async (server, open) => {
      const { cookie, status } = await server.login('agent@test');
      assert.equal(status, 200);
      for (let i = 0; i < 7; i++) open.push(await server.visitor());
      const r = await rawHttp(server.port, upgradeRequest('/ws', { Origin: WIDGET_ORIGIN }),
                              { responses: 1 });
      assert.equal(r.responses[0]?.status, 503);
      assert.deepEqual(json(r.responses[0]), { error: 'too_many_connections' });
      const agent = await Client.connect(`ws://127.0.0.1:${server.port}/ws?role=agent`,
                                         { origin: server.origin, headers: { cookie } });
      open.push(agent);
      assert.equal((await agent.next('hello')).role, 'agent');
    }));
});
