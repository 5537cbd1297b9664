// Test harness: starts the real relais-server binary on a free loopback port
// with a temp data dir, creates agents with its CLI, and speaks the protocol
// over real WebSockets. Every wait is bounded in time.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

export const BIN = process.env.RELAIS_SERVER_BIN;
if (!BIN) throw new Error('RELAIS_SERVER_BIN must point at the relais-server binary');

// relais-server refuses to run as root (CI runs as root): there it is told to
// switch to an unprivileged account, which must be able to reach the test's
// folders. Pass these arguments to every start of the server.
export const RUN_AS_ARGS = process.getuid?.() === 0 ? ['--user', 'nobody'] : [];

export const WIDGET_ORIGIN = 'http://widget.test';
export const PASSWORD = 'correct horse battery';

const DEFAULT_QUEUES = [
  { id: 'general', name: { fr: 'Général', en: 'General' }, languages: ['fr', 'en'] },
  { id: 'passports', name: { fr: 'Passeports', en: 'Passports' }, skills: ['passports'],
    languages: ['fr', 'en'] },
  { id: 'complaints', name: { fr: 'Plaintes', en: 'Complaints' }, skills: ['complaints'],
    languages: ['fr', 'en'] },
];

export function addAgent(dataDir, email, { queues = ['general'], languages = ['fr', 'en'],
                                            skills = [], name } = {}) {
  const args = ['user', 'add', '--data', dataDir, email, '--queues', queues.join(','),
                '--languages', languages.join(',')];
  if (skills.length) args.push('--skills', skills.join(','));
  if (name) args.push('--name', name);
  const r = spawnSync(BIN, args, { input: PASSWORD + '\n', encoding: 'utf8', timeout: 20000 });
  if (r.status !== 0) throw new Error(`user add ${email}: ${r.stderr}`);
}

export class Server {
  constructor(overrides = {}, { agents = [] } = {}) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'relais-it-'));
    if (RUN_AS_ARGS.length) chmodSync(this.dir, 0o755);
    this.dataDir = path.join(this.dir, 'data');
    this.configFile = path.join(this.dir, 'config.json');
    this.config = {
      listen: '127.0.0.1:0',
      data_dir: this.dataDir,
      web_dir: path.join(this.dir, 'web'),
      allowed_origins: [WIDGET_ORIGIN],
      queues: DEFAULT_QUEUES,
      offer_timeout_seconds: 30,
      limits: { messages_per_second: 1000, burst: 1000 },
      ...overrides,
    };
    writeFileSync(this.configFile, JSON.stringify(this.config));
    for (const a of agents) addAgent(this.dataDir, a.email, a);
    this.proc = null;
  }

  // Starts (or restarts) the server; resolves once it prints its port.
  // `through`: a command that runs the server, given its path and arguments
  // last (e.g. ['bash', '-c', 'ulimit ...; exec "$@"', 'relais-server']).
  async start(extraArgs = [], { through = [] } = {}) {
    const command = [...through, BIN, '--config', this.configFile, ...RUN_AS_ARGS, ...extraArgs];
    this.proc = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.port = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('server did not start: ' + this.stderr)),
                               15000);
      this.proc.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      });
      this.proc.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}): ${this.stderr}`));
      });
    });
    this.origin = `http://127.0.0.1:${this.port}`;
    return this;
  }

  url(p) { return `${this.origin}${p}`; }

  async stop(signal = 'SIGTERM') {
    // Already gone: exited, or killed by a signal (then exitCode stays null).
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    this.proc.kill(signal);
    await withTimeout(exited, 10000, 'server exit');
  }

  // Stops gracefully (exercises the SIGTERM path) and fails on sanitizer
  // reports when the binary was built with RELAIS_SANITIZE.
  async cleanup() {
    try {
      await this.stop('SIGTERM');
    } finally {
      await this.stop('SIGKILL');
      rmSync(this.dir, { recursive: true, force: true });
    }
    if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(this.stderr ?? '')) {
      throw new Error('sanitizer report from relais-server:\n' + this.stderr);
    }
  }

  async login(email, password = PASSWORD) {
    const res = await fetch(this.url('/api/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.origin },
      body: JSON.stringify({ email, password }),
    });
    const body = await res.json();
    const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
    return { status: res.status, body, cookie, setCookie: res.headers.get('set-cookie') };
  }

  async visitor({ origin = WIDGET_ORIGIN } = {}) {
    return Client.connect(`ws://127.0.0.1:${this.port}/ws`, { origin });
  }

  // Signs in and opens an agent connection; `available` sends agent.status.
  async agent(email, { available = true } = {}) {
    const { cookie, status } = await this.login(email);
    if (status !== 200) throw new Error(`login ${email}: ${status}`);
    const c = await Client.connect(`ws://127.0.0.1:${this.port}/ws?role=agent`,
                                   { origin: this.origin, headers: { cookie } });
    await c.next('hello');
    if (available) {
      c.send({ type: 'agent.status', status: 'available' });
      await c.next('agent.state', (f) => f.status === 'available');
    }
    return c;
  }
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms); }),
  ]);
}

