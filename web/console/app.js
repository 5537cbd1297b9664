// Agent console. Everything typed by visitors or agents is rendered with
// textContent (never innerHTML); UI strings come from strings.js.
import { AgentSocket, login, logout, me } from './api.js';
import { lang, setLang, t, translateDom } from './strings.js';

const $ = (id) => document.getElementById(id);
const state = {
  agent: null,
  csrf: '',
  socket: null,
  allQueues: [],        // from /api/queues (transfer targets)
  queueNames: new Map(),
  convs: new Map(),     // id -> { detail, el, unread, pending: Map(client_id -> li) }
  offer: null,
  offerTimer: 0,
  lastSnapshot: null,
  followups: [],
};

function el(tag, { text, cls, attrs } = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, v);
  return node;
}

function announce(message) {
  const a = $('announcer');
  a.textContent = '';
  setTimeout(() => { a.textContent = message; }, 50);
}

function queueName(id) {
  const q = state.queueNames.get(id);
  return q ? q[lang()] ?? id : id;
}

function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? t('seconds', { n: s }) : t('minutes', { n: Math.round(s / 60) });
}

// 128 random bits as 32 hex digits: nobody can guess the id of the agent's next
// message and send it first. getRandomValues, unlike randomUUID, also exists
// when the console is served over plain http (not a secure context).
function newClientId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------- sign-in

async function start() {
  translateDom();
  $('lang').addEventListener('click', () => {
    setLang(lang() === 'fr' ? 'en' : 'fr');
    translateDom();
    rerenderAll();
  });
  $('signin-form').addEventListener('submit', onSignIn);
  $('signout').addEventListener('click', async () => {
    state.socket?.stop();
    await logout(state.csrf);
    location.reload();
  });
  $('status').addEventListener('change', () =>
    state.socket.send({ type: 'agent.status', status: $('status').value }));
  $('offer-accept').addEventListener('click', () => respondToOffer('conversation.accept'));
  $('offer-decline').addEventListener('click', () => respondToOffer('conversation.decline'));
  $('followups-refresh').addEventListener('click', () =>
    state.socket.send({ type: 'followup.list' }));
  const session = await me().catch(() => null);
  if (session) enter(session);
  else showSignIn();
}

function showSignIn() {
  $('signin').hidden = false;
  $('app').hidden = true;
  $('email').focus();
}

async function onSignIn(event) {
  event.preventDefault();
  $('signin-error').textContent = '';
  try {
    const { status, body } = await login($('email').value, $('password').value);
    if (status === 200) return enter(body);
    const reason = { 429: 'lockedOut', 503: 'serverBusy' }[status] ?? 'signInFailed';
    $('signin-error').textContent = t(reason);
  } catch {
    $('signin-error').textContent = t('networkError');
  }
}

async function enter(session) {
  state.agent = session.agent;
  state.csrf = session.csrf_token;
  $('signin').hidden = true;
  $('app').hidden = false;
  $('signout').hidden = false;
  $('status-wrap').hidden = false;
  const queues = await fetch('/api/queues').then((r) => r.json()).catch(() => ({ queues: [] }));
  state.allQueues = queues.queues;
  for (const q of state.allQueues) state.queueNames.set(q.id, q.name);
  state.socket = new AgentSocket({ onFrame, onState: onConnection });
}

function onConnection(open) {
  const c = $('connection');
  c.textContent = t(open ? 'connection_open' : 'connection_lost');
  c.classList.toggle('lost', !open);
  if (open) state.socket.send({ type: 'followup.list' });
}

// ---------------------------------------------------------------- frames

