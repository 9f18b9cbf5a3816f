#!/usr/bin/env bash
# Browser tests: starts a throwaway `nrm serve` with the demo users and runs
# test/e2e/*.test.js (node's test runner, playwright-core + Debian's chromium).
#   usage: test/e2e/run.sh NRM_BINARY [test/e2e/x.test.js ...]   (default: all)
# CTest runs it from any directory. Needs `npm ci` and `npm run build:web` first.
set -euo pipefail

NRM=${1:?usage: test/e2e/run.sh NRM_BINARY}
case "$NRM" in /*) ;; *) NRM="$PWD/$NRM" ;; esac
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [ ! -x "$NRM" ]; then
  echo "e2e: $NRM is not an executable nrm binary" >&2
  exit 2
fi
if [ ! -f web/dist/index.html ]; then
  echo "e2e: web/dist/index.html is missing: run 'npm ci && npm run build:web' first" >&2
  exit 2
fi
if [ ! -d node_modules/playwright-core ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "e2e: node_modules is incomplete: run 'npm ci' first" >&2
  exit 2
fi
CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "e2e: no Chromium at $CHROMIUM_PATH (apt-get install chromium)" >&2
  exit 2
fi
export CHROMIUM_PATH

D=$(mktemp -d "${TMPDIR:-/tmp}/nrm-e2e.XXXXXX")
chmod 700 "$D"
SERVER_PID=""
cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -f "$D/server.log" ]; then
    echo "e2e: last lines of the server log:" >&2
    tail -n 40 "$D/server.log" >&2 || true
  fi
  rm -rf "$D"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PWFILE="$D/admin-password"
( umask 077; head -c 24 /dev/urandom | base64 | tr -d '\n/+=' > "$PWFILE" )

"$NRM" init --data-dir "$D" --admin-password-file "$PWFILE" >"$D/init.log" 2>&1 || { cat "$D/init.log" >&2; exit 1; }
"$NRM" demo --data-dir "$D" >"$D/demo.log" 2>&1 || { cat "$D/demo.log" >&2; exit 1; }
if [ ! -f "$D/demo-credentials.json" ]; then
  echo "e2e: nrm demo did not write $D/demo-credentials.json" >&2
  exit 1
fi

"$NRM" serve --data-dir "$D" --port 0 --port-file "$D/port" --web-root web/dist >"$D/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 300); do
  [ -s "$D/port" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "e2e: nrm serve exited early" >&2; exit 1; }
  sleep 0.1
done
PORT=$(tr -dc '0-9' < "$D/port" 2>/dev/null || true)
if [ -z "$PORT" ]; then
  echo "e2e: nrm serve wrote no port file" >&2
  exit 1
fi
BASE_URL="http://127.0.0.1:$PORT"

ready=""
for _ in $(seq 1 300); do
  if node -e "fetch(process.argv[1]).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))" "$BASE_URL/readyz"; then
    ready=1
    break
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "e2e: nrm serve exited early" >&2; exit 1; }
  sleep 0.1
done
if [ -z "$ready" ]; then
  echo "e2e: $BASE_URL/readyz did not answer 200" >&2
  exit 1
fi

echo "e2e: nrm serving $BASE_URL"
# Optional: only the named test files (test/e2e/x.test.js …); default all.
shift
BASE_URL="$BASE_URL" CREDS="$D/demo-credentials.json" node --test --test-concurrency=1 "${@:-test/e2e/}"
