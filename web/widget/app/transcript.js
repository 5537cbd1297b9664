// The conversation as a plain-text file the visitor keeps: who said what and
// when, the automated part and the part with an agent, in the widget's
// language. Built in the browser from the turns (conversation.js) and handed
// over as a Blob download: nothing goes to a server.
import { h } from './dom.js';
import { reasonText, t } from './i18n.js';
import { markdownToText } from './markdown.js';

// What a turn said, as plain text: answers and agents' messages (Markdown) as they
// read, never with `**` or `entry:` links.
function turnText(turn, ui) {
  if (turn.kind === 'visitor') return String(turn.text);
  if (turn.kind === 'agent') return markdownToText(turn.text, { breaks: true });
  if (turn.kind === 'notice') return turn.key ? t(ui, turn.key, turn.params) : String(turn.text || '');
  if (turn.kind === 'handoff') {
    return t(ui, 'handoff_title') + '\n' + reasonText(ui, turn.reason, turn.languages);
  }
  const result = turn.result || {};
  if (result.decision === 'answer' && result.entry) {
    return `${result.entry.title}\n${markdownToText(result.entry.answer_markdown)}`;
  }
  if (result.decision === 'clarify') {
    return [t(ui, 'clarify_intro'), ...(result.suggestions || []).map((s) => '- ' + s.title)].join('\n');
  }
  return null;
}

function speaker(turn, ui) {
  if (turn.kind === 'visitor') return t(ui, 'visitor_prefix');
  if (turn.kind === 'agent') return t(ui, 'agent_prefix', { name: turn.name || t(ui, 'agent_default_name') });
  if (turn.kind === 'notice') return t(ui, 'system_prefix');
  return t(ui, 'bot_prefix');
}

// The file's text: a heading, then one block per turn ("time — who said:", the text).
export function transcriptText(turns, ui, now = Date.now()) {
  // Canadian conventions where the browser has them ('fr-CA', 'en-CA'), else the language's.
  const format = new Intl.DateTimeFormat([ui + '-CA', ui], { dateStyle: 'short', timeStyle: 'short' });
  const blocks = [t(ui, 'transcript_heading', { title: t(ui, 'title'), date: format.format(now) })];
  for (const turn of turns) {
    const said = turnText(turn, ui);
    if (said === null) continue;
    const when = Number.isFinite(turn.at) ? format.format(turn.at) + ' — ' : '';
    blocks.push(`${when}${speaker(turn, ui)}\n${said}`);
  }
  return blocks.join('\n\n') + '\n';
}

// Starts the download of the transcript (from a click: browsers require one).
export function downloadTranscript(turns, ui) {
  const now = Date.now();
  const url = URL.createObjectURL(new Blob([transcriptText(turns, ui, now)], { type: 'text/plain;charset=utf-8' }));
  const link = h('a', { href: url, download: t(ui, 'transcript_file', { date: new Intl.DateTimeFormat('en-CA').format(now) }), hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);  // the download has long started
}
