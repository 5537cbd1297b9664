// Attack tests for sign-in and connections (issue 11): forged origins (DNS
// rebinding), /metrics scraping, sign-out that must end the session's
// sockets, password guessing under concurrency, lockout-table overflow, login
// floods and connection slots. Raw TCP (harness rawRequest, rawHttp) where
// the headers an attacker sends matter. Each block starts its own server, so
// one block's limits and counters never leak into another. Static files,
// framing and Transfer-Encoding: attacks_http.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, PASSWORD, Server, WIDGET_ORIGIN, metricValue, rawHttp, rawRequest, upgradeRequest,
  withTimeout,
} from './harness.mjs';

// The harness's defaults: `limits` in an override replaces the whole object.
const LIMITS = { messages_per_second: 1000, burst: 1000 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const json = (res) => JSON.parse(res.body.toString());

// POST /api/login as a browser on the server's page would (raw: headers kept).
// Password checks run one at a time (argon2id, ~0.3 s, more on a busy
// machine): a login queued behind several waits a while.
function login(server, email, password = PASSWORD, headers = {}) {
  return rawRequest(server.port, {
    method: 'POST', target: '/api/login',
    headers: { Host: `127.0.0.1:${server.port}`, 'Content-Type': 'application/json',
               Origin: server.origin, ...headers },
    body: JSON.stringify({ email, password }),
  }, { ms: 30000 });
}

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
  // Distinct e-mails, three times the tracking table (10); each failure costs
  // one argon2id check (~0.3 s), hence not thousands.
  const SPRAY = 30;
  let server;
  before(async () => {
    server = new Server(
      { login_max_failures: 3,
        limits: { ...LIMITS, max_tracked_logins: 10, logins_per_ip_per_minute: 1000,
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
    // 5 so that no batch waits long), to push the lockout out of the table.
    const answers = [];
    for (let i = 0; i < SPRAY; i += 5) {
      answers.push(...await Promise.all(Array.from({ length: 5 }, (_, k) =>
        login(server, `spray${i + k}@test`, 'wrong password'))));
    }
    for (const a of answers) assert.ok([401, 503].includes(a.status), String(a.status));
    const tracked = answers.filter((a) => a.status === 401).length;
    assert.ok(tracked >= 10, `only ${tracked} spray logins were checked: the table never filled`);
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
