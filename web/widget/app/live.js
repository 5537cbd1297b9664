// The live hand-off to an agent: the visitor side of server/PROTOCOL.md (version 1)
// over WebSocket /ws on the widget's own origin (the iframe is served by
// relais-server, so the socket is same-origin).
//
// One LiveChannel per widget. start() connects, waits for `hello`, sends
// `conversation.handoff` with the bot transcript and the engine's context, and
// keeps {conversation_id, token, last_seq} in sessionStorage so that a page
// reload or a dropped connection resumes the same conversation
// (`conversation.resume`, the server replays what was missed). Visitor messages
// carry a client_id and are resent after a reconnect until acknowledged; the
// server deduplicates them.
//
// When the queue is closed or full, or after an agent closed with a survey, the
// conversation is over for chatting but one request is still possible (a
// follow-up, or the survey answer): the channel keeps its connection and its
// saved session, marked `pending` ('followup' | 'survey'), until that request is
// answered or the visitor declines (finish()). The request is resent after a
// reconnect until the server answers it.
//
// Everything the widget needs to show is reported through onEvent(event):
//   {type: 'connecting' | 'reconnecting' | 'failed'}
//   {type: 'queued', queue} · {type: 'position', position, waitSeconds}
//   {type: 'unavailable', reason, options}          queue closed or full
//   {type: 'agent_joined', name} · {type: 'agent_left'}
//   {type: 'message', author, name, text, seq, clientId, at}   agent/system/bot messages
//   {type: 'ack', clientId} · {type: 'typing', active}
//   {type: 'closed', outcome, survey}                 survey: a survey may follow
//   {type: 'followup_created', kind, id} · {type: 'survey_submitted'}
//   {type: 'request_failed'}                          the follow-up or survey was refused
// The channel never throws: a server that does not speak the protocol (a static
// host without /ws) is reported as {type: 'failed'}.

import { handoff_reason as handoffReasons, priority as priorities } from '../../../vocabulary/vocabulary.json';

