// A scheme's form: fields from its description, the questions partial evaluation ranks shown
// first, and the result and its explanation updated (debounced) as the form changes.
import {api, el, errorText} from './api.js';
import {isFilled, makeField, setError, valueOf} from './fields.js';
import {t} from './i18n.js';
import {renderExplain, renderResult} from './results.js';
import {setFiles} from './source.js';

let generation = 0;  // a newer update makes the answers of older ones moot
const saved = new Map();  // scheme -> {input: text typed}: kept when the page is drawn again

// The input an error path names: "$.v2g_stations[0].kind" -> "v2g_stations".
function inputOfPath(path) {
  const m = /^\$\.([A-Za-z_][A-Za-z0-9_]*)/.exec(path || '');
  return m ? m[1] : null;
}

// "bad input at $.x: message" lines -> [{input, message}].
function inputErrors(message) {
  const out = [];
  for (const line of (message || '').split('\n')) {
    const m = /^bad input at (\S+): (.*)$/.exec(line);
    if (m) out.push({input: inputOfPath(m[1]), message: m[2]});
  }
  return out;
}

export async function renderForm(app, name) {
  const path = `/schemes/${encodeURIComponent(name)}`;
  const [detail, doc] = await Promise.all([api(path), api(`${path}/document`)]);
  if (!detail.ok) {
    app.replaceChildren(el('h1', {}, name),
        el('p', {role: 'alert', class: 'error'}, errorText(detail)));
    return;
  }
  if (doc.ok) setFiles(doc.data.files);
  const description = detail.data.description;
  const fields = description.inputs.map(makeField);
  const groups = {
    next: el('div', {class: 'group-body'}),
    answered: el('div', {class: 'group-body'}),
    other: el('div', {class: 'group-body'}),
  };
  const group = (key) => el('fieldset', {class: `group group-${key}`},
      el('legend', {}, t(key)), groups[key]);
  const form = el('form', {class: 'inputs', 'aria-label': description.title || name, novalidate: true},
      group('next'), group('answered'), group('other'),
      el('button', {type: 'reset'}, t('reset')));
  const result = el('section', {class: 'result', 'aria-labelledby': 'result-title', 'aria-live': 'polite'},
      el('h2', {id: 'result-title'}, t('result')), el('div', {id: 'result-body'}));
  const explain = el('section', {class: 'explain', 'aria-labelledby': 'explain-title'},
      el('h2', {id: 'explain-title'}, t('explain')), el('div', {id: 'explain-body'}));
  app.replaceChildren(el('h1', {}, description.title || name),
      el('p', {class: 'subtitle'}, el('code', {}, name)),
      el('div', {class: 'layout'}, form, el('div', {class: 'outputs'}, result, explain)));
  const kept = saved.get(name) || {};
  for (const f of fields) {
    if (kept[f.input.name] !== undefined) f.control.value = kept[f.input.name];
    groups.other.append(f.wrap);
  }

  let lastRanked = [];
  const place = (ranked) => {
    lastRanked = ranked;
    const focused = document.activeElement;
    const rank = new Map(ranked.map((m, i) => [m.input, i]));
    const order = (key) => fields.filter((f) => {
      if (f.wrap.contains(focused)) return false;  // never move the field being edited
      if (isFilled(f)) return key === 'answered';
      return rank.has(f.input.name) ? key === 'next' : key === 'other';
    });
    for (const f of fields) {
      const r = rank.get(f.input.name);
      f.rank.textContent = r === undefined ? '' : ` · ${t('asked_next')} #${r + 1}`;
    }
    const next = order('next').sort((a, b) => rank.get(a.input.name) - rank.get(b.input.name));
    groups.next.append(...next.map((f) => f.wrap));
    groups.answered.append(...order('answered').map((f) => f.wrap));
    groups.other.append(...order('other').map((f) => f.wrap));
    for (const body of Object.values(groups)) body.parentElement.hidden = !body.children.length;
  };

  const update = async () => {
    const mine = ++generation;
    const application = [];  // JSON members, "name":value
    let local = false;
    saved.set(name, Object.fromEntries(fields.filter(isFilled).map((f) => [f.input.name, f.control.value])));
    for (const f of fields) {
      setError(f, '');
      if (!isFilled(f)) continue;
      const v = valueOf(f);
      if (v.error) {
        setError(f, v.error);
        local = true;
      } else {
        application.push(`${JSON.stringify(f.input.name)}:${v.raw ?? JSON.stringify(v.value)}`);
      }
    }
    const resultBody = document.getElementById('result-body');
    const explainBody = document.getElementById('explain-body');
    if (local) {  // the verdict shown was for other values: it is withdrawn
      resultBody.replaceChildren(el('p', {class: 'stale', id: 'verdict', 'data-status': 'stale'}, t('stale')));
      explainBody.replaceChildren();
      return;
    }
    const body = `{${application.join(',')}}`;
    const [missing, evaluation, explained] = await Promise.all([
      api(`${path}/missing`, body), api(`${path}/evaluate`, body), api(`${path}/explain`, body)]);
    if (mine !== generation) return;
    if (!evaluation.ok) {
      const errors = evaluation.status === 400 ? inputErrors(evaluation.data?.error?.message) : [];
      let shown = false;
      for (const e of errors) {
        const f = fields.find((x) => x.input.name === e.input);
        if (f) {
          setError(f, e.message);
          shown = true;
        }
      }
      resultBody.replaceChildren(el('p', {class: 'error', role: shown ? null : 'alert'},
          shown ? `${t('bad_value')}: ${errors.map((e) => e.input).join(', ')}` : errorText(evaluation)));
      explainBody.replaceChildren();
      return;
    }
    place(missing.ok ? missing.data.missing || [] : []);
    resultBody.replaceChildren(renderResult(evaluation.data, missing.ok ? missing.data : null, evaluation.text));
    explainBody.replaceChildren(explained.ok ? renderExplain(explained.data) : el('p', {}, errorText(explained)));
    app.dataset.updated = String(mine);
  };
  // An update that fails (the service stopped, the network dropped) says so in the result.
  const safely = () => update().catch((e) => {
    document.getElementById('result-body')?.replaceChildren(
        el('p', {class: 'error', role: 'alert'}, String(e && e.message || e)));
  });
  let timer = null;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(safely, 250);
  };
  form.addEventListener('input', later);
  form.addEventListener('change', later);
  form.addEventListener('reset', () => setTimeout(safely, 0));
  // A field left is placed in its group once the focus is elsewhere.
  form.addEventListener('focusout', () => setTimeout(() => place(lastRanked), 0));
  form.addEventListener('submit', (e) => e.preventDefault());
  await update();
}
