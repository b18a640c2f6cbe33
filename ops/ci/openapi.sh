#!/usr/bin/env bash
# The OpenAPI document as a contract, against the packaged jar:
#   1. redocly lint of docs/openapi.json (recommended rules, redocly.yaml): any finding fails,
#      warnings included;
#   2. the jar serves exactly docs/openapi.json;
#   3. the Java client generated from docs/openapi.json (clients/java, openapi-generator) runs its
#      scenario against the jar;
#   4. the README's "Use it from Python" snippet runs against the jar.
#
#   bash ops/ci/openapi.sh          (from the repo root, after ./mvnw package)
#
# Settings (environment): JAR, JAVA_HOME.
set -euo pipefail
cd "$(dirname "$0")/../.."

jar=${JAR:-$(ls target/forkpool-*.jar 2>/dev/null | head -1 || true)}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

log() { printf '\n== %s\n' "$*"; }
die() { printf 'openapi: %s\n' "$*" >&2; exit 1; }

[ -n "$jar" ] && [ -f "$jar" ] || die "no target/forkpool-*.jar: run ./mvnw -B package first"
[ -d tools/node_modules ] || npm ci --prefix tools --no-audit --no-fund
if ! command -v python3 >/dev/null; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3
fi

log "redocly lint (docs/openapi.json, redocly.yaml)"
# redocly exits 0 on warnings, so read the totals: anything but 0 errors and 0 warnings fails.
lint_json=$(tools/node_modules/.bin/redocly lint --format=json 2>/dev/null || true)
if ! node -e '
  const t = JSON.parse(process.argv[1]).totals;
  console.log(`redocly: ${t.errors} errors, ${t.warnings} warnings, ${t.ignored} ignored`);
  process.exit(t.errors === 0 && t.warnings === 0 ? 0 : 1);' "$lint_json"; then
  tools/node_modules/.bin/redocly lint || true
  die "redocly lint found problems (listed above)"
fi

work=$(mktemp -d)
app_pid=''
# Stops the service by pid: TERM, then KILL after a grace period. Its workers exit on EOF.
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
  stop "$app_pid"
  if [ "$rc" -ne 0 ] && [ -f "$work/app.log" ]; then
    printf '\n== service log (last 80 lines)\n' >&2; tail -n 80 "$work/app.log" >&2 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
app="http://127.0.0.1:$port"
log "starting $jar on port $port"
# The actuator gets a random port of its own: only the API is used here.
"$java" -jar "$jar" --server.port="$port" --management.server.port=0 --forkpool.data-dir="$work/data" \
  >"$work/app.log" 2>&1 &
app_pid=$!
up=''
for _ in $(seq 1 240); do
  if curl -fsS -o /dev/null "$app/functions" 2>/dev/null; then up=1; break; fi
  kill -0 "$app_pid" 2>/dev/null || die "the service exited during start-up"
  sleep 0.5
done
[ -n "$up" ] || die "the service did not answer GET /functions within 120 s"
echo "service answers (pid $app_pid)"

log "the jar serves docs/openapi.json"
curl -fsS "$app/v3/api-docs" >"$work/served.json"
if ! python3 - "$work/served.json" docs/openapi.json <<'PY'
import json, sys
served, committed = (json.load(open(p)) for p in sys.argv[1:])
sys.exit(0 if served == committed else 1)
PY
then
  die "the jar's /v3/api-docs differs from docs/openapi.json; regenerate it with: ./mvnw -B test -Dtest=OpenApiContractTest -Dforkpool.openapi.update=true"
fi
echo "identical"

log "generated Java client (clients/java) against the jar"
./mvnw -B -q -f clients/java/pom.xml clean verify -Dforkpool.url="$app"
grep -h 'Tests run' clients/java/target/surefire-reports/*.txt

log "README: Use it from Python"
# The first python block after the heading, exactly as a reader copies it.
awk '/^## Use it from Python/{s=1} s&&/^```python/{p=1;next} p&&/^```/{exit} p' README.md >"$work/snippet.py"
[ -s "$work/snippet.py" ] || die "no python block under '## Use it from Python' in README.md"
FORKPOOL_URL="$app" timeout 300 python3 "$work/snippet.py" | tee "$work/snippet.out"
for expected in '[1, 4, 9, 16, 25]' \
  "[152415787532388367501905199875019052100, Decimal('6.25')]" \
  '400 urn:forkpool:problem:outside-domain item 1'; do
  grep -qF -- "$expected" "$work/snippet.out" || die "the Python snippet did not print: $expected"
done

log "openapi: all checks passed"
