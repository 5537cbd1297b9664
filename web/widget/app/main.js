// The widget app (build/web/widget/index.html): runs in the iframe the loader
// creates on the Relais origin, talks to the host page only through the checked
// postMessage channel (../shared/messages.js), and answers questions with the
// engine in a Web Worker. Created on the visitor's first open, so nothing here
// (storage, service worker, downloads) happens before the visitor asks for it.
import {
  channelMessage, isFromWindow, kClose, kEvent, kLanguage, kOpen, kReady,
} from '../shared/messages.js';
import { normalizeLanguage } from '../shared/language.js';
import { readConfig } from './config.js';
import { Conversation, kMaxQuestionChars } from './conversation.js';
import { EngineClient } from './engine-client.js';
import { kUiLanguages, t } from './i18n.js';
import { contentLanguage, offeredLanguages } from './offered-languages.js';
import { Handoff } from './handoff.js';
import { liveStateNode, renderTurn, renderWelcome } from './messages-view.js';
import { ShellView } from './shell-view.js';
import { downloadTranscript } from './transcript.js';

const kThinkingDelayMs = 300;

// Script URLs pass through one Trusted Types policy that only allows this
// origin: the CSP (require-trusted-types-for 'script') blocks every other sink.
const policy = window.trustedTypes
  ? window.trustedTypes.createPolicy('relais', {
      createScriptURL(value) {
        const url = new URL(value, location.href);
        if (url.origin !== location.origin) throw new TypeError('cross-origin script');
        return url.href;
      },
    })
  : { createScriptURL: (value) => new URL(value, location.href).href };

function sessionStore() {
  try {
    const storage = window.sessionStorage;
    storage.getItem('relais');
    return storage;
  } catch (_) {
    const memory = new Map();  // storage blocked: keep the conversation in memory
    return {
      getItem: (k) => (memory.has(k) ? memory.get(k) : null),
      setItem: (k, v) => memory.set(k, String(v)),
      removeItem: (k) => memory.delete(k),
    };
  }
}

// Alternatives of an answer or hand-off: the entry's own first, then the
// service's general ones, without duplicates.
function mergeAlternatives(entry, info, language) {
  const general = (info && info.alternatives && info.alternatives[language]) || [];
  const seen = new Set();
  const merged = [];
  for (const alternative of [...((entry && entry.alternatives) || []), ...general]) {
    if (!alternative || typeof alternative.value !== 'string') continue;
    const key = alternative.kind + '|' + alternative.value;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push({ kind: String(alternative.kind), value: alternative.value, label: String(alternative.label || '') });
  }
  return merged.slice(0, 8);
}

class WidgetApp {
  constructor() {
    this.config = readConfig();
    const storage = sessionStore();
    this.conversation = new Conversation(storage);
    this.conversation.restore();
    this.language = this.conversation.language || this.config.language;
    this.engine = new EngineClient(policy.createScriptURL(new URL(__RELAIS_WORKER__, import.meta.url).href));
    this.info = null;  // the knowledge base's, once the engine is up
    // The engine first, even before the panel is built: its downloads and
    // compilation are most of the time to the first answer.
    this.engine.start().then(
      (info) => {
        this.info = info;
        this.view.setLanguages(this.offeredLanguages());
        this.registerServiceWorker();
      },
      () => this.registerServiceWorker(),  // the failure is reported when the visitor asks
    );
    this.handoffs = new Handoff(this, storage);
    this.busy = false;
    this.view = new ShellView(
      {
        onSubmit: (text) => this.submit(text),
        onInput: (text) => this.handoffs.typing(Boolean(text.trim())),
        onPerson: () => (this.handoffs.live ? this.handoffs.leave() : this.requestPerson()),
        onClose: () => this.postToHost(kClose, {}),
        onLanguage: (language) => this.setLanguage(language, true),
        onRestart: () => this.restart(),
        onTranscript: () => {
          downloadTranscript(this.conversation.turns, this.language);
          this.view.announce(t(this.language, 'transcript_done'));
        },
      },
      { embedded: Boolean(this.config.host) },
    );
    this.turnActions = {
      onChip: (chip) => this.showEntry(chip),
      onFeedback: (index, value) => this.feedback(index, value),
      onPerson: (reason) => this.requestPerson(reason),
    };
  }

