#!/usr/bin/env bash
# Black-box API tests: a real `nrm serve` on loopback with a fresh SQLite
# store, driven over HTTP by node's test runner (test/api/*.test.mjs).
# Usage: test/api/run.sh path/to/nrm [test files…]
set -euo pipefail
NRM=$(realpath "${1:?usage: run.sh NRM_BINARY}")
cd "$(dirname "$0")/../.."
D=$(mktemp -d /tmp/nrm-api.XXXXXX)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$D"
}
trap cleanup EXIT
head -c 24 /dev/urandom | base64 | tr -d '\n/+=' > "$D/admin-password"
"$NRM" init --data-dir "$D" --admin-password-file "$D/admin-password" > "$D/init.out"
"$NRM" demo --data-dir "$D" > /dev/null
# A generous per-address limit: every test signs in from 127.0.0.1. The
# address throttle has its own unit test.
NRM_LOGIN_IP_PER_MINUTE=10000 "$NRM" serve --data-dir "$D" --port 0 --port-file "$D/port" > "$D/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do [ -s "$D/port" ] && break; sleep 0.1; done
[ -s "$D/port" ] || { echo "api: server did not start"; cat "$D/server.log"; exit 1; }
export BASE_URL="http://127.0.0.1:$(cat "$D/port")" CREDS="$D/demo-credentials.json" SERVER_LOG="$D/server.log" DATA_DIR="$D" NRM NRM_PID="$SERVER_PID"
shift
# Optional: only the named test files (test/api/x.test.mjs …); default all.
node --test --test-concurrency=1 "${@:-test/api/}"
