#!/usr/bin/env node
// Evaluates every query of the Grafana dashboard against a live Prometheus and fails when one
// errors or returns no data, so a renamed metric cannot leave an empty panel behind.
// Also asserts that forkpool_cpu_core_utilization has one series per logical CPU.
//
//   node ops/ci/check-dashboard.mjs --prometheus http://127.0.0.1:9090 \
//        [--dashboard ops/grafana/dashboards/forkpool.json] [--rate-interval 1m] [--cores N]
//
// Node 20+, no dependencies. Exit code 0 when every query has data, 1 otherwise.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    prometheus: { type: 'string', default: process.env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090' },
    dashboard: { type: 'string', default: 'ops/grafana/dashboards/forkpool.json' },
    'rate-interval': { type: 'string', default: '1m' },
    cores: { type: 'string', default: String(availableParallelism()) },
  },
});

// Grafana's built-in variables and the dashboard's own; "All" of a multi-value variable is its
// allValue (or .*).
const dashboard = JSON.parse(readFileSync(opts.dashboard, 'utf8'));
const variables = {
  __rate_interval: opts['rate-interval'],
  __interval: opts['rate-interval'],
  __range: opts['rate-interval'],
};
for (const v of dashboard.templating?.list ?? []) variables[v.name] = v.allValue ?? '.*';

function substitute(expr) {
  const out = expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (whole, braced, bare) => {
    const name = braced ?? bare;
    if (!(name in variables)) throw new Error(`unknown variable ${whole} in: ${expr}`);
    return variables[name];
  });
  return out;
}

function panelsOf(list) {
  return (list ?? []).flatMap((p) => [p, ...panelsOf(p.panels)]);
}

const queries = [];
for (const panel of panelsOf(dashboard.panels)) {
  for (const t of panel.targets ?? []) {
    if (t.expr) queries.push({ where: `${panel.title} [${t.refId}]`, expr: t.expr });
  }
}
// A variable's label_values(metric, label) query: the metric must have series with that label.
for (const v of dashboard.templating?.list ?? []) {
  const q = typeof v.query === 'string' ? v.query : v.query?.query;
  const m = q?.match(/^label_values\((.+),\s*(\w+)\)$/);
  if (m) queries.push({ where: `variable $${v.name}`, expr: `count by (${m[2]}) (${m[1]})` });
}
if (queries.length === 0) throw new Error(`no queries found in ${opts.dashboard}`);

async function query(expr) {
  const url = `${opts.prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`;
  const res = await fetch(url);
  const body = await res.json().catch(() => ({}));
  if (!res.ok || body.status !== 'success') {
    throw new Error(`HTTP ${res.status}: ${body.errorType ?? ''} ${body.error ?? ''}`.trim());
  }
  return body.data.result;
}

const rows = [];
let failures = 0;
for (const { where, expr } of queries) {
  let series = 0;
  let numeric = 0;
  let problem = '';
  try {
    const result = await query(substitute(expr));
    series = result.length;
    // histogram_quantile over buckets that did not move in the window gives NaN: no real data.
    numeric = result.filter((r) => Number.isFinite(Number(r.value[1]))).length;
    if (series === 0) problem = 'no data';
    else if (numeric === 0) problem = 'only NaN';
  } catch (e) {
    problem = `error: ${e.message}`;
  }
  if (problem) failures++;
  rows.push({ status: problem ? 'FAIL' : 'ok', series, where, expr, problem });
}

const expectedCores = Number(opts.cores);
const cores = await query('forkpool_cpu_core_utilization');
const coreLabels = cores.map((r) => r.metric.core).sort((a, b) => a - b);
const coresOk = cores.length === expectedCores;
if (!coresOk) failures++;

const width = Math.max(...rows.map((r) => r.where.length));
console.log(`dashboard ${opts.dashboard} against ${opts.prometheus}`);
console.log(`${'status'.padEnd(6)} ${'series'.padStart(6)}  ${'panel'.padEnd(width)}  expr`);
for (const r of rows) {
  console.log(`${r.status.padEnd(6)} ${String(r.series).padStart(6)}  ${r.where.padEnd(width)}  ${r.expr}` +
    (r.problem ? `   <-- ${r.problem}` : ''));
}
console.log(`${coresOk ? 'ok' : 'FAIL'}: forkpool_cpu_core_utilization has ${cores.length} series ` +
  `(cores ${coreLabels.join(',') || 'none'}), expected ${expectedCores}`);
if (failures > 0) {
  console.error(`check-dashboard: ${failures} problem(s)`);
  process.exit(1);
}
console.log(`check-dashboard: all ${rows.length} queries returned data`);
