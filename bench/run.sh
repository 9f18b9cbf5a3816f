#!/usr/bin/env bash
# Load benchmark: an authenticated GET /api/v1/agencies on `nrm serve`
# against nginx serving a static JSON file of the same size, both on
# loopback, measured with wrk in the same run. Prints both request rates,
# latency percentiles and their ratio.
# Usage: bench/run.sh path/to/nrm [seconds] [connections] [wrk-threads]
set -euo pipefail
NRM=$(realpath "${1:?usage: bench/run.sh NRM_BINARY [seconds] [connections] [threads]}")
SECS=${2:-10}; CONNS=${3:-32}; WRK_THREADS=${4:-1}
cd "$(dirname "$0")/.."
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "bench: needs wrk and nginx (make deps)"; exit 1; }
D=$(mktemp -d /tmp/nrm-bench.XXXXXX); chmod 755 "$D"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$D"; }
trap cleanup EXIT

head -c 24 /dev/urandom | base64 | tr -d '\n/+=' > "$D/pw"
"$NRM" init --data-dir "$D/data" --admin-password-file "$D/pw" >/dev/null
"$NRM" demo --data-dir "$D/data" >/dev/null
NRM_ACCESS_LOG=false "$NRM" serve --data-dir "$D/data" --port 0 --port-file "$D/port" 2>"$D/server.log" >/dev/null &
PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$D/port" ] && break; sleep 0.1; done
PORT=$(cat "$D/port")
PW=$(python3 -c 'import json,sys; print([u for u in json.load(open(sys.argv[1]))["users"] if u["username"]=="border.officer"][0]["password"])' "$D/data/demo-credentials.json")
COOKIE=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  --data "{\"username\":\"border.officer\",\"password\":\"$PW\"}" "http://127.0.0.1:$PORT/api/v1/session" \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')
[ -n "$COOKIE" ] || { echo "bench: login failed"; exit 1; }
mkdir -p "$D/www"
curl -s -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/api/v1/agencies" > "$D/www/agencies.json"
SIZE=$(stat -c %s "$D/www/agencies.json")

NGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$D/nginx/logs"
cat > "$D/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $D/nginx/nginx.pid;
error_log $D/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $D/nginx; proxy_temp_path $D/nginx; fastcgi_temp_path $D/nginx; uwsgi_temp_path $D/nginx; scgi_temp_path $D/nginx;
  server {
    listen 127.0.0.1:$NGPORT;
    location / { root $D/www; default_type application/json; }
  }
}
CONF
nginx -p "$D/nginx" -c "$D/nginx/nginx.conf" &
PIDS+=($!)
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$NGPORT/agencies.json" -o /dev/null && break; sleep 0.1; done

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "payload: $SIZE bytes; wrk: ${SECS}s, $CONNS connections, $WRK_THREADS thread(s); nrm threads: $(nproc)"
run() { wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECS}s" --latency "$@"; }
echo; echo "== nrm: authenticated GET /api/v1/agencies =="
run -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/api/v1/agencies" | tee "$D/nrm.txt"
echo; echo "== nginx: static file of the same size =="
run "http://127.0.0.1:$NGPORT/agencies.json" | tee "$D/nginx.txt"
a=$(awk '/Requests\/sec/{print $2}' "$D/nrm.txt"); b=$(awk '/Requests\/sec/{print $2}' "$D/nginx.txt")
echo; echo "summary: nrm $a req/s, nginx $b req/s, ratio nrm/nginx = $(python3 -c "print(round($a/$b, 3))")"
grep -q " 200 \| 2xx" "$D/nrm.txt" || true
if grep -q "Non-2xx" "$D/nrm.txt"; then echo "bench: nrm answered errors during the run"; exit 1; fi

# The referral path and the Coordinator's desk through the services (SQLite
# only here; NRM_BENCH_PG_URL adds PostgreSQL), when built next to nrm.
BIN=$(dirname "$NRM")
if [ -x "$BIN/referral_bench" ] && [ -x "$BIN/desk_bench" ]; then
  echo; echo "== referral path (bench/referral_bench.cc) =="; "$BIN/referral_bench" 1
  echo; echo "== Coordinator's desk (bench/desk_bench.cc) =="; "$BIN/desk_bench" data/plan-2004.json
fi
