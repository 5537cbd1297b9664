// The console page (index.html): sign-in, the bar (connection, status,
// language), queues and waiting conversations, the offer, the follow-ups, the
// screen-reader announcer, and one ConversationView (conversation-view.js) per
// conversation. It draws the state (state.js) and sends the agent's commands
// through the connection (connection.js); the connection calls the methods
// under "Changes" after each frame. Everything from the server is set as text.
import { h } from '../widget/app/dom.js';
import { LanguageSwitch } from '../widget/app/language-switch.js';
import { ConversationView } from './conversation-view.js';
import { kLanguages, t, translateDom } from './i18n.js';
import { addUnread, clearOffer, offerSecondsLeft, queueName } from './state.js';

const $ = (id) => document.getElementById(id);

export class ConsoleView {
  // `connection` sends commands; `app` has signIn(email, password) → error or
  // null, signOut() and switchLanguage(code).
  constructor(state, connection, app) {
    this.state = state;
    this.connection = connection;
    this.columns = new Map();  // conversation id -> ConversationView
    this.offerTimer = 0;
    this.languageSwitch = new LanguageSwitch({
      onChoose: (code) => app.switchLanguage(code), listId: 'languages', buttonClass: 'language-button',
    });
    $('language').replaceWith(this.languageSwitch.root);
    $('signin-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      $('signin-error').textContent = '';
      const error = await app.signIn($('email').value, $('password').value);
      if (error) $('signin-error').textContent = this.signInError(error);
    });
    $('signout').addEventListener('click', () => app.signOut());
    $('status').addEventListener('change', () => connection.setStatus($('status').value));
    $('offer-accept').addEventListener('click', () => this.respondToOffer(true));
    $('offer-decline').addEventListener('click', () => this.respondToOffer(false));
    $('followups-refresh').addEventListener('click', () => connection.listFollowups());
  }

  get language() { return this.state.language; }

  signInError(error) {
    const l = this.language;
    if (error === 'locked_out') return t(l, 'locked_out');
    if (error === 'busy') return t(l, 'server_busy');
    if (error === 'network') return t(l, 'network_error');
    return t(l, 'sign_in_failed');
  }

  showSignIn() {
    $('signin').hidden = false;
    $('app').hidden = true;
    $('email').focus();
  }

  showApp() {
    $('signin').hidden = true;
    $('app').hidden = false;
    $('signout').hidden = false;
    $('status-wrap').hidden = false;
  }

  // The whole page in the state's language (at start and on a language switch).
  render() {
    document.documentElement.lang = this.language;
    translateDom(document, this.language);
    this.languageSwitch.update(kLanguages.map((code) =>
      ({ code, name: t(code, 'language_name'), label: t(code, 'language_menu') })), this.language);
    this.title();
    if (this.state.agent) this.connectionState();
    this.queues();
    this.followups();
    if (this.state.offer) this.offerSummary();
    for (const column of this.columns.values()) column.render();
  }

  title() {
    const title = t(this.language, 'title');
    document.title = this.state.offer ? `(!) ${title}` : title;
  }

  announce(message) {
    const announcer = $('announcer');
    announcer.textContent = '';
    setTimeout(() => { announcer.textContent = message; }, 50);
  }

  duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 120) return t(this.language, 'seconds', { n: s });
    return t(this.language, 'minutes', { n: Math.round(s / 60) });
  }

  offerSummary() {
    const l = this.language;
    const c = this.state.offer.conversation;
    $('offer-summary').textContent =
      `${queueName(this.state, c.queue)} · ${c.language.toUpperCase()} · ${t(l, 'priority_' + c.priority)}` +
      (c.reason ? ` · ${t(l, 'reason_' + c.reason)}` : '');
  }

  hideOffer() {
    clearInterval(this.offerTimer);
    $('offer').hidden = true;
    this.title();
  }

  respondToOffer(accept) {
    const offer = this.state.offer;
    if (!offer) return;
    const id = offer.conversation.conversation_id;
    if (accept) this.connection.accept(id);
    else this.connection.decline(id);
    clearOffer(this.state);
    this.hideOffer();
  }

  // ---------------------------------------------------------------- Changes
  // Called by the connection once the state holds what a frame changed.

  connectionState() {
    const c = $('connection');
    c.textContent = t(this.language, this.state.connected ? 'connection_open' : 'connection_lost');
    c.classList.toggle('lost', !this.state.connected);
  }

  status() { $('status').value = this.state.status; }

  queues() {
    const f = this.state.snapshot;
    if (!f) return;
    const l = this.language;
    $('queues').replaceChildren(...f.queues.map((q) => h('li', null,
      h('strong', null, q.name[l] ?? q.id), h('br'), h('span', null, t(l, 'waiting', { n: q.waiting })),
      q.waiting ? [' · ', h('span', null, t(l, 'oldest', { s: this.duration(q.oldest_wait_ms) }))] : null,
      q.open ? null : [' · ', h('em', null, t(l, 'queue_closed'))])));
    if (!f.waiting.length) {
      $('waiting').replaceChildren(h('li', null, t(l, 'no_waiting')));
      return;
    }
    $('waiting').replaceChildren(...f.waiting.map((w) => h('li', null,
      `${queueName(this.state, w.queue)} · ${w.language.toUpperCase()} · ${t(l, 'priority_' + w.priority)}` +
      ` · ${this.duration(w.waiting_ms)}`)));
  }

  offer() {
    const c = this.state.offer.conversation;
    this.offerSummary();
    $('offer').hidden = false;
    clearInterval(this.offerTimer);
    const tick = () => {
      const s = offerSecondsLeft(this.state.offer, Date.now());
      $('offer-timer').textContent = t(this.language, 'offer_expires', { s });
      if (s === 0) clearInterval(this.offerTimer);
    };
    tick();
    this.offerTimer = setInterval(tick, 1000);
    this.announce(t(this.language, 'new_conversation_alert',
      { queue: queueName(this.state, c.queue), language: c.language }));
    this.title();
  }

  offerWithdrawn() {
    this.hideOffer();
    this.announce(t(this.language, 'offer_withdrawn'));
  }

  conversation(conversation) {
    let column = this.columns.get(conversation.detail.conversation_id);
    if (!column) {
      column = new ConversationView(this.state, conversation, this.connection);
      this.columns.set(conversation.detail.conversation_id, column);
      $('conversations').append(column.el);
      column.el.focus();
    }
    column.render();
    $('no-conversations').hidden = this.columns.size > 0;
  }

  answers(id) { this.columns.get(id)?.renderAnswers(); }

  message(id, m) {
    const column = this.columns.get(id);
    if (!column) return;
    column.message(m);
    if (m.author !== 'visitor') return;
    column.typing(false);
    if (!column.el.contains(document.activeElement)) {
      addUnread(column.conversation);
      column.renderUnread();
      this.announce(t(this.language, 'new_message_alert', { who: t(this.language, 'author_visitor') }));
    }
  }

  acknowledged(ack, shown) { this.columns.get(ack.conversation_id)?.acknowledged(ack, shown); }

  earlierMessages(id, older) {
    this.columns.get(id)?.earlierMessages(older);
    this.announce(t(this.language, 'earlier_messages'));
  }

  typing(id, active) { this.columns.get(id)?.typing(active); }

  systemLine(id, text) {
    this.columns.get(id)?.systemLine(text);
    this.announce(text);
  }

  presence(id, online) { this.systemLine(id, t(this.language, online ? 'visitor_online' : 'visitor_offline')); }
  // How it ended, in words: the vocabulary's close_outcome, labelled outcome_<value>.
  closed(id, outcome) {
    this.systemLine(id, t(this.language, 'closed_by', { outcome: t(this.language, 'outcome_' + outcome) }));
  }
  transferred(id, queue) {
    this.systemLine(id, t(this.language, 'transferred', { queue: queueName(this.state, queue) }));
  }

  // No longer the agent's: the column goes after a moment (the closing line stays readable).
  removed(id) {
    const column = this.columns.get(id);
    this.columns.delete(id);
    setTimeout(() => column?.el.remove(), 3000);
    $('no-conversations').hidden = this.columns.size > 0;
  }

  followups() {
    const l = this.language;
    const items = this.state.followups;
    if (!items.length) {
      $('followups').replaceChildren(h('li', null, t(l, 'no_followups')));
      return;
    }
    $('followups').replaceChildren(...items.map((f) => {
      const rows = [[t(l, 'contact'), f.name], [t(l, 'phone'), f.phone], [t(l, 'preferred_time'), f.preferred_time],
                    [t(l, 'contact'), f.contact], [t(l, 'transcript'), f.text]];
      const done = () => this.connection.completeFollowup(f.id);
      return h('li', null,
        h('strong', null, t(l, 'followup_' + f.kind)),
        h('span', null, ` · ${queueName(this.state, f.queue)} · ${f.language.toUpperCase()}`),
        h('dl', { className: 'facts' },
          rows.filter(([, v]) => v).map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
        h('button', { type: 'button', className: 'secondary', onclick: done }, t(l, 'mark_done')));
    }));
  }

  error(message) { this.announce(t(this.language, 'error', { message })); }
}
