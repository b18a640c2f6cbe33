// The API client of the page: every call carries the tab's key (if any) as a Bearer header and
// never a cookie; errors come back as ApiError holding the problem+json body.
import { FINISHED } from './format.js';

const KEY = 'forkpool.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

/** An answer other than 2xx; problem is the problem+json body, or a stand-in built from the status. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

let unauthorized = () => {};

/** Called on every 401, so the page can ask for a key. */
export function onUnauthorized(fn) {
  unauthorized = fn;
}

/**
 * fetch() with the key and JSON handling. Options: method, body (a string, sent as JSON), accept,
 * signal, raw (return the Response instead of its parsed body).
 */
export async function call(path, { method = 'GET', body, accept = 'application/json', signal, raw = false } = {}) {
  const headers = { Accept: accept };
  const key = apiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body, signal, cache: 'no-store', credentials: 'omit' });
  if (!res.ok) {
    let problem = null;
    try {
      problem = await res.json();
    } catch {
      // not JSON: the status alone says it
    }
    if (res.status === 401) unauthorized();
    throw new ApiError(res.status, problem);
  }
  if (raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

/**
 * The server-sent events of a response, as {event, data}. EventSource cannot send an
 * Authorization header, so the stream is read with fetch and parsed here.
 */
export async function* serverEvents(path, signal) {
  const res = await call(path, { accept: 'text/event-stream', signal, raw: true });
  if (!(res.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
    throw new ApiError(406, { detail: 'not an event stream' });
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = 'message';
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if (line === '') {
          if (data.length) yield { event, data: data.join('\n') };
          event = 'message';
          data = [];
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let v = colon < 0 ? '' : line.slice(colon + 1);
          if (v.startsWith(' ')) v = v.slice(1);
          if (field === 'event') event = v;
          else if (field === 'data') data.push(v);
        }
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

const POLL_MS = 1000;

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

/**
 * Calls onView with each new view of the job until it has finished or signal aborts, from
 * GET /jobs/{id}/events. Only if the stream breaks or ends early (network, a proxy, a restart)
 * does it poll GET /jobs/{id} instead; a refusal (401, 403, 404 for another owner's or a deleted
 * job) is the answer and is thrown.
 */
export async function watchJob(id, onView, signal) {
  try {
    for await (const ev of serverEvents(`/jobs/${encodeURIComponent(id)}/events`, signal)) {
      if (ev.event !== 'job') continue;
      const view = JSON.parse(ev.data);
      onView(view);
      if (FINISHED.has(view.status)) return view;
    }
  } catch (e) {
    if (signal?.aborted) return null;
    // 406: something between us and the service answered with other than an event stream.
    if (e instanceof ApiError && e.status < 500 && e.status !== 406) throw e;
  }
  try {
    while (!signal?.aborted) {
      const view = await call(`/jobs/${encodeURIComponent(id)}`, { signal });
      onView(view);
      if (FINISHED.has(view.status)) return view;
      await sleep(POLL_MS, signal);
    }
  } catch (e) {
    if (!signal?.aborted) throw e;
  }
  return null;
}

export { sleep };
