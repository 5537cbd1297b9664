// The launcher: a real <button> and, from the first open, the panel <iframe>
// served by the Relais server. Both live in a shadow root attached to one host
// element, so no style leaks in or out and no id or global is added to the page.
// (Closures rather than a class: local names minify, property names do not, and
// the loader has a 3 KB gzip budget.)
import kStrings from 'relais:ui-strings/widget/launcher';
import {
  channelMessage, isFromWindow, kClose, kEvent, kLanguage, kOpen, kReady, kRelayedEvents,
} from '../shared/messages.js';
import { normalizeLanguage } from '../shared/language.js';
import css from './launcher.css';

const kChatIcon = 'M3 4h18v13H10l-5 4v-4H3z';
const kMaxReattach = 20;  // a page fighting the widget wins after this many

const element = (tag, className) => {
  const node = document.createElement(tag);
  node.className = className || '';
  return node;
};

// The aria-hidden chat icon, built with DOM calls (no markup parsing).
const icon = () => {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.appendChild(document.createElementNS(svg.namespaceURI, 'path')).setAttribute('d', kChatIcon);
  return svg;
};

// config: {base, language, left, colors: {accent, onAccent}, queue, hidden};
// emit(name, detail) publishes a public event.
export function createLauncher(config, emit) {
  const widgetOrigin = new URL(config.base).origin;
  let language = config.language;
  let isOpen = false;
  let frame = null;
  let ready = false;
  const pending = [];  // messages for the widget until it says "ready"
  let reattached = 0;
  let opener = null;

  const host = element('div');
  host.setAttribute('data-relais', '');
  const style = host.style;
  style.setProperty('--relais-accent', config.colors.accent);
  style.setProperty('--relais-on-accent', config.colors.onAccent);
  const root = host.attachShadow({ mode: 'open' });
  // A constructed stylesheet works under a strict host CSP, where an inline
  // <style> would be blocked by `style-src` without 'unsafe-inline'.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch (_) {
    root.appendChild(element('style')).textContent = css;
  }
  const wrapper = root.appendChild(element('div', (config.left ? 'left ' : '') + (config.hidden ? 'hidden' : '')));
  const button = wrapper.appendChild(element('button', 'launcher'));
  button.type = 'button';

  const render = () => {
    const strings = kStrings[language];
    const label = element('span');
    label.textContent = isOpen ? strings.close : strings.open;
    button.replaceChildren(icon(), label);
    button.setAttribute('aria-expanded', isOpen);
    button.lang = language;
    if (frame) {
      frame.title = strings.frame_title;
      frame.lang = language;
    }
  };

  const send = (type, fields) => {
    if (ready) frame.contentWindow.postMessage(channelMessage(type, fields), widgetOrigin);
    else pending.push([type, fields]);
  };

  const open = () => {
    if (!frame) {
      frame = element('iframe');
      const params = new URLSearchParams({ lang: language, host: location.origin, color: config.colors.accent });
      if (typeof config.queue === 'string') params.set('queue', config.queue);
      frame.src = config.base + 'widget/#' + params;
      wrapper.appendChild(element('div', 'frame')).appendChild(frame);
    }
    if (!isOpen) {
      opener = document.activeElement;  // without our button, focus goes back there
      isOpen = true;
      wrapper.classList.add('open');
      render();
      emit('open', { language });
    }
    frame.focus();
    send(kOpen);
  };

  const close = () => {
    if (!isOpen) return;
    isOpen = false;
    wrapper.classList.remove('open');
    // Focus was in the panel: give it back to the button that opened it.
    if (root.activeElement === frame) (config.hidden && opener ? opener : button).focus();
    render();
    send(kClose);
    emit('close', {});
  };

  const setLanguage = (value, fromWidget) => {
    const next = normalizeLanguage(value);
    if (!next || next === language) return;
    language = next;
    render();
    if (frame && !fromWidget) send(kLanguage, { language });
  };

  const toggle = () => (isOpen ? close() : open());
  button.onclick = toggle;
  button.onkeydown = (event) => {
    if (event.key === 'Escape') close();  // (returning false here would cancel Enter)
  };

  addEventListener('message', (event) => {
    if (!frame || !isFromWindow(event, frame.contentWindow, widgetOrigin)) return;
    const data = event.data;
    if (data.type === kReady) {
      ready = true;
      for (const args of pending.splice(0)) send(...args);
    }
    if (data.type === kClose) close();
    if (data.type === kLanguage) setLanguage(data.language, true);
    if (data.type === kEvent && kRelayedEvents.includes(data.name)) emit(data.name, Object(data.detail));
  });

  // Keeps the host element in the page: single-page apps that rebuild <body>
  // on navigation would otherwise drop it. A moved iframe reloads and says
  // "ready" again.
  const body = () => document.body;
  const ensure = () => {
    if (host.isConnected || reattached >= kMaxReattach || !body()) return;
    reattached += 1;
    ready = false;
    body().appendChild(host);
  };
  const bodyObserver = new MutationObserver(ensure);
  const watch = () => {
    if (body()) bodyObserver.observe(body(), { childList: true });
    ensure();
  };
  new MutationObserver(watch).observe(document.documentElement, { childList: true });
  watch();
  render();

  return { open, close, toggle, setLanguage, language: () => language };
}
