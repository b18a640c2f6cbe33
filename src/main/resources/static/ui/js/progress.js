// A progress bar with two parts, completed and failed, out of the job's total.
import { h } from './dom.js';

export function progressBar() {
  const ok = h('span', { class: 'ok' });
  const bad = h('span', { class: 'bad' });
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 }, ok, bad);
  const label = h('span', { class: 'bar-label' });
  return {
    el: h('div', { class: 'progress' }, bar, label),
    set(job) {
      const total = job.total || 0;
      const done = job.completed + job.failed;
      const pct = total ? Math.floor((done * 100) / total) : 100;
      // Widths through the CSSOM: allowed by the page's style-src 'self', unlike style attributes.
      ok.style.width = `${total ? (job.completed * 100) / total : 0}%`;
      bad.style.width = `${total ? (job.failed * 100) / total : 0}%`;
      bar.setAttribute('aria-valuenow', String(pct));
      const text = `${job.completed}/${total}${job.failed ? `, ${job.failed} failed` : ''}`;
      bar.setAttribute('aria-valuetext', `${text} (${pct}%)`);
      label.textContent = text;
    },
  };
}

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

/** The status as a badge; its class comes from a fixed list, never from the data. */
export function statusBadge(status) {
  const known = STATUSES.includes(status) ? status.toLowerCase() : 'unknown';
  return h('span', { class: `badge ${known}`, 'data-status': known.toUpperCase() }, status);
}

export { STATUSES };
