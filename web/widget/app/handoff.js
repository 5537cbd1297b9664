// The hand-off to a person, between the engine's decision and the live channel
// (live.js): builds the request from the conversation (transcript, queue, skill,
// priority, entities), shows the hand-off card, and turns the channel's events
// into turns of the conversation and the status line. When no live chat is
// possible (no relais-server, queue closed or full), the card says so and lists
// the other ways to get help — digital first, not digital only — and, when the
// server offers it, the visitor can ask for a callback or leave a message
// (followup-forms.js). After an agent closes, a short survey follows (survey.js).
import { FollowUpForms } from './followup-forms.js';
import { LiveChannel } from './live.js';
import { SurveyForm } from './survey.js';

const kMaxTranscriptText = 2000;

// The bot transcript the agent receives: what the visitor asked and what the
// widget answered, in order.
function transcriptOf(turns) {
  const transcript = [];
  for (const turn of turns) {
    if (turn.kind === 'visitor') transcript.push({ author: 'visitor', text: turn.text });
    else if (turn.kind === 'bot' && turn.result) {
      const { decision, entry, suggestions } = turn.result;
      if (decision === 'answer' && entry) {
        transcript.push({ author: 'bot', text: `${entry.title}\n\n${entry.answer_markdown}`.slice(0, kMaxTranscriptText) });
      } else if (decision === 'clarify') {
        transcript.push({ author: 'bot', text: (suggestions || []).map((s) => `? ${s.title}`).join('\n') });
      }
    }
  }
  return transcript;
}

// The engine's 0–3 urgency ("priority" in its answer) and signals as the
// server's queue priority (vocabulary.json: priority).
function priorityOf(reason, decision) {
  if (reason === 'sensitive_topic' || (decision && decision.priority >= 2)) return 'urgent';
  if (reason === 'frustration' || (decision && decision.frustrated)) return 'frustrated';
  return 'normal';
}

function entitiesOf(decision) {
  const entities = {};
  for (const entity of (decision && decision.entities) || []) {
    if (entity && typeof entity.type === 'string') entities[entity.type] = String(entity.value).slice(0, 200);
  }
  // Tells the agent which language the visitor likely writes in (script.h).
  if (decision && decision.visitor_languages) entities.visitor_languages = decision.visitor_languages.join(', ');
  return entities;
}

export class Handoff {
  // app: the widget (main.js): conversation, view, addTurn, updateLiveState, emit, language.
  constructor(app, storage) {
    this.app = app;
    this.cardIndex = -1;  // the turn index of the current hand-off card
    this.agentName = '';
    this.form = null;        // the follow-up or survey form on screen
    this.typingSent = false;
    this.channel = new LiveChannel(storage, (event) => this.onEvent(event));
  }

  // Whether messages go to an agent rather than the engine.
  get live() {
    return this.channel.active;
  }

  // Reconnects to a conversation with an agent from before a page reload.
  resume() {
    if (!this.channel.resume()) return;
    const turns = this.app.conversation.turns;
    for (let i = turns.length - 1; i >= 0 && this.cardIndex < 0; i -= 1) if (turns[i].kind === 'handoff') this.cardIndex = i;
    const pending = this.channel.pending;
    this.app.view.setLive(!pending);
    if (pending === 'followup') this.showFollowUp(this.channel.session.options || []);
    else if (pending === 'survey') this.showSurvey(false);
  }

  // Shows the card and asks for a person. `decision` is the engine's (null when
  // the visitor asked with the button); `entry` the one to route by.
  start(reason, decision, entry, language) {
    const request = {
      language,
      queue: (entry && entry.queue) || this.app.config.queue || '',
      skill: (entry && entry.skill) || '',
      priority: priorityOf(reason, decision),
      reason,
      visitorLanguages: (decision && decision.visitor_languages) || [],
      entities: entitiesOf(decision),
      transcript: transcriptOf(this.app.conversation.turns),
    };
    const alreadyLive = this.channel.started;
    if (!alreadyLive) this.typingSent = false;
    this.setForm(null);
    this.cardIndex = this.app.addTurn({
      kind: 'handoff', reason, result: decision, live: alreadyLive ? 'assigned' : 'connecting',
      alternatives: this.app.alternativesFor(entry),
      languages: this.app.info ? this.app.info.languages : null,  // what the answers are in (the card says so)
    });
    if (!alreadyLive) this.channel.start(request);
    return request;
  }

  send(text) {
    this.typingSent = false;  // the agent's side clears the indicator with the message
    return this.channel.send(text);
  }

  // Tells the agent whether the visitor is writing (on changes only).
  typing(active) {
    if (active === this.typingSent || !this.channel.active) return;
    this.typingSent = active;
    this.channel.typing(active);
  }

