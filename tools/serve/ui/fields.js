// One form control per input of a scheme (bareme_describe): its label, unit, help text, default
// as placeholder, the error shown beside it; and the value it gives to the application JSON.
import {el} from './api.js';
import {t} from './i18n.js';

const numeric = new Set(['int', 'decimal', 'money', 'rate', 'quantity']);

function kindOf(input) {
  if (input.type === 'Bool') return 'bool';
  if (input.cases) return 'enum';
  if (input.type === 'Date') return 'date';
  if (numeric.has(input.column)) return 'number';
  if (input.type === 'Text') return 'text';
  return 'json';
}

function placeholderOf(input) {
  if (input.required) return '';
  if (input.default_text) return input.default_text;
  if (input.default === null || input.default === undefined) return '';
  return typeof input.default === 'string' ? input.default : JSON.stringify(input.default);
}

function control(input, id, kind) {
  const common = {id, name: input.name, 'aria-describedby': `${id}-help ${id}-error`};
  if (kind === 'bool' || kind === 'enum') {
    const dflt = placeholderOf(input);
    const select = el('select', common,
        el('option', {value: ''}, dflt ? `${t('default')}: ${dflt}` : t('unset')));
    if (kind === 'bool') {
      select.append(el('option', {value: 'true'}, t('yes')), el('option', {value: 'false'}, t('no')));
    } else {
      for (const c of input.cases) {
        const text = c.label ? `${c.label} (${c.name})` : c.name;
        select.append(el('option', {value: c.name, lang: c.label ? 'fr' : null}, text));
      }
    }
    return select;
  }
  if (kind === 'json') {
    return el('textarea', {...common, rows: 3, spellcheck: 'false', placeholder: placeholderOf(input)});
  }
  const type = kind === 'date' ? 'date' : 'text';
  return el('input', {...common, type, placeholder: placeholderOf(input), autocomplete: 'off',
    inputmode: kind === 'number' ? 'decimal' : null, spellcheck: kind === 'text' ? null : 'false'});
}

// A field: {input, kind, wrap, control, error}; `wrap` is the element placed in the form.
export function makeField(input) {
  const id = `in-${input.name}`;
  const kind = kindOf(input);
  const ctl = control(input, id, kind);
  const unit = input.unit ? el('span', {class: 'unit'}, input.unit) : null;
  const bounds = [];
  if (input.at_least !== undefined && input.at_least !== null) bounds.push(`≥ ${input.at_least}`);
  if (input.at_most !== undefined && input.at_most !== null) bounds.push(`≤ ${input.at_most}`);
  const help = el('p', {class: 'help', id: `${id}-help`}, input.doc || '',
      ` [${input.type}${bounds.length ? ', ' + bounds.join(', ') : ''}]`);
  const error = el('p', {class: 'field-error', id: `${id}-error`, 'aria-live': 'polite'});
  const rank = el('span', {class: 'rank'});
  const wrap = el('div', {class: 'field', 'data-input': input.name},
      el('label', {for: id}, el('code', {}, input.name), rank),
      el('div', {class: 'control'}, ctl, unit), help, error);
  return {input, kind, wrap, control: ctl, error, rank};
}

export function isFilled(field) {
  return field.control.value.trim() !== '';
}

// The value for the application, {value}, {raw} (JSON text to send as it is) or {error} (a JSON
// list that does not parse). A number is sent as typed, never through a JS Number (a double):
// an Int as its digits, a decimal as a string, which the service reads exactly.
export function valueOf(field) {
  const text = field.control.value.trim();
  switch (field.kind) {
    case 'bool':
      return {value: text === 'true'};
    case 'number':
      return field.input.column === 'int' && /^-?\d+$/.test(text) ? {raw: text} : {value: text};
    case 'json':
      try {
        return {value: JSON.parse(text)};
      } catch (e) {
        return {error: `not JSON: ${e.message}`};
      }
    default:
      return {value: text};
  }
}

export function setError(field, message) {
  field.error.textContent = message || '';
  if (message) field.control.setAttribute('aria-invalid', 'true');
  else field.control.removeAttribute('aria-invalid');
  field.wrap.classList.toggle('invalid', !!message);
}
