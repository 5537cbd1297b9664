// Starts the real relais-server for the live hand-off tests: a temporary data
// directory, build/web as its static root, one agent created with its CLI, and a
// minimal agent client over WebSocket (server/PROTOCOL.md). Every wait is bounded.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { repoRoot, webRoot } from './browser.mjs';

export const kPassword = 'relais test password';

// The relais-server binary, or null when it is not built.
export function serverBinary() {
  const candidates = [process.env.RELAIS_SERVER_BIN, process.env.RELAIS_BIN_DIR && path.join(process.env.RELAIS_BIN_DIR, 'relais-server'),
    path.join(repoRoot, 'build/bin/relais-server')];
  return candidates.find((file) => file && existsSync(file)) ?? null;
}

// Why a test that needs relais-server is skipped when serverBinary() is null.
export const kServerMissing = 'relais-server is not built (build/bin/relais-server or RELAIS_SERVER_BIN)';

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
    }),
  ]);
}

// relais-server refuses to run as root (CI runs as root): there it switches to
// an unprivileged account, which must be able to reach the test's folders.
const kRunAsArgs = process.getuid?.() === 0 ? ['--user', 'nobody'] : [];
// ...and what it serves: a checkout in a folder that account may not enter
// (under /root, say) hides build/web from it. Then each server serves a copy
// (2 MB) from its own temporary folder.
const kCopyWebRoot = kRunAsArgs.length > 0 &&
  spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-r', path.join(webRoot, 'relais.js')]).status !== 0;

export class RelaisServer {
  // config: overrides of the configuration (queues, allowed_origins...).
  constructor(binary, config) {
    this.binary = binary;
    this.dir = mkdtempSync(path.join(tmpdir(), 'relais-web-'));
    if (kRunAsArgs.length) chmodSync(this.dir, 0o755);
    const served = kCopyWebRoot ? path.join(this.dir, 'web') : webRoot;
    if (kCopyWebRoot) {
      cpSync(webRoot, served, { recursive: true });
      if (config?.kb_file?.startsWith(webRoot + path.sep)) {
        config = { ...config, kb_file: path.join(served, path.relative(webRoot, config.kb_file)) };
      }
    }
    this.config = {
      listen: '127.0.0.1:0',
      data_dir: path.join(this.dir, 'data'),
      web_dir: served,
      queues: [{ id: 'general', name: { fr: 'Général', en: 'General' }, languages: ['fr', 'en'] }],
      limits: { messages_per_second: 1000, burst: 1000 },
      ...config,
    };
    this.configFile = path.join(this.dir, 'config.json');
    writeFileSync(this.configFile, JSON.stringify(this.config));
  }

  addAgent(email, name, queues = ['general']) {
    const result = spawnSync(this.binary, ['user', 'add', '--config', this.configFile, email, '--name', name,
      '--queues', queues.join(','), '--languages', 'fr,en'], { input: `${kPassword}\n`, encoding: 'utf8', timeout: 20000 });
    if (result.status !== 0) throw new Error(`user add: ${result.stderr}`);
  }

  async start() {
    this.process = spawn(this.binary, ['--config', this.configFile, ...kRunAsArgs],
                         { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    this.process.stderr.on('data', (data) => { stderr += data; });
    this.port = await withTimeout(new Promise((resolve, reject) => {
      let stdout = '';
      this.process.stdout.on('data', (data) => {
        stdout += data;
        const match = stdout.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
        if (match) resolve(Number(match[1]));
      });
      this.process.on('exit', (code) => reject(new Error(`relais-server exited (${code}): ${stderr}`)));
    }), 15000, 'relais-server start');
    this.origin = `http://127.0.0.1:${this.port}`;
    return this;
  }

  async stop() {
    if (this.process && this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await withTimeout(exited, 10000, 'relais-server exit').catch(() => this.process.kill('SIGKILL'));
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  // Signs in and connects an available agent.
  async agent(email) {
    const response = await fetch(`${this.origin}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.origin },
      body: JSON.stringify({ email, password: kPassword }),
    });
    if (response.status !== 200) throw new Error(`login: HTTP ${response.status}`);
    const cookie = (response.headers.get('set-cookie') || '').split(';')[0];
    const agent = await AgentClient.connect(`ws://127.0.0.1:${this.port}/ws?role=agent`, this.origin, cookie);
    await agent.next('hello');
    agent.send({ type: 'agent.status', status: 'available' });
    await agent.next('agent.state', (f) => f.status === 'available');
    return agent;
  }
}

// An agent connection that records frames and waits for the next matching one.
export class AgentClient {
  static connect(url, origin, cookie) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { origin, headers: { cookie }, handshakeTimeout: 5000 });
      socket.once('open', () => resolve(new AgentClient(socket)));
      socket.once('error', reject);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.frames = [];
    this.taken = new Set();
    this.waiters = [];
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)));
      this.waiters = this.waiters.filter((check) => !check());
    });
  }

  send(frame) {
    this.socket.send(JSON.stringify(frame));
  }

  next(type, predicate = () => true, ms = 15000) {
    return withTimeout(new Promise((resolve) => {
      const check = () => {
        const index = this.frames.findIndex((f, i) => !this.taken.has(i) && f.type === type && predicate(f));
        if (index < 0) return false;
        this.taken.add(index);
        resolve(this.frames[index]);
        return true;
      };
      if (!check()) this.waiters.push(check);
    }), ms, `agent frame ${type}`);
  }

  close() {
    this.socket.close();
  }
}
