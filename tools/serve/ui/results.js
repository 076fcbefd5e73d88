// The result of an evaluation (eligible / not eligible / cannot decide yet / error, the amount, the failed
// conditions) and its explanation as a nested list, each node linked to its source line.
import {el} from './api.js';
import {language, t} from './i18n.js';
import {sourceLink} from './source.js';

// The first "amount" of the answer's text: the result's own, written before any nested one. Its
// digits as sent (a JS Number would round amounts over 2^53 cents).
function amountText(text) {
  const m = /"amount"\s*:\s*(-?\d+(?:\.\d+)?)(?=[\s,}])/.exec(text || '');
  return m ? m[1] : null;
}

// A decimal text in the page's language, exactly: FR `7 500,00 €` (no-break spaces), EN `7,500.00 €`.
export function money(decimal) {
  if (decimal === null || decimal === undefined) return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(decimal));
  if (!m) return `${decimal} €`;
  const fr = language() === 'fr';
  const whole = m[2].replace(/\B(?=(\d{3})+(?!\d))/g, fr ? '\u00a0' : ',');
  const cents = (m[3] || '').padEnd(2, '0');
  return `${m[1]}${whole}${fr ? ',' : '.'}${cents}\u00a0€`;
}

// An error other than a missing input (a division by zero, an overflow): no answer can mend it.
function failures(result) {
  return (result.errors || []).filter((e) => e.code && e.code !== 'MissingInput');
}

export function renderResult(result, missing, text) {
  const failed = failures(result);
  const status = failed.length ? 'failure' : result.eligible === true ? 'eligible'
      : result.eligible === false ? 'not_eligible' : 'undecided';
  const amount = result.amount === null || result.amount === undefined ? null
      : amountText(text) ?? String(result.amount);
  const out = el('div', {class: `status-${status}`},
      el('p', {class: 'verdict', id: 'verdict', 'data-status': status}, t(status)),
      el('p', {class: 'amount'}, `${t('amount')}: `, el('strong', {id: 'amount', 'data-amount': amount ?? ''}, money(amount))));
  if (failed.length) {
    out.append(el('div', {class: 'error', role: 'alert', id: 'failure'}, failed.map((e) => el('p', {},
        el('strong', {}, e.code), `: ${e.message || ''}`, e.rule ? [' (', el('code', {}, e.rule), ')'] : null,
        e.citation ? el('span', {class: 'cite'}, ` § ${e.citation}`) : null, ' ', sourceLink(e.location)))));
  }
  if (result.failed && result.failed.length) {
    out.append(el('h3', {}, t('failed')), el('ul', {class: 'failed'}, result.failed.map((f) =>
      el('li', {}, f.message || f.condition, ' ', f.citation ? el('span', {class: 'cite'}, `§ ${f.citation}`) : null,
          el('br'), el('code', {}, f.condition)))));
  }
  if (result.outputs && result.outputs.length) {
    out.append(el('h3', {}, t('outputs')), el('table', {class: 'outputs-table'}, el('tbody', {},
        result.outputs.map((o) => el('tr', {}, el('th', {scope: 'row'}, el('code', {}, o.name)),
            el('td', {class: 'num'}, o.text ?? (o.value === null ? '—' : String(o.value))))))));
  }
  if (status === 'undecided' && missing && missing.missing && missing.missing.length) {
    out.append(el('p', {class: 'hint'}, `${t('next')}: `,
        missing.missing.slice(0, 5).map((m, i) => [i ? ', ' : '', el('code', {}, m.input)])));
  }
  if (result.errors && result.errors.length && status === 'undecided') {  // missing inputs
    out.append(el('details', {}, el('summary', {}, t('errors')),
        el('ul', {}, result.errors.map((e) => el('li', {}, e.message || JSON.stringify(e))))));
  }
  return out;
}

// The explanation's DAG as a tree: a node met again is shown without its uses.
export function renderExplain(explained) {
  const nodes = new Map((explained.nodes || []).map((n) => [n.id, n]));
  const seen = new Set();
  const item = (id, depth) => {
    const n = nodes.get(id);
    if (!n) return null;
    const head = el('span', {class: 'node'},
        el('span', {class: `kind kind-${n.kind}`}, n.kind), ' ',
        el('span', {class: 'name'}, n.name), ' = ',
        el('strong', {class: 'value'}, n.value === '' ? '—' : n.value),
        n.citation ? el('span', {class: 'cite'}, ` § ${n.citation}`) : null, ' ',
        sourceLink(n.location));
    const li = el('li', {}, head);
    const uses = (n.uses || []).filter((u) => nodes.has(u));
    if (uses.length && !seen.has(id) && depth < 12) {
      seen.add(id);
      li.append(el('ul', {}, uses.map((u) => item(u, depth + 1))));
    } else if (uses.length) {
      li.append(el('span', {class: 'again'}, ' …'));
    }
    return li;
  };
  return el('ul', {class: 'tree', id: 'explain-tree'}, (explained.roots || []).map((r) => item(r, 0)));
}
