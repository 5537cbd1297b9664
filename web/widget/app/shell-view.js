// The widget's frame: header (title, language, transcript download, start over,
// close), the message log, the status line, the sheet (a form shown under the
// conversation: follow-up request, survey), the "Talk to a person" action and
// the composer.
// Strings are updated in place on a language switch, so focus is never lost.
import { h, icon, srOnly } from './dom.js';
import { kUiLanguages, languageOptions, t } from './i18n.js';
import { LanguageSwitch } from './language-switch.js';
import { kMaxQuestionChars } from './conversation.js';
import { relabel } from './form-fields.js';

export class ShellView {
  // actions: {onSubmit(text), onInput(text), onPerson(), onClose(), onLanguage(code),
  // onRestart(), onTranscript()}.
  constructor(actions, { embedded }) {
    this.actions = actions;
    this.embedded = embedded;
    this.language = 'en';
    this.languages = kUiLanguages;  // offered by the language switch (setLanguages)
    this.live = false;
    this.statusKey = null;
    this.build();
  }

  build() {
    const a = this.actions;
    this.title = h('h1', { className: 'title', id: 'relais-title' });
    this.subtitle = h('p', { className: 'subtitle' });
    this.languageSwitch = new LanguageSwitch({
      onChoose: (code) => a.onLanguage(code), listId: 'relais-languages', buttonClass: 'tool tool-text',
    });
    this.transcriptButton = h('button', { type: 'button', className: 'tool', onclick: () => a.onTranscript() }, icon('download'));
    this.restartButton = h('button', { type: 'button', className: 'tool', onclick: () => a.onRestart() }, icon('restart'));
    this.closeButton = this.embedded
      ? h('button', { type: 'button', className: 'tool', onclick: () => a.onClose() }, icon('close'))
      : null;
    const header = h('header', { className: 'header' },
      h('div', { className: 'heading' }, this.title, this.subtitle),
      h('div', { className: 'tools' }, this.languageSwitch.root, this.transcriptButton, this.restartButton, this.closeButton));

    // Focusable so that keyboard users can scroll back through the conversation.
    this.log = h('div', { className: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0' });
    this.status = h('p', { className: 'status', role: 'status' });
    this.sheet = h('div', { className: 'sheet', hidden: true });
    this.personButton = h('button', { type: 'button', className: 'person', onclick: () => a.onPerson() },
      icon('person'), h('span'));

    this.input = h('textarea', {
      id: 'relais-question', className: 'input', rows: 1, maxLength: kMaxQuestionChars * 2,
      autocomplete: 'off', 'aria-describedby': 'relais-hint relais-error',
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });
    this.input.addEventListener('input', () => {
      this.setError(null);
      this.autosize();
      a.onInput(this.input.value);
    });
    this.inputLabel = h('label', { className: 'sr-only', htmlFor: 'relais-question' });
    this.hint = h('p', { className: 'sr-only', id: 'relais-hint' });
    this.error = h('p', { className: 'error', id: 'relais-error', hidden: true });
    this.sendButton = h('button', { type: 'submit', className: 'send' }, icon('send'), srOnly(''));
    this.form = h('form', { className: 'composer', noValidate: true },
      this.inputLabel, h('div', { className: 'composer-row' }, this.input, this.sendButton), this.hint, this.error);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      a.onSubmit(this.input.value);
    });

    this.root = h('div', { className: 'panel' },
      header,
      h('main', { className: 'main', 'aria-labelledby': 'relais-title' }, this.log, this.status, this.sheet),
      h('div', { className: 'footer' }, h('div', { className: 'person-bar' }, this.personButton), this.form));
  }

  setLanguage(language) {
    this.language = language;
    const tt = (key) => t(language, key);
    document.documentElement.lang = language;
    document.title = tt('title');
    this.title.textContent = tt('title');
    this.subtitle.textContent = tt('subtitle');
    this.languageSwitch.update(languageOptions(this.languages), language);
    this.transcriptButton.setAttribute('aria-label', tt('transcript_download'));
    this.transcriptButton.title = tt('transcript_download');
    this.restartButton.setAttribute('aria-label', tt('restart'));
    this.restartButton.title = tt('restart');
    if (this.closeButton) {
      this.closeButton.setAttribute('aria-label', tt('close'));
      this.closeButton.title = tt('close');
    }
    this.log.setAttribute('aria-label', tt('log_label'));
    this.personButton.lastChild.textContent = tt(this.live ? 'end_chat' : 'talk_to_person');
    if (this.statusKey) this.setStatus(...this.statusKey);
    this.inputLabel.textContent = tt('input_label');
    this.input.placeholder = tt(this.live ? 'input_placeholder_live' : 'input_placeholder');
    this.hint.textContent = tt('input_hint');
    this.sendButton.lastChild.textContent = tt('send');
    this.sendButton.title = tt('send');
    relabel(this.sheet, language);
  }

  // The languages the switch offers (codes, in order; offered-languages.js).
  setLanguages(codes) {
    this.languages = codes;
    this.languageSwitch.update(languageOptions(codes), this.language);
  }

  // Shows `node` under the conversation (null: hides the sheet). A sheet follows
  // the newest message (the card or notice it belongs to): the log, now shorter,
  // scrolls to it.
  setSheet(node) {
    this.sheet.replaceChildren(...(node ? [node] : []));
    this.sheet.hidden = !node;
    if (node) this.log.scrollTop = this.log.scrollHeight;
  }

  // Replaces the whole log (restore, language switch, start over). A fresh
  // element is swapped in so that screen readers do not re-announce history.
  replaceLog(nodes) {
    const log = this.log.cloneNode(false);
    for (const node of nodes) if (node) log.appendChild(node);
    this.log.replaceWith(log);
    this.log = log;
    this.log.scrollTop = this.log.scrollHeight;
  }

  // Adds one message; scrolls so that its start is visible.
  append(node) {
    if (!node) return;
    this.log.appendChild(node);
    const top = node.offsetTop - this.log.offsetTop - 8;
    this.log.scrollTop = node.offsetHeight > this.log.clientHeight ? top : this.log.scrollHeight;
  }

  setStatus(key, params) {
    this.statusKey = key ? [key, params] : null;
    this.status.textContent = key ? t(this.language, key, params) : '';
  }

  // In a live conversation the hand-off action becomes "End chat with the agent".
  setLive(live) {
    this.live = live;
    this.personButton.lastChild.textContent = t(this.language, live ? 'end_chat' : 'talk_to_person');
    this.input.placeholder = t(this.language, live ? 'input_placeholder_live' : 'input_placeholder');
  }

  // Keeps the newest message in view after a message grew (when the visitor
  // was reading the end of the log, not scrolled back).
  keepBottom(wasAtBottom) {
    if (wasAtBottom) this.log.scrollTop = this.log.scrollHeight;
  }

  atBottom() {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
  }

  announce(text) {
    this.status.textContent = text;
  }

  setError(key, params) {
    this.error.hidden = !key;
    this.error.textContent = key ? t(this.language, key, params) : '';
    if (key) this.input.setAttribute('aria-invalid', 'true');
    else this.input.removeAttribute('aria-invalid');
  }

  clearInput() {
    this.input.value = '';
    this.autosize();
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = Math.min(this.input.scrollHeight, 120) + 'px';
  }

  focusInput() {
    this.input.focus({ preventScroll: true });
  }
}
