// The page's router: #/jobs, #/jobs/{id}, #/submit, #/workers. Each view gets an AbortSignal
// that fires when the user leaves it, which stops its streams and timers.
import { ApiError, apiKey, onUnauthorized, setApiKey } from './api.js';
import { h, fill } from './dom.js';
import { jobsView } from './jobs.js';
import { jobView } from './job.js';
import { submitView } from './submit.js';
import { workersView } from './workers.js';

const routes = [
  [/^\/jobs\/([0-9a-fA-F-]{36})$/, jobView, 'jobs'],
  [/^\/jobs$/, jobsView, 'jobs'],
  [/^\/submit$/, submitView, 'submit'],
  [/^\/workers$/, workersView, 'workers'],
];

const main = document.getElementById('main');
let leaving = null;

/** Shows an error where the view would be; a 401 has already opened the key dialog. */
export function errorBox(e) {
  const text = e instanceof ApiError ? e.message : `Something went wrong: ${e?.message ?? e}`;
  return h('p', { class: 'error', role: 'alert' }, text);
}

function route() {
  leaving?.abort();
  leaving = new AbortController();
  const signal = leaving.signal;
  const [path, search] = (location.hash.slice(1) || '/jobs').split('?');
  const query = new URLSearchParams(search ?? '');
  const match = routes.map(([re, view, nav]) => [re.exec(path), view, nav]).find(([m]) => m);
  if (!match) {
    location.replace('#/jobs');
    return;
  }
  const [m, view, nav] = match;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  fill(main);
  view(main, { signal, params: m.slice(1), query }).catch((e) => {
    if (signal.aborted || e?.name === 'AbortError') return;
    main.append(errorBox(e));
  });
}

// Keys: asked for on the first 401, kept in this tab's sessionStorage only.
const keyDialog = document.getElementById('key-dialog');
const keyInput = document.getElementById('key-input');
const keyError = document.getElementById('key-error');
const keyButton = document.getElementById('key-button');

function showKeyButton() {
  keyButton.hidden = !apiKey();
}

function askForKey() {
  if (keyDialog.open) return;
  const wrong = Boolean(apiKey());
  keyError.hidden = !wrong;
  keyError.textContent = wrong ? 'That key was not accepted. Enter another.' : '';
  keyInput.value = '';
  keyDialog.showModal();
}

onUnauthorized(askForKey);
keyButton.addEventListener('click', () => {
  keyError.hidden = true;
  keyInput.value = '';
  keyDialog.showModal();
});
document.getElementById('key-form').addEventListener('submit', (e) => {
  if (e.submitter?.value !== 'save') return;
  setApiKey(keyInput.value.trim());
  showKeyButton();
  route();
});
document.getElementById('key-forget').addEventListener('click', () => {
  setApiKey(null);
  keyDialog.close();
  showKeyButton();
  route();
});

window.addEventListener('hashchange', route);
showKeyButton();
route();
