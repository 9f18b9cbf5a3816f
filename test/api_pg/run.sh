#!/usr/bin/env bash
# Two `nrm serve` processes against one PostgreSQL (NRM_TEST_PG_URL, in a
# schema of their own), then node's test runner against both.
# Usage: test/api_pg/run.sh path/to/nrm
set -euo pipefail
NRM=$(realpath "${1:?usage: run.sh NRM_BINARY}")
cd "$(dirname "$0")/../.."
if [ -z "${NRM_TEST_PG_URL:-}" ]; then
  if [ "${CI:-}" = true ]; then echo "multiprocess: NRM_TEST_PG_URL is not set (CI=true)"; exit 1; fi
  echo "multiprocess: skipped, NRM_TEST_PG_URL is not set"; exit 0
fi
D=$(mktemp -d /tmp/nrm-mp.XXXXXX)
SCHEMA="nrm_mp_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  /usr/lib/postgresql/15/bin/psql -q "$NRM_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$D"
}
trap cleanup EXIT
/usr/lib/postgresql/15/bin/psql -q "$NRM_TEST_PG_URL" -c "CREATE SCHEMA $SCHEMA" >/dev/null
case "$NRM_TEST_PG_URL" in *\?*) SEP='&';; *) SEP='?';; esac
export NRM_STORE_URL="${NRM_TEST_PG_URL}${SEP}options=-csearch_path%3D${SCHEMA}"
export NRM_MASTER_KEY_FILE="$D/master.key"
head -c 24 /dev/urandom | base64 | tr -d '\n/+=' > "$D/pw"
"$NRM" init --data-dir "$D" --admin-password-file "$D/pw" >/dev/null
"$NRM" demo --data-dir "$D" >/dev/null
for name in a b; do
  NRM_LOGIN_IP_PER_MINUTE=10000 "$NRM" serve --data-dir "$D" --port 0 --port-file "$D/port-$name" >"$D/server-$name.log" 2>&1 &
  PIDS+=($!)
done
for name in a b; do
  for _ in $(seq 1 100); do [ -s "$D/port-$name" ] && break; sleep 0.1; done
  [ -s "$D/port-$name" ] || { echo "multiprocess: server $name did not start"; cat "$D/server-$name.log"; exit 1; }
done
export BASE_URL="http://127.0.0.1:$(cat "$D/port-a")" BASE_URL_A="http://127.0.0.1:$(cat "$D/port-a")" \
       BASE_URL_B="http://127.0.0.1:$(cat "$D/port-b")" CREDS="$D/demo-credentials.json" DATA_DIR="$D"
node --test test/api_pg/
