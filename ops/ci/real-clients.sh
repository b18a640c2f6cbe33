#!/usr/bin/env bash
# Runs the packaged service against real clients: httpyac over http-examples/, curl, and a real
# Prometheus scraping it every second. Then checks that every Grafana dashboard query returns
# data, lints the metrics text with promtool, and prints the per-core utilisation Prometheus saw
# while a CPU-heavy job kept every worker busy.
#
#   bash ops/ci/real-clients.sh          (from the repo root, after ./mvnw package)
#
# Settings (environment): JAR, JAVA_HOME, HTTPYAC_ENV (default local), SPIN_ITEMS,
# SPIN_ITERATIONS, SAMPLE_SECONDS, MIN_CORE_UTILISATION (mean over cores; 0 turns it off).
set -euo pipefail
cd "$(dirname "$0")/../.."

jar=${JAR:-target/forkpool-0.1.0-SNAPSHOT.jar}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
httpyac_env=${HTTPYAC_ENV:-local}
# spin costs about 2 ns a round: 20 items of 10^9 rounds per core keep every worker busy ~40 s,
# longer than the sampling below needs. Work still queued at the end dies with the service.
spin_items=${SPIN_ITEMS:-$((20 * $(nproc)))}
spin_iterations=${SPIN_ITERATIONS:-1000000000}
sample_seconds=${SAMPLE_SECONDS:-15}
min_core_utilisation=${MIN_CORE_UTILISATION:-0.5}
prometheus=${PROMETHEUS:-/usr/bin/prometheus}
promtool=${PROMTOOL:-/usr/bin/promtool}

log() { printf '\n== %s\n' "$*"; }
die() { printf 'real-clients: %s\n' "$*" >&2; exit 1; }

