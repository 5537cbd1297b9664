// Talking to relais-server (server/PROTOCOL.md): the HTTP session API, the
// agent WebSocket with reconnection (the server sends the whole state again on
// each connect), the commands the console sends, and the handling of the
// server's frames: each updates the state (state.js), then tells the view
// what changed. No DOM here.
import {
  addEarlierMessages, addFollowup, addMessage, clearOffer, completeFollowup, hasMessage,
  openConversation, removeConversation, setAnswers, setFollowups, setOffer,
} from './state.js';

// Signs in. Returns {session} or {error}: 'locked_out' (too many attempts),
// 'busy' (try again shortly), 'refused' (wrong email or password) or 'network'.
export async function login(email, password) {
  try {
    const response = await fetch('/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ email, password }),
    });
    if (response.status === 200) return { session: await response.json() };
    return { error: { 429: 'locked_out', 503: 'busy' }[response.status] ?? 'refused' };
  } catch {
    return { error: 'network' };
  }
}

// The current session ({agent, csrf_token}), or null when signed out.
export async function me() {
  const response = await fetch('/api/me', { credentials: 'same-origin' }).catch(() => null);
  return response?.ok ? response.json().catch(() => null) : null;
}

export async function logout(csrfToken) {
  await fetch('/api/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken },
  });
}

// Every queue, with its names: the transfer targets.
export async function queues() {
  const body = await fetch('/api/queues').then((r) => r.json()).catch(() => ({ queues: [] }));
  return body.queues;
}

// 128 random bits as 32 hex digits: nobody can guess the id of the agent's next
// message and send it first. getRandomValues, unlike randomUUID, also exists
// when the console is served over plain http (not a secure context).
function newClientId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The agent WebSocket: onFrame(frame) for every server frame, onState(open)
// on each connect and disconnect; reconnects with backoff (0.5 s to 10 s).
class AgentSocket {
  constructor({ onFrame, onState }) {
    this.onFrame = onFrame;
    this.onState = onState;
    this.delay = 500;
    this.stopped = false;
    this.connect();
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.ws = new WebSocket(`${scheme}://${location.host}/ws?role=agent`);
    this.ws.addEventListener('open', () => { this.delay = 500; this.onState(true); });
    this.ws.addEventListener('message', (e) => {
      let frame;
      try { frame = JSON.parse(e.data); } catch { return; }
      this.onFrame(frame);
    });
    this.ws.addEventListener('close', () => {
      this.onState(false);
      if (this.stopped) return;
      setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 10000);
    });
  }

  send(frame) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ v: 1, ...frame }));
  }

  stop() { this.stopped = true; this.ws.close(); }
}

// Server frames: update the state, then tell the view. `this` is the Connection.
const kHandlers = {
  hello(f) { this.state.status = f.agent.status; this.view.status(); },
  'agent.state'(f) { this.state.status = f.status; this.view.status(); },
  'queue.snapshot'(f) { this.state.snapshot = f; this.view.queues(); },
  'conversation.offered'(f) { setOffer(this.state, f, Date.now()); this.view.offer(); },
  'conversation.offer_revoked'() { clearOffer(this.state); this.view.offerWithdrawn(); },
  'conversation.assigned'(f) {
    this.view.conversation(openConversation(this.state, f).conversation);
  },
  // A page of older messages (conversation.view with before_seq).
  'conversation.detail'(f) {
    if (!f.before_seq) return;
    const older = addEarlierMessages(this.state, f);
    if (older) this.view.earlierMessages(f.conversation_id, older);
  },
  'kb.results'(f) { if (setAnswers(this.state, f)) this.view.answers(f.conversation_id); },
  'message.created'(f) {
    if (addMessage(this.state, f.conversation_id, f)) this.view.message(f.conversation_id, f);
  },
  'message.ack'(f) {
    const conversation = this.state.conversations.get(f.conversation_id);
    if (conversation) this.view.acknowledged(f, hasMessage(conversation, f.seq));
  },
  typing(f) { this.view.typing(f.conversation_id, f.active); },
  presence(f) { this.view.presence(f.conversation_id, f.visitor_online); },
  'conversation.closed'(f) {
    this.view.closed(f.conversation_id, f.outcome);
    if (removeConversation(this.state, f.conversation_id)) this.view.removed(f.conversation_id);
  },
  'conversation.transferred'(f) {
    this.view.transferred(f.conversation_id, f.queue);
    if (removeConversation(this.state, f.conversation_id)) this.view.removed(f.conversation_id);
  },
  'followup.items'(f) { setFollowups(this.state, f.items); this.view.followups(); },
  'followup.created'(f) { addFollowup(this.state, f); this.view.followups(); },
  'followup.completed'(f) { completeFollowup(this.state, f.id); this.view.followups(); },
  error(f) { this.view.error(f.message); console.warn('relais error', f); },
};

// The signed-in agent's connection: open(view) starts it; the methods below are
// the commands the view sends. Commands sent while disconnected are dropped
// (the server sends the state again on reconnect).
export class Connection {
  constructor(state) {
    this.state = state;
    this.view = null;
    this.socket = null;
  }

  // `view` receives the changes (see kHandlers for what it is told).
  open(view) {
    this.view = view;
    this.socket = new AgentSocket({
      onFrame: (frame) => kHandlers[frame.type]?.call(this, frame),
      onState: (open) => {
        this.state.connected = open;
        view.connectionState();
        if (open) this.listFollowups();
      },
    });
  }

  stop() { this.socket?.stop(); }

  send(frame) { this.socket?.send(frame); }

  setStatus(status) { this.send({ type: 'agent.status', status }); }
  accept(id) { this.send({ type: 'conversation.accept', conversation_id: id }); }
  decline(id) { this.send({ type: 'conversation.decline', conversation_id: id }); }
  listFollowups() { this.send({ type: 'followup.list' }); }
  completeFollowup(id) { this.send({ type: 'followup.complete', id }); }
  typing(id, active) { this.send({ type: 'typing', conversation_id: id, active }); }
  search(id, query, language) {
    this.send({ type: 'kb.search', query, language, conversation_id: id });
  }

  // A reply to the visitor, or a private note; returns its client id (the
  // server acknowledges with it; resending it never stores the text twice).
  reply(id, text) {
    const clientId = newClientId();
    this.send({ type: 'message.create', conversation_id: id, client_id: clientId, text });
    return clientId;
  }

  note(id, text) {
    const clientId = newClientId();
    this.send({ type: 'note.create', conversation_id: id, client_id: clientId, text });
    return clientId;
  }

  // Views are paged (the newest messages first): the page before `beforeSeq`.
  earlier(id, beforeSeq) {
    this.send({ type: 'conversation.view', conversation_id: id, before_seq: beforeSeq });
  }

  // To another agent (by email) when given, else to a queue; `note` optional.
  transfer(id, { queue, agentEmail, note }) {
    const frame = { type: 'conversation.transfer', conversation_id: id };
    if (agentEmail) frame.agent_email = agentEmail;
    else frame.queue = queue;
    if (note) frame.note = note;
    this.send(frame);
  }

  closeConversation(id, outcome) {
    this.send({ type: 'conversation.close', conversation_id: id, outcome });
  }
}
