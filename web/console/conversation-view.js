// One of the agent's conversations, as a column built from the
// <template id="conversation-template"> in index.html: the hand-off context,
// the messages (the newest page first, earlier ones on request), suggested and
// searched answers, the reply and note boxes, transfer and close.
//
// What visitors and agents write is only ever text (h() makes text nodes; no
// HTML is parsed). Knowledge-base answers are Markdown from the bundle the
// server runs with: they go through the widget's renderer, which builds DOM
// nodes and allows only https:, mailto: and tel: links. The bot's part of the
// transcript stays text: the visitor's browser sent it.
import { h } from '../widget/app/dom.js';
import { renderMarkdown } from '../widget/app/markdown.js';
import { t, translateDom } from './i18n.js';
import { markRead, queueName } from './state.js';

export class ConversationView {
  // `conversation` is the state's entry; `connection` sends the agent's commands.
  constructor(state, conversation, connection) {
    this.state = state;
    this.conversation = conversation;
    this.connection = connection;
    this.pending = new Map();  // client id -> the line shown until the server stores it
    this.el = document.getElementById('conversation-template').content.firstElementChild.cloneNode(true);
    this.wire();
  }

  get id() { return this.conversation.detail.conversation_id; }
  get language() { return this.state.language; }
  find(selector) { return this.el.querySelector(selector); }

