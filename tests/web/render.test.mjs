// How the widget renders engine decisions (web/widget/app/messages-view.js),
// bundled from source and run in a blank page: answers with follow-up chips and
// other ways to get help, clarifications with suggestion chips, hand-off cards,
// and the actions wired to the chips and buttons.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { uiStringsPlugin } from '../../web/ui-languages.mjs';
import { kTestTimeoutMs, launchBrowser, repoRoot } from './browser.mjs';

let browser;
let page;

before(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  const bundle = await esbuild.build({
    entryPoints: [path.join(repoRoot, 'web/widget/app/messages-view.js')],
    bundle: true, write: false, plugins: [uiStringsPlugin()], format: 'iife', globalName: 'view',
  });
  await page.setContent('<!doctype html><body></body>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
});
after(async () => {
  await browser?.close();
});

const entry = {
  id: 'passport-renewal', title: 'Renew your passport',
  answer_markdown: 'Renew with 2 [photos](entry:passport-photos). See the [fees](entry:passport-fees).',
  follow_ups: [{ id: 'passport-fees', title: 'Passport fees' }, { id: 'passport-processing-times', title: 'Processing times' }],
  alternatives: [{ kind: 'phone', value: '1-800-555-0110', label: 'Passport line' }],
  queue: 'passports', skill: 'passports', priority: 'normal',
};

