// The conversation: what was said, in order, and what the engine decided. Kept in
// the iframe's sessionStorage (this tab only, gone when it closes) so that a page
// navigation does not lose it. Nothing is stored before the widget runs, and the
// widget only runs once the visitor opened the chat.
//
// A turn is one of:
//   {kind: 'visitor', text}
//   {kind: 'bot', result, feedback: null | 'yes' | 'no'}   result: an engine decision
//   {kind: 'handoff', reason, result: decision | null, alternatives, live, languages}  languages: the knowledge base's
//   {kind: 'notice', key}                                  a string key of i18n
//   {kind: 'agent', name, text}
// and carries `at`, when it was said (ms since the epoch; for the transcript).
import { normalizeLanguage } from '../shared/language.js';

const kStorageKey = 'relais.conversation.v1';
const kMaxTurns = 200;            // budget: the oldest turns go first
const kMaxStoredBytes = 1 << 20;  // budget for the serialised state
export const kMaxHistory = 10;    // turns passed back to the engine (wasm/README.md)
export const kMaxQuestionChars = 500;

export class Conversation {
  constructor(storage) {
    this.storage = storage;
    this.language = null;
    this.turns = [];
  }

  // Restores the saved state; returns whether there was one.
  restore() {
    try {
      const saved = JSON.parse(this.storage.getItem(kStorageKey) || 'null');
      if (!saved || saved.version !== 1 || !Array.isArray(saved.turns)) return false;
      this.language = normalizeLanguage(saved.language);  // a UI language, else null
      this.turns = saved.turns.filter((turn) => turn && typeof turn.kind === 'string').slice(-kMaxTurns);
      return true;
    } catch (_) {
      return false;  // unreadable or storage blocked: start afresh
    }
  }

  save() {
    try {
      let text = JSON.stringify({ version: 1, language: this.language, turns: this.turns });
      while (text.length > kMaxStoredBytes && this.turns.length > 1) {
        this.turns.splice(0, Math.ceil(this.turns.length / 4));
        text = JSON.stringify({ version: 1, language: this.language, turns: this.turns });
      }
      this.storage.setItem(kStorageKey, text);
    } catch (_) {
      // storage full or blocked: the conversation still works, it just won't survive a reload
    }
  }

  add(turn) {
    if (!Number.isFinite(turn.at)) turn.at = Date.now();
    this.turns.push(turn);
    if (this.turns.length > kMaxTurns) this.turns.splice(0, this.turns.length - kMaxTurns);
    this.save();
    return turn;
  }

  setLanguage(language) {
    this.language = language;
    this.save();
  }

  clear() {
    this.turns = [];
    try {
      this.storage.removeItem(kStorageKey);
    } catch (_) {
      // nothing to clear
    }
  }

  // The engine's context history: each visitor message with the decision that
  // followed it, most recent last (wasm/README.md).
  history() {
    const history = [];
    for (let i = 0; i < this.turns.length; i += 1) {
      const turn = this.turns[i];
      if (turn.kind !== 'visitor') continue;
      const next = this.turns[i + 1];
      const result = next && (next.kind === 'bot' || next.kind === 'handoff') ? next.result : null;
      history.push({
        text: turn.text,
        decision: result ? result.decision : 'handoff',
        entry: result && result.entry ? result.entry.id : null,
      });
    }
    return history.slice(-kMaxHistory);
  }

  // The entry most recently answered or proposed (to route a hand-off).
  lastEntry() {
    for (let i = this.turns.length - 1; i >= 0; i -= 1) {
      const turn = this.turns[i];
      if ((turn.kind === 'bot' || turn.kind === 'handoff') && turn.result && turn.result.entry) {
        return turn.result.entry;
      }
    }
    return null;
  }
}
