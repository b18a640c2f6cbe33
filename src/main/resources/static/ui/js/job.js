// One job: its view (live), a preview of its results, its errors, downloads, Cancel/Delete.
import { ApiError, call, watchJob } from './api.js';
import { confirmAction } from './confirm.js';
import { announce, fill, h } from './dom.js';
import { cpu, duration, FINISHED, parseExact, when } from './format.js';
import { progressBar, statusBadge } from './progress.js';

const PREVIEW = 100;
const MAX_ERRORS = 100;

export async function jobView(main, { signal, params: [id] }) {
  const progress = progressBar();
  const status = h('span', { id: 'job-status' });
  const facts = h('dl', { class: 'facts' });
  const actions = h('div', { class: 'actions' });
  const message = h('p', { class: 'error', role: 'alert', hidden: true });
  const results = h('section', { id: 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, 'Results'),
    h('p', { class: 'muted' }, 'Shown when the job has finished.'));
  const title = h('h1', {}, 'Job');
  fill(main,
    h('p', {}, h('a', { href: '#/jobs' }, '← All jobs')),
    title,
    h('div', { class: 'job-head' }, status, progress.el),
    message,
    actions,
    facts,
    results);

  let view = null;
  let resultsShown = false;

  function show(v) {
    const statusChanged = view?.status !== v.status;
    view = v;
    title.textContent = `Job ${v.function}`;
    if (statusChanged) {
      fill(status, statusBadge(v.status));
      announce(`Job ${v.status.toLowerCase()}`);
      showActions();
    }
    progress.set(v);
    fill(facts, ...[
      ['Id', h('code', {}, v.id)],
      ['Function', v.function],
      v.owner != null ? ['Owner', v.owner] : null,
      ['Items', `${v.total} (${v.completed} done, ${v.failed} failed)`],
      ['Chunks', `${v.chunks} of up to ${v.chunkSize} items`],
      ['Timeout per chunk', v.timeout],
      ['CPU', cpu(v)],
      ['Submitted', when(v.createdAt)],
      ['Started', when(v.startedAt)],
      ['Finished', when(v.finishedAt)],
      ['Duration', duration(v)],
      ['Nodes', [v.submittedOn, ...(v.nodes ?? [])].filter(Boolean).filter((n, i, a) => a.indexOf(n) === i).join(', ') || '–'],
    ].filter(Boolean).flatMap(([k, val]) => [h('dt', {}, k), h('dd', {}, val)]));
    if (FINISHED.has(v.status) && !resultsShown) {
      resultsShown = true;
      showResults().catch(fail);
    }
  }

  function showActions() {
    const finished = FINISHED.has(view.status);
    const button = finished
      ? h('button', { type: 'button', class: 'danger', id: 'delete-job' }, 'Delete')
      : h('button', { type: 'button', class: 'danger', id: 'cancel-job' }, 'Cancel');
    button.addEventListener('click', async () => {
      const ok = finished
        ? await confirmAction('Delete this job and its results? This cannot be undone.', 'Delete')
        : await confirmAction('Cancel this job? Items not yet run will not run.', 'Cancel job');
      if (!ok) return;
      try {
        const after = await call(`/jobs/${id}`, { method: 'DELETE' });
        if (after) show(after);
        else location.hash = '#/jobs';
      } catch (e) {
        fail(e);
      }
    });
    fill(actions, button);
  }

  async function showResults() {
    const res = await call(`/jobs/${id}/results?offset=0&limit=${PREVIEW}`, { signal, raw: true });
    const body = parseExact(await res.text());
    const values = (body.results ?? []).slice(0, PREVIEW);
    const more = view.total > values.length;
    const preview = h('pre', { id: 'results-preview', tabindex: 0 },
      `[${values.map((x) => (x === null ? 'null' : String(x))).join(',')}${more ? ',…' : ''}]`);
    const errors = (body.errors ?? []).slice(0, MAX_ERRORS);
    fill(results,
      h('h2', { id: 'results-title' }, 'Results'),
      h('p', { class: 'muted' }, more ? `The first ${values.length} of ${view.total} values.` : `All ${values.length} values.`,
        view.failed ? ' null: a failed item (see Errors).' : null,
        view.status === 'CANCELLED' ? ' null: an item that never ran.' : null),
      preview,
      h('p', { class: 'downloads' },
        download('JSON', 'application/json', 'json'), ' ',
        download('NDJSON', 'application/x-ndjson', 'ndjson')),
      errors.length ? [
        h('h2', {}, `Errors (${view.failed})`),
        h('table', { class: 'errors', id: 'errors' },
          h('thead', {}, h('tr', {}, ['Index', 'Input', 'Message'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, errors.map((e) => h('tr', {},
            h('td', { 'data-label': 'Index' }, String(e.index)),
            h('td', { 'data-label': 'Input' }, h('code', {}, String(e.input))),
            h('td', { 'data-label': 'Message' }, e.message))))),
        view.failed > errors.length ? h('p', { class: 'muted' }, `The first ${errors.length}; download for all.`) : null,
      ] : null);
  }

  // A link that fetches with the tab's key (a plain link could not send it) and saves the answer.
  function download(label, accept, ext) {
    const a = h('a', { href: `/jobs/${id}/results`, class: 'button', download: `job-${id}.${ext}` }, `Download ${label}`);
    a.addEventListener('click', async (e) => {
      e.preventDefault();
      try {
        const res = await call(`/jobs/${id}/results`, { accept, raw: true });
        if (!(res.headers.get('Content-Type') || '').startsWith(accept)) {
          throw new ApiError(406, { detail: `This server does not offer ${label} results yet.` });
        }
        const url = URL.createObjectURL(await res.blob());
        const save = h('a', { href: url, download: `job-${id}.${ext}`, hidden: true });
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } catch (err) {
        fail(err);
      }
    });
    return a;
  }

  function fail(e) {
    if (signal.aborted) return;
    message.textContent = e.message;
    message.hidden = false;
  }

  show(await call(`/jobs/${id}`, { signal }));
  if (!FINISHED.has(view.status)) {
    watchJob(id, show, signal).catch(fail);
    // The duration of a running job grows between two views.
    const ticker = setInterval(() => FINISHED.has(view.status) ? clearInterval(ticker) : show(view), 1000);
    signal.addEventListener('abort', () => clearInterval(ticker), { once: true });
  }
}
