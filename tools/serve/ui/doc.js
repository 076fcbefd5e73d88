// A scheme's documentation page, generated from bareme_document and bareme_describe: its
// conditions, parameters with every period, tables, assumptions and inputs, each with its
// citation and a link to its source line.
import {api, el, errorText} from './api.js';
import {t} from './i18n.js';
import {setFiles, sourceLink} from './source.js';

const cite = (c) => (c ? el('span', {class: 'cite'}, `§ ${c}`) : '');
const section = (key, ...body) => el('section', {class: 'doc-section', 'aria-labelledby': `doc-${key}`},
    el('h2', {id: `doc-${key}`}, t(key)), ...body);

function period(p) {
  if (!p.from && !p.until) return t('always');
  return [p.from ? `${t('from')} ${p.from}` : '', p.until ? `${t('until')} ${p.until}` : '']
      .filter(Boolean).join(' ');
}

function parameters(list) {
  const rows = [];
  for (const prm of list) {
    prm.periods.forEach((p, i) => rows.push(el('tr', {},
        i === 0 ? el('th', {scope: 'row', rowspan: prm.periods.length}, el('code', {}, prm.name),
            el('br'), el('span', {class: 'type'}, prm.type)) : null,
        el('td', {}, period(p)), el('td', {class: 'num'}, p.text),
        el('td', {}, cite(p.citation)), el('td', {}, sourceLink(p.location)))));
  }
  return el('table', {class: 'params'},
      el('thead', {}, el('tr', {}, [t('name'), t('period'), t('value'), t('citation'), t('source')]
          .map((h) => el('th', {scope: 'col'}, h)))), el('tbody', {}, rows));
}

function cellText(c) {
  if (c.kind === 'any') return '—';
  if (c.kind === 'one_of') return c.values.join(', ');
  const lo = c.lower ? `${c.lower.inclusive ? '≥' : '>'} ${c.lower.value}` : '';
  const hi = c.upper ? `${c.upper.inclusive ? '≤' : '<'} ${c.upper.value}` : '';
  return [lo, hi].filter(Boolean).join(' and ');
}

function table(tb) {
  return el('figure', {class: 'doc-table'},
      el('figcaption', {}, el('code', {}, tb.name), ` → ${tb.result} (${tb.hit}) `, cite(tb.citation), ' ',
          sourceLink(tb.location)),
      el('table', {},
          el('thead', {}, el('tr', {}, tb.columns.map((c) => el('th', {scope: 'col'}, c.name)),
              el('th', {scope: 'col'}, tb.result))),
          el('tbody', {}, tb.rows.map((r) => el('tr', {}, r.cells.map((c) => el('td', {}, cellText(c))),
              el('td', {class: 'num'}, r.output))))));
}

function inputs(list) {
  return el('dl', {class: 'inputs-doc'}, list.map((i) => [
    el('dt', {}, el('code', {}, i.name), ` : ${i.type}`, i.unit ? ` (${i.unit})` : '',
        i.required ? '' : ` = ${i.default_text || JSON.stringify(i.default)}`),
    el('dd', {}, i.doc || '', i.cases ? el('ul', {class: 'cases'}, i.cases.map((c) =>
      el('li', {}, el('code', {}, c.name), c.label ? [' — ', el('span', {lang: 'fr'}, c.label)] : ''))) : ''),
  ]));
}

export async function renderDoc(app, name) {
  const path = `/schemes/${encodeURIComponent(name)}`;
  const [detail, doc] = await Promise.all([api(path), api(`${path}/document`)]);
  if (!doc.ok || !detail.ok) {
    app.replaceChildren(el('h1', {}, name), el('p', {role: 'alert', class: 'error'},
        errorText(doc.ok ? detail : doc)));
    return;
  }
  const d = doc.data;
  setFiles(d.files);
  const own = (x) => !x.module || x.module === name || x.location?.includes(`/${name}.bareme:`);
  app.replaceChildren(
      el('h1', {}, d.title || d.name),
      el('p', {class: 'subtitle'}, [d.authority, d.source_document].filter(Boolean).join(' — '),
          d.valid_until ? ` (${t('until')} ${d.valid_until})` : '', ' ', sourceLink(d.location)),
      section('parameters', parameters(d.parameters)),
      section('tables', d.tables.length ? d.tables.map(table) : el('p', {}, t('none'))),
      section('assumptions', el('ul', {class: 'assumptions'}, d.assumptions.filter(own).map((a) =>
        el('li', {}, a.text, ' ', cite(a.citation), ' ', sourceLink(a.location)))),
      d.assumptions.some((a) => !own(a)) ? el('details', {}, el('summary', {}, `${t('assumptions')} (imports)`),
          el('ul', {}, d.assumptions.filter((a) => !own(a)).map((a) =>
            el('li', {}, a.text, ' ', cite(a.citation), ' ', sourceLink(a.location)))))
        : ''),
      section('conditions', el('ol', {class: 'conditions'}, d.conditions.map((c) => el('li', {},
          el('strong', {}, c.name), ' ', cite(c.citation), ' ', sourceLink(c.location), el('br'),
          el('code', {}, c.text), c.message ? el('p', {class: 'help'}, c.message) : '')))),
      section('inputs', inputs(detail.data.description.inputs)));
}
