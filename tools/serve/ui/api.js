// The playground's calls to the service: JSON over fetch, with the token typed in the page.
export function token() {
  return sessionStorage.getItem('bareme-token') || '';
}

export function setToken(value) {
  sessionStorage.setItem('bareme-token', value);
}

// {status, ok, data, text}: data is the parsed JSON answer (null when it is not JSON), text the
// answer as sent (numbers keep their digits there). A string body is sent as it is.
export async function api(path, body) {
  const headers = {};
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const init = {headers};
  if (body !== undefined) {
    init.method = 'POST';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let data = null;
  try {
    data = JSON.parse(text);
  } catch {
    data = null;
  }
  return {status: res.status, ok: res.ok, data, text};
}

// The message of an error answer.
export function errorText(answer) {
  const e = answer.data && answer.data.error;
  return e ? `${e.code}: ${e.message}` : `HTTP ${answer.status}`;
}

// Creates an element: el('p', {class: 'x'}, 'text', child, ...).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
