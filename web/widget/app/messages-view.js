// Renders the turns of a conversation (conversation.js) as DOM nodes, in the
// widget's language for its own words and in each answer's language for the
// answer (with a `lang` attribute, so screen readers switch voice).
import { h, icon, srOnly } from './dom.js';
import { languageName, reasonText, t } from './i18n.js';
import { contentLanguage } from './offered-languages.js';
import { renderMarkdown } from './markdown.js';
import { contact_kind as contactKinds } from '../../../vocabulary/vocabulary.json';
import otherLanguages from '../i18n/other-languages.json';

// One alternative ({kind, value, label}) as a list item; a kind this widget does
// not know (a bundle from a newer compiler) shows as "other".
function alternativeItem(alternative, language) {
  const kind = contactKinds.values.includes(alternative.kind) ? alternative.kind : 'other';
  const value = String(alternative.value || '');
  let valueNode = h('span', { className: 'alt-value' }, value);
  if (kind === 'phone' || kind === 'tty') {
    const digits = value.replace(/[^0-9+]/g, '');
    if (digits) valueNode = h('a', { className: 'alt-value', href: 'tel:' + digits }, value);
  } else if ((kind === 'form' || kind === 'chat') && /^https:\/\//i.test(value)) {
    valueNode = h('a', { className: 'alt-value', href: new URL(value).href, target: '_blank', rel: 'noopener noreferrer' },
      value.replace(/^https:\/\//i, ''), srOnly(' ' + t(language, 'new_tab')));
  } else if (kind === 'email' && /^[^\s@]+@[^\s@]+$/.test(value)) {
    valueNode = h('a', { className: 'alt-value', href: 'mailto:' + value }, value);
  }
  return h('li', { className: 'alt' },
    h('span', { className: 'alt-kind' }, t(language, 'alternative_' + kind)), ' ', valueNode,
    alternative.label ? h('span', { className: 'alt-label' }, String(alternative.label)) : null);
}

export function alternativesList(alternatives, language) {
  return h('ul', { className: 'alternatives' }, alternatives.map((a) => alternativeItem(a, language)));
}

// Chips that ask for an entry: [{id, title}], each calling onChip(chip).
function chipRow(chips, label, onChip, extra) {
  return h('div', { className: 'chips', role: 'group', 'aria-label': label },
    chips.map((chip) => h('button', { type: 'button', className: 'chip', onclick: () => onChip(chip) }, chip.title)),
    extra || null);
}

function feedbackBlock(turn, index, ui, actions) {
  if (turn.feedback) {
    return h('p', { className: 'feedback-done', tabindex: '-1' },
      t(ui, turn.feedback === 'yes' ? 'feedback_thanks' : 'feedback_sorry'));
  }
  return h('div', { className: 'feedback', role: 'group', 'aria-label': t(ui, 'helpful_question') },
    h('span', { className: 'feedback-question', 'aria-hidden': 'true' }, t(ui, 'helpful_question')),
    h('button', { type: 'button', className: 'small', 'aria-label': t(ui, 'helpful_yes_label'),
      onclick: () => actions.onFeedback(index, 'yes') }, t(ui, 'helpful_yes')),
    h('button', { type: 'button', className: 'small', 'aria-label': t(ui, 'helpful_no_label'),
      onclick: () => actions.onFeedback(index, 'no') }, t(ui, 'helpful_no')));
}

function answerBody(turn, index, ui, actions) {
  const entry = turn.result.entry;
  // The language of the entry's text: the question's, or the knowledge base's default
  // language when the entry is not written in a partial language (entry.language).
  const language = contentLanguage(entry.language || turn.result.language, ui);
  const { fragment, entryLinks } = renderMarkdown(entry.answer_markdown, { newTab: t(ui, 'new_tab') });
  const chips = [];
  const seen = new Set([entry.id]);
  for (const chip of [...(entry.follow_ups || []), ...entryLinks]) {
    if (!chip || !chip.id || seen.has(chip.id) || chips.length >= 6) continue;
    seen.add(chip.id);
    chips.push({ id: chip.id, title: String(chip.title || chip.id), language });
  }
  const alternatives = turn.alternatives || [];
  return [
    h('h2', { className: 'answer-title', lang: language }, String(entry.title || '')),
    language !== ui
      ? h('p', { className: 'other-language' }, t(ui, 'answer_other_language', { language: languageName(ui, language) }))
      : null,
    h('div', { className: 'answer', lang: language }, fragment),
    chips.length ? h('p', { className: 'chips-label' }, t(ui, 'related')) : null,
    chips.length ? chipRow(chips, t(ui, 'related'), actions.onChip) : null,
    alternatives.length
      ? h('details', { className: 'other-ways' }, h('summary', null, t(ui, 'other_ways')),
          alternativesList(alternatives, language))
      : null,
    feedbackBlock(turn, index, ui, actions),
  ];
}

function clarifyBody(turn, ui, actions) {
  const language = contentLanguage(turn.result.language, ui);
  const chips = (turn.result.suggestions || []).slice(0, 4)
    .map((s) => ({ id: s.id, title: String(s.title || s.id), language }));
  const none = h('button', { type: 'button', className: 'chip chip-none', onclick: () => actions.onPerson('low_confidence') },
    t(ui, 'clarify_none'));
  return [h('p', null, t(ui, 'clarify_intro')), chipRow(chips, t(ui, 'clarify_intro'), actions.onChip, none)];
}

const kLiveStateKeys = {
  connecting: 'live_connecting',
  queued: 'live_queued',
  assigned: 'live_assigned',
  ended: 'live_ended',
  unavailable_closed: 'live_unavailable_closed',
  unavailable_full: 'live_unavailable_full',
};

// What happens next on a hand-off card, by the live channel's state: connecting,
// queued, assigned, ended, unavailable_closed / unavailable_full (the server said
// so) or unavailable (no live chat here). When no agent can take the
// conversation, the other ways to get help are listed in full.
export function liveStateNode(state, alternatives, ui) {
  const alone = alternatives.length ? '' : '_alone';  // no list follows: the text does not announce one
  const closed = !kLiveStateKeys[state] || state.startsWith('unavailable');
  const key = kLiveStateKeys[state] ? kLiveStateKeys[state] + (closed ? alone : '') : 'live_unavailable' + alone;
  let list = null;
  if (alternatives.length) {
    list = closed
      ? alternativesList(alternatives, ui)
      : h('details', { className: 'other-ways' }, h('summary', null, t(ui, 'other_ways')), alternativesList(alternatives, ui));
  }
  return h('div', { className: 'live-state' },
    h('p', null, t(ui, key)),
    list,
    closed ? h('p', { className: 'muted' }, t(ui, 'handoff_continue')) : null);
}

// For a visitor writing in another script: the likeliest language's own name
// and, when a reviewed sentence exists, that sentence (other-languages.json).
function otherLanguageNote(visitorLanguages) {
  const code = (visitorLanguages || []).find((c) => Object.hasOwn(otherLanguages, c));
  if (!code) return null;
  const { name, dir, offer } = otherLanguages[code];
  return h('p', { className: 'other-language', lang: code, dir: dir || 'auto' }, offer ? `${name} — ${offer}` : name);
}

// An entry that always goes to a person (a complaint) still has its answer: what to
// prepare, the form's link. Shown in the card, in the entry's language.
function entryAnswer(entry, ui) {
  if (!entry || !entry.answer_markdown) return null;
  const language = contentLanguage(entry.language, ui);
  const { fragment } = renderMarkdown(entry.answer_markdown, { newTab: t(ui, 'new_tab') });
  return h('div', { className: 'answer handoff-answer', lang: language }, fragment);
}

// The hand-off card: why, then what happens next.
// `answerLanguages`: the knowledge base's languages when the card was made (null: unknown);
// `entry`: the engine's entry, whose answer is shown when the entry requires a person.
export function handoffBody(reason, alternatives, liveState, ui, visitorLanguages, answerLanguages, entry) {
  return [
    h('h2', { className: 'answer-title' }, icon('person'), t(ui, 'handoff_title')),
    h('p', null, reasonText(ui, reason, answerLanguages)),
    reason === 'entry_requires_person' ? entryAnswer(entry, ui) : null,
    reason === 'other_language' ? otherLanguageNote(visitorLanguages) : null,
    reason === 'sensitive_topic' ? h('p', { className: 'emergency' }, t(ui, 'emergency')) : null,
    liveStateNode(liveState, alternatives, ui),
  ];
}

// The element for turn `index` (marked data-turn="index"; null for a turn it
// cannot show); `ui` is the widget's language; actions: {onChip(chip),
// onFeedback(index, value), onPerson(reason)}.
export function renderTurn(turn, index, ui, actions) {
  const node = renderTurnNode(turn, index, ui, actions);
  if (node) node.dataset.turn = String(index);
  return node;
}

function renderTurnNode(turn, index, ui, actions) {
  if (turn.kind === 'visitor') {
    return h('div', { className: 'msg msg-visitor' },
      h('p', { className: 'bubble' }, srOnly(t(ui, 'visitor_prefix') + ' '), String(turn.text)));
  }
  if (turn.kind === 'notice') {
    const text = turn.key ? t(ui, turn.key, turn.params) : String(turn.text || '');
    return h('div', { className: 'msg msg-notice' }, h('p', null, srOnly(t(ui, 'system_prefix') + ' '), text));
  }
  if (turn.kind === 'agent') {
    const name = String(turn.name || t(ui, 'agent_default_name'));
    return h('div', { className: 'msg msg-agent' },
      h('div', { className: 'bubble' },
        h('p', { className: 'agent-name', 'aria-hidden': 'true' }, icon('person'), name, h('span', null, ' · ' + t(ui, 'agent_label'))),
        srOnly(t(ui, 'agent_prefix', { name }) + ' '),
        // An agent's message may carry an answer's Markdown ("Use" in the console):
        // shown formatted, by the same safe renderer as the answers.
        h('div', { className: 'agent-text' },
          renderMarkdown(String(turn.text), { newTab: t(ui, 'new_tab'), breaks: true }).fragment)));
  }
  let body;
  let language = ui;
  let className = 'bubble';
  if (turn.kind === 'handoff') {
    body = handoffBody(turn.reason, turn.alternatives || [], turn.live || 'unavailable', ui,
      turn.result && turn.result.visitor_languages, turn.languages, turn.result && turn.result.entry);
    className += ' bubble-handoff';
  } else if (turn.result && turn.result.decision === 'answer' && turn.result.entry) {
    body = answerBody(turn, index, ui, actions);
  } else if (turn.result && turn.result.decision === 'clarify') {
    body = clarifyBody(turn, ui, actions);
  } else {
    return null;
  }
  return h('div', { className: 'msg msg-bot', lang: language },
    h('div', { className }, srOnly(t(ui, 'bot_prefix') + ' '), body));
}

// The greeting at the top of every conversation.
export function renderWelcome(ui) {
  return h('div', { className: 'msg msg-bot msg-welcome' },
    h('div', { className: 'bubble' }, srOnly(t(ui, 'bot_prefix') + ' '),
      h('p', null, t(ui, 'welcome')),
      h('p', { className: 'privacy' }, icon('info'), h('span', null, t(ui, 'privacy')))));
}
