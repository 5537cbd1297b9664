// The language switch of the widget's header and of the agent console's bar.
//
// With two languages: one button naming the other language in itself
// ("Français", lang="fr"); pressing it switches.
// With three or more: a disclosure (WAI-ARIA APG "Disclosure", as in its
// navigation-menu example) rather than an ARIA menu: a button with
// aria-expanded and aria-controls, showing the current language, whose name
// says "Language" in every offered language ("Language / Langue / Idioma:
// English", so that a visitor who cannot read the current one still finds it),
// and a list of buttons, each language named in itself with its `lang`
// attribute, the current one marked aria-current. Plain buttons keep screen
// readers in their reading mode (no application mode a menu role would force).
// Keyboard: Enter or Space toggles the list (focus stays on the button, as the
// pattern says); ArrowDown or ArrowUp on the button opens it on the current
// language; in the list ArrowDown, ArrowUp, Home and End move; Escape closes
// it and gives focus back to the button (and goes no further: the widget's
// Escape closes the whole panel); Tab out of it or a click elsewhere closes it.
// Choosing a language closes the list and leaves focus on the button.
// With one language (or none) the switch is hidden.
//
// No strings of its own: the caller gives each language's name and its word for
// "Language" (from that language's string file).
import { h, icon } from './dom.js';

export class LanguageSwitch {
  // onChoose(code): a language other than the current one was chosen.
  // listId: the id of the list (unique in the page); buttonClass: the button's classes.
  constructor({ onChoose, listId, buttonClass }) {
    this.onChoose = onChoose;
    this.languages = [];
    this.current = null;
    this.button = h('button', { type: 'button', className: buttonClass, onclick: () => this.press() });
    this.list = h('ul', { className: 'language-list', id: listId, hidden: true });
    this.root = h('div', { className: 'language-switch', hidden: true }, this.button, this.list);
    this.root.addEventListener('keydown', (event) => this.keydown(event));
    // Keyboard focus leaving the switch closes the list. (A click's focus change
    // is left to the pointer handler: Safari does not focus a clicked button, so
    // focusout would close the list before the click on a language lands.)
    this.root.addEventListener('focusout', (event) => {
      if (event.relatedTarget && !this.root.contains(event.relatedTarget)) this.close(false);
    });
    document.addEventListener('pointerdown', (event) => {
      if (!this.root.contains(event.target)) this.close(false);
    });
  }

  get isMenu() {
    return this.languages.length > 2;
  }

  get isOpen() {
    return !this.list.hidden;
  }

  // languages: [{code, name, label}] in the order to offer them; name: the
  // language in itself ("Español"); label: its word for "Language" ("Idioma").
  // current: the code shown now. Updates in place: focus on the button stays.
  update(languages, current) {
    this.languages = languages;
    this.current = current;
    this.root.hidden = languages.length < 2;
    const button = this.button;
    const menu = this.isMenu;
    if (!menu) {
      this.close(false);
      const other = languages.find((language) => language.code !== current) || languages[0];
      button.replaceChildren(other ? other.name : '');
      if (other) button.setAttribute('lang', other.code);
      button.removeAttribute('aria-expanded');
      button.removeAttribute('aria-controls');
      button.removeAttribute('title');
      button.classList.remove('language-menu-button');
      return;
    }
    const now = languages.find((language) => language.code === current) || languages[0];
    const labels = [...new Map(languages.map((language) => [language.label, language])).values()];
    const heading = [];
    labels.forEach((language, i) => {
      if (i) heading.push(' / ');
      heading.push(h('span', { lang: language.code }, language.label));
    });
    button.replaceChildren(
      icon('globe'),
      h('span', { className: 'sr-only' }, ...heading, ': '),
      h('span', { className: 'language-current', lang: now.code }, now.name),
      icon('expand'));
    button.removeAttribute('lang');  // the parts carry theirs
    button.title = labels.map((language) => language.label).join(' / ');
    button.setAttribute('aria-expanded', String(this.isOpen));
    button.setAttribute('aria-controls', this.list.id);
    button.classList.add('language-menu-button');
    this.list.replaceChildren(...languages.map((language) => h('li', null,
      h('button', {
        type: 'button', lang: language.code, 'data-language': language.code,
        'aria-current': language.code === current ? 'true' : null,
        onclick: () => this.choose(language.code),
      }, icon('check'), language.name))));
  }

  press() {
    if (!this.isMenu) {
      const other = this.languages.find((language) => language.code !== this.current);
      if (other) this.onChoose(other.code);
    } else if (this.isOpen) {
      this.close(false);
    } else {
      this.open();
    }
  }

  open() {
    this.list.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
  }

  // Closes the list; `refocus`: give focus back to the button.
  close(refocus) {
    if (!this.isOpen) return;
    this.list.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (refocus) this.button.focus();
  }

  choose(code) {
    this.close(true);
    if (code !== this.current) this.onChoose(code);
  }

  items() {
    return [...this.list.querySelectorAll('button')];
  }

  keydown(event) {
    if (!this.isMenu) return;
    const items = this.items();
    const at = items.indexOf(document.activeElement);
    let target = null;
    if (event.key === 'Escape') {
      if (!this.isOpen) return;
      this.close(true);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (at < 0) {
        this.open();
        const chosen = items.findIndex((item) => item.hasAttribute('aria-current'));
        target = items[chosen >= 0 ? chosen : step > 0 ? 0 : items.length - 1];
      } else {
        target = items[(at + step + items.length) % items.length];
      }
    } else if ((event.key === 'Home' || event.key === 'End') && at >= 0) {
      target = items[event.key === 'Home' ? 0 : items.length - 1];
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (target) target.focus();
  }
}
