// The playground's router: the list of schemes at /ui/, a scheme's form at /ui/scheme/NAME, its
// documentation at /ui/doc/NAME; the token field, the FR/EN toggle and the source view.
import {api, el, errorText, setToken, token} from './api.js';
import {renderDoc} from './doc.js';
import {renderForm} from './form.js';
import {language, setLanguage, t, translateStatic} from './i18n.js';
import {closeSource, showSource} from './source.js';

const app = document.getElementById('app');

function nav(name, current) {
  const holder = document.getElementById('scheme-nav');
  holder.replaceChildren();
  if (!name) return;
  const link = (href, key) =>
    el('a', {href, 'aria-current': current === key ? 'page' : null}, t(key));
  holder.append(link(`/ui/scheme/${encodeURIComponent(name)}`, 'form'), ' ',
      link(`/ui/doc/${encodeURIComponent(name)}`, 'doc'));
}

async function renderIndex() {
  const answer = await api('/schemes');
  app.replaceChildren(el('h1', {}, t('schemes')));
  if (!answer.ok) {
    app.append(el('p', {role: 'alert', class: 'error'}, errorText(answer)));
    return;
  }
  app.append(el('p', {}, t('pick')));
  const list = el('ul', {class: 'schemes'});
  const titles = [];
  for (const s of answer.data.schemes) {
    const name = encodeURIComponent(s.name);
    const title = el('span', {class: 'title'});
    titles.push([name, title]);
    list.append(el('li', {},
        el('a', {href: `/ui/scheme/${name}`, class: 'scheme-link'}, s.name),
        s.scheme && s.scheme !== s.name ? ` (${s.scheme})` : '', title,
        ' — ', el('a', {href: `/ui/doc/${name}`}, t('doc'))));
  }
  app.append(list);
  // The titles of the first 50 schemes (one description each).
  await Promise.all(titles.slice(0, 50).map(async ([name, node]) => {
    const detail = await api(`/schemes/${name}`);
    if (detail.ok && detail.data.description.title) node.textContent = `: ${detail.data.description.title}`;
  }));
}

async function route() {
  const parts = location.pathname.replace(/^\/ui\/?/, '').split('/');
  try {
    let name = '';
    try {
      name = parts[1] ? decodeURIComponent(parts[1]) : '';
    } catch {
      nav('', '');
      throw new Error(`${t('bad_address')}: ${location.pathname}`);
    }
    if (parts[0] === 'scheme' && name) {
      nav(name, 'form');
      await renderForm(app, name);
    } else if (parts[0] === 'doc' && name) {
      nav(name, 'doc');
      await renderDoc(app, name);
    } else {
      nav('', '');
      await renderIndex();
    }
  } catch (e) {
    app.replaceChildren(el('p', {role: 'alert', class: 'error'}, String(e && e.message || e)));
  }
  if (location.hash.startsWith('#src:')) showSource(location.hash);
}

function setup() {
  const field = document.getElementById('token');
  field.value = token();
  field.addEventListener('change', () => {
    setToken(field.value);
    route();
  });
  const lang = document.getElementById('lang');
  const label = () => {
    lang.textContent = language() === 'fr' ? 'EN' : 'FR';
    translateStatic();
  };
  setLanguage(language());
  label();
  lang.addEventListener('click', () => {
    setLanguage(language() === 'fr' ? 'en' : 'fr');
    label();
    route();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#src:')) showSource(location.hash);
  });
  document.getElementById('source-close').addEventListener('click', closeSource);
  document.getElementById('source').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeSource();
  });
  route();
}

setup();