  start() {
    const root = document.documentElement;
    root.style.setProperty('--accent', this.config.colors.accent);
    root.style.setProperty('--on-accent', this.config.colors.onAccent);
    root.style.setProperty('--accent-text', this.config.colors.accentText);
    this.view.setLanguages(this.offeredLanguages());
    this.view.setLanguage(this.language);
    this.renderAll();
    document.body.appendChild(this.view.root);

    window.addEventListener('message', (event) => this.receive(event));
    document.addEventListener('keydown', (event) => {
      // (Escape in the open language list closes only the list: it stops there.)
      if (event.key === 'Escape' && this.config.host && !event.defaultPrevented) {
        event.preventDefault();
        this.postToHost(kClose, {});
      }
    });
    this.handoffs.resume();
    this.postToHost(kReady, {});
    // A language the visitor chose earlier in this tab wins over the page's: tell the launcher.
    if (this.language !== this.config.language) this.postToHost(kLanguage, { language: this.language });
    if (!this.config.host) this.view.focusInput();
  }

  // Called once the engine is up (or failed): the service worker's install
  // downloads the same files again for its cache, which must not delay the first answer.
  registerServiceWorker() {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker
      .register(policy.createScriptURL('sw.js'), { scope: './', updateViaCache: 'none' })
      .catch(() => {});  // no offline mode (e.g. blocked in this context); online still works
  }

  postToHost(type, fields) {
    if (this.config.host) window.parent.postMessage(channelMessage(type, fields), this.config.host);
  }

  emit(name, detail) {
    this.postToHost(kEvent, { name, detail });
  }

  receive(event) {
    if (!this.config.host || !isFromWindow(event, window.parent, this.config.host)) return;
    const data = event.data;
    if (data.type === kOpen) this.view.focusInput();
    else if (data.type === kLanguage) {
      const language = normalizeLanguage(data.language);
      if (language) this.setLanguage(language, false);
    }
  }

  renderAll() {
    const nodes = [renderWelcome(this.language)];
    this.conversation.turns.forEach((turn, index) => {
      nodes.push(renderTurn(turn, index, this.language, this.turnActions));
    });
    this.view.replaceLog(nodes);
  }

  addTurn(turn) {
    const before = this.conversation.turns.length;
    this.conversation.add(turn);
    const index = this.conversation.turns.length - 1;
    if (index < before) this.renderAll();  // the oldest turns were dropped: indexes moved
    else this.view.append(renderTurn(turn, index, this.language, this.turnActions));
    return index;
  }

  // The element showing turn `index`, or null.
  turnNode(index) {
    return this.view.log.querySelector(`[data-turn="${index}"]`);
  }

  // The languages the switch offers: the UI's that the knowledge base also has
  // (all of the UI's until the engine has loaded it), and the current one.
  offeredLanguages() {
    return offeredLanguages(kUiLanguages, this.info && this.info.languages, this.language);
  }

  setLanguage(language, fromVisitor) {
    if (language === this.language) return;
    this.language = language;
    this.conversation.setLanguage(language);
    this.view.setLanguages(this.offeredLanguages());
    this.view.setLanguage(language);
    this.renderAll();
    this.view.announce(t(language, 'language_name'));
    if (fromVisitor) this.postToHost(kLanguage, { language });
  }

  async submit(rawText) {
    const text = String(rawText).trim();
    if (!text) return this.view.setError('empty');
    if (text.length > kMaxQuestionChars) return this.view.setError('too_long', { max: kMaxQuestionChars });
    if (this.handoffs.live) {
      // In a conversation with an agent: the message goes to the agent.
      const clientId = this.handoffs.send(text);
      this.view.clearInput();
      this.addTurn({ kind: 'visitor', text, clientId });
      this.emit('message', { author: 'visitor', kind: 'message', language: this.language });
      return undefined;
    }
    if (this.busy) return undefined;
    const history = this.conversation.history();
    this.view.clearInput();
    this.addTurn({ kind: 'visitor', text });
    this.emit('message', { author: 'visitor', kind: 'question', language: this.language });
    return this.withEngine(
      () => this.engine.ask(text, { language: this.language, history }),
      (result) => this.addResult(result),
    );
  }

  // A chip: the entry's answer straight away (the visitor picked it).
  async showEntry(chip) {
    if (this.busy) return;
    const language = chip.language || this.language;
    this.addTurn({ kind: 'visitor', text: chip.title });
    this.emit('message', { author: 'visitor', kind: 'choice', entry: chip.id, language });
    await this.withEngine(
      () => this.engine.entry(chip.id, language),
      (entry) => this.addResult({ ok: true, decision: 'answer', reason: null, language, confidence: 1,
        entry, suggestions: [], entities: [], priority: 0, frustrated: false, explanation: ['chosen: ' + chip.id] }),
    );
  }

