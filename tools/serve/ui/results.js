// The result of an evaluation (eligible / not eligible / cannot decide yet, the amount, the failed
// conditions) and its explanation as a nested list, each node linked to its source line.
import {el} from './api.js';
import {t} from './i18n.js';
import {sourceLink} from './source.js';

function money(amount) {
  if (amount === null || amount === undefined) return '—';
  return `${Number(amount).toLocaleString('fr-FR', {minimumFractionDigits: 2})} €`;
}

export function renderResult(result, missing) {
  const status = result.eligible === true ? 'eligible'
      : result.eligible === false ? 'not_eligible' : 'undecided';
  const out = el('div', {class: `status-${status}`},
      el('p', {class: 'verdict', id: 'verdict', 'data-status': status}, t(status)),
      el('p', {class: 'amount'}, `${t('amount')}: `, el('strong', {id: 'amount', 'data-amount': result.amount ?? ''}, money(result.amount))));
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
  if (result.errors && result.errors.length && status === 'undecided') {
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