[ -f "$jar" ] || die "$jar not found: run ./mvnw -B package first"
[ -d http-examples ] || die "http-examples/ not found"
[ -d tools/node_modules ] || npm ci --prefix tools --no-audit --no-fund
if [ ! -x "$prometheus" ] || [ ! -x "$promtool" ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus
fi

work=$(mktemp -d)
app_pid=''
prom_pid=''
# Stops what this script started, by pid: TERM, then KILL after a grace period. The service's
# worker processes exit by themselves on EOF on stdin once the service is gone.
stop() {
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop "$prom_pid"
  stop "$app_pid"
  if [ "$rc" -ne 0 ]; then
    printf '\n== service log (last 80 lines)\n' >&2; tail -n 80 "$work/app.log" >&2 || true
    printf '\n== prometheus log (last 20 lines)\n' >&2; tail -n 20 "$work/prometheus.log" >&2 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
# wait_for <seconds> <description> <command...>: retries the command every 0.5 s.
wait_for() {
  local seconds=$1 what=$2 i
  shift 2
  for i in $(seq 1 $((seconds * 2))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  die "timed out after ${seconds}s waiting for $what"
}

app_port=$(free_port)
app="http://127.0.0.1:$app_port"
# The actuator has a port of its own (management.server.port, 8081 by default).
mgmt_port=$(free_port)
mgmt="http://127.0.0.1:$mgmt_port"
log "starting $jar on port $app_port (actuator on $mgmt_port)"
"$java" -Xmx1g -jar "$jar" --server.port="$app_port" --management.server.port="$mgmt_port" \
  --forkpool.data-dir="$work/data" >"$work/app.log" 2>&1 &
app_pid=$!
# Outputs are captured before matching: `curl | grep -q` can fail under pipefail when grep
# exits before curl has written everything.
health_up() { [[ $(curl -fsS "$mgmt/actuator/health") == *'"status":"UP"'* ]]; }
# prom_has_data <promql>: true when the instant query returns at least one series.
prom_has_data() {
  [[ $(curl -fsS "$prom/api/v1/query" --data-urlencode "query=$1") == *'"value"'* ]]
}
wait_for 120 "$mgmt/actuator/health to be UP" health_up
echo "service is UP (pid $app_pid)"

# Prometheus starts before any job runs, so it sees every counter move.
prom_port=$(free_port)
prom="http://127.0.0.1:$prom_port"
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: forkpool
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ['127.0.0.1:$mgmt_port']
EOF
log "starting prometheus on port $prom_port"
"$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prom_pid=$!
wait_for 60 "prometheus to scrape the service" prom_has_data 'up{job="forkpool"} == 1'

log "http-examples with httpyac (env $httpyac_env)"
shopt -s nullglob
http_files=(http-examples/*.http)
shopt -u nullglob
[ ${#http_files[@]} -gt 0 ] || die "no .http files in http-examples/"
# --var overrides the value from http-client.env.json, so the examples hit this run's port.
(cd http-examples && ../tools/node_modules/.bin/httpyac send "${http_files[@]#http-examples/}" --all \
  --env "$httpyac_env" --var "host=$app" --var "management=$mgmt" \
  --output short --no-color)

# Two small jobs a few scrapes apart: a counter or histogram series is born with its first
# value, so rate() only moves from the second job on.
submit() {
  curl -fsS -X POST -H 'Content-Type: application/json' --data "$2" "$app/jobs/$1"
  echo
}
log "small jobs"
submit square '[1, 2, 3, 4, 5]'
sleep 3
submit square '[6, 7, 8, 9, 10]'
sleep 3

log "CPU-heavy job: $spin_items x spin($spin_iterations), one item per chunk"
spin_body=$(node -e 'console.log(JSON.stringify(Array(+process.argv[1]).fill(+process.argv[2])))' \
  "$spin_items" "$spin_iterations")
curl -fsS -X POST -H 'Content-Type: application/json' --data "$spin_body" "$app/jobs/spin?chunkSize=1"
echo
wait_for 60 "every worker to be busy" \
  prom_has_data 'sum(forkpool_worker_busy) >= scalar(sum(forkpool_pool_workers_desired))'
echo "every worker is busy; sampling for ${sample_seconds}s"
sleep "$sample_seconds"

log "per-core utilisation"
curl -fsS "$prom/api/v1/query" \
  --data-urlencode "query=avg_over_time(forkpool_cpu_core_utilization[${sample_seconds}s])" \
  >"$work/per-core.json"
# Prints "per-core utilisation (avg over 15s): core 0 = 0.98, core 1 = 0.97 (mean 0.98)" and
# exits 1 when there is no series or the mean is below the floor.
node - "$work/per-core.json" "$min_core_utilisation" "$sample_seconds" <<'EOF' \
  || die "per-core utilisation missing or below $min_core_utilisation while every worker spins (raise SPIN_ITERATIONS if the spin job ended too soon)"
const [file, floor, seconds] = process.argv.slice(2);
const cores = JSON.parse(require('fs').readFileSync(file, 'utf8')).data.result
  .map((s) => [Number(s.metric.core), Number(s.value[1])])
  .sort((a, b) => a[0] - b[0]);
const mean = cores.reduce((t, [, v]) => t + v, 0) / cores.length;
console.log(`per-core utilisation (avg over ${seconds}s): ` +
  (cores.map(([c, v]) => `core ${c} = ${v.toFixed(2)}`).join(', ') || 'no series') +
  (cores.length ? ` (mean ${mean.toFixed(2)})` : ''));
process.exit(cores.length > 0 && mean >= Number(floor) ? 0 : 1);
EOF

log "dashboard queries"
node ops/ci/check-dashboard.mjs --prometheus "$prom" --rate-interval 1m --cores "$(nproc)"

log "promtool check metrics"
curl -fsS "$mgmt/actuator/prometheus" >"$work/metrics.txt"
# promtool exits 1 when the text does not parse and 3 on lint findings: both fail the run.
if ! "$promtool" check metrics <"$work/metrics.txt"; then
  die "promtool check metrics found problems in /actuator/prometheus (listed above)"
fi
echo "promtool: no findings"

log "real clients: all checks passed"