const handlers = {
  hello(f) {
    $('status').value = f.agent.status;
  },
  'agent.state'(f) { $('status').value = f.status; },
  'queue.snapshot'(f) { state.lastSnapshot = f; renderSnapshot(); },
  'conversation.offered'(f) { showOffer(f); },
  'conversation.offer_revoked'() { hideOffer(); announce(t('offerWithdrawn')); },
  'conversation.assigned'(f) { openConversation(f); },
  // A page of older messages (conversation.view with before_seq).
  'conversation.detail'(f) { if (f.before_seq) addEarlierMessages(f); },
  'kb.results'(f) {
    const conv = state.convs.get(f.conversation_id);
    if (conv) renderAnswers(conv, f.results);
  },
  'message.created'(f) { addMessage(f.conversation_id, f); },
  'message.ack'(f) {
    const conv = state.convs.get(f.conversation_id);
    const li = conv?.pending.get(f.client_id);
    // Stored: no longer pending. The entry stays until its message.created
    // (which follows) replaces it; dropping it here showed the message twice.
    if (li) li.classList.remove('pending');
    if (li && f.duplicate) {
      // Stored before (a resend): no message.created follows.
      conv.pending.delete(f.client_id);
      if (conv.detail.messages.some((x) => x.seq === f.seq)) li.remove();
    }
  },
  typing(f) {
    const conv = state.convs.get(f.conversation_id);
    if (conv) conv.el.querySelector('.typing').textContent = f.active ? t('visitorTyping') : '';
  },
  presence(f) {
    systemLine(f.conversation_id, t(f.visitor_online ? 'visitorOnline' : 'visitorOffline'));
  },
  'conversation.closed'(f) {
    systemLine(f.conversation_id, t('closedBy', { outcome: f.outcome }));
    removeConversation(f.conversation_id);
  },
  'conversation.transferred'(f) {
    systemLine(f.conversation_id, t('transferred', { queue: queueName(f.queue) }));
    removeConversation(f.conversation_id);
  },
  'followup.items'(f) { state.followups = f.items; renderFollowups(); },
  'followup.created'(f) { state.followups.push(f); renderFollowups(); },
  'followup.completed'(f) {
    state.followups = state.followups.filter((i) => i.id !== f.id);
    renderFollowups();
  },
  error(f) { announce(t('error', { message: f.message })); console.warn('relais error', f); },
};

function onFrame(frame) {
  handlers[frame.type]?.(frame);
}

// ---------------------------------------------------------------- queues

function renderSnapshot() {
  const f = state.lastSnapshot;
  if (!f) return;
  const queues = $('queues');
  queues.replaceChildren(...f.queues.map((q) => {
    const li = el('li');
    li.append(el('strong', { text: q.name[lang()] ?? q.id }), el('br'),
              el('span', { text: t('waiting', { n: q.waiting }) }));
    if (q.waiting) li.append(document.createTextNode(' · '),
                             el('span', { text: t('oldest', { s: duration(q.oldest_wait_ms) }) }));
    if (!q.open) li.append(document.createTextNode(' · '), el('em', { text: t('queueClosed') }));
    return li;
  }));
  const waiting = $('waiting');
  if (!f.waiting.length) {
    waiting.replaceChildren(el('li', { text: t('noWaiting') }));
    return;
  }
  waiting.replaceChildren(...f.waiting.map((w) => el('li', {
    text: `${queueName(w.queue)} · ${w.language.toUpperCase()} · ${t('priority_' + w.priority)}` +
          ` · ${duration(w.waiting_ms)}`,
  })));
}

function showOffer(f) {
  state.offer = f.conversation;
  const c = f.conversation;
  $('offer-summary').textContent =
    `${queueName(c.queue)} · ${c.language.toUpperCase()} · ${t('priority_' + c.priority)}` +
    (c.reason ? ` · ${t('reason_' + c.reason)}` : '');
  $('offer').hidden = false;
  const deadline = Date.now() + f.expires_in_ms;
  clearInterval(state.offerTimer);
  const tick = () => {
    const s = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    $('offer-timer').textContent = t('offerExpires', { s });
    if (s === 0) clearInterval(state.offerTimer);
  };
  tick();
  state.offerTimer = setInterval(tick, 1000);
  announce(t('newConversationAlert', { queue: queueName(c.queue), language: c.language }));
  document.title = `(!) ${t('title')}`;
}

function hideOffer() {
  state.offer = null;
  clearInterval(state.offerTimer);
  $('offer').hidden = true;
  document.title = t('title');
}

function respondToOffer(type) {
  if (!state.offer) return;
  state.socket.send({ type, conversation_id: state.offer.conversation_id });
  hideOffer();
}

// ---------------------------------------------------------------- conversations

function openConversation(detail) {
  let conv = state.convs.get(detail.conversation_id);
  if (!conv) {
    const node = $('conversation-template').content.firstElementChild.cloneNode(true);
    conv = { detail, el: node, unread: 0, pending: new Map() };
    state.convs.set(detail.conversation_id, conv);
    wireConversation(conv);
    $('conversations').append(node);
    node.focus();
  }
  conv.detail = detail;
  renderConversation(conv);
  $('no-conversations').hidden = state.convs.size > 0;
}