// Renders `turn` and returns {text, chips, links, buttons, actions} after clicking `click` (a button label).
function render(turn, ui, click) {
  return page.evaluate(({ turn, ui, click }) => {
    const actions = [];
    const node = window.view.renderTurn(turn, 3, ui, {
      onChip: (chip) => actions.push(['chip', chip.id, chip.title, chip.language]),
      onFeedback: (index, value) => actions.push(['feedback', index, value]),
      onPerson: (reason) => actions.push(['person', reason]),
    });
    document.body.replaceChildren(node);
    if (click) [...node.querySelectorAll('button')].find((b) => b.textContent === click).click();
    return {
      lang: node.getAttribute('lang'), turn: node.dataset.turn,
      text: node.textContent,
      chips: [...node.querySelectorAll('.chip')].map((c) => c.textContent),
      links: [...node.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      buttons: [...node.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') || b.textContent),
      actions,
    };
  }, { turn, ui, click });
}

test('an answer: title, Markdown, follow-up chips (entry links included, no duplicates), other ways, feedback', { timeout: kTestTimeoutMs }, async () => {
  const turn = { kind: 'bot', feedback: null, alternatives: entry.alternatives,
    result: { decision: 'answer', language: 'en', entry } };
  const out = await render(turn, 'en', 'Passport fees');
  assert.equal(out.turn, '3');
  assert.match(out.text, /^Automated assistant said: Renew your passport/);
  assert.deepEqual(out.chips, ['Passport fees', 'Processing times', 'photos']);
  assert.deepEqual(out.links, ['tel:18005550110']);
  assert.deepEqual(out.buttons, ['Passport fees', 'Processing times', 'photos', 'Yes, this answer was helpful',
    'No, this answer was not helpful']);
  assert.deepEqual(out.actions, [['chip', 'passport-fees', 'Passport fees', 'en']]);
  const feedback = await render(turn, 'en', 'No');
  assert.deepEqual(feedback.actions, [['feedback', 3, 'no']]);
  const given = await render({ ...turn, feedback: 'no' }, 'en');
  assert.match(given.text, /Thank you for telling us\./);
});

test('an answer in another language says which, and carries its lang', { timeout: kTestTimeoutMs }, async () => {
  const out = (language, ui) => page.evaluate(({ e, language, ui }) => {
    const node = window.view.renderTurn({ kind: 'bot', result: { decision: 'answer', language, entry: e } }, 0, ui,
      { onChip() {}, onFeedback() {}, onPerson() {} });
    return { other: node.querySelector('.other-language')?.textContent, lang: node.querySelector('.answer').lang };
  }, { e: entry, language, ui });
  assert.deepEqual(await out('fr', 'en'), { other: 'This answer is in French.', lang: 'fr' });
  assert.deepEqual(await out('en', 'es'), { other: 'Esta respuesta está en inglés.', lang: 'en' });
  assert.deepEqual(await out('es', 'fr'), { other: 'Cette réponse est en espagnol.', lang: 'es' });
  assert.deepEqual(await out('es', 'es'), { other: undefined, lang: 'es' });
  assert.deepEqual(await out('not a code', 'es'), { other: undefined, lang: 'es' }, 'no code: the widget\'s language');
  // A Spanish question answered by an entry not written in Spanish (a partial language):
  // the text is the default language's, and says so.
  const fallback = await page.evaluate(({ e }) => {
    const node = window.view.renderTurn(
      { kind: 'bot', result: { decision: 'answer', language: 'es', entry: { ...e, language: 'en' } } }, 0, 'es',
      { onChip() {}, onFeedback() {}, onPerson() {} });
    return { other: node.querySelector('.other-language')?.textContent, lang: node.querySelector('.answer').lang };
  }, { e: entry });
  assert.deepEqual(fallback, { other: 'Esta respuesta está en inglés.', lang: 'en' });
});

test('a clarification offers the suggestions as chips and a way out to a person', { timeout: kTestTimeoutMs }, async () => {
  const turn = { kind: 'bot', result: { decision: 'clarify', language: 'fr', entry: null,
    suggestions: [{ id: 'passport-renewal', title: 'Renouveler votre passeport', confidence: 0.4 },
      { id: 'passport-apply-adult', title: 'Première demande de passeport', confidence: 0.3 }] } };
  const out = await render(turn, 'fr', 'Aucun de ces sujets');
  assert.match(out.text, /Votre question porte-t-elle sur l'un de ces sujets\?/);
  assert.deepEqual(out.chips, ['Renouveler votre passeport', 'Première demande de passeport', 'Aucun de ces sujets']);
  assert.deepEqual(out.actions, [['person', 'low_confidence']]);
  const chosen = await render(turn, 'fr', 'Renouveler votre passeport');
  assert.deepEqual(chosen.actions, [['chip', 'passport-renewal', 'Renouveler votre passeport', 'fr']]);
});

test('a hand-off card: the reason in plain language, the emergency line, the live state, other ways', { timeout: kTestTimeoutMs }, async () => {
  const alternatives = [{ kind: 'phone', value: '1-800-555-0100', label: 'General enquiries' },
    { kind: 'form', value: 'https://harbourline.example/contact', label: 'Contact us online' },
    { kind: 'address', value: '100 Harbour Street', label: '' }];
  const sensitive = await render({ kind: 'handoff', reason: 'sensitive_topic', live: 'unavailable', alternatives }, 'en');
  assert.match(sensitive.text, /This sounds important\. A person is the best one to help you\./);
  assert.match(sensitive.text, /If you or someone else is in immediate danger, call 911\./);
  assert.match(sensitive.text, /Live chat with an agent is not available in this window at the moment\. You can reach a person in these ways:/);
  assert.deepEqual(sensitive.links, ['tel:18005550100', 'https://harbourline.example/contact']);
  const queued = await render({ kind: 'handoff', reason: 'out_of_scope', live: 'queued', alternatives }, 'fr');
  assert.match(queued.text, /Je ne peux pas répondre à cette question ici/);
  assert.match(queued.text, /Vous êtes en file d'attente/);
  assert.doesNotMatch(queued.text, /911/);
  // No fallback hides a reason without a label: the key shows (i18n.test.mjs checks that
  // every reason of the vocabulary has one, and engine and widget share the vocabulary).
  const unknownReason = await render({ kind: 'handoff', reason: 'something_new', live: 'unavailable', alternatives: [] }, 'en');
  assert.match(unknownReason.text, /reason_something_new/);
  assert.match(unknownReason.text, /Please use the contact information on this website\./);
});

test('an entry that always goes to a person shows its own answer in the hand-off card', { timeout: kTestTimeoutMs }, async () => {
  const complaint = { id: 'complaint', language: 'en', title: 'Make a complaint',
    answer_markdown: 'Write to us with the [complaint form](https://harbourline.example/complaints). Include:\n- what happened;\n- when.' };
  const card = await render({ kind: 'handoff', reason: 'entry_requires_person', live: 'queued', alternatives: [],
    result: { decision: 'handoff', reason: 'entry_requires_person', language: 'en', entry: complaint } }, 'en');
  assert.match(card.text, /Write to us with the complaint form/);
  assert.match(card.text, /what happened/);
  assert.deepEqual(card.links, ['https://harbourline.example/complaints']);
  // Any other reason: the card alone, whatever entry the engine ranked first.
  const other = await render({ kind: 'handoff', reason: 'low_confidence', live: 'queued', alternatives: [],
    result: { decision: 'handoff', reason: 'low_confidence', language: 'en', entry: complaint } }, 'en');
  assert.doesNotMatch(other.text, /complaint form/);
});

test('a hand-off for a visitor writing in another script speaks their language when it can', { timeout: kTestTimeoutMs }, async () => {
  const note = (turn, ui) => page.evaluate(({ turn, ui }) => {
    const node = window.view.renderTurn(turn, 0, ui, { onChip() {}, onFeedback() {}, onPerson() {} });
    const p = node.querySelector('.other-language');
    return { text: node.textContent, note: p && { text: p.textContent, lang: p.lang, dir: p.dir } };
  }, { turn, ui });
  // The card names the knowledge base's languages (kept on the turn), in the widget's language.
  const arabic = await note({ kind: 'handoff', reason: 'other_language', live: 'queued', alternatives: [],
    languages: ['fr', 'en'],
    result: { decision: 'handoff', reason: 'other_language', visitor_languages: ['ar', 'fa', 'ur'] } }, 'fr');
  assert.match(arabic.text, /Nos réponses automatisées sont seulement en français et anglais\./);
  const spanish = await note({ kind: 'handoff', reason: 'other_language', live: 'queued', alternatives: [],
    languages: ['en', 'fr', 'es'], result: { decision: 'handoff', reason: 'other_language', visitor_languages: ['ar'] } }, 'es');
  assert.match(spanish.text, /Nuestras respuestas automáticas solo están en inglés, francés y español\./);
  assert.deepEqual(arabic.note, { text: 'العربية — يمكن لأحد موظفينا مساعدتك.', lang: 'ar', dir: 'rtl' });
  // Syllabics: the language's own name only (no sentence until a reviewed translation exists).
  const syllabics = await note({ kind: 'handoff', reason: 'other_language', live: 'queued', alternatives: [],
    result: { decision: 'handoff', reason: 'other_language', visitor_languages: ['iu', 'cr', 'oj'] } }, 'en');
  assert.deepEqual(syllabics.note, { text: 'ᐃᓄᒃᑎᑐᑦ', lang: 'iu', dir: 'auto' });
  const unknown = await note({ kind: 'handoff', reason: 'other_language', live: 'queued', alternatives: [],
    result: { decision: 'handoff', reason: 'other_language', visitor_languages: ['xx'] } }, 'en');
  assert.equal(unknown.note, null);
});

test('an agent\'s message that carries an answer\'s Markdown reads as formatted text', { timeout: kTestTimeoutMs }, async () => {
  const agent = await render({ kind: 'agent', name: 'Françoise',
    text: 'Bonjour,\nvoici **le formulaire** : [HL-PR](https://harbourline.example/fr/hl-pr). Voir aussi [les frais](entry:passport-fees).' }, 'fr');
  assert.doesNotMatch(agent.text, /\*\*|entry:|\]\(/);
  assert.match(agent.text, /voici le formulaire : HL-PR/);
  assert.deepEqual(agent.links, ['https://harbourline.example/fr/hl-pr']);
  const html = await page.evaluate(() => document.querySelector('.agent-text').innerHTML);
  assert.match(html, /<strong>le formulaire<\/strong>/);
  assert.match(html, /Bonjour,\nvoici/, 'a line break the agent typed stays one');
});

test('agent messages and notices render their text as text', { timeout: kTestTimeoutMs }, async () => {
  const agent = await render({ kind: 'agent', name: 'Françoise', text: '<img src=x onerror=alert(1)> Bonjour' }, 'fr');
  assert.match(agent.text, /Françoise, agent, a dit : <img src=x onerror=alert\(1\)> Bonjour/);
  const notice = await render({ kind: 'notice', key: 'live_agent_joined', params: { name: 'Françoise' } }, 'fr');
  assert.equal(notice.text, 'Avis : Françoise a rejoint la conversation.');
  const hasImages = await page.evaluate(() => document.querySelectorAll('img').length);
  assert.equal(hasImages, 0);
});
