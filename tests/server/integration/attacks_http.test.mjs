// Attack tests for the HTTP surface (issue 11): what anyone on the network can
// send to relais-server, byte for byte — crafted static paths, request
// smuggling and framing abuse, Transfer-Encoding. Raw TCP (node:net, harness
// rawHttp) wherever framing matters: fetch and node:http normalise requests.
// Each block starts its own server, so one block's limits and counters never
// leak into another. Origins, /metrics, sign-out, lockouts, floods and
// connection slots: attacks_auth.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BIN, RUN_AS_ARGS, Server, metricValue, rawHttp, rawRequest, requestText,
} from './harness.mjs';

// The request an attacker hides behind another one: if it is ever answered,
// the server parsed attacker-chosen bytes as a request of its own.
const HIDDEN = requestText({ target: '/healthz' });

const statuses = (r) => r.responses.map((x) => x.status);

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