function wireConversation(conv) {
  const id = conv.detail.conversation_id;
  const node = conv.el;
  translateDom(node);
  // Labels point at their controls (ids are per conversation).
  for (const [i, label] of [...node.querySelectorAll('label')].entries()) {
    const control = label.nextElementSibling;
    control.id = `${id}-c${i}`;
    label.htmlFor = control.id;
  }
  node.addEventListener('focusin', () => { conv.unread = 0; renderUnread(conv); });
  // Typing: one frame when the reply box becomes non-empty, one when it empties
  // (by deleting or by sending).
  let typingSent = false;
  const setTyping = (active) => {
    if (active === typingSent) return;
    typingSent = active;
    state.socket.send({ type: 'typing', conversation_id: id, active });
  };
  node.querySelector('form.reply').addEventListener('submit', (e) => {
    e.preventDefault();
    const box = e.target.querySelector('textarea');
    sendMessage(conv, 'message.create', box.value);
    box.value = '';
    setTyping(false);
  });
  node.querySelector('form.kb-search').addEventListener('submit', (e) => {
    e.preventDefault();
    const query = e.target.querySelector('input').value.trim();
    if (query) {
      state.socket.send({ type: 'kb.search', query, language: conv.detail.language,
                          conversation_id: id });
    }
  });
  node.querySelector('form.note').addEventListener('submit', (e) => {
    e.preventDefault();
    const box = e.target.querySelector('textarea');
    sendMessage(conv, 'note.create', box.value);
    box.value = '';
  });
  node.querySelector('form.reply textarea').addEventListener('input', (e) => {
    setTyping(e.target.value.length > 0);
  });
  node.querySelector('.transfer form').addEventListener('submit', (e) => {
    e.preventDefault();
    const queue = node.querySelector('.transfer-queue').value;
    const agent = node.querySelector('.transfer-agent').value.trim();
    const note = node.querySelector('.transfer-note').value.trim();
    const frame = { type: 'conversation.transfer', conversation_id: id };
    if (agent) frame.agent_email = agent;
    else frame.queue = queue;
    if (note) frame.note = note;
    state.socket.send(frame);
  });
  // Views are paged (the newest messages first): older ones on request.
  node.querySelector('.earlier').addEventListener('click', () => {
    state.socket.send({ type: 'conversation.view', conversation_id: id,
                        before_seq: conv.detail.first_seq });
  });
  node.querySelector('form.close-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.socket.send({ type: 'conversation.close', conversation_id: id,
                        outcome: node.querySelector('.outcome').value });
  });
}