// A WebSocket client that records every frame and waits for matching ones.
export class Client {
  static connect(url, { origin, headers = {} } = {}) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { origin, headers, handshakeTimeout: 5000 });
      const c = new Client(ws);
      ws.once('open', () => resolve(c));
      ws.once('unexpected-response', (req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.frames = [];
    this.used = new Set();  // indexes of frames already returned by next()
    this.waiters = [];
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) =>
      resolve({ code, reason: String(reason) })));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => !w.check());
    });
  }

  send(obj) { this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)); }

  all(type) { return this.frames.filter((f) => f.type === type); }

  // The next not-yet-consumed frame of `type` that satisfies `pred`.
  next(type, pred = () => true, ms = 5000) {
    return withTimeout(new Promise((resolve) => {
      const w = {
        check: () => {
          for (let i = 0; i < this.frames.length; i++) {
            const f = this.frames[i];
            if (!this.used.has(i) && f.type === type && pred(f)) {
              this.used.add(i);
              resolve(f);
              return true;
            }
          }
          return false;
        },
      };
      if (!w.check()) this.waiters.push(w);
    }), ms, `frame ${type}`);
  }

  // Resolves true if no frame of `type` (matching pred) arrives within `ms`.
  async none(type, pred = () => true, ms = 500) {
    const before = this.frames.filter((f) => f.type === type && pred(f)).length;
    await new Promise((r) => setTimeout(r, ms));
    return this.frames.filter((f) => f.type === type && pred(f)).length === before;
  }

  close() { this.ws.close(); }
}

// Every stored message of a conversation as its visitor replays it after a
// reconnect (conversation.resume from seq 0, resumed again while `more`).
export async function replayConversation(server, { id, token }) {
  const back = await server.visitor();
  await back.next('hello');
  const messages = [];
  let lastSeq = 0;
  for (let round = 0; round < 20; round++) {
    back.send({ type: 'conversation.resume', conversation_id: id, token, last_seq: lastSeq });
    const state = await back.next('conversation.state', () => true, 10000);
    messages.push(...back.all('message.created').slice(messages.length));
    lastSeq = state.last_seq;
    if (!state.more) break;
  }
  back.close();
  return messages;
}

// Hands off from a new visitor connection; returns { client, id, token }.
export async function handoff(server, body = {}) {
  const client = await server.visitor();
  await client.next('hello');
  client.send({ type: 'conversation.handoff', language: 'fr', ...body });
  const created = await client.next('conversation.created');
  return { client, id: created.conversation_id, token: created.token };
}

// ------------------------------------------------------------------ raw HTTP
// For attack tests where framing matters: fetch and node:http normalise (or
// refuse to send) what an attacker sends byte for byte.

