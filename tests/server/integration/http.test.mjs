// HTTP surface and transport guards: static files, KB bundle, health, metrics,
// login lockout, CSRF, Origin checks and bad frames.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { BIN, Client, RUN_AS_ARGS, Server, handoff, withTimeout } from './harness.mjs';

describe('http and transport', () => {
  let server;
  const big = 'body { color: black; }\n'.repeat(200);
  const bigJs = 'export const x = 1;\n'.repeat(200);
  const hasZlib = ['1', 'ON', 'TRUE'].includes(String(process.env.RELAIS_SERVER_HAS_ZLIB ?? '1').toUpperCase());
  before(async () => {
    server = new Server({ login_max_failures: 3, limits: { messages_per_second: 5, burst: 5,
                                                           max_message_bytes: 1000 } },
                        { agents: [{ email: 'agent@test' }, { email: 'other@test' }] });
    mkdirSync(path.join(server.config.web_dir, 'console'), { recursive: true });
    writeFileSync(path.join(server.config.web_dir, 'console', 'index.html'), '<!doctype html>hi');
    mkdirSync(path.join(server.config.web_dir, 'widget'), { recursive: true });
    writeFileSync(path.join(server.config.web_dir, 'widget', 'index.html'), '<!doctype html>w');
    writeFileSync(path.join(server.config.web_dir, 'app.css'), big);
    writeFileSync(path.join(server.config.web_dir, 'app.css.gz'), gzipSync(big));
    writeFileSync(path.join(server.config.web_dir, 'plain.js'), bigJs);
    writeFileSync(path.join(server.config.web_dir, 'app.0123abcd.js'), 'export {};');
    writeFileSync(path.join(server.config.web_dir, 'relais.js'), '(() => {})();');
    mkdirSync(path.join(server.config.web_dir, 'demo', 'fr'), { recursive: true });
    writeFileSync(path.join(server.config.web_dir, 'demo', 'index.html'), '<a href="fr/">fr</a>');
    writeFileSync(path.join(server.config.web_dir, 'index.html'), '<a href="demo/">demo</a>');
    const kb = path.join(server.dir, 'bundle.sqlite');
    execFileSync(process.env.RELAIS_KB_BIN,
                 ['build', path.resolve(import.meta.dirname, '../../knowledge-base/good'), '-o', kb],
                 { stdio: 'ignore' });
    await server.start(['--kb', kb]);
  });
  after(async () => { await server.cleanup(); });

  // A GET with the path sent exactly as given.
  function rawGet(urlPath, headers = {}) {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: urlPath, headers },
        (r) => {
          const chunks = [];
          r.on('data', (c) => chunks.push(c));
          r.on('end', () => resolve({ status: r.statusCode, headers: r.headers,
                                      body: Buffer.concat(chunks) }));
        });
      req.setTimeout(5000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
  }

  test('a directory without its final slash is redirected, so that relative links work', async () => {
    for (const [from, to] of [['/demo', '/demo/'], ['/console', '/console/']]) {
      const res = await rawGet(from);
      assert.equal(res.status, 301, from);
      assert.equal(res.headers.location, to);
    }
    assert.equal((await rawGet('/demo/')).status, 200);
    assert.equal((await rawGet('/demo/index.html')).status, 200);
    // The start page: what http://HOST:PORT/ shows.
    const start = await rawGet('/');
    assert.equal(start.status, 200);
    assert.match(start.body.toString(), /demo\//);
    // Never a redirect to another site, nor for what does not exist.
    for (const odd of ['//demo', '//example.org', '/nope', '/demo/fr/../../nope']) {
      const res = await rawGet(odd);
      assert.notEqual(res.status, 301, odd);
      assert.equal(res.headers.location, undefined, odd);
    }
  });

  test('health, readiness and metrics', async () => {
    assert.equal((await fetch(server.url('/healthz'))).status, 200);
    assert.equal((await fetch(server.url('/readyz'))).status, 200);
    const metrics = await (await fetch(server.url('/metrics'))).text();
    for (const name of ['relais_connections', 'relais_queue_length{queue="general"}',
                        'relais_queue_oldest_wait_seconds', 'relais_messages_total',
                        'relais_handoffs_total', 'relais_commits_total',
                        'relais_commit_batch_size', 'relais_storage_writable 1']) {
      assert.ok(metrics.includes(name), name);
    }
  });

  test('static files: ETag, 304, gzip, cache policy', async () => {
    const res = await fetch(server.url('/app.css'), { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const etag = res.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    assert.equal(await res.text(), big);  // fetch decodes gzip
    const raw = await rawGet('/app.css', { 'accept-encoding': 'gzip' });
    assert.equal(raw.headers['content-encoding'], 'gzip');
    assert.ok(raw.body.length < big.length / 5);
    assert.equal(gunzipSync(raw.body).toString(), big);
    // Without a .gz sibling: compressed on the fly when built with zlib.
    const plain = await rawGet('/plain.js', { 'accept-encoding': 'gzip, deflate' });
    if (hasZlib) {
      assert.equal(plain.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(plain.body).toString(), bigJs);
    } else {
      assert.equal(plain.body.toString(), bigJs);
    }
    const identity = await rawGet('/plain.js');
    assert.equal(identity.headers['content-encoding'], undefined);
    assert.equal(identity.body.toString(), bigJs);
    const again = await fetch(server.url('/app.css'), { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    const hashed = await fetch(server.url('/app.0123abcd.js'));
    assert.match(hashed.headers.get('cache-control'), /immutable/);
    // The loader keeps its name on host pages: cached briefly, as web/README.md says.
    const loader = await fetch(server.url('/relais.js'));
    assert.equal(loader.headers.get('cache-control'), 'public, max-age=300');
    // Raw paths (fetch would normalise them away).
    assert.equal((await rawGet('/../../etc/passwd')).status, 404);
    assert.equal((await rawGet('/%2e%2e/%2e%2e/etc/passwd')).status, 404);
    assert.equal((await rawGet('/console/index.html')).status, 200);
    assert.equal((await fetch(server.url('/nope.js'))).status, 404);
    const console = await fetch(server.url('/console/'));
    assert.match(console.headers.get('content-security-policy'), /default-src 'self'/);
    const widget = await fetch(server.url('/widget/'));
    assert.equal(widget.headers.get('content-security-policy'),
                 "frame-ancestors 'self' http://widget.test");
  });

  test('knowledge-base bundle: current pointer and immutable URL', async () => {
    const current = await (await fetch(server.url('/kb/current'))).json();
    assert.match(current.hash, /^[0-9a-f]{32}$/);
    assert.equal(current.url, `/kb/${current.hash}.sqlite`);
    const res = await fetch(server.url(current.url));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('cache-control'), /immutable/);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length, current.bytes);
    // One hash everywhere (as web/build.mjs names a static bundle): SHA-256 of the
    // bytes served, its first 32 hex digits the name.
    assert.equal(current.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(current.hash, current.sha256.slice(0, 32));
    // Served without its full-text index (relais/server/browser_bundle.h), entries kept.
    const served = path.join(server.dir, 'served.sqlite');
    writeFileSync(served, bytes);
    const count = (sql) => execFileSync('sqlite3', [served, sql], { encoding: 'utf8' }).trim();
    assert.equal(count("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'search%'"), '0');
    assert.notEqual(count('SELECT count(*) FROM entries'), '0');
    assert.equal((await fetch(server.url('/kb/0000.sqlite'))).status, 404);
    // gzip-compressed for clients that accept it, as is for the others.
    const gzip = await rawGet(current.url, { 'accept-encoding': 'gzip' });
    if (hasZlib) {
      assert.equal(gzip.headers['content-encoding'], 'gzip');
      assert.ok(gunzipSync(gzip.body).equals(bytes));
    }
    const identity = await rawGet(current.url);
    assert.equal(identity.headers['content-encoding'], undefined);
    assert.ok(identity.body.equals(bytes));
    // The widget page has the browser preload the current bundle.
    const widget = await rawGet('/widget/index.html');
    assert.equal(widget.headers.link, `<${current.url}>; rel=preload; as=fetch; crossorigin`);
  });

  test('a damaged knowledge-base bundle stops the server at start with a clear error', () => {
    const damaged = path.join(server.dir, 'damaged.sqlite');
    writeFileSync(damaged, 'SQLite format 3\0truncated');
    const run = spawnSync(BIN, ['--config', server.configFile, '--listen', '127.0.0.1:0',
                                '--kb', damaged, ...RUN_AS_ARGS],
                          { encoding: 'utf8', timeout: 10000 });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /damaged\.sqlite: knowledge base: cannot read the bundle: .*rebuild it with relais-kb build/);
  });

  test('login: cookie flags, CSRF on logout, lockout after failures', async () => {
    const ok = await server.login('agent@test');
    assert.equal(ok.status, 200);
    assert.match(ok.setCookie, /HttpOnly/);
    assert.match(ok.setCookie, /SameSite=Strict/);
    assert.ok(ok.body.csrf_token);
    const me = await fetch(server.url('/api/me'), { headers: { cookie: ok.cookie } });
    assert.equal((await me.json()).agent.email, 'agent@test');
    const noCsrf = await fetch(server.url('/api/logout'), {
      method: 'POST', headers: { cookie: ok.cookie, origin: server.origin } });
    assert.equal(noCsrf.status, 403);
    const out = await fetch(server.url('/api/logout'), {
      method: 'POST',
      headers: { cookie: ok.cookie, origin: server.origin, 'x-csrf-token': ok.body.csrf_token } });
    assert.equal(out.status, 200);
    assert.equal((await fetch(server.url('/api/me'), { headers: { cookie: ok.cookie } })).status,
                 401);
    const crossSite = await fetch(server.url('/api/login'), {
      method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.test' },
      body: JSON.stringify({ email: 'agent@test', password: 'x' }) });
    assert.equal(crossSite.status, 403);
    for (let i = 0; i < 3; i++) {
      assert.equal((await server.login('agent@test', 'wrong password')).status, 401);
    }
    // Locked now, even with the right password.
    assert.equal((await server.login('agent@test')).status, 429);
  });

  test('WebSocket origin and authentication checks', async () => {
    await assert.rejects(Client.connect(`ws://127.0.0.1:${server.port}/ws`,
                                        { origin: 'http://evil.test' }), /HTTP 403/);
    await assert.rejects(Client.connect(`ws://127.0.0.1:${server.port}/ws`, {}), /HTTP 403/);
    await assert.rejects(Client.connect(`ws://127.0.0.1:${server.port}/ws?role=agent`,
                                        { origin: server.origin }), /HTTP 401/);
    // The widget iframe is served by this server: same-origin visitors are allowed.
    const sameOrigin = await Client.connect(`ws://127.0.0.1:${server.port}/ws`,
                                            { origin: server.origin });
    assert.equal((await sameOrigin.next('hello')).role, 'visitor');
    sameOrigin.close();
  });

  test('bad frames get an error frame and the connection stays usable', async () => {
    const v = await server.visitor();
    await v.next('hello');
    const expect = async (frame, code) => {
      v.send(frame);
      const err = await v.next('error');
      assert.equal(err.code, code, JSON.stringify(frame).slice(0, 80));
      await new Promise((r) => setTimeout(r, 220));  // stay under 5 frames/s
    };
    await expect('not json', 'bad_json');
    await expect('[1,2,3]', 'bad_frame');
    await expect({ type: 'nope' }, 'unknown_type');
    await expect({ type: 'conversation.handoff' }, 'missing_field');
    await expect({ type: 'conversation.handoff', language: 5 }, 'invalid_field');
    await expect({ type: 'conversation.accept', conversation_id: 'x' }, 'not_allowed');
    await expect({ type: 'message.create', client_id: 'a', text: 'x'.repeat(1001) }, 'too_large');
    await expect({ type: 'message.create', client_id: 'a', text: 'hi' }, 'invalid_state');
    await expect({ type: 'ping', v: 9 }, 'unsupported_version');
    // Still usable.
    v.send({ type: 'ping' });
    await v.next('pong');
    // Too fast: the bucket (burst 5) empties and rate_limited errors come back.
    for (let i = 0; i < 20; i++) v.send({ type: 'ping' });
    await v.next('error', (e) => e.code === 'rate_limited');
    v.close();
  });

  test('metrics count hand-offs and messages', async () => {
    await new Promise((r) => setTimeout(r, 1200));  // refill
    const h = await handoff(server, { queue: 'general' });
    h.client.send({ type: 'message.create', client_id: 'm1', text: 'salut' });
    await h.client.next('message.ack');
    const metrics = await (await fetch(server.url('/metrics'))).text();
    assert.match(metrics, /relais_handoffs_total [1-9]/);
    assert.match(metrics, /relais_messages_total [1-9]/);
    assert.match(metrics, /relais_queue_length\{queue="general"\} 1/);
    h.client.close();
  });

  test('user passwd and disable: new password works, disabling closes live sessions', async () => {
    const cli = (args, input = '') => spawnSync(BIN, ['user', ...args, '--data', server.dataDir],
                                                { input, encoding: 'utf8', timeout: 20000 });
    const agent = await server.agent('other@test', { available: false });
    assert.equal(cli(['passwd', 'other@test'], 'a brand new password\n').status, 0);
    assert.equal((await server.login('other@test')).status, 401);
    assert.equal((await server.login('other@test', 'a brand new password')).status, 200);
    assert.equal(cli(['disable', 'other@test']).status, 0);
    const closed = await withTimeout(agent.closed, 6000, 'agent connection closed');
    assert.equal(closed.code, 1008);
    assert.equal((await server.login('other@test', 'a brand new password')).status, 401);
    const list = cli(['list']);
    assert.match(list.stdout, /other@test\t.*\tdisabled/);
  });
});