const kStorageKey = 'relais.live.v1';
const kHelloTimeoutMs = 8000;
const kMaxRetries = 6;      // reconnect attempts before giving up (about 1 minute)
const kMaxTranscript = 100;  // server limit (limits.max_transcript_messages)
const kMaxTextChars = 2000;  // well under limits.max_message_bytes (4000 bytes)

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class LiveChannel {
  // storage: sessionStorage (or a stand-in); onEvent(event): see above.
  constructor(storage, onEvent) {
    this.storage = storage;
    this.onEvent = onEvent;
    this.socket = null;
    this.session = this.load();  // {id, token, lastSeq} once created
    this.handoff = null;          // the conversation.handoff frame until created
    this.unacked = new Map();     // clientId → text, resent after a reconnect
    this.retries = 0;
    this.active = false;          // queued or assigned: messages go to the agent
    this.outgoing = null;         // the pending follow-up or survey frame, until answered
    this.closedByUs = false;
  }

  // Whether a conversation with an agent is under way (or being resumed).
  get started() {
    return Boolean(this.handoff || (this.session && !this.session.pending));
  }

  // 'followup' or 'survey' while that request is still possible, else null.
  get pending() {
    return (this.session && this.session.pending) || null;
  }

  load() {
    try {
      const saved = JSON.parse(this.storage.getItem(kStorageKey) || 'null');
      return saved && typeof saved.id === 'string' && typeof saved.token === 'string' ? saved : null;
    } catch (_) {
      return null;
    }
  }

  save() {
    try {
      if (this.session) this.storage.setItem(kStorageKey, JSON.stringify(this.session));
      else this.storage.removeItem(kStorageKey);
    } catch (_) {
      // storage unavailable: the conversation survives connection drops, not reloads
    }
  }

  // Asks for a person. request: {language, queue, skill, priority, reason,
  // entities, transcript: [{author: 'visitor' | 'bot', text}]}.
  start(request) {
    if (this.session) this.finish();  // a pending follow-up or survey: one conversation per connection
    const frame = { type: 'conversation.handoff', v: 1, language: request.language };
    if (request.queue) frame.queue = String(request.queue).slice(0, 32);
    if (request.skill) frame.skill = String(request.skill).slice(0, 32);
    if (handoffReasons.values.includes(request.reason)) frame.reason = request.reason;
    frame.priority = priorities.values.includes(request.priority) ? request.priority : 'normal';
    const visitorLanguages = (request.visitorLanguages || []).filter((code) => /^[a-z]{2,3}$/.test(code));
    if (visitorLanguages.length) frame.visitor_languages = visitorLanguages.slice(0, 4);
    if (request.entities) frame.entities = request.entities;
    frame.transcript = (request.transcript || []).slice(-kMaxTranscript)
      .map((m) => ({ author: m.author === 'bot' ? 'bot' : 'visitor', text: String(m.text).slice(0, kMaxTextChars) }))
      .filter((m) => m.text.trim());
    this.handoff = frame;
    this.closedByUs = false;
    // A cheap probe first: a server without the live service (static hosting)
    // answers 404 here, and the widget says so without a failed WebSocket.
    fetch(new URL('../api/queues', location.href), { cache: 'no-store' }).then(
      (response) => (response.ok ? this.connect() : this.fail()),
      () => this.fail(),
    );
  }

  fail() {
    this.handoff = null;
    this.onEvent({ type: 'failed' });
  }

  // Reconnects to a conversation saved by an earlier page; false when none.
  resume() {
    if (!this.session) return false;
    this.connect();
    return true;
  }

  // Sends a visitor message to the agent; returns its client id (null when not
  // in a live conversation). Unacknowledged messages are resent on reconnect.
  send(text) {
    if (!this.active) return null;
    const clientId = randomId();
    this.unacked.set(clientId, text);
    this.transmit({ type: 'message.create', v: 1, client_id: clientId, text });
    return clientId;
  }

  // The pending request: a follow-up (kind 'callback' | 'message', fields as in
  // server/PROTOCOL.md) or the survey answer. False when none is possible now.
  requestFollowUp(kind, fields) {
    return this.request('followup', { type: 'followup.request', v: 1, kind, ...fields });
  }

  submitSurvey(rating, comment) {
    return this.request('survey', { type: 'survey.submit', v: 1, rating, ...(comment ? { comment } : {}) });
  }

  request(pending, frame) {
    if (this.pending !== pending) return false;
    this.outgoing = frame;
    if (this.socket) this.transmit(frame);
    else {
      this.retries = 0;  // gave up earlier: try again (resume, then the frame is resent)
      this.connect();
    }
    return true;
  }

  typing(active) {
    if (this.active) this.transmit({ type: 'typing', v: 1, active });
  }

  // The visitor ends the conversation.
  leave() {
    this.transmit({ type: 'conversation.leave', v: 1 });
    this.finish();
  }

  finish() {
    this.closedByUs = true;
    this.active = false;
    this.session = null;
    this.handoff = null;
    this.outgoing = null;
    this.unacked.clear();
    this.save();
    if (this.socket) this.socket.close();
    this.socket = null;
  }

  transmit(frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  connect() {
    let url;
    try {
      url = new URL('../ws', location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    } catch (_) {
      this.onEvent({ type: 'failed' });
      return;
    }
    this.onEvent({ type: this.retries ? 'reconnecting' : 'connecting' });
    let socket;
    try {
      socket = new WebSocket(url.href);
    } catch (_) {
      this.onEvent({ type: 'failed' });
      return;
    }
    this.socket = socket;
    let greeted = false;
    const timer = setTimeout(() => {
      if (!greeted) socket.close();
    }, kHelloTimeoutMs);
    socket.addEventListener('message', (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (_) {
        return;
      }
      if (!frame || typeof frame.type !== 'string') return;
      if (frame.type === 'hello') {
        greeted = true;
        clearTimeout(timer);
        this.retries = 0;
        this.greet();
      } else {
        this.receive(frame);
      }
    });
    socket.addEventListener('close', () => {
      clearTimeout(timer);
      if (this.socket !== socket || this.closedByUs) return;
      this.socket = null;
      if (!greeted && !this.session) {
        // Never reached a Relais server (static hosting, or down): no live chat.
        this.handoff = null;
        this.onEvent({ type: 'failed' });
        return;
      }
      if (this.retries >= kMaxRetries) {
        this.onEvent({ type: 'failed' });
        return;
      }
      const delay = Math.min(30000, 500 * 2 ** this.retries) * (0.75 + Math.random() / 2);
      this.retries += 1;
      setTimeout(() => this.connect(), delay);
    });
  }

  // After `hello`: resume the saved conversation or start the hand-off.
  greet() {
    if (this.session) {
      this.transmit({ type: 'conversation.resume', v: 1, conversation_id: this.session.id,
        token: this.session.token, last_seq: this.session.lastSeq });
    } else if (this.handoff) {
      this.transmit(this.handoff);
    }
  }

  setPending(pending, options) {
    this.session.pending = pending;
    this.session.options = options;
    this.save();
  }

  see(seq) {
    if (this.session && Number.isInteger(seq) && seq > this.session.lastSeq) {
      this.session.lastSeq = seq;
      this.save();
    }
  }

  receive(frame) {
    switch (frame.type) {
      case 'conversation.created': {
        // The transcript took the first seqs: they are already on screen.
        const transcript = this.handoff && this.handoff.transcript ? this.handoff.transcript.length : 0;
        this.session = { id: String(frame.conversation_id), token: String(frame.token), lastSeq: transcript };
        this.handoff = null;
        this.save();
        this.active = frame.state === 'queued' || frame.state === 'assigned';
        if (this.active) this.onEvent({ type: 'queued', queue: frame.queue });
        break;
      }
      case 'queue.position':
        this.onEvent({ type: 'position', position: frame.position, waitSeconds: frame.estimated_wait_seconds });
        break;
      case 'conversation.unavailable': {
        const options = (Array.isArray(frame.options) ? frame.options : []).filter((o) => o === 'callback' || o === 'message');
        this.active = false;
        if (options.length && this.session) this.setPending('followup', options);
        this.onEvent({ type: 'unavailable', reason: frame.reason, options });
        if (!this.pending) this.finish();
        break;
      }
      case 'agent.joined':
        this.onEvent({ type: 'agent_joined', name: (frame.agent && frame.agent.display_name) || '' });
        break;
      case 'agent.left':
        this.onEvent({ type: 'agent_left' });
        break;
      case 'conversation.transferred':
        this.onEvent({ type: 'queued', queue: frame.queue });
        break;
      case 'conversation.state': {
        this.see(frame.last_seq);
        this.active = frame.state === 'queued' || frame.state === 'assigned';
        const pending = this.pending;
        if ((pending === 'followup' && frame.state === 'bot') || (pending === 'survey' && frame.state === 'closed')) {
          if (this.outgoing) this.transmit(this.outgoing);  // still waiting for its answer
          break;
        }
        if (pending === 'followup' && (frame.state === 'callback_requested' || frame.state === 'message_left')) {
          // Stored before the connection dropped: its answer was lost, not the request.
          this.onEvent({ type: 'followup_created', kind: frame.state === 'message_left' ? 'message' : 'callback', id: null });
          this.finish();
          break;
        }
        if (frame.state === 'assigned' && frame.agent) {
          this.onEvent({ type: 'agent_joined', name: frame.agent.display_name || '', resumed: true });
        } else if (frame.state === 'queued') {
          this.onEvent({ type: 'queued', queue: frame.queue, resumed: true });
        } else if (!this.active) {
          this.onEvent({ type: 'closed', outcome: pending ? 'expired' : frame.state });
          this.finish();
          break;
        }
        for (const [clientId, text] of this.unacked) {
          this.transmit({ type: 'message.create', v: 1, client_id: clientId, text });
        }
        if (frame.more) this.greet();
        break;
      }
      case 'message.ack':
        this.unacked.delete(frame.client_id);
        this.see(frame.seq);
        this.onEvent({ type: 'ack', clientId: frame.client_id });
        break;
      case 'message.created':
        this.see(frame.seq);
        this.onEvent({ type: 'message', author: frame.author, name: frame.author_name || '', text: String(frame.text || ''),
          seq: frame.seq, clientId: frame.client_id || '', at: frame.created_at });
        break;
      case 'typing':
        this.onEvent({ type: 'typing', active: Boolean(frame.active) });
        break;
      case 'conversation.closed': {
        const survey = frame.survey === true && Boolean(this.session);
        this.active = false;
        if (survey) this.setPending('survey', []);
        this.onEvent({ type: 'closed', outcome: frame.outcome || '', survey });
        if (!survey) this.finish();
        break;
      }
      case 'followup.created':
        this.onEvent({ type: 'followup_created', kind: frame.kind, id: frame.id });
        this.finish();
        break;
      case 'survey.submitted':
        this.onEvent({ type: 'survey_submitted' });
        this.finish();
        break;
      case 'error':
        if (frame.request_type === 'survey.submit' && frame.code === 'invalid_state' && this.pending === 'survey') {
          this.onEvent({ type: 'survey_submitted' });  // already answered (the answer to a resend)
          this.finish();
        } else if (this.outgoing && frame.request_type === this.outgoing.type) {
          this.outgoing = null;
          this.onEvent({ type: 'request_failed', code: frame.code });
        } else if (this.handoff && frame.request_type === 'conversation.handoff' && (frame.field === 'queue' || frame.field === 'skill')) {
          // The answer's queue is not one of this server's: let the server choose.
          delete this.handoff.queue;
          delete this.handoff.skill;
          this.transmit(this.handoff);
        } else if (frame.code === 'unauthenticated' || (frame.code === 'not_found' && this.session)) {
          this.onEvent({ type: 'closed', outcome: 'expired' });
          this.finish();
        } else if (this.handoff && frame.request_type === 'conversation.handoff') {
          this.onEvent({ type: 'failed' });
          this.finish();
        }
        break;
      default:
        break;  // unknown frames are ignored (protocol rule)
    }
  }
}
