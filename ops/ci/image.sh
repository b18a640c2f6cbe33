#!/usr/bin/env bash
# Builds the real Dockerfile with podman and smoke-runs the image, then runs two replicas of the
# compose file's app service on the host's PostgreSQL.
#
#   bash ops/ci/image.sh          (from the repo root, as root)
#
# The smoke run shows: health on the management port and a `square` job with the right results,
# with API keys given as environment variables (a request without a key gets 401); the service runs
# as a non-root user; its workers are its child processes inside the container; the HEALTHCHECK
# command passes; the service maps app.aot, the pool builds its worker AOT cache on the data volume
# and respawned workers map it; what both save (service start and worker respawn with and
# without); kill -9 of a worker is survived; a job and the worker cache outlive the container on
# the data volume. The compose replicas read their keys from a keys file, as the compose file has
# it. It prints the image size and how long the build took.
#
# Base images: the Dockerfile's FROM images are pulled when the machine can pull them. Where it
# cannot (this CI machine has no registry access), the script makes STAND-INS under the same names:
# a Debian bookworm minbase root file system (debootstrap) with this machine's Temurin 25 JDK
# (build stage) or a jlink'ed JRE of it (runtime stages) in /opt/java/openjdk, as the real images
# have it. They are labelled dev.forkpool.stand-in=true and kept in podman's image store, so the
# next run reuses them; a real pull replaces them.
#
# Settings (environment): IMAGE (localhost/forkpool:ci), CACHE_DIR (/var/cache/forkpool-ci: the
# Maven repository of the build stage and the debootstrap root file system), STANDIN_JDK
# (/usr/lib/jvm/temurin-25-jdk-amd64), DEBIAN_MIRROR (http://deb.debian.org/debian), AOT_RUNS (2),
# PG_URL (jdbc:postgresql://127.0.0.1:5432/test), PG_USER (postgres), COMPOSE_REPLICAS (2).
set -euo pipefail
cd "$(dirname "$0")/../.."