  // Ends whatever is under way (start over): the conversation with the agent,
  // or a follow-up or survey not sent.
  reset() {
    if (this.channel.started) this.channel.leave();
    else this.channel.finish();
    this.setForm(null);
    this.app.view.setStatus(null);
  }

  setForm(form) {
    this.form = form;
    this.app.view.setSheet(form && form.node);
  }

  // The form was sent or declined: the visitor continues in the composer.
  endForm(noticeKey, params) {
    const hadFocus = this.form && this.form.node.contains(document.activeElement);
    this.setForm(null);
    if (noticeKey) this.app.addTurn({ kind: 'notice', key: noticeKey, params });
    if (hadFocus) this.app.view.focusInput();
  }

  showFollowUp(options) {
    if (!options.length) return;
    this.setForm(new FollowUpForms(options, () => this.app.language, {
      onSend: (kind, fields) => this.channel.requestFollowUp(kind, fields) || this.form.fail(),
      onDismiss: () => {
        this.channel.finish();
        this.endForm(null);
      },
    }));
  }

  // The survey; focus moves to it when the visitor is not in the middle of a message.
  showSurvey(focus) {
    const survey = new SurveyForm(() => this.app.language, {
      onSend: (rating, comment) => this.channel.submitSurvey(rating, comment) || survey.fail(),
      onSkip: () => {
        this.channel.finish();
        this.endForm(null);
      },
    });
    this.setForm(survey);
    if (focus && document.hasFocus() && !this.app.view.input.value.trim()) survey.focus();
  }

  leave() {
    this.channel.leave();
    this.app.view.setLive(false);
    this.app.view.setStatus(null);
    this.app.addTurn({ kind: 'notice', key: 'live_left' });
  }

  setCard(state) {
    if (this.cardIndex < 0) return;
    const index = this.cardIndex;
    this.app.updateLiveState(index, state);
    if (state.startsWith('unavailable')) this.app.engine.start().then(() => this.app.fillAlternatives(index), () => {});
  }

  onEvent(event) {
    const app = this.app;
    const view = app.view;
    switch (event.type) {
      case 'connecting':
        break;
      case 'reconnecting':
        view.setStatus('live_reconnecting');
        break;
      case 'failed':
        if (this.form) {
          this.form.fail();  // the card already says what happened; the form says it was not sent
          break;
        }
        this.setCard('unavailable');
        view.setLive(false);
        view.setStatus(null);
        break;
      case 'queued':
        this.setCard('queued');
        view.setLive(true);
        view.setStatus(null);
        break;
      case 'position':
        view.setStatus(event.position <= 1 ? 'live_position_next' : 'live_position',
          { position: event.position, minutes: Math.max(1, Math.round((event.waitSeconds || 0) / 60)) });
        break;
      case 'unavailable':
        this.setCard(event.reason === 'full' ? 'unavailable_full' : 'unavailable_closed');
        view.setLive(false);
        view.setStatus(null);
        this.showFollowUp(event.options);
        break;
      case 'agent_joined':
        this.agentName = event.name || '';
        this.setCard('assigned');
        view.setLive(true);
        view.setStatus(null);
        if (!event.resumed) app.addTurn({ kind: 'notice', key: 'live_agent_joined', params: { name: this.displayName() } });
        break;
      case 'agent_left':
        view.setStatus(null);
        app.addTurn({ kind: 'notice', key: 'live_agent_left' });
        break;
      case 'message':
        if (event.author === 'agent') {
          if (event.name) this.agentName = event.name;
          view.setStatus(null);
          app.addTurn({ kind: 'agent', name: this.displayName(), text: event.text, seq: event.seq, at: event.at });
          app.emit('message', { author: 'agent', kind: 'message', language: app.language });
        } else if (event.author === 'system') {
          app.addTurn({ kind: 'notice', text: event.text });
        } else if (event.author === 'visitor' && !app.hasVisitorMessage(event.clientId)) {
          app.addTurn({ kind: 'visitor', text: event.text, clientId: event.clientId });  // sent from another tab
        }
        break;
      case 'typing':
        view.setStatus(event.active ? 'live_typing' : null, { name: this.displayName() });
        break;
      case 'closed':
        view.setLive(false);
        view.setStatus(null);
        this.setCard('ended');
        this.setForm(null);
        app.addTurn({ kind: 'notice', key: event.outcome === 'expired' ? 'live_expired' : 'live_ended' });
        if (event.survey) this.showSurvey(true);
        break;
      case 'followup_created':
        this.endForm(event.kind === 'message' ? 'followup_done_message' : 'followup_done_callback');
        break;
      case 'survey_submitted':
        this.endForm('survey_thanks');
        break;
      case 'request_failed':
        if (this.form) this.form.fail();
        break;
      default:
        break;
    }
  }

  displayName() {
    return this.agentName || this.app.t('agent_default_name');
  }
}
