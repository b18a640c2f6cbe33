// Workers and cores, read from GET /pool every second while the page is open.
import { call, sleep } from './api.js';
import { fill, h } from './dom.js';
import { shortId } from './format.js';

const POLL_MS = 1000;

export async function workersView(main, { signal }) {
  const tbody = h('tbody');
  const cores = h('div', { class: 'cores', id: 'cores' });
  const problem = h('p', { class: 'error', role: 'alert', hidden: true });
  fill(main,
    h('h1', {}, 'Workers'),
    problem,
    h('table', { class: 'workers', id: 'workers' },
      h('thead', {}, h('tr', {},
        ['Slot', 'State', 'PID', 'Tasks', 'Restarts', 'Current chunk'].map((c) => h('th', { scope: 'col' }, c)))),
      tbody),
    h('h2', {}, 'CPU cores'),
    h('p', { class: 'muted' }, 'Busy share of each logical CPU of the host over the last second; other processes count too.'),
    cores);

  const slotRows = [];
  const coreBars = [];

  function showWorkers(workers) {
    workers.forEach((w, i) => {
      if (!slotRows[i]) {
        const cells = ['Slot', 'State', 'PID', 'Tasks', 'Restarts', 'Current chunk'].map((l) => h('td', { 'data-label': l }));
        slotRows[i] = { tr: h('tr', { 'data-slot': w.slot }, cells), cells };
        tbody.append(slotRows[i].tr);
      }
      const [slot, state, pid, tasks, restarts, running] = slotRows[i].cells;
      slot.textContent = String(w.slot);
      fill(state, h('span', { class: `state ${/^[A-Z_]+$/.test(w.state) ? w.state.toLowerCase() : ''}` }, w.state));
      pid.textContent = w.pid == null ? '–' : String(w.pid);
      tasks.textContent = String(w.tasks);
      const r = Object.entries(w.restarts ?? {}).filter(([, n]) => n > 0);
      restarts.textContent = r.length ? r.map(([reason, n]) => `${reason} ${n}`).join(', ') : 'none';
      const chunks = w.running ?? [];
      if (running.dataset.key !== JSON.stringify(chunks)) {
        running.dataset.key = JSON.stringify(chunks);
        fill(running, chunks.length ? chunks.map((c, j) => [j ? ', ' : '',
          h('a', { href: `#/jobs/${c.jobId}` }, h('code', {}, shortId(c.jobId))), ` from item ${c.startIndex}${c.started === false ? " (queued)" : ""}`]) : '–');
      }
    });
    while (slotRows.length > workers.length) slotRows.pop().tr.remove();
  }

  function showCores(list) {
    list.forEach((c, i) => {
      if (!coreBars[i]) {
        const fillEl = h('span', { class: 'fill' });
        const value = h('span', { class: 'value' });
        const bar = h('div', { class: 'bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100,
          'aria-label': `CPU ${c.core}` }, fillEl);
        coreBars[i] = { el: h('div', { class: 'core' }, h('span', { class: 'name' }, `CPU ${c.core}`), bar, value), bar, fillEl, value };
        cores.append(coreBars[i].el);
      }
      const pct = Math.round(Math.min(1, Math.max(0, c.utilization)) * 100);
      coreBars[i].fillEl.style.width = `${pct}%`;
      coreBars[i].bar.setAttribute('aria-valuenow', String(pct));
      coreBars[i].value.textContent = `${pct}%`;
    });
    while (coreBars.length > list.length) coreBars.pop().el.remove();
  }

  while (!signal.aborted) {
    try {
      const pool = await call('/pool', { signal });
      showWorkers(pool.workers);
      showCores(pool.cores);
      problem.hidden = true;
    } catch (e) {
      if (signal.aborted) return;
      problem.textContent = e.message;
      problem.hidden = false;
    }
    await sleep(POLL_MS, signal);
  }
}
