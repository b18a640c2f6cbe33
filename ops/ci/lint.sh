#!/usr/bin/env bash
# Lints the container files: docker-compose.yml (Debian's docker-compose; validating needs no
# Docker engine) and the Dockerfile (dockerfile-utils; any diagnostic, even a warning, fails).
#
#   bash ops/ci/lint.sh          (from the repo root)
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v docker-compose >/dev/null; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose
fi
[ -d tools/node_modules ] || npm ci --prefix tools --no-audit --no-fund

echo "== docker-compose config -q"
docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml: ok"

echo "== dockerfile-utils lint Dockerfile"
# dockerfile-utils exits 0 even with findings, so read its JSON: [] means none.
diagnostics=$(tools/node_modules/.bin/dockerfile-utils lint --json Dockerfile)
if [ "$diagnostics" != "[]" ]; then
  tools/node_modules/.bin/dockerfile-utils lint Dockerfile
  echo "Dockerfile: lint findings above" >&2
  exit 1
fi
echo "Dockerfile: ok"