  // Runs one engine call with the status line; a failure hands off to a person.
  async withEngine(call, onResult) {
    this.busy = true;
    const timer = setTimeout(() => this.view.setStatus(this.info ? 'thinking' : 'loading'), kThinkingDelayMs);
    let result = null;
    try {
      result = await call();
    } catch (_) {
      result = null;
    } finally {
      clearTimeout(timer);
      this.view.setStatus(null);
      this.busy = false;
    }
    if (result) onResult(result);
    else this.handoff('engine_unavailable', null);
  }

  addResult(result) {
    const language = contentLanguage(result.language, this.language);
    if (result.decision === 'handoff') {
      this.handoff(result.reason || 'low_confidence', result);
      return;
    }
    this.addTurn({ kind: 'bot', result, feedback: null, alternatives: mergeAlternatives(result.entry, this.info, language) });
    this.emit('message', { author: 'bot', kind: result.decision, entry: result.entry ? result.entry.id : null, language });
  }

  requestPerson(reason = 'asked_for_human') {
    this.addTurn({ kind: 'visitor', text: t(this.language, 'talk_to_person') });
    this.handoff(reason, null);
  }

  // Shows the hand-off, asks for an agent and tells the host page; `decision`
  // is the engine's decision when the engine made it (null when the visitor asked).
  handoff(reason, decision) {
    // The engine's decision already weighed the conversation: route by its entry
    // alone. A visitor who pressed the button is most likely still on the last topic.
    const entry = decision ? decision.entry : this.conversation.lastEntry();
    const language = contentLanguage(decision && decision.language, this.language);
    const request = this.handoffs.start(reason, decision, entry, language);
    this.emit('handoff', { reason, language, queue: request.queue || null, decision });
  }

  // For Handoff: the other ways to get help for an entry, in the widget's language.
  alternativesFor(entry) {
    return mergeAlternatives(entry, this.info, this.language);
  }

  // For Handoff: shows the live state of hand-off card `index`.
  updateLiveState(index, state) {
    const turn = this.conversation.turns[index];
    if (!turn || turn.kind !== 'handoff' || turn.live === state) return;
    turn.live = state;
    this.conversation.save();
    const node = this.turnNode(index);
    const old = node && node.querySelector('.live-state');
    const wasAtBottom = this.view.atBottom();
    if (old) old.replaceWith(liveStateNode(state, turn.alternatives || [], this.language));
    this.view.keepBottom(wasAtBottom);
  }

  // For Handoff: a card shown before the engine had loaded the service's other
  // ways to get help gets them now (no agent: they matter most).
  fillAlternatives(index) {
    const turn = this.conversation.turns[index];
    if (!turn || turn.kind !== 'handoff' || (turn.alternatives || []).length) return;
    turn.alternatives = this.alternativesFor(turn.result ? turn.result.entry : null);
    if (!turn.alternatives.length) return;
    const state = turn.live;
    turn.live = null;
    this.updateLiveState(index, state);
  }

  hasVisitorMessage(clientId) {
    return Boolean(clientId) && this.conversation.turns.some((turn) => turn.kind === 'visitor' && turn.clientId === clientId);
  }

  t(key, params) {
    return t(this.language, key, params);
  }

  feedback(index, value) {
    const turn = this.conversation.turns[index];
    if (!turn || turn.kind !== 'bot' || turn.feedback) return;
    turn.feedback = value;
    this.conversation.save();
    // Only the feedback block changes: the log announces the thanks, not the answer again.
    const node = this.turnNode(index);
    const block = node && node.querySelector('.feedback');
    const done = renderTurn(turn, index, this.language, this.turnActions).querySelector('.feedback-done');
    if (block && done) {
      block.replaceWith(done);
      done.focus();
    }
    this.emit('message', { author: 'visitor', kind: 'feedback', entry: turn.result.entry.id, helpful: value === 'yes',
      language: this.language });
  }

  restart() {
    this.handoffs.reset();
    this.view.setLive(false);
    this.conversation.clear();
    this.conversation.setLanguage(this.language);
    this.renderAll();
    this.view.announce(t(this.language, 'restart_done'));
    this.view.focusInput();
  }
}

new WidgetApp().start();
