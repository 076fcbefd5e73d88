// The source view: a file of the scheme's program with its lines numbered, scrolled to the line
// that an explanation node or a documentation entry links to (`#src:PATH:LINE`).
import {el} from './api.js';

let files = new Map();  // path -> text, from /schemes/NAME/document

export function setFiles(list) {
  files = new Map((list || []).map((f) => [f.path, f.text]));
}

// "path:line:col" -> {path, line}, or null.
export function parseLocation(location) {
  const m = /^(.*):(\d+):(\d+)$/.exec(location || '');
  return m ? {path: m[1], line: Number(m[2])} : null;
}

// A link to a location, or null when the file is not one of the program's.
export function sourceLink(location, label) {
  const at = parseLocation(location);
  if (!at || !files.has(at.path)) return null;
  const short = at.path.split('/').pop();
  return el('a', {href: `#src:${encodeURIComponent(at.path)}:${at.line}`, class: 'src-link',
    title: `${at.path}:${at.line}`}, label || `${short}:${at.line}`);
}

let opener = null;  // the link that opened the view: the focus goes back to it on close

export function closeSource() {
  document.getElementById('source').hidden = true;
  history.replaceState(null, '', location.pathname);
  if (opener && opener.isConnected) opener.focus();
  opener = null;
}

export function showSource(hash) {
  const m = /^#src:(.*):(\d+)$/.exec(hash);
  let path = null;
  try {
    path = m && decodeURIComponent(m[1]);
  } catch {
    path = null;  // a bad escape: no such file
  }
  if (!path || !files.has(path)) return;
  const line = Number(m[2]);
  const panel = document.getElementById('source');
  document.getElementById('source-title').textContent = `${path}:${line}`;
  const pre = document.getElementById('source-text');
  pre.replaceChildren();
  files.get(path).split('\n').forEach((text, i) => {
    const row = el('span', {class: i + 1 === line ? 'line current' : 'line', id: `L${i + 1}`},
        el('span', {class: 'lnum', 'aria-hidden': 'true'}, String(i + 1)), text || ' ');
    pre.append(row, '\n');
  });
  if (document.activeElement && document.activeElement.classList.contains('src-link')) {
    opener = document.activeElement;
  }
  panel.hidden = false;
  panel.focus();
  const current = pre.querySelector('.current');
  if (current) current.scrollIntoView({block: 'center'});
}
