#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the store tests.
#
#   scripts/pg-test-cluster.sh start DIR   # prints the libpq URL on stdout
#   scripts/pg-test-cluster.sh stop DIR    # stops the cluster and removes DIR
#
# DIR should be a fresh temporary directory (mktemp -d). The cluster listens on
# a Unix socket inside DIR only (no TCP), trusts local connections (the socket
# directory is 0700, so only its owner and root can reach it), runs with
# fsync=off, and has a database `nrm_test`.
#
# initdb and pg_ctl refuse to run as root: as root, they run as the `postgres`
# user (created by Debian's postgresql package) and DIR is handed to it.
# PG_BIN overrides the binaries' directory (default /usr/lib/postgresql/15/bin).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
MARKER=.nrm-pg-test-cluster
DB_NAME=nrm_test

die() { echo "pg-test-cluster: $*" >&2; exit 1; }
usage() { die "usage: $0 start|stop DIR"; }

# Percent-encodes everything but unreserved characters and '/'.
urlencode() {
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9._~/-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2

if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (apt-get install postgresql-15)"
  as_pg() { runuser -u postgres -- "$@"; }
  pg_user=postgres
else
  as_pg() { "$@"; }
  pg_user=$(id -un)
fi

case $cmd in
  start)
    [ -x "$PG_BIN/initdb" ] || die "no initdb in $PG_BIN (apt-get install postgresql-15, or set PG_BIN)"
    mkdir -p -- "$dir"
    dir=$(cd -- "$dir" && pwd -P)
    [ -z "$(ls -A -- "$dir")" ] || die "$dir is not empty"
    # The server's socket path must fit in sun_path (107 bytes).
    [ $((${#dir} + 15)) -lt 108 ] || die "$dir is too long for a Unix socket path; use a shorter one"
    touch -- "$dir/$MARKER"
    chmod 700 -- "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown -R postgres: -- "$dir"
      as_pg test -w "$dir" || die "user postgres cannot reach $dir (is a parent directory private to root?)"
    fi
    # A working directory the server user can read: initdb checks it.
    cd /

    as_pg "$PG_BIN/initdb" -D "$dir/data" -U "$pg_user" -A trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    cat >>"$dir/data/postgresql.conf" <<EOF

# pg-test-cluster.sh: throwaway, Unix socket only, durability off.
listen_addresses = ''
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 32MB
log_min_messages = warning
EOF
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -s start >/dev/null \
      || { cat "$dir/server.log" >&2 2>/dev/null; die "pg_ctl start failed"; }
    as_pg "$PG_BIN/createdb" -h "$dir" -p 5432 -U "$pg_user" "$DB_NAME" \
      || die "createdb failed"
    printf 'postgresql:///%s?host=%s&port=5432&user=%s\n' "$DB_NAME" "$(urlencode "$dir")" "$(urlencode "$pg_user")"
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    dir=$(cd -- "$dir" && pwd -P)
    [ -f "$dir/$MARKER" ] || die "$dir was not made by $0; not touching it"
    cd /
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 60 -s stop >/dev/null \
        || echo "pg-test-cluster: pg_ctl stop failed; removing $dir anyway" >&2
    fi
    rm -rf -- "$dir"
    ;;
  *)
    usage
    ;;
esac
