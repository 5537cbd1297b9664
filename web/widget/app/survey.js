// The short satisfaction survey after an agent closed the conversation
// (`conversation.closed` with `survey: true`): a 1–5 rating as a radio group
// whose every choice has a visible label, an optional comment, sent once as
// `survey.submit`; "Skip" declines it. Radios are native, so the keyboard works
// as everywhere: Tab into the group, arrows to choose, Tab on.
import { h } from './dom.js';
import { buttons, field, heading, setText, text, values } from './form-fields.js';

const kRatings = [1, 2, 3, 4, 5];

export class SurveyForm {
  // language(): the widget's; actions: {onSend(rating, comment), onSkip()}.
  constructor(language, actions) {
    const ui = language();
    this.language = language;
    this.actions = actions;
    this.comment = field({ name: 'comment', key: 'survey_comment', maxBytes: 4000, rows: 2 }, ui);
    this.error = h('p', { className: 'error', id: 'relais-rating-error', hidden: true });
    this.failure = h('p', { className: 'error', role: 'alert' });
    this.title = heading('survey_title', ui, 'relais-survey-title');
    const group = h('fieldset', { className: 'rating' },
      text('legend', null, 'survey_question', ui),
      h('div', { className: 'rating-choices' }, kRatings.map((n) => h('label', { className: 'rating-choice' },
        h('input', { type: 'radio', name: 'rating', value: String(n), 'aria-describedby': 'relais-rating-error',
          onchange: () => this.showError(null) }),
        h('span', { className: 'rating-n' }, String(n)),
        text('span', null, 'survey_rating_' + n, ui)))),
      this.error);
    this.form = h('form', { className: 'sheet-form', noValidate: true },
      this.title, group, this.comment.node, this.failure,
      buttons([{ key: 'survey_send', type: 'submit' }, { key: 'survey_skip', secondary: true, onclick: () => actions.onSkip() }], ui));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.node = h('section', { className: 'sheet-body', 'aria-labelledby': 'relais-survey-title' }, this.form);
  }

  showError(key) {
    this.error.hidden = !key;
    setText(this.error, key, this.language());
  }

  submit() {
    const checked = this.form.querySelector('input[name=rating]:checked');
    const fields = values([this.comment], this.language());
    if (!checked) {
      this.showError('survey_rating_required');
      this.form.querySelector('input[name=rating]').focus();
      return;
    }
    if (!fields || this.sending) return;
    this.sending = true;
    setText(this.failure, null, this.language());
    this.actions.onSend(Number(checked.value), fields.comment || '');
  }

  fail() {
    this.sending = false;
    setText(this.failure, 'request_failed', this.language());
  }

  focus() {
    this.title.focus();
  }
}
