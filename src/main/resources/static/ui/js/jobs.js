// Jobs, newest first, filtered by status. The list is read again every few seconds (new jobs,
// jobs from other tabs) and up to MAX_STREAMS unfinished rows follow their job's event stream,
// so their bars move in between. The browser opens at most six connections per host over
// HTTP/1.1; streaming every row would starve the page's other requests.
import { call, watchJob } from './api.js';
import { h, fill } from './dom.js';
import { age, cpu, duration, FINISHED, shortId } from './format.js';
import { progressBar, statusBadge, STATUSES } from './progress.js';

const PAGE = 20;
const REFRESH_MS = 3000;
const MAX_STREAMS = 3;

export async function jobsView(main, { signal, query }) {
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : '';
  const filter = h('select', { id: 'status-filter', name: 'status' },
    h('option', { value: '' }, 'All'),
    STATUSES.map((s) => h('option', { value: s, selected: s === status }, s)));
  filter.value = status;
  filter.addEventListener('change', () => {
    location.hash = filter.value ? `#/jobs?status=${filter.value}` : '#/jobs';
  });

  const tbody = h('tbody');
  const empty = h('p', { class: 'muted', hidden: true }, 'No jobs yet. ', h('a', { href: '#/submit' }, 'Submit one'), '.');
  const more = h('button', { type: 'button', class: 'quiet', hidden: true }, 'Older jobs');
  const problem = h('p', { class: 'error', role: 'alert', hidden: true });
  fill(main,
    h('div', { class: 'head' },
      h('h1', {}, 'Jobs'),
      h('div', { class: 'filter' }, h('label', { for: 'status-filter' }, 'Status'), filter)),
    problem,
    h('table', { class: 'jobs', id: 'jobs' },
      h('thead', {}, h('tr', {},
        ['Job', 'Status', 'Progress', 'Age', 'Duration', 'CPU'].map((c) => h('th', { scope: 'col' }, c)))),
      tbody),
    empty,
    more);

  const rows = new Map(); // id -> {view, tr, progress, cells}
  const watching = new Set();
  // Rows whose stream was refused (a job deleted meanwhile): not asked again until the next refresh.
  const refused = new Set();
  let shown = PAGE;
  let next = null;

  function row(view) {
    let r = rows.get(view.id);
    if (!r) {
      const progress = progressBar();
      const cells = {
        status: h('td', { 'data-label': 'Status' }),
        age: h('td', { 'data-label': 'Age' }),
        duration: h('td', { 'data-label': 'Duration' }),
        cpu: h('td', { 'data-label': 'CPU' }),
      };
      const link = h('a', { href: `#/jobs/${view.id}` }, `${view.function} `, h('code', {}, shortId(view.id)));
      const owner = view.owner ? h('span', { class: 'muted owner' }, ` ${view.owner}`) : null;
      const tr = h('tr', { 'data-job-id': view.id },
        h('td', { 'data-label': 'Job' }, link, owner),
        cells.status,
        h('td', { 'data-label': 'Progress' }, progress.el),
        cells.age, cells.duration, cells.cpu);
      r = { tr, progress, cells };
      rows.set(view.id, r);
    }
    update(r, view);
    return r;
  }

  function update(r, view) {
    if (r.view?.status !== view.status) fill(r.cells.status, statusBadge(view.status));
    r.view = view;
    r.progress.set(view);
    tick(r);
  }

  function tick(r) {
    const now = Date.now();
    r.cells.age.textContent = age(r.view, now);
    r.cells.duration.textContent = duration(r.view, now);
    r.cells.cpu.textContent = cpu(r.view);
  }

  function follow() {
    for (const r of rows.values()) {
      if (watching.size >= MAX_STREAMS) return;
      const id = r.view.id;
      if (FINISHED.has(r.view.status) || watching.has(id) || refused.has(id)) continue;
      watching.add(id);
      watchJob(id, (view) => rows.has(id) && update(rows.get(id), view), signal)
        .catch(() => refused.add(id)) // the next refresh shows what there is
        .finally(() => {
          watching.delete(id);
          if (!signal.aborted) follow();
        });
    }
  }

  async function refresh() {
    const params = new URLSearchParams({ limit: String(Math.min(shown, 100)) });
    if (status) params.set('status', status);
    const page = await call(`/jobs?${params}`, { signal });
    const ids = new Set(page.jobs.map((j) => j.id));
    for (const id of rows.keys()) if (!ids.has(id)) rows.delete(id);
    const trs = page.jobs.map((j) => row(j).tr);
    // Reorder only when the order changed, so keyboard focus in a row survives a refresh.
    const same = trs.length === tbody.children.length && trs.every((tr, i) => tbody.children[i] === tr);
    if (!same) tbody.replaceChildren(...trs);
    next = page.next;
    more.hidden = !next || shown >= 100;
    empty.hidden = trs.length > 0;
    problem.hidden = true;
    refused.clear();
    follow();
  }

  more.addEventListener('click', () => {
    shown += PAGE;
    refresh().catch(showProblem);
  });

  function showProblem(e) {
    if (signal.aborted) return;
    problem.textContent = e.message;
    problem.hidden = false;
  }

  await refresh();
  const timers = [
    setInterval(() => refresh().catch(showProblem), REFRESH_MS),
    setInterval(() => rows.forEach(tick), 1000),
  ];
  signal.addEventListener('abort', () => timers.forEach(clearInterval), { once: true });
}
