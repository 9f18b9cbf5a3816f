#!/usr/bin/env bash
# `make run`: first time, creates the embedded store, an administrator and the
# demo users; every time, serves OpenNRM on 127.0.0.1.
set -euo pipefail
NRM=${1:?nrm binary}; DATA=${2:?data dir}; PORT=${3:-8080}
cd "$(dirname "$0")/.."
if [ ! -f "$DATA/nrm.db" ]; then
  mkdir -p "$DATA"; chmod 700 "$DATA"
  umask 077
  pw=$(mktemp); trap 'rm -f "$pw"' EXIT
  head -c 24 /dev/urandom | base64 | tr -d '\n/+=' > "$pw"
  # The demo step below replaces the administrator's password and TOTP secret,
  # so what init prints about them is not shown here.
  "$NRM" init --data-dir "$DATA" --admin-password-file "$pw" > /dev/null
  rm -f "$pw"  # exec below skips the EXIT trap
  "$NRM" demo --data-dir "$DATA"
  echo "run: demo logins (passwords and TOTP secrets) are in $DATA/demo-credentials.json"
fi
exec "$NRM" serve --data-dir "$DATA" --port "$PORT" --web-root web/dist
