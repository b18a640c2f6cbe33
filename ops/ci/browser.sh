#!/usr/bin/env bash
# Browser tests of the jobs page: Debian's chromium, driven by playwright-core (pinned in
# tools/package.json), against the packaged jar. Runs tools/browser/*.test.mjs with node's test
# runner and writes a screenshot of each page to target/screenshots/.
#
#   bash ops/ci/browser.sh          (from the repo root, after ./mvnw package)
#
# The keys test runs against a second jar started with two API keys (alice and bob, submitters);
# the run fails if that jar does not enforce them (a request without a key must answer 401).
#
# Settings (environment): JAR, JAVA_HOME, CHROMIUM (default /usr/bin/chromium), SCREENSHOTS,
# PAGE_LOADS (loads measured for the load time, default 7).
set -euo pipefail
cd "$(dirname "$0")/../.."

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export SCREENSHOTS=${SCREENSHOTS:-$PWD/target/screenshots}

log() { printf '\n== %s\n' "$*"; }
die() { printf 'browser: %s\n' "$*" >&2; exit 1; }

jar=${JAR:-$(ls target/forkpool-*.jar 2>/dev/null | grep -v -- '-plain' | head -1 || true)}
[ -n "$jar" ] && [ -f "$jar" ] || die "no target/forkpool-*.jar: run ./mvnw -B package first"
if [ ! -x "$CHROMIUM" ]; then
  log "installing Debian's chromium"
  apt-get -o DPkg::Lock::Timeout=600 update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q chromium
fi
[ -d tools/node_modules/playwright-core ] || npm ci --prefix tools --no-audit --no-fund

work=$(mktemp -d)
pids=()
stop() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$? pid
  for pid in "${pids[@]}"; do stop "$pid"; done
  if [ "$rc" -ne 0 ]; then
    for f in "$work"/*.log; do
      [ -f "$f" ] && { printf '\n== %s (last 60 lines)\n' "$f" >&2; tail -n 60 "$f" >&2; }
    done
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
# launch <name> <args...>: starts the jar on a free port with its own data dir, in the background;
# sets url_<name>. await_up <name>: waits until its API answers.
launch() {
  local name=$1 port
  shift
  port=$(free_port)
  printf -v "url_$name" 'http://127.0.0.1:%s' "$port"
  # The actuator on a random port of its own (where the build supports a separate one), so two
  # services never clash; readiness is read from the API port below.
  "$java" -jar "$jar" --server.port="$port" --management.server.port=0 --forkpool.data-dir="$work/$name-data" \
    --forkpool.pool.size=2 "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  printf -v "pid_$name" '%s' "$!"
}
await_up() {
  local name=$1 url pid i
  url=url_$name; url=${!url}
  pid=pid_$name; pid=${!pid}
  for i in $(seq 1 240); do
    # Up when the API answers: 200, or 401 where keys are enforced.
    case $(curl -sS -o /dev/null -w '%{http_code}' "$url/functions" 2>/dev/null) in 200 | 401) break ;; esac
    kill -0 "$pid" 2>/dev/null || die "$name exited while starting"
    [ "$i" -lt 240 ] || die "$name not answering after 120 s"
    sleep 0.5
  done
  echo "$name: $jar on $url (pid $pid)"
}

# Two owners with a key each, as forkpool.security.keys[N].* (hash = sha256: + hex of the key).
export KEY_ALICE="alice-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export KEY_BOB="bob-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
sha() { printf 'sha256:%s' "$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)"; }

# Both start at once; the second has the keys.
log "starting the service, and a second one with API keys"
launch app
launch keys \
  --forkpool.security.keys[0].owner=alice --forkpool.security.keys[0].role=submitter \
  --forkpool.security.keys[0].hash="$(sha "$KEY_ALICE")" \
  --forkpool.security.keys[1].owner=bob --forkpool.security.keys[1].role=submitter \
  --forkpool.security.keys[1].hash="$(sha "$KEY_BOB")"
await_up app
await_up keys
export FORKPOOL_URL=$url_app
probe=$(curl -sS -o /dev/null -w '%{http_code}' "$url_keys/jobs")
[ "$probe" = 401 ] || die "the jar with API keys answered GET /jobs without a key with $probe, not 401"
export FORKPOOL_KEYS_URL=$url_keys
echo "keys are enforced (GET /jobs without a key: 401): the keys test runs"

log "browser tests (chromium $("$CHROMIUM" --version 2>/dev/null | sed -n 's/^Chromium \([^ ]*\).*/\1/p'))"
rm -rf "$SCREENSHOTS" && mkdir -p "$SCREENSHOTS"
node --test --test-concurrency=1 --test-reporter=spec tools/browser/ui.test.mjs tools/browser/keys.test.mjs

log "screenshots in $SCREENSHOTS"
ls -l "$SCREENSHOTS"