function renderConversation(conv) {
  const d = conv.detail;
  const node = conv.el;
  node.querySelector('.conv-title').textContent =
    `${queueName(d.queue)} · ${d.language.toUpperCase()}`;
  const facts = node.querySelector('.facts');
  const rows = [['reason', d.reason && t('reason_' + d.reason)], ['page', d.page_url], ['lang', d.language],
                ['priority', t('priority_' + d.priority)]];
  const entities = Object.entries(d.entities ?? {});
  if (entities.length) {
    rows.push(['entities', entities.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')]);
  }
  facts.replaceChildren(...rows.filter(([, v]) => v).flatMap(([k, v]) =>
    [el('dt', { text: t(k) }), el('dd', { text: v })]));
  renderAnswers(conv, d.suggestions ?? []);
  const list = node.querySelector('.messages');
  list.replaceChildren(...d.messages.map(messageItem));
  list.scrollTop = list.scrollHeight;
  node.querySelector('.earlier').hidden = !d.more;
  const select = node.querySelector('.transfer-queue');
  select.replaceChildren(...state.allQueues.map((q) =>
    el('option', { text: q.name[lang()] ?? q.id, attrs: { value: q.id } })));
  renderUnread(conv);
}

// Suggested or searched answers; "Use" copies one into the reply box to edit.
function renderAnswers(conv, answers) {
  const list = conv.el.querySelector('.suggestions');
  list.replaceChildren(...answers.map((a) => {
    const use = el('button', { cls: 'secondary', text: t('useAnswer'), attrs: {
      type: 'button', 'aria-label': t('useAnswerNamed', { title: a.title }) } });
    use.addEventListener('click', () => {
      const box = conv.el.querySelector('form.reply textarea');
      box.value = a.text;
      box.focus();
    });
    const li = el('li');
    li.append(el('strong', { text: a.title }), ' ', use);
    return li;
  }));
  if (!answers.length) list.append(el('li', { text: t('noAnswers') }));
}

function messageItem(m) {
  const li = el('li', { cls: m.author });
  const who = m.author === 'agent' || m.author === 'note'
    ? `${t('author_' + m.author)} — ${m.author_name}` : t('author_' + m.author);
  li.append(el('span', { cls: 'who', text: who }), document.createTextNode(m.text));
  return li;
}

function addMessage(id, m) {
  const conv = state.convs.get(id);
  if (!conv) return;
  if (conv.detail.messages.some((x) => x.seq === m.seq)) return;
  conv.detail.messages.push(m);
  const pending = conv.pending.get(m.client_id);
  const list = conv.el.querySelector('.messages');
  if (pending) {
    pending.replaceWith(messageItem(m));
    conv.pending.delete(m.client_id);
  } else {
    list.append(messageItem(m));
  }
  list.scrollTop = list.scrollHeight;
  if (m.author === 'visitor') {
    conv.el.querySelector('.typing').textContent = '';
    if (!conv.el.contains(document.activeElement)) {
      conv.unread += 1;
      renderUnread(conv);
      announce(t('newMessageAlert', { who: t('author_visitor') }));
    }
  }
}

function addEarlierMessages(page) {
  const conv = state.convs.get(page.conversation_id);
  if (!conv || page.before_seq !== conv.detail.first_seq) return;  // stale or repeated
  const older = page.messages.filter((m) => m.seq < conv.detail.first_seq);
  conv.detail.messages.unshift(...older);
  conv.detail.first_seq = page.first_seq || conv.detail.first_seq;
  conv.detail.more = page.more;
  const list = conv.el.querySelector('.messages');
  const keep = list.scrollHeight - list.scrollTop;  // the reader stays where they were
  list.prepend(...older.map(messageItem));
  list.scrollTop = list.scrollHeight - keep;
  const button = conv.el.querySelector('.earlier');
  button.hidden = !page.more;
  if (!page.more) conv.el.focus();  // the button it was on is gone
  announce(t('earlierMessages'));
}

function sendMessage(conv, type, text) {
  text = text.trim();
  if (!text) return;
  const clientId = newClientId();
  const li = messageItem({ author: type === 'note.create' ? 'note' : 'agent',
                           author_name: state.agent.display_name, text });
  li.classList.add('pending');
  conv.pending.set(clientId, li);
  conv.el.querySelector('.messages').append(li);
  state.socket.send({ type, conversation_id: conv.detail.conversation_id, client_id: clientId,
                      text });
}

function systemLine(id, text) {
  const conv = state.convs.get(id);
  if (conv) conv.el.querySelector('.messages').append(el('li', { cls: 'system', text }));
  announce(text);
}

function removeConversation(id) {
  const conv = state.convs.get(id);
  if (!conv) return;
  state.convs.delete(id);
  setTimeout(() => conv.el.remove(), 3000);  // leave the closing line readable a moment
  $('no-conversations').hidden = state.convs.size > 0;
}

function renderUnread(conv) {
  const badge = conv.el.querySelector('.unread');
  badge.hidden = conv.unread === 0;
  badge.textContent = t('unread', { n: conv.unread });
}

// ---------------------------------------------------------------- follow-ups

function renderFollowups() {
  const list = $('followups');
  if (!state.followups.length) {
    list.replaceChildren(el('li', { text: t('noFollowups') }));
    return;
  }
  list.replaceChildren(...state.followups.map((f) => {
    const li = el('li');
    li.append(el('strong', { text: t('followup_' + f.kind) }),
              el('span', { text: ` · ${queueName(f.queue)} · ${f.language.toUpperCase()}` }));
    const dl = el('dl', { cls: 'facts' });
    const rows = [['contact', f.name], ['phone', f.phone], ['preferredTime', f.preferred_time],
                  ['contact', f.contact], ['transcript', f.text]];
    for (const [k, v] of rows) if (v) dl.append(el('dt', { text: t(k) }), el('dd', { text: v }));
    const done = el('button', { text: t('markDone'), cls: 'secondary', attrs: { type: 'button' } });
    done.addEventListener('click', () => state.socket.send({ type: 'followup.complete', id: f.id }));
    li.append(dl, done);
    return li;
  }));
}

function rerenderAll() {
  renderSnapshot();
  renderFollowups();
  for (const conv of state.convs.values()) { translateDom(conv.el); renderConversation(conv); }
  if (state.offer) $('offer-summary').textContent = '';
}

start();
