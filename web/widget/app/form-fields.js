// Building blocks of the widget's small forms (follow-up requests, survey):
// every control has a visible <label>, its error is tied to it with
// aria-describedby, and every string is an i18n key kept in `data-t`, so that
// relabel() switches the language in place without losing what was typed or
// where focus is. What the visitor types stays a form value, never markup.
import { h } from './dom.js';
import { t } from './i18n.js';

const encoder = new TextEncoder();

// An element whose text is the string `key` (relabelled on a language switch).
export function text(tag, props, key, ui) {
  return h(tag, { ...props, 'data-t': key }, t(ui, key));
}

export function relabel(root, ui) {
  for (const node of root.querySelectorAll('[data-t]')) node.textContent = t(ui, node.dataset.t);
}

// A labelled text field. spec: {name, key (label), required, maxBytes (the
// server's byte budget), rows (a textarea), type, autocomplete, inputMode,
// valid(value) and invalidKey}. Returns {spec, control, node}.
export function field(spec, ui) {
  const id = 'relais-field-' + spec.name;
  const error = h('p', { className: 'error', id: id + '-error', hidden: true });
  const props = {
    id, name: spec.name, className: 'field-input', required: Boolean(spec.required),
    autocomplete: spec.autocomplete || 'off', maxLength: spec.maxBytes, 'aria-describedby': error.id,
  };
  const control = spec.rows
    ? h('textarea', { ...props, rows: spec.rows })
    : h('input', { ...props, type: spec.type || 'text', inputMode: spec.inputMode || null });
  control.addEventListener('input', () => showError({ control, error }, null, ui));
  return { spec, control, error, node: h('div', { className: 'field' }, text('label', { htmlFor: id }, spec.key, ui), control, error) };
}

function showError({ control, error }, key, ui) {
  error.hidden = !key;
  if (key) {
    error.dataset.t = key;
    error.textContent = t(ui, key);
    control.setAttribute('aria-invalid', 'true');
  } else if (error.dataset.t) {
    delete error.dataset.t;
    error.textContent = '';
    control.removeAttribute('aria-invalid');
  }
}

// Checks the fields; shows each one's error and focuses the first wrong one.
// Returns {name: trimmed value} (empty optional fields left out), or null.
export function values(fields, ui) {
  const result = {};
  let first = null;
  for (const f of fields) {
    const value = f.control.value.trim();
    let key = null;
    if (!value) key = f.spec.required ? 'field_required' : null;
    else if (encoder.encode(value).length > f.spec.maxBytes) key = 'field_too_long';
    else if (f.spec.valid && !f.spec.valid(value)) key = f.spec.invalidKey;
    showError(f, key, ui);
    if (key && !first) first = f.control;
    if (value) result[f.spec.name] = value;
  }
  if (first) first.focus();
  return first ? null : result;
}

// Sets the text of `node` to the string `key` (null: empties it); for form-level
// messages, such as a role="alert" paragraph.
export function setText(node, key, ui) {
  if (key) node.dataset.t = key;
  else delete node.dataset.t;
  node.textContent = key ? t(ui, key) : '';
}

// The heading of a form, focusable so that focus can be moved to it.
export function heading(key, ui, id) {
  return text('h2', { className: 'sheet-title', id, tabIndex: -1 }, key, ui);
}

// A row of buttons: [{key, type, onclick, secondary}].
export function buttons(list, ui) {
  return h('div', { className: 'sheet-actions' }, list.map((b) => text('button', {
    type: b.type || 'button', className: b.secondary ? 'small' : 'small primary', onclick: b.onclick,
  }, b.key, ui)));
}