// Every complete HTTP/1.x response at the start of `buf` (bodies framed by
// Content-Length; a 1xx, 204 or 304 has none). Returns { responses, rest }:
// each response is { status, headers (lower-case names; repeated ones joined
// with ", "), body (Buffer) }; `rest` holds the bytes of an incomplete one.
export function parseResponses(buf) {
  const responses = [];
  let at = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', at, 'latin1');
    if (end < 0) break;
    const lines = buf.subarray(at, end).toString('latin1').split('\r\n');
    const m = lines[0].match(/^HTTP\/1\.[01] (\d{3})/);
    if (!m) throw new Error(`not an HTTP response: ${JSON.stringify(lines[0].slice(0, 80))}`);
    const status = Number(m[1]);
    const headers = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const length = status < 200 || status === 204 || status === 304
      ? 0 : Number(headers['content-length'] ?? 0);
    if (buf.length < end + 4 + length) break;
    responses.push({ status, headers, body: buf.subarray(end + 4, end + 4 + length) });
    at = end + 4 + length;
    if (status === 101) break;  // what follows is WebSocket frames
  }
  return { responses, rest: buf.subarray(at) };
}

// Opens a TCP connection to 127.0.0.1:`port`, writes `data` (a string, a
// Buffer, or an array of them written one after the other) and never
// half-closes: the server alone decides when the connection ends. Resolves
// once the server closed (or reset) the connection, once `responses`
// complete responses arrived (when given), or after `ms`, whichever comes
// first, then destroys the socket. Result: { responses, closed, bytes }:
// `closed` is true when the server ended the connection within the time.
export function rawHttp(port, data, { ms = 3000, responses: want } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks = [];
    let done = false;
    let connected = false;
    let timer;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const bytes = Buffer.concat(chunks);
      try {
        resolve({ ...parseResponses(bytes), closed, bytes });
      } catch (e) {
        reject(e);
      }
    };
    timer = setTimeout(() => finish(false), ms);
    socket.on('connect', () => {
      connected = true;
      for (const part of [].concat(data)) socket.write(part);
    });
    socket.on('data', (d) => {
      chunks.push(d);
      if (want !== undefined && parseResponses(Buffer.concat(chunks)).responses.length >= want) {
        finish(false);
      }
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    // A reset (the server closed with our bytes unread) or a write after the
    // close: the connection is over; what arrived before is kept.
    socket.on('error', (e) => {
      if (connected) return finish(true);
      done = true;
      clearTimeout(timer);
      reject(e);
    });
  });
}

// The text of one HTTP/1.1 request, sent exactly as given: `target` is not
// normalised; `headers` is an object or a list of [name, value] pairs
// (repeats allowed); Host defaults to 127.0.0.1 and Content-Length to the
// body's length when a body is given (pass null for a header to leave it out).
export function requestText({ method = 'GET', target = '/', headers = {}, body = '' } = {}) {
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  const names = new Set(pairs.map(([n]) => n.toLowerCase()));
  const all = [...pairs];
  if (!names.has('host')) all.unshift(['Host', '127.0.0.1']);
  if (body.length && !names.has('content-length') && !names.has('transfer-encoding')) {
    all.push(['Content-Length', String(Buffer.byteLength(body))]);
  }
  const head = all.filter(([, v]) => v !== null).map(([n, v]) => `${n}: ${v}\r\n`).join('');
  return `${method} ${target} HTTP/1.1\r\n${head}\r\n${body}`;
}

// One request on its own connection; resolves its response ({ status, headers,
// body, closed }), or rejects when none came within `ms`.
export async function rawRequest(port, request, { ms = 5000 } = {}) {
  const r = await rawHttp(port, requestText(request), { ms, responses: 1 });
  if (!r.responses.length) {
    throw new Error(`no response to ${request.method ?? 'GET'} ${request.target}`);
  }
  return { ...r.responses[0], closed: r.closed };
}

// A WebSocket upgrade request for `target` with the given headers (Origin,
// Host, Cookie...), for checks that need the refusal's status and body.
export function upgradeRequest(target = '/ws', headers = {}) {
  return requestText({ target, headers: { Upgrade: 'websocket', Connection: 'Upgrade',
                                          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
                                          'Sec-WebSocket-Version': '13', ...headers } });
}

// The value of one sample in the server's /metrics text (e.g.
// "relais_logins_failed_total"), or NaN when it is absent.
export async function metricValue(server, sample) {
  const text = await (await fetch(server.url('/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(sample + ' '));
  return line ? Number(line.slice(sample.length + 1)) : NaN;
}