  wire() {
    const id = this.id;
    const node = this.el;
    translateDom(node, this.language);
    // Labels point at their controls (ids are per conversation).
    for (const [i, label] of [...node.querySelectorAll('label')].entries()) {
      const control = label.nextElementSibling;
      control.id = `${id}-c${i}`;
      label.htmlFor = control.id;
    }
    node.addEventListener('focusin', () => { markRead(this.conversation); this.renderUnread(); });
    // Typing: one frame when the reply box becomes non-empty, one when it empties
    // (by deleting or by sending).
    let typingSent = false;
    const setTyping = (active) => {
      if (active === typingSent) return;
      typingSent = active;
      this.connection.typing(id, active);
    };
    const reply = this.find('form.reply textarea');
    this.find('form.reply').addEventListener('submit', (e) => {
      e.preventDefault();
      this.send('agent', reply.value);
      reply.value = '';
      setTyping(false);
    });
    reply.addEventListener('input', () => setTyping(reply.value.length > 0));
    this.find('form.note').addEventListener('submit', (e) => {
      e.preventDefault();
      const box = this.find('form.note textarea');
      this.send('note', box.value);
      box.value = '';
    });
    this.find('form.kb-search').addEventListener('submit', (e) => {
      e.preventDefault();
      const query = this.find('form.kb-search input').value.trim();
      if (query) this.connection.search(id, query, this.conversation.detail.language);
    });
    this.find('.transfer form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.connection.transfer(id, {
        queue: this.find('.transfer-queue').value,
        agentEmail: this.find('.transfer-agent').value.trim(),
        note: this.find('.transfer-note').value.trim(),
      });
    });
    this.find('.earlier').addEventListener('click', () =>
      this.connection.earlier(id, this.conversation.detail.first_seq));
    this.find('form.close-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.connection.closeConversation(id, this.find('.outcome').value);
    });
  }

  // Everything again from the state (a new detail, or the language changed).
  render() {
    const d = this.conversation.detail;
    const l = this.language;
    this.find('.conv-title').textContent = `${queueName(this.state, d.queue)} · ${d.language.toUpperCase()}`;
    const rows = [
      [t(l, 'reason'), d.reason && t(l, 'reason_' + d.reason)],
      [t(l, 'page'), d.page_url],
      [t(l, 'lang'), d.language],
      [t(l, 'priority'), t(l, 'priority_' + d.priority)],
    ];
    const entities = Object.entries(d.entities ?? {});
    if (entities.length) {
      rows.push([t(l, 'entities'),
        entities.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')]);
    }
    this.find('.facts').replaceChildren(...rows.filter(([, v]) => v).flatMap(([k, v]) =>
      [h('dt', null, k), h('dd', null, v)]));
    this.renderAnswers();
    const list = this.find('.messages');
    list.replaceChildren(...d.messages.map((m) => this.line(m)));
    list.scrollTop = list.scrollHeight;
    this.find('.earlier').hidden = !d.more;
    this.find('.transfer-queue').replaceChildren(...this.state.allQueues.map((q) =>
      h('option', { value: q.id }, q.name[l] ?? q.id)));
    this.renderUnread();
  }

  // Suggested or searched answers: the title, the answer (Markdown) to read
  // when unfolded, and "Use", which copies it into the reply box to edit.
  renderAnswers() {
    const l = this.language;
    const { answers, answersLanguage } = this.conversation;
    const newTab = t(l, 'new_tab');
    this.find('.suggestions').replaceChildren(...answers.map((a) => h('li', null,
      h('details', { className: 'answer' },
        h('summary', null, h('strong', null, a.title)),
        h('div', { className: 'answer-text', lang: answersLanguage }, renderMarkdown(a.text, { newTab }).fragment)),
      h('button', {
        type: 'button', className: 'secondary', 'aria-label': t(l, 'use_answer_named', { title: a.title }),
        onclick: () => {
          const box = this.find('form.reply textarea');
          box.value = a.text;
          box.focus();
        },
      }, t(l, 'use_answer')))));
    if (!answers.length) this.find('.suggestions').append(h('li', null, t(l, 'no_answers')));
  }

  renderUnread() {
    const badge = this.find('.unread');
    badge.hidden = this.conversation.unread === 0;
    badge.textContent = t(this.language, 'unread', { n: this.conversation.unread });
  }

  // One message as a list item: who, then the text. What the bot and agents write
  // is Markdown, shown as the visitor reads it (the widget's safe renderer); what the
  // visitor typed is shown as typed.
  line(m) {
    const l = this.language;
    const who = m.author === 'agent' || m.author === 'note'
      ? `${t(l, 'author_' + m.author)} — ${m.author_name}` : t(l, 'author_' + m.author);
    const text = m.author === 'visitor' || m.author === 'system'
      ? m.text
      : h('div', { className: 'message-text' },
        renderMarkdown(m.text, { newTab: t(l, 'new_tab'), breaks: true }).fragment);
    return h('li', { className: m.author }, h('span', { className: 'who' }, who), text);
  }

  // The agent's reply ('agent') or note ('note'): shown at once, marked pending
  // until the server stores it.
  send(author, text) {
    text = text.trim();
    if (!text) return;
    const id = this.id;
    const clientId = author === 'note' ? this.connection.note(id, text) : this.connection.reply(id, text);
    const li = this.line({ author, author_name: this.state.agent.display_name, text });
    li.classList.add('pending');
    this.pending.set(clientId, li);
    this.find('.messages').append(li);
  }

  // A stored message (already added to the state).
  message(m) {
    const list = this.find('.messages');
    const pending = this.pending.get(m.client_id);
    if (pending) {
      pending.replaceWith(this.line(m));
      this.pending.delete(m.client_id);
    } else {
      list.append(this.line(m));
    }
    list.scrollTop = list.scrollHeight;
  }

  // message.ack for one of the agent's lines; `shown`: its seq is already in the list.
  acknowledged(ack, shown) {
    const li = this.pending.get(ack.client_id);
    if (!li) return;
    // Stored: no longer pending. The line stays until its message.created
    // (which follows) replaces it; dropping it here showed the message twice.
    li.classList.remove('pending');
    if (ack.duplicate) {
      // Stored before (a resend): no message.created follows.
      this.pending.delete(ack.client_id);
      if (shown) li.remove();
    }
  }

  // Older messages (already added to the state) above the others.
  earlierMessages(older) {
    const list = this.find('.messages');
    const keep = list.scrollHeight - list.scrollTop;  // the reader stays where they were
    list.prepend(...older.map((m) => this.line(m)));
    list.scrollTop = list.scrollHeight - keep;
    const more = this.conversation.detail.more;
    this.find('.earlier').hidden = !more;
    if (!more) this.el.focus();  // the button it was on is gone
  }

  typing(active) {
    this.find('.typing').textContent = active ? t(this.language, 'visitor_typing') : '';
  }

  systemLine(text) {
    this.find('.messages').append(h('li', { className: 'system' }, text));
  }
}