image=${IMAGE:-localhost/forkpool:ci}
cache=${CACHE_DIR:-/var/cache/forkpool-ci}
standin_jdk=${STANDIN_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
aot_runs=${AOT_RUNS:-2}
pg_url=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
pg_user=${PG_USER:-postgres}
replicas=${COMPOSE_REPLICAS:-2}
pool_size=2
# Bump when make_standin changes, so cached stand-ins are made again.
standin_recipe=2
tag=fp-ci-$$
script_start=$(date +%s.%N)

log() { printf '\n== %s\n' "$*"; }
die() { printf 'image: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v psql >/dev/null || need+=(postgresql-client)
python3 -c 'import yaml' 2>/dev/null || need+=(python3-yaml)
if [ ${#need[@]} -gt 0 ]; then
  apt-get -o DPkg::Lock::Timeout=600 update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q "${need[@]}"
fi
df -h / | tail -1 | awk '{ print "disk: " $4 " free on /" }'

# --- podman run flags this sandbox needs (each one is explained in README.md, "Container image") --
# --runtime runc:   crun (podman's default here) cannot set up this machine's cgroup v1 hierarchy.
# --ulimit nofile / nproc: as root, podman raises the container's limits to 1048576, above this
#                   sandbox's hard limits, which it may not raise ("error setting rlimit type 7:
#                   operation not permitted"). nofile: the hard limit we have; nproc: 32768 (the
#                   sandbox refuses 65536 and more although `ulimit -Hu` says 96365), far above what
#                   a service and its workers use.
# Networking: podman's default bridge with a loopback port map, as the compose file has it. The
# compose replicas use --network host instead, to reach the host's PostgreSQL on 127.0.0.1.
nproc=$(ulimit -Hu)
[ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
# --health-interval disable: podman runs a HEALTHCHECK from a systemd timer, and there is no systemd
#                   here; the check is run with `podman healthcheck run` instead.
run_flags=(--runtime runc --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit "nproc=$nproc:$nproc"
  --health-interval disable)

# API keys for the run: an admin (actuator details, /actuator/pool) and a submitter.
hash() { printf 'sha256:%s' "$(printf %s "$1" | sha256sum | cut -d' ' -f1)"; }
admin_key=fp_ci_admin_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
user_key=fp_ci_user_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
key_env=(-e FORKPOOL_SECURITY_KEYS_0_OWNER=ci-admin -e FORKPOOL_SECURITY_KEYS_0_ROLE=admin
  -e "FORKPOOL_SECURITY_KEYS_0_HASH=$(hash "$admin_key")"
  -e FORKPOOL_SECURITY_KEYS_1_OWNER=ci -e FORKPOOL_SECURITY_KEYS_1_ROLE=submitter
  -e "FORKPOOL_SECURITY_KEYS_1_HASH=$(hash "$user_key")")

containers=()
volumes=()
schema=''

work=$(mktemp -d)
cleanup() {
  local rc=$? c
  if [ "$rc" -ne 0 ]; then
    for c in "${containers[@]}"; do
      printf '\n== log of container %s (last 60 lines)\n' "$c" >&2
      podman logs --tail 60 "$c" >&2 2>&1 || true
    done
  fi
  for c in "${containers[@]}"; do podman rm -f -v -t 5 "$c" >/dev/null 2>&1 || true; done
  for c in "${volumes[@]}"; do podman volume rm -f "$c" >/dev/null 2>&1 || true; done
  [ -z "$schema" ] || psql -h 127.0.0.1 -U "$pg_user" -d "${pg_url##*/}" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- base images ------------------------------------------------------------------------------
# debootstrap once; the root file system is kept in the cache directory.
rootfs() {
  if [ ! -f "$cache/rootfs/.complete" ]; then
    rm -rf "$cache/rootfs.tmp"
    mkdir -p "$cache"
    echo "debootstrap --variant=minbase bookworm (once; cached in $cache/rootfs)"
    debootstrap --variant=minbase bookworm "$cache/rootfs.tmp" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
    rm -rf "$cache/rootfs"
    mv "$cache/rootfs.tmp" "$cache/rootfs"
    touch "$cache/rootfs/.complete"
  fi
}

# make_standin <image name> <jdk|jre>
make_standin() {
  local name=$1 kind=$2 dir="$work/standin-$2" mods
  rootfs
  echo "making STAND-IN $name: Debian bookworm minbase + $(basename "$standin_jdk") ($kind)"
  mkdir -p "$dir"
  cp -a "$cache/rootfs/." "$dir/"
  rm -f "$dir/.complete"
  # As Docker's official Debian and Ubuntu images: no package files or lists kept, and apt removes
  # the .deb files it downloads, so a layer that installs packages holds only what they install.
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  cat >"$dir/etc/apt/apt.conf.d/docker-clean" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
CONF
  mkdir -p "$dir/opt/java"
  if [ "$kind" = jdk ]; then
    cp -a "$standin_jdk" "$dir/opt/java/openjdk"
  else
    # A JRE as the eclipse-temurin:*-jre images ship one: the runtime modules, no compiler or
    # tools; with its default CDS archive.
    mods=$("$standin_jdk/bin/java" --list-modules | sed 's/@.*//' \
      | grep -v -E '^jdk\.(jcmd|jconsole|jdeps|jdi|jdwp\.agent|jlink|jpackage|jshell|jstatd|javadoc|compiler|hotspot\.agent|internal\.(ed|jvmstat|le|opt)|jartool|editpad)$' \
      | paste -sd,)
    "$standin_jdk/bin/jlink" --add-modules "$mods" --strip-debug --no-man-pages --no-header-files \
      --generate-cds-archive --output "$dir/opt/java/openjdk" >/dev/null 2>&1
  fi
  # Debian's Temurin package links cacerts to /etc/ssl/certs/java/cacerts; the real images carry
  # the file itself. Copy the targets of absolute links in.
  find "$dir/opt/java/openjdk" -type l -lname '/*' | while read -r link; do
    cp --remove-destination "$(readlink -f "$standin_jdk/${link#"$dir/opt/java/openjdk/"}")" "$link"
  done
  tar -C "$dir" -cf "$work/standin-$kind.tar" .
  podman import -q \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'LABEL dev.forkpool.stand-in=true' \
    --change "LABEL dev.forkpool.stand-in.version=$standin_recipe" \
    --change 'CMD ["bash"]' \
    "$work/standin-$kind.tar" "$name" >/dev/null
  rm -rf "$dir" "$work/standin-$kind.tar"
}

# ensure_base <name as the Dockerfile writes it>
ensure_base() {
  local short=$1 full="docker.io/library/$1" kind=jre standin
  [[ $short == maven:* || $short == *-jdk* ]] && kind=jdk
  if timeout 600 podman pull -q "$full" >/dev/null 2>"$work/pull.log"; then
    echo "$short: pulled the real image"
    return
  fi
  if podman image exists "$full"; then
    standin=$(podman image inspect --format '{{index .Config.Labels "dev.forkpool.stand-in"}}' "$full")
    standin_version=$(podman image inspect --format '{{index .Config.Labels "dev.forkpool.stand-in.version"}}' "$full")
    if [ "$standin" != true ]; then
      echo "$short: cannot pull now; using the real image already here"
      return
    fi
    if [ "$standin_version" = "$standin_recipe" ]; then
      echo "$short: cannot pull ($(tail -1 "$work/pull.log" | cut -c1-100)...); using the cached STAND-IN"
      return
    fi
    echo "$short: cannot pull; the cached STAND-IN is of an older recipe (${standin_version:-1}), making it again"
    make_standin "$full" "$kind"
    return
  fi
  echo "$short: cannot pull ($(tail -1 "$work/pull.log" | cut -c1-100)...)"
  make_standin "$full" "$kind"
}

log "base images"
t0=$(now)
for base in $(awk 'toupper($1) == "FROM" { print $2 }' Dockerfile | sort -u); do
  # Stage names (FROM build AS ...; COPY --from=...) are not images.
  grep -qiE "^FROM .* AS $base\$" Dockerfile && continue
  ensure_base "$base"
done
for base in $(awk 'toupper($1) == "FROM" { print $2 }' Dockerfile | sort -u); do
  podman image exists "docker.io/library/$base" || continue
  if [ "$(podman image inspect --format '{{index .Config.Labels "dev.forkpool.stand-in"}}' "docker.io/library/$base")" = true ]; then
    echo "NOTE: $base is a local STAND-IN (Debian + Temurin 25 from this machine), not the real image;"
    echo "      on a machine that can pull docker.io, the real image is used."
  fi
done
echo "base images ready in $(secs "$t0" "$(now)") s"

# --- build ------------------------------------------------------------------------------------
log "podman build (the real Dockerfile)"
# --isolation chroot: RUN steps in a chroot; the OCI runtimes cannot create build containers here.
# --format docker:   the OCI image format has no HEALTHCHECK; podman would drop it.
# --pull=never:      the base images are the ones prepared above.
# -v $cache/m2:      the build stage's Maven repository survives between runs (a cache, like
#                    BuildKit's cache mounts); the image does not depend on it.
mkdir -p "$cache/m2"
t0=$(now)
podman build --isolation chroot --format docker --pull=never \
  -v "$cache/m2:/root/.m2:Z" -t "$image" . 2>&1 | tee "$work/build.log" | grep -E '^(STEP|COMMIT)|rror' || true
[ "${PIPESTATUS[0]}" -eq 0 ] || { tail -40 "$work/build.log" >&2; die "podman build failed"; }
build_secs=$(secs "$t0" "$(now)")
size=$(podman image inspect --format '{{.Size}}' "$image")
echo "built $image in ${build_secs} s; image size $((size / 1000000)) MB"

# --- smoke run --------------------------------------------------------------------------------
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
# start <name> <port> <management port> [podman run options...]: runs the image detached with the
# sandbox's flags, its ports 8080 and 8081 on 127.0.0.1:<port> and <management port>; with
# net=host, on the host's network with SERVER_PORT=<port>, MANAGEMENT_SERVER_PORT=<management port>.
net=bridge
start() {
  local name=$1 port=$2 mport=$3
  shift 3
  containers+=("$name")
  if [ "$net" = host ]; then
    set -- --network host -e SERVER_PORT="$port" -e MANAGEMENT_SERVER_PORT="$mport" "$@"
  else
    set -- -p "127.0.0.1:$port:8080" -p "127.0.0.1:$mport:8081" "$@"
  fi
  # (podman 4.3 logs errors about healthcheck timers even with --health-interval disable.)
  podman run -d --name "$name" "${run_flags[@]}" -e FORKPOOL_POOL_SIZE="$pool_size" "$@" "$image" \
    >/dev/null 2>"$work/run.err" || { cat "$work/run.err" >&2; die "podman run $name failed"; }
  grep -v 'systemd connection' "$work/run.err" >&2 || true
}
wait_up() { # wait_up <name> <management port>
  local name=$1 port=$2 i
  for i in $(seq 1 360); do
    [[ $(curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null) == *'"status":"UP"'* ]] && return 0
    [ "$(podman inspect --format '{{.State.Running}}' "$name")" = true ] || die "container $name exited"
    sleep 0.5
  done
  die "timed out waiting for $name on port $port to be UP"
}
stop_rm() {
  # -v: also the anonymous volume the image's VOLUME gives a container without one. (podman logs
  # an error about a healthcheck timer it never created: no systemd here.)
  podman rm -f -v -t 10 "$1" 2>&1 | grep -v -e 'healthcheck' -e "^[0-9a-f]\{64\}\$" -e "^$1\$" || true
  local c keep=()
  for c in "${containers[@]}"; do [ "$c" = "$1" ] || keep+=("$c"); done
  containers=("${keep[@]+"${keep[@]}"}")
}
auth=(-H "Authorization: Bearer $user_key")
square() { # square <port> <json array>: POST with Prefer: wait, then the results
  local id
  id=$(curl -fsS "${auth[@]}" -X POST -H 'Content-Type: application/json' -H 'Prefer: wait=30' --data "$2" \
    "http://127.0.0.1:$1/jobs/square" | sed 's/.*"id":"\([^"]*\)".*/\1/')
  echo "$id"
}
results() { curl -fsS "${auth[@]}" -H 'Prefer: wait=30' "http://127.0.0.1:$1/jobs/$2/results"; }
# worker_cache <management port>: the pool's worker AOT cache state (/actuator/pool, admin only).
worker_cache() {
  curl -fsS -H "Authorization: Bearer $admin_key" "http://127.0.0.1:$1/actuator/pool" \
    | sed -n 's/.*"workerCache":"\([^"]*\)".*/\1/p'
}
# wait_cache <management port>: until the worker cache is ready; dies if it failed.
wait_cache() {
  local i c
  for i in $(seq 1 480); do
    c=$(worker_cache "$1")
    case $c in
      ready:*) return 0 ;;
      failed:* | off:*) die "worker AOT cache: $c" ;;
    esac
    sleep 0.5
  done
  die "the worker AOT cache was not ready within 240 s (last: $c)"
}
# respawn <name>: kill -9 of the first worker; waits for its replacement's handshake log line.
respawn() {
  local n=$1 before i ws
  before=$(podman logs "$n" 2>&1 | grep -c 'handshake in' || true)
  mapfile -t ws < <(workers "$n")
  in_container "$n" "kill -9 ${ws[0]}"
  for i in $(seq 1 240); do
    [ "$(podman logs "$n" 2>&1 | grep -c 'handshake in' || true)" -gt "$before" ] && return 0
    sleep 0.25
  done
  die "no replacement for worker ${ws[0]} in $n"
}
# in_container <name> <sh script>: runs as the image's user.
in_container() { podman exec "$1" sh -c "$2"; }
# Worker pids: the service's (pid 1's) children whose command line runs WorkerMain, not the
# pool's worker AOT cache training or check runs (-XX:AOTCacheOutput, -XX:AOTMode=on).
workers() {
  in_container "$1" 'for p in /proc/[0-9]*; do
      [ "$(awk "{print \$4}" $p/stat 2>/dev/null)" = 1 ] || continue
      c=$(tr "\0" " " <$p/cmdline 2>/dev/null)
      case $c in *-XX:AOTCacheOutput=* | *-XX:AOTMode=on*) continue ;; esac
      case $c in *dev.forkpool.worker.WorkerMain*) echo ${p#/proc/} ;; esac
    done'
}

log "smoke run"
volume=$tag-data
podman volume create "$volume" >/dev/null
volumes+=("$volume")
port=$(free_port)
mport=$(free_port)
name=$tag-smoke
start "$name" "$port" "$mport" -v "$volume:/app/data" "${key_env[@]}"
wait_up "$name" "$mport"
echo "health UP on the management port ($mport; API on $port), keys from the environment"
code=$(curl -s -o "$work/401.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data '[1]' "http://127.0.0.1:$port/jobs/square")
echo "POST /jobs/square without a key: $code $(cat "$work/401.json")"
[ "$code" = 401 ] || die "a request without a key got $code, not 401"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$mport/actuator/pool")
[ "$code" = 401 ] || die "/actuator/pool without a key got $code, not 401"
# (grep -q would stop reading early, and curl's failed write fail the pipe: read it all first.)
curl -fsS "http://127.0.0.1:$mport/actuator/prometheus" >"$work/metrics"
grep -q '^forkpool_' "$work/metrics" \
  || die "/actuator/prometheus without a key has no forkpool_ metrics"
echo "management port: /actuator/pool without a key 401, /actuator/prometheus open"
id=$(square "$port" '[1,2,3,4,5]')
res=$(results "$port" "$id")
echo "$res"
[[ $res == *'"status":"SUCCEEDED"'*'"results":[1,4,9,16,25]'* ]] || die "square job: unexpected results"

uid=$(in_container "$name" 'awk "/^Uid:/ {print \$2}" /proc/1/status')
user=$(in_container "$name" 'id -un')
cmd1=$(in_container "$name" 'tr "\0" " " </proc/1/cmdline')
echo "pid 1 runs as uid $uid ($user): $cmd1"
[ "$uid" != 0 ] || die "the service runs as root"

mapfile -t pids < <(workers "$name")
echo "workers (children of pid 1 in the container): ${pids[*]}"
[ "${#pids[@]}" -eq "$pool_size" ] || die "expected $pool_size worker processes, found ${#pids[@]}"

in_container "$name" "grep -q /app/app.aot /proc/1/maps" || die "the service does not map /app/app.aot"
t0=$(now)
wait_cache "$mport"
wcache=$(worker_cache "$mport")
wcache=${wcache#ready: }
echo "the pool's worker AOT cache is ready (waited $(secs "$t0" "$(now)") s after the first job): $wcache"
case $wcache in /app/data/worker-cache/*) ;; *) die "the worker cache is not on the data volume" ;; esac
echo "on the volume: $(in_container "$name" "du -sk ${wcache%/worker.aot} | cut -f1") kB (worker.aot $(in_container "$name" "du -k $wcache | cut -f1") kB, the rest its class path copy)"
podman logs "$name" 2>&1 | grep -E 'worker AOT cache built' | sed 's/.*\(worker AOT cache built in [0-9]* ms\).*/\1/'
respawn "$name"
mapfile -t pids < <(workers "$name")
cached=''
for p in "${pids[@]}"; do in_container "$name" "grep -q '$wcache' /proc/$p/maps" && cached=$p; done
[ -n "$cached" ] || die "no respawned worker maps $wcache"
echo "AOT caches mapped: /app/app.aot by the service, the pool's $wcache by respawned worker $cached"
# The worker JVM alone, started with a live worker's own command line, alternately with and
# without its cache (-Xlog:class+load counts the classes the cache served): less noise than
# respawns in a service.
wcmd=$(in_container "$name" "tr '\\0' '\\n' </proc/$cached/cmdline")
wcmd_without=$(grep -v '^-XX:AOTCache=' <<<"$wcmd" | paste -sd' ')
wcmd_with=$(paste -sd' ' <<<"$wcmd")
in_container "$name" '
  ms() { s=$(date +%s%N); "$@" </dev/null >/dev/null 2>&1; echo $((($(date +%s%N) - s) / 1000000)); }
  for i in 1 2 3 4 5 6 7; do
    echo "worker-with $(ms '"$wcmd_with"')"
    echo "worker-without $(ms '"$wcmd_without"')"
  done
  '"${wcmd_with/ -cp / -Xlog:class+load=info:stderr -cp }"' </dev/null 2>&1 >/dev/null \
    | awk "/source: shared objects file/ { s++ } /source:/ { n++ } END { print \"worker classes from the AOT cache: \" s \" of \" n }"
' | tee "$work/aot-direct"

# The image's HEALTHCHECK, as podman would run it (a timer needs systemd; this runs it once).
podman inspect --format '{{json .Config.Healthcheck}}' "$name"
podman healthcheck run "$name" && echo "HEALTHCHECK: healthy" || die "the HEALTHCHECK command failed"

log "kill -9 of a worker inside the container"
victim=${pids[0]}
in_container "$name" "kill -9 $victim"
for i in $(seq 1 120); do
  mapfile -t now_pids < <(workers "$name")
  if [ "${#now_pids[@]}" -eq "$pool_size" ] && ! printf '%s\n' "${now_pids[@]}" | grep -qx "$victim"; then break; fi
  [ "$i" -lt 120 ] || die "no replacement for worker $victim"
  sleep 0.5
done
echo "worker $victim killed; workers now: ${now_pids[*]}"
id2=$(square "$port" '[6,7,8]')
res=$(results "$port" "$id2")
[[ $res == *'"results":[36,49,64]'* ]] || die "square after kill -9: $res"
echo "square after kill -9: ok"
# JVM log lines such as "[0.011s][warning][aot] ... mismatch": a cache would be ignored.
if podman logs "$name" 2>&1 | grep -E '\[(warning|error)\]\[(aot|cds)|worker AOT cache .*unusable|no worker AOT cache'; then
  die "the JVM or the pool reported an AOT cache problem (above)"
fi

log "the data volume keeps a job across a container restart"
stop_rm "$name"
name=$tag-smoke2
start "$name" "$port" "$mport" -v "$volume:/app/data" "${key_env[@]}"
wait_up "$name" "$mport"
res=$(results "$port" "$id")
echo "$res"
[[ $res == *'"results":[1,4,9,16,25]'* ]] || die "job $id was not kept on the volume"
echo "a new container on the same volume answers job $id"
mapfile -t pids < <(workers "$name")
in_container "$name" "grep -q '$wcache' /proc/${pids[0]}/maps" \
  || die "the new container's first workers do not start with the kept worker cache"
wait_cache "$mport"
podman logs "$name" 2>&1 | grep -q 'worker AOT cache built' && die "the kept worker cache was built again"
echo "its first workers start with the worker cache kept on the volume (not built again)"
stop_rm "$name"

# --- AOT caches: what they save ----------------------------------------------------------------
log "AOT caches: service start and worker respawn, with and without ($aot_runs runs each)"
default_java_opts=$(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" \
  | sed -n 's/^JAVA_OPTS=//p')
no_aot_java_opts=$(tr ' ' '\n' <<<"$default_java_opts" | grep -v '^-XX:AOTCache=' | paste -sd' ')
# measure <label> <java opts> <worker cache true|false>: appends "label start_s handshake_ms..."
measure() {
  local label=$1 jopts=$2 wcache=$3 r n started hs k
  for r in $(seq 1 "$aot_runs"); do
    n=$tag-aot-$label-$r
    port=$(free_port)
    mport=$(free_port)
    start "$n" "$port" "$mport" "${key_env[@]}" -e JAVA_OPTS="$jopts" -e FORKPOOL_POOL_AOT_CACHE="$wcache"
    wait_up "$n" "$mport"
    # With the pool's cache: respawns once it is built (a fresh data volume builds it first).
    [ "$wcache" = false ] || wait_cache "$mport"
    # The first workers' handshakes may come after health is UP; they are not respawns.
    for i in $(seq 1 240); do
      [ "$(podman logs "$n" 2>&1 | grep -c 'handshake in' || true)" -ge "$pool_size" ] && break
      sleep 0.25
    done
    first=$(( $(podman logs "$n" 2>&1 | grep -c 'handshake in' || true) + 1 ))
    # Respawns after kill -9 measure a worker's spawn alone, not competing with the service's start.
    for k in 1 2 3; do respawn "$n"; done
    started=$(podman logs "$n" 2>&1 | sed -n 's/.*Started ForkpoolApplication in \([0-9.]*\) seconds.*/\1/p')
    hs=$(podman logs "$n" 2>&1 | sed -n 's/.*handshake in \([0-9]*\) ms.*/\1/p' | tail -n +"$first" | paste -sd' ')
    echo "$label $started $hs" >>"$work/aot"
    stop_rm "$n"
  done
}
measure with "$default_java_opts" true
measure without "$no_aot_java_opts" false
# The service on app.aot and the workers without the pool's cache: respawns compared with "with"
# differ in the worker cache alone.
measure worker-only "$default_java_opts" false
python3 - "$work/aot" "$work/aot-direct" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def med(label, col):
    vals = [float(v) for r in rows if r[0] == label for v in (r[1:2] if col == 'start' else r[2:])]
    return statistics.median(vals), vals
for col, unit, what, base, base_what in (
        ('start', 's', 'service start ("Started ForkpoolApplication in")', 'without', 'without'),
        ('spawn', 'ms', 'worker respawn after kill -9, spawn to HELLO', 'without', 'without either cache'),
        ('spawn', 'ms', 'worker respawn after kill -9, spawn to HELLO', 'worker-only',
         'service with app.aot, workers without the pool\'s cache')):
    w, wv = med('with', col)
    n, nv = med(base, col)
    print(f"{what}: with AOT caches median {w:g} {unit} {wv}, {base_what} {n:g} {unit} {nv}; "
          f"ratio {n / w:.2f}x")
direct = [l.split() for l in open(sys.argv[2]) if l.startswith('worker-with')]
w = statistics.median(float(r[1]) for r in direct if r[0] == 'worker-with')
n = statistics.median(float(r[1]) for r in direct if r[0] == 'worker-without')
print(f"worker JVM alone, start to HELLO to exit on EOF (n=7, alternating): with AOT cache median {w:g} ms, "
      f"without {n:g} ms; without/with = {n / w:.2f}x")
EOF
echo "(medians on a shared, loaded 2-core machine; compare the ratio, not the absolute figures)"

# --- compose: two replicas of the app service on one PostgreSQL ------------------------------------
log "compose app service x$replicas on the host's PostgreSQL"
docker-compose -f docker-compose.yml config -q
# The app service's environment, as docker-compose resolves it, with the database pointed at the
# host's PostgreSQL (a fresh schema) instead of the compose file's postgres service.
schema="forkpool_ci_$$"
psql -h 127.0.0.1 -U "$pg_user" -d "${pg_url##*/}" -qc "CREATE SCHEMA $schema" >/dev/null
# The keys file the compose file mounts (FORKPOOL_KEYS_FILE), made for this run.
printf '# CI keys\nci-admin admin %s\nci submitter %s\n' "$(hash "$admin_key")" "$(hash "$user_key")" >"$work/keys"
chmod 644 "$work/keys"
export FORKPOOL_KEYS_FILE=$work/keys
docker-compose -f docker-compose.yml config >"$work/compose.yml"
python3 - "$work/compose.yml" >"$work/app.volumes" <<'PY'
import sys, yaml
for v in yaml.safe_load(open(sys.argv[1]))["services"]["app"].get("volumes", []):
    if isinstance(v, dict):
        v = f"{v['source']}:{v['target']}" + (":ro" if v.get("read_only") else "")
    print(v)
PY
vol_flags=()
while read -r v; do vol_flags+=(-v "$v"); done <"$work/app.volumes"
echo "app volumes (from docker-compose config): ${vol_flags[*]}"
python3 -c '
import sys, yaml
env = yaml.safe_load(sys.stdin)["services"]["app"].get("environment", {})
items = env.items() if isinstance(env, dict) else (e.split("=", 1) for e in env)
for k, v in items:
    print(f"{k}={v}")' <"$work/compose.yml" >"$work/app.env"
sed -i -e "s|^SPRING_DATASOURCE_URL=.*|SPRING_DATASOURCE_URL=$pg_url?currentSchema=$schema|" \
  -e "s|^SPRING_DATASOURCE_USERNAME=.*|SPRING_DATASOURCE_USERNAME=$pg_user|" \
  -e "s|^SPRING_DATASOURCE_PASSWORD=.*|SPRING_DATASOURCE_PASSWORD=|" "$work/app.env"
grep -q '^MANAGEMENT_SERVER_PORT=8081$' "$work/app.env" || die "the compose file does not set MANAGEMENT_SERVER_PORT=8081"
grep -q 'port: 8081' ops/prometheus/prometheus.yml || die "ops/prometheus/prometheus.yml does not scrape port 8081"
# On the host network every replica needs its own ports: start() sets them.
sed -i -e '/^SERVER_PORT=/d' -e '/^MANAGEMENT_SERVER_PORT=/d' "$work/app.env"
echo "app environment (from docker-compose config, database pointed at the host, ports per replica):"
sed 's/^/  /' "$work/app.env"
ports=()
mports=()
net=host
for r in $(seq 1 "$replicas"); do
  p=$(free_port)
  ports+=("$p")
  mp=$(free_port)
  mports+=("$mp")
  start "$tag-app-$r" "$p" "$mp" --env-file "$work/app.env" "${vol_flags[@]}" -e FORKPOOL_NODE_ID="app-$r"
done
for r in $(seq 1 "$replicas"); do wait_up "$tag-app-$r" "${mports[$((r - 1))]}"; done
echo "replicas UP on API ports ${ports[*]}, management ports ${mports[*]} (host network), keys from the keys file"
podman healthcheck run "$tag-app-1" && echo "HEALTHCHECK on MANAGEMENT_SERVER_PORT=${mports[0]}: healthy" \
  || die "the HEALTHCHECK does not follow MANAGEMENT_SERVER_PORT"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[0]}/jobs")
[ "$code" = 401 ] || die "a replica answered GET /jobs without a key with $code, not 401"
echo "GET /jobs without a key: 401"
curl -fsS "http://127.0.0.1:${mports[0]}/actuator/prometheus" >"$work/metrics"
grep -q '^forkpool_' "$work/metrics" \
  || die "a replica's /actuator/prometheus (what Prometheus scrapes) has no forkpool_ metrics"
echo "/actuator/prometheus on the management port answers without a key, as Prometheus scrapes it"
id=$(curl -fsS "${auth[@]}" -X POST -H 'Content-Type: application/json' --data '[1,2,3,4,5,6,7,8]' \
  "http://127.0.0.1:${ports[0]}/jobs/square?chunkSize=1" | sed 's/.*"id":"\([^"]*\)".*/\1/')
res=$(results "${ports[$((replicas - 1))]}" "$id")
echo "submitted to app-1, read from app-$replicas: $res"
[[ $res == *'"results":[1,4,9,16,25,36,49,64]'* ]] || die "the job was not shared through PostgreSQL"
curl -fsS "${auth[@]}" "http://127.0.0.1:${ports[0]}/jobs/$id" | sed 's/.*\("nodes":[^]]*]\).*/job ran on \1/'
for r in $(seq 1 "$replicas"); do stop_rm "$tag-app-$r"; done
log "summary"
echo "image $image: $((size / 1000000)) MB; build ${build_secs} s; this script $(secs "$script_start" "$(now)") s"
echo "image: ok"
