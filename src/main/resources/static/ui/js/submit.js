// Submit a job: a function from GET /functions, a JSON array, and the chunk options. The server
// checks the input; its problem+json detail is shown next to the field it is about.
import { ApiError, call } from './api.js';
import { fill, h } from './dom.js';

function field(id, label, control, hint) {
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  control.id = id;
  control.setAttribute('aria-describedby', [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '));
  return {
    el: h('div', { class: 'field' },
      h('label', { for: id }, label),
      hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
      control,
      error),
    control,
    error,
  };
}

/** Which field a problem is about. */
function fieldOf(problem) {
  const type = String(problem.type ?? '').replace('urn:forkpool:problem:', '');
  const detail = String(problem.detail ?? '');
  if (type === 'unknown-function') return 'function';
  if (type === 'invalid-option' && /^chunk ?size|chunkSize/i.test(detail)) return 'chunkSize';
  if (type === 'invalid-option' && /timeout/i.test(detail)) return 'timeout';
  if (type === 'invalid-option' && /chunk/i.test(detail)) return 'chunkSize';
  return 'items';
}

export async function submitView(main, { signal }) {
  const functions = await call('/functions', { signal });
  const select = h('select', { name: 'function' }, functions.map((f) => h('option', { value: f.name }, f.name)));
  const description = h('p', { class: 'hint', id: 'function-description' });
  const describe = () => {
    description.textContent = functions.find((f) => f.name === select.value)?.description ?? '';
  };
  // square is the headline example; preselect it when the service has it.
  if (functions.some((f) => f.name === 'square')) select.value = 'square';
  select.addEventListener('change', describe);
  describe();

  const fields = {
    function: field('function', 'Function', select),
    items: field('items', 'Items', h('textarea', { name: 'items', rows: 6, spellcheck: 'false', required: true,
      placeholder: '[1, 2, 3, 4, 5]' }), 'A JSON array of numbers.'),
    chunkSize: field('chunkSize', 'Chunk size', h('input', { name: 'chunkSize', type: 'number', min: 1, step: 1,
      inputmode: 'numeric' }), 'Items per chunk; empty lets the service choose.'),
    timeout: field('timeout', 'Timeout per chunk', h('input', { name: 'timeout', type: 'text', spellcheck: 'false',
      placeholder: 'PT30S' }), 'ISO-8601 (PT30S) or seconds (30); empty for the default.'),
  };
  fields.function.el.append(description);
  const formError = h('p', { class: 'error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit' }, 'Submit');
  const form = h('form', { id: 'submit-form', novalidate: true },
    Object.values(fields).map((f) => f.el), formError, h('div', { class: 'actions' }, submit));
  fill(main, h('h1', {}, 'Submit a job'), form);

  function clearErrors() {
    for (const f of Object.values(fields)) {
      f.error.hidden = true;
      f.error.textContent = '';
      f.control.removeAttribute('aria-invalid');
    }
    formError.hidden = true;
  }

  function showError(name, text) {
    const f = fields[name];
    f.error.textContent = text;
    f.error.hidden = false;
    f.control.setAttribute('aria-invalid', 'true');
    f.control.focus();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors();
    const items = fields.items.control.value.trim();
    if (!items) {
      showError('items', 'Enter a JSON array of numbers, such as [1, 2, 3].');
      return;
    }
    const params = new URLSearchParams();
    const chunkSize = fields.chunkSize.control.value.trim();
    const timeout = fields.timeout.control.value.trim();
    if (chunkSize) params.set('chunkSize', chunkSize);
    if (timeout) params.set('timeout', timeout);
    const query = params.size ? `?${params}` : '';
    submit.disabled = true;
    try {
      const job = await call(`/jobs/${encodeURIComponent(select.value)}${query}`, { method: 'POST', body: items });
      location.hash = `#/jobs/${job.id}`;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return; // the key dialog is open
      if (err instanceof ApiError && err.status < 500 && err.status !== 429) {
        showError(fieldOf(err.problem), err.message);
      } else {
        formError.textContent = err.message;
        formError.hidden = false;
      }
    } finally {
      submit.disabled = false;
    }
  });
  fields.items.control.focus();
}
