// When no agent can take the conversation (queue closed or full), the visitor can
// still be reached later: a callback (name, phone, preferred time) or a message
// (name, e-mail or phone, text), sent as `followup.request` (server/PROTOCOL.md;
// the byte budgets below are the server's). Shown under the conversation, after
// the hand-off card that lists the other ways to get help, which stay on screen:
// digital first, not digital only. Focus moves into a form when the visitor
// picks it, and back to the choice when they go back.
import { h } from './dom.js';
import { buttons, field, heading, setText, text, values } from './form-fields.js';

const kDigits = /(?:\d\D{0,3}){7}/;  // a phone number: at least 7 digits
const kEmail = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const kForms = {
  callback: [
    { name: 'name', key: 'followup_name', maxBytes: 200, autocomplete: 'name' },
    { name: 'phone', key: 'followup_phone', required: true, maxBytes: 40, type: 'tel', autocomplete: 'tel',
      valid: (v) => kDigits.test(v), invalidKey: 'followup_phone_invalid' },
    { name: 'preferred_time', key: 'followup_time', maxBytes: 200 },
  ],
  message: [
    { name: 'name', key: 'followup_name', maxBytes: 200, autocomplete: 'name' },
    { name: 'contact', key: 'followup_contact', required: true, maxBytes: 320, autocomplete: 'email',
      valid: (v) => kEmail.test(v) || kDigits.test(v), invalidKey: 'followup_contact_invalid' },
    { name: 'text', key: 'followup_text', required: true, maxBytes: 4000, rows: 4 },
  ],
};

export class FollowUpForms {
  // options: the server's (['callback', 'message']); language(): the widget's;
  // actions: {onSend(kind, fields), onDismiss()}.
  constructor(options, language, actions) {
    this.options = options.filter((o) => kForms[o]);
    this.language = language;
    this.actions = actions;
    this.kind = null;
    this.node = h('section', { className: 'sheet-body', 'aria-labelledby': 'relais-followup-title' });
    this.showChoice();
  }

  showChoice(focusKind) {
    const ui = this.language();
    this.kind = null;
    this.node.replaceChildren(
      heading('followup_title', ui, 'relais-followup-title'),
      text('p', { className: 'muted' }, 'followup_intro', ui),
      buttons([
        ...this.options.map((kind) => ({ key: 'followup_' + kind, onclick: () => this.showForm(kind) })),
        { key: 'followup_dismiss', secondary: true, onclick: () => this.actions.onDismiss() },
      ], ui));
    if (focusKind) this.node.querySelectorAll('button')[this.options.indexOf(focusKind)].focus();
  }

  showForm(kind) {
    const ui = this.language();
    this.kind = kind;
    this.fields = kForms[kind].map((spec) => field(spec, ui));
    this.failure = h('p', { className: 'error', role: 'alert' });
    const form = h('form', { className: 'sheet-form', noValidate: true },
      heading('followup_' + kind, ui, 'relais-followup-title'),
      text('p', { className: 'muted' }, 'followup_' + kind + '_intro', ui),
      this.fields.map((f) => f.node),
      this.failure,
      buttons([{ key: 'followup_send', type: 'submit' }, { key: 'followup_back', secondary: true, onclick: () => this.showChoice(kind) }], ui));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(form);
    });
    this.node.replaceChildren(form);
    this.fields[0].control.focus();
  }

  submit(form) {
    const fields = values(this.fields, this.language());
    if (!fields || this.sending) return;
    this.sending = true;
    setText(this.failure, null, this.language());
    this.actions.onSend(this.kind, fields);
  }

  // The server refused the request or could not be reached: say so, allow a retry.
  fail() {
    this.sending = false;
    if (this.kind) setText(this.failure, 'request_failed', this.language());
  }
}
