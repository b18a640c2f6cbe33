// Numbers and times as people read them.

export const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** "3 s", "4 min 12 s", "2 h 5 min", "3 d 4 h". */
export function span(ms) {
  if (ms == null || !Number.isFinite(ms)) return '–';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const hr = Math.floor(m / 60);
  if (hr < 48) return `${hr} h ${m % 60} min`;
  return `${Math.floor(hr / 24)} d ${hr % 24} h`;
}

const time = (iso) => (iso ? Date.parse(iso) : null);

/** How long ago the job was submitted. */
export function age(job, now = Date.now()) {
  return span(now - time(job.createdAt));
}

/** Submit to finish, or submit to now while it has not finished (as the job latency metric). */
export function duration(job, now = Date.now()) {
  const end = time(job.finishedAt) ?? (FINISHED.has(job.status) ? null : now);
  return end == null ? '–' : span(end - time(job.createdAt));
}

export function cpu(job) {
  return job.cpuSeconds == null ? '–' : `${Number(job.cpuSeconds).toFixed(job.cpuSeconds < 10 ? 2 : 1)} s`;
}

export function shortId(id) {
  return String(id).slice(0, 8);
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '–';
}

/**
 * JSON.parse that keeps numbers exact: a number that a double would change
 * (12345678901234567890, 1.0) comes back as its source text, a string.
 */
export function parseExact(text) {
  return JSON.parse(text, (key, value, context) =>
    typeof value === 'number' && context?.source != null && String(value) !== context.source
      ? context.source
      : value);
}
