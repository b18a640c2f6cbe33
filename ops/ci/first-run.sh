#!/usr/bin/env bash
# A newcomer's first run on a machine whose default `java` is 17: the README's two commands with
# JAVA_HOME unset and JDK 17 first on the PATH. Maven runs on 17 and must find the JDK 21+ that
# is installed beside it (maven-toolchains-plugin select-jdk-toolchain, see pom.xml).
#
#   bash ops/ci/first-run.sh          (from the repo root; best on a fresh clone, before any build)
#
# 1. `./mvnw spring-boot:run` in the background: wait for health, square a job, check that the
#    service runs on the toolchain JDK, stop it by pid.
# 2. `./mvnw verify`, but not the whole test suite a second time (.ci/run runs the full
#    `./mvnw -B verify` on JDK 25 right after this): one test class that starts real worker
#    processes. Its bytecode is Java 21, so it can only pass when surefire forks the toolchain JDK;
#    compile, jar, repackage and the skipped-format-check warning run as in a full verify.
# 3. With no JDK 21+ anywhere (hidden by a private bind mount), the first error line says
#    "forkpool needs JDK 21 or newer".
#
# Settings (environment): JDK17_HOME (default: the first /usr/lib/jvm/*17* JDK; installed with apt
# if none), FIRST_RUN_TEST (default WorkerMainTest).
set -euo pipefail
cd "$(dirname "$0")/../.."

log() { printf '\n== %s\n' "$*"; }
die() { printf 'first-run: %s\n' "$*" >&2; exit 1; }
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }

jdk17=${JDK17_HOME:-$(ls -d /usr/lib/jvm/java-17-openjdk-* 2>/dev/null | head -1)}
if [ -z "$jdk17" ] || [ ! -x "$jdk17/bin/java" ]; then
  apt-get -o DPkg::Lock::Timeout=600 update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends openjdk-17-jdk-headless
  jdk17=$(ls -d /usr/lib/jvm/java-17-openjdk-* | head -1)
fi
[ "$(java_major "$jdk17/bin/java")" = 17 ] || die "$jdk17 is not a JDK 17"
test_class=${FIRST_RUN_TEST:-WorkerMainTest}

# The newcomer's shell: no JAVA_HOME, `java` is 17.
unset JAVA_HOME
export PATH="$jdk17/bin:$PATH"
echo "java on PATH: $(java -version 2>&1 | head -1); JAVA_HOME unset"

work=$(mktemp -d)
run_pid=''
stop() {
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop "$run_pid"
  if [ "$rc" -ne 0 ] && [ -f "$work/run.log" ]; then
    printf '\n== spring-boot:run log (last 60 lines)\n' >&2; tail -n 60 "$work/run.log" >&2 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

log "./mvnw spring-boot:run (Maven on JDK 17)"
# Port and data dir by environment (Spring's relaxed binding), so the command stays the README's
# and a shared machine's port 8080 does not matter.
# The actuator has a port of its own (8081 by default), chosen here the same way.
port=$(free_port)
mport=$(free_port)
app="http://127.0.0.1:$port"
health="http://127.0.0.1:$mport/actuator/health"
SERVER_PORT=$port MANAGEMENT_SERVER_PORT=$mport FORKPOOL_DATA_DIR="$work/data" \
  ./mvnw -B spring-boot:run >"$work/run.log" 2>&1 &
run_pid=$!
for i in $(seq 1 600); do
  [[ $(curl -fsS "$health" 2>/dev/null) == *'"status":"UP"'* ]] && break
  kill -0 "$run_pid" 2>/dev/null || die "spring-boot:run exited before the service was UP"
  [ "$i" -lt 600 ] || die "timed out after 300s waiting for $health"
  sleep 0.5
done
grep -F 'Selected JDK toolchain' "$work/run.log" || die "no JDK toolchain was selected"
# The service is the Maven JVM's child (mvnw and mvn exec, so $run_pid is Maven's JVM).
app_pid=$(ps -o pid= --ppid "$run_pid" | head -1 | tr -d ' ')
app_java=$(readlink -f "/proc/$app_pid/exe")
echo "service pid $app_pid runs $app_java (Maven: $(readlink -f "/proc/$run_pid/exe"))"
[ "$(java_major "$app_java")" -ge 21 ] || die "the service runs on $app_java, not a JDK 21+"
# The README's run command caps the service's heap (the JVM's default is a quarter of the host's
# memory, 6 GiB here): a runaway service fails alone instead of taking the machine with it.
max_heap=$("$(dirname "$app_java")/jcmd" "$app_pid" VM.flags | grep -o 'MaxHeapSize=[0-9]*' | head -1 | cut -d= -f2)
echo "service MaxHeapSize: $max_heap bytes"
[ -n "$max_heap" ] && [ "$max_heap" -le $((1024 * 1024 * 1024)) ] \
  || die "the service's heap is not capped at 1 GiB (MaxHeapSize=$max_heap)"
answer=$(curl -fsS -X POST -H 'Content-Type: application/json' -H 'Prefer: wait=30' \
  --data '[1,2,3,4,5]' "$app/jobs/square")
id=$(sed 's/.*"id":"\([^"]*\)".*/\1/' <<<"$answer")
results=$(curl -fsS -H 'Prefer: wait=30' "$app/jobs/$id/results")
echo "$results"
[[ $results == *'"results":[1,4,9,16,25]'* ]] || die "square job: unexpected results"
stop "$run_pid"
run_pid=''
kill -0 "$app_pid" 2>/dev/null && die "the service (pid $app_pid) outlived spring-boot:run"
echo "spring-boot:run: ok (stopped; no process left behind)"

log "./mvnw verify (Maven on JDK 17; one test class, -Dtest=$test_class)"
./mvnw -B verify -Dtest="$test_class" -Dsurefire.failIfNoSpecifiedTests=false | tee "$work/verify.log" \
  | grep -E 'toolchain|Tests run:|formatting check is skipped|BUILD|ERROR' || true
grep -q 'BUILD SUCCESS' "$work/verify.log" || die "./mvnw verify failed under JDK 17 (log above)"
grep -q 'Tests run: [1-9]' "$work/verify.log" || die "no test ran"

log "no JDK 21+ anywhere: the first error line names the problem"
if [ -f "$HOME/.m2/toolchains.xml" ]; then
  echo "skipped: $HOME/.m2/toolchains.xml exists, so the check leaves the choice to select-jdk-toolchain"
elif unshare -m true 2>/dev/null; then
  # Hide every JDK 21+ under /usr/lib/jvm behind an empty directory, in a private mount namespace.
  hide=''
  for jdk in /usr/lib/jvm/*/; do
    [ -x "$jdk/bin/java" ] && [ "$(java_major "$jdk/bin/java")" -ge 21 ] && hide="$hide mount --bind $work/empty $jdk;"
  done
  mkdir -p "$work/empty"
  unshare -m bash -c "$hide ./mvnw -B -o validate" >"$work/nojdk.log" 2>&1 && die "validate passed without a JDK 21+"
  first_error=$(grep -m1 '^\[ERROR\]' "$work/nojdk.log")
  echo "$first_error"
  [[ $first_error == '[ERROR] forkpool needs JDK 21 or newer'*'JAVA_HOME='* ]] \
    || die "the first error line does not say 'forkpool needs JDK 21 or newer' and how to point at one"
else
  echo "skipped: no private mount namespace here to hide the installed JDKs"
fi
echo "first run on JDK 17: ok"
