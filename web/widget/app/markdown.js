// Renders the answer Markdown subset of the knowledge base (knowledge-base/README.md)
// into DOM nodes: paragraphs, bullet and numbered lists, **bold**, *italic*,
// [text](https://…), [text](mailto:…), [text](tel:…) and [text](entry:id).
//
// Everything else stays literal text. Links are rebuilt from a parsed URL with an
// allowlisted scheme, so `javascript:` and friends can only ever be text. The
// knowledge-base compiler already refuses unsafe Markdown; this renderer does not
// rely on it. `entry:` links are not links: their text stays in the sentence and
// the caller gets them back to offer as follow-up chips.
import { h, srOnly } from './dom.js';

const kMaxChars = 20000;  // budget: longer answers are cut
const kMaxDepth = 4;      // nesting of emphasis and links
const kEntryId = /^[a-z0-9][a-z0-9_-]{0,99}$/i;
const kEscapable = '\\`*_[]()#+-.!>';

// 'https://x' → {kind: 'web', href}; 'entry:id' → {kind: 'entry', id}; null when not allowed.
export function classifyLink(target) {
  const text = target.trim();
  const lower = text.toLowerCase();
  if (lower.startsWith('entry:')) {
    const id = text.slice(6);
    return kEntryId.test(id) ? { kind: 'entry', id } : null;
  }
  if (lower.startsWith('tel:')) {
    const number = text.slice(4).replace(/[^0-9+*#,;]/g, '');
    return number ? { kind: 'tel', href: 'tel:' + number } : null;
  }
  let url;
  try {
    url = new URL(text);
  } catch (_) {
    return null;
  }
  if (url.protocol === 'https:' && url.hostname) return { kind: 'web', href: url.href };
  if (url.protocol === 'mailto:' && url.pathname.includes('@')) return { kind: 'mail', href: url.href };
  return null;
}

// Finds the closing delimiter of an emphasis opened at `start`.
function closing(text, delimiter, start) {
  const end = text.indexOf(delimiter, start);
  if (end <= start) return -1;
  if (/\s/.test(text[start]) || /\s/.test(text[end - 1])) return -1;
  return end;
}

// The index of the ')' closing a link target that starts at `start`; balanced
// parentheses inside the target are part of it. -1 when unclosed.
function closingParen(text, start) {
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    if (text[i] === '(') depth += 1;
    else if (text[i] === ')' && depth-- === 0) return i;
  }
  return -1;
}

function isWordChar(ch) {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

// Inline content of one paragraph or list item.
function parseInline(text, depth, context) {
  const nodes = [];
  let plain = '';
  const flush = () => {
    if (plain) nodes.push(document.createTextNode(plain));
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length && kEscapable.includes(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (depth < kMaxDepth && (ch === '*' || ch === '_')) {
      const strong = text[i + 1] === ch;
      const delimiter = strong ? ch + ch : ch;
      const start = i + delimiter.length;
      // `_` only opens at a word boundary (snake_case stays literal).
      const boundaryOk = ch === '*' || !isWordChar(text[i - 1]);
      const end = boundaryOk ? closing(text, delimiter, start) : -1;
      if (end > start && (ch === '*' || !isWordChar(text[end + delimiter.length]))) {
        flush();
        const inner = parseInline(text.slice(start, end), depth + 1, context);
        nodes.push(h(strong ? 'strong' : 'em', null, inner));
        i = end + delimiter.length;
        continue;
      }
    }
    if (depth < kMaxDepth && ch === '[') {
      const middle = text.indexOf('](', i + 1);
      const end = middle < 0 ? -1 : closingParen(text, middle + 2);
      if (middle > i + 1 && end > middle + 2 && !text.slice(i + 1, middle).includes('[')) {
        flush();
        const label = text.slice(i + 1, middle);
        const link = classifyLink(text.slice(middle + 2, end));
        nodes.push(renderLink(link, parseInline(label, depth + 1, context), label, context));
        i = end + 1;
        continue;
      }
    }
    plain += ch;
    i += 1;
  }
  flush();
  return nodes;
}

function renderLink(link, content, label, context) {
  if (!link) return h('span', null, content);  // not an allowed target: its text only
  if (link.kind === 'entry') {
    context.entryLinks.push({ id: link.id, title: label.replace(/[*_\\]/g, '').trim() });
    return h('span', { className: 'entry-ref' }, content);
  }
  if (link.kind === 'web') {
    return h('a', { href: link.href, target: '_blank', rel: 'noopener noreferrer' }, content, srOnly(' ' + context.newTab));
  }
  return h('a', { href: link.href }, content);
}

const kBullet = /^\s{0,3}[-*+]\s+(.*)$/;
const kNumbered = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const kHeading = /^\s{0,3}#{1,6}\s+(.*)$/;

// Renders `markdown` → {fragment, entryLinks: [{id, title}]}. `newTab` is the
// screen-reader note appended to links that open a new tab. `breaks`: a line break
// inside a paragraph stays one (a chat message, shown with white-space: pre-wrap)
// instead of joining the lines as Markdown does (an answer written in a file).
export function renderMarkdown(markdown, { newTab = '', breaks = false } = {}) {
  const context = { entryLinks: [], newTab };
  const fragment = document.createDocumentFragment();
  const source = String(markdown || '').slice(0, kMaxChars).replace(/\r\n?/g, '\n');
  let paragraph = [];
  let list = null;  // {element, ordered, items: [string]}

  const inline = (text) => parseInline(text, 0, context);
  const flushParagraph = () => {
    if (paragraph.length) fragment.appendChild(h('p', null, inline(paragraph.join(breaks ? '\n' : ' '))));
    paragraph = [];
  };
  const flushList = () => {
    if (!list) return;
    for (const item of list.items) list.element.appendChild(h('li', null, inline(item)));
    fragment.appendChild(list.element);
    list = null;
  };

  for (const line of source.split('\n')) {
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    const bullet = kBullet.exec(line);
    const numbered = bullet ? null : kNumbered.exec(line);
    if (bullet || numbered) {
      flushParagraph();
      const ordered = Boolean(numbered);
      if (list && list.ordered !== ordered) flushList();
      if (!list) {
        const element = h(ordered ? 'ol' : 'ul');
        if (ordered && numbered[1] !== '1') element.start = Number(numbered[1]);
        list = { element, ordered, items: [] };
      }
      list.items.push(ordered ? numbered[2] : bullet[1]);
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      list.items[list.items.length - 1] += ' ' + line.trim();  // continuation of an item
      continue;
    }
    flushList();
    const heading = kHeading.exec(line);
    if (heading) {
      flushParagraph();
      fragment.appendChild(h('p', null, h('strong', null, inline(heading[1]))));
      continue;
    }
    paragraph.push(line.trim());
  }
  flushParagraph();
  flushList();
  return { fragment, entryLinks: context.entryLinks };
}

// The text of an inline node, as read: a web or mail link's address after its text
// ("the form (https://…)") unless the text already shows it; the screen-reader
// notes left out.
function inlineText(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.classList && node.classList.contains('sr-only')) return '';
  const text = [...node.childNodes].map(inlineText).join('');
  if (node.nodeName !== 'A') return text;
  const href = node.getAttribute('href') || '';
  const address = href.startsWith('mailto:') ? href.slice(7) : href.startsWith('tel:') ? '' : href;
  // (The parsed address may have gained a final "/": "https://x.example" → ".../".)
  return address && !text.includes(address.replace(/\/$/, '')) ? `${text} (${address})` : text;
}

// `markdown` as plain text a person reads (the downloaded transcript, a copy): the
// paragraphs separated by a blank line, list items on their own lines ("- ", "1. "),
// links as their text and address, no emphasis marks, `entry:` targets gone. Made
// from renderMarkdown's output, so it says exactly what the widget shows.
export function markdownToText(markdown, { breaks = false } = {}) {
  const { fragment } = renderMarkdown(markdown, { breaks });
  const blocks = [];
  for (const block of fragment.childNodes) {
    if (block.nodeName === 'UL' || block.nodeName === 'OL') {
      const first = Number(block.getAttribute('start') || 1);
      blocks.push([...block.children].map((item, i) =>
        (block.nodeName === 'OL' ? `${first + i}. ` : '- ') + inlineText(item)).join('\n'));
    } else {
      blocks.push(inlineText(block));
    }
  }
  return blocks.join('\n\n');
}
