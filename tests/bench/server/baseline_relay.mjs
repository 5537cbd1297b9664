// The baseline for `make bench`: the smallest Node relay (ws 8.18.3) that
// speaks the subset of server/PROTOCOL.md relais-ws-load uses, so the same
// client drives both servers and the figures can be compared as ratios taken
// in the same moment on the same (shared, noisy) machine.
//
// It does the equivalent minimal work and nothing more: one JSON.parse per
// frame received, one JSON.stringify per frame type sent, a seq per
// conversation in memory, `message.ack` sent at once. NO durability (nothing is
// written anywhere: relais-server acknowledges only after an fsync'ed commit),
// no validation beyond JSON, no rate limits, no routing rules (first available
// agent with room), no password hashing (the login is a lookup), no audit log.
//
//   node baseline_relay.mjs [--listen 127.0.0.1:0] [--concurrency 20]
// prints "listening on http://HOST:PORT/" like relais-server.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const [host, port] = option('listen', '127.0.0.1:0').split(':');
const concurrency = Number(option('concurrency', '20'));

const conversations = new Map();  // id -> { id, visitors:Set, agent, seq, queued }
const agents = new Map();         // email -> { email, sockets:Set, available, assigned:Set, offer }
const waiting = [];               // conversation ids, in order
const sessions = new Map();       // cookie value -> email

const send = (ws, type, data) => ws.send(JSON.stringify({ ...data, type, v: 1 }));
const sendRaw = (sockets, text) => { for (const ws of sockets) ws.send(text); };

function route() {
  for (let i = 0; i < waiting.length; i++) {
    const conv = conversations.get(waiting[i]);
    if (!conv || conv.offeredTo) continue;
    for (const agent of agents.values()) {
      if (!agent.available || agent.offer || agent.assigned.size >= concurrency ||
          agent.sockets.size === 0) continue;
      agent.offer = conv.id;
      conv.offeredTo = agent.email;
      for (const ws of agent.sockets) {
        send(ws, 'conversation.offered', {
          expires_in_ms: 30000,
          conversation: { conversation_id: conv.id, state: 'queued', queue: 'general' },
        });
      }
      break;
    }
  }
}

function onVisitor(ws, frame) {
  switch (frame.type) {
    case 'conversation.handoff': {
      const id = randomBytes(16).toString('base64url');
      const conv = { id, visitors: new Set([ws]), agent: null, seq: 0, offeredTo: null };
      conv.seq = (frame.transcript ?? []).length;  // relais stores them as the first messages
      conversations.set(id, conv);
      ws.conversation = id;
      send(ws, 'conversation.created', { conversation_id: id, token: randomBytes(32).toString('base64url'),
                                         queue: 'general', language: frame.language, state: 'queued' });
      waiting.push(id);
      route();
      return;
    }
    case 'message.create': return relayMessage(ws, conversations.get(ws.conversation), frame, 'visitor');
    case 'ping': return send(ws, 'pong', {});
    default: return send(ws, 'error', { code: 'not_allowed', message: 'not in the baseline' });
  }
}

function onAgent(ws, agent, frame) {
  switch (frame.type) {
    case 'agent.status':
      agent.available = frame.status === 'available';
      send(ws, 'agent.state', { status: frame.status });
      return route();
    case 'conversation.accept': {
      const conv = conversations.get(frame.conversation_id);
      if (!conv || agent.offer !== conv.id) {
        return send(ws, 'error', { code: 'invalid_state', message: 'no pending offer' });
      }
      agent.offer = null;
      agent.assigned.add(conv.id);
      conv.agent = agent;
      waiting.splice(waiting.indexOf(conv.id), 1);
      send(ws, 'conversation.assigned', { conversation_id: conv.id, state: 'assigned', messages: [] });
      for (const v of conv.visitors) {
        send(v, 'agent.joined', { conversation_id: conv.id, agent: { display_name: agent.email } });
      }
      return route();
    }
    case 'conversation.close': {
      const conv = conversations.get(frame.conversation_id);
      if (!conv || conv.agent !== agent) return send(ws, 'error', { code: 'forbidden', message: '' });
      agent.assigned.delete(conv.id);
      conversations.delete(conv.id);
      const closed = { conversation_id: conv.id, state: 'closed', outcome: frame.outcome, survey: true };
      for (const v of conv.visitors) send(v, 'conversation.closed', closed);
      for (const s of agent.sockets) send(s, 'conversation.closed', closed);
      return route();
    }
    case 'message.create':
      return relayMessage(ws, conversations.get(frame.conversation_id), frame, 'agent', agent);
    case 'ping': return send(ws, 'pong', {});
    default: return send(ws, 'error', { code: 'not_allowed', message: 'not in the baseline' });
  }
}

// Relay + ack, the equivalent of relais-server's message path minus storage.
function relayMessage(ws, conv, frame, author, agent) {
  if (!conv) return send(ws, 'error', { code: 'invalid_state', message: 'no conversation' });
  const seq = ++conv.seq;
  send(ws, 'message.ack', { conversation_id: conv.id, client_id: frame.client_id, seq, duplicate: false });
  const created = JSON.stringify({
    conversation_id: conv.id, seq, client_id: frame.client_id, author,
    author_name: agent ? agent.email : '', text: frame.text, created_at: Date.now(),
    type: 'message.created', v: 1,
  });
  sendRaw(conv.visitors, created);
  if (conv.agent) sendRaw(conv.agent.sockets, created);
}

const server = http.createServer((req, res) => {
  if (req.url === '/readyz' || req.url === '/healthz') return res.end('ready\n');
  if (req.url === '/api/login' && req.method === 'POST') {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const { email } = JSON.parse(body);
      const cookie = randomBytes(32).toString('base64url');
      sessions.set(cookie, email);
      res.setHeader('set-cookie', `relais_session=${cookie}; Path=/; HttpOnly`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ agent: { email } }));
    });
    return;
  }
  res.statusCode = 404;
  res.end();
});

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname !== '/ws') return socket.destroy();
  let agent = null;
  if (url.searchParams.get('role') === 'agent') {
    const cookie = /relais_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const email = sessions.get(cookie);
    if (!email) return socket.destroy();
    if (!agents.has(email)) {
      agents.set(email, { email, sockets: new Set(), available: false, assigned: new Set(), offer: null });
    }
    agent = agents.get(email);
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (agent) agent.sockets.add(ws);
    ws.on('message', (data, isBinary) => {
      let frame;
      try { frame = JSON.parse(String(data)); } catch { return send(ws, 'error', { code: 'bad_json' }); }
      if (agent) onAgent(ws, agent, frame); else onVisitor(ws, frame);
    });
    ws.on('close', () => {
      if (agent) agent.sockets.delete(ws);
      else conversations.get(ws.conversation)?.visitors.delete(ws);
    });
    ws.on('error', () => {});
    send(ws, 'hello', agent ? { role: 'agent', protocol: 1, agent: { email: agent.email } }
                            : { role: 'visitor', protocol: 1 });
  });
});

server.listen(Number(port), host, () => {
  const a = server.address();
  console.log(`baseline relay listening on http://${a.address}:${a.port}/`);
});
process.on('SIGTERM', () => process.exit(0));
