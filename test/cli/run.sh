#!/usr/bin/env bash
# Black-box tests of the `nrm` command line against real SQLite stores.
# Usage: test/cli/run.sh path/to/nrm
set -uo pipefail
NRM=$(realpath "${1:?usage: run.sh NRM_BINARY}")
D=$(mktemp -d /tmp/nrm-cli.XXXXXX)
trap 'rm -rf "$D"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); echo "ok - $1"; }
no() { fail=$((fail+1)); echo "FAIL - $1"; }
expect_ok() { local name=$1; shift; if out=$("$@" 2>&1); then ok "$name"; else no "$name: $out"; fi; }
# Fails with exit 1 or 2 and a single "nrm: error:" line on stderr.
expect_err() {
  local name=$1 pattern=$2; shift 2
  local err; err=$("$@" 2>&1 >/dev/null); local rc=$?
  if [ $rc -ne 0 ] && [ "$(printf '%s\n' "$err" | grep -c .)" -eq 1 ] && printf '%s' "$err" | grep -q "^nrm: error: .*$pattern"; then ok "$name"
  else no "$name (rc=$rc): $err"; fi
}

for sub in "" serve init migrate backup restore demo "user" "user add" "user list" "user disable" "user reset-password" keys "keys status" "keys rotate" "keys rotate-field-key" audit "audit verify" "audit checkpoint" "audit export-checkpoints"; do
  # shellcheck disable=SC2086
  if "$NRM" $sub --help | grep -qi "usage"; then ok "--help: nrm $sub"; else no "--help: nrm $sub"; fi
done

printf 'Strong-keeper-passphrase-1\n' > "$D/pw"
printf 'short\n' > "$D/weak"
: > "$D/empty"
expect_err "init needs the password file" "admin-password-file" "$NRM" init --data-dir "$D/s1"
expect_err "init refuses a missing password file" "cannot read" "$NRM" init --data-dir "$D/s1" --admin-password-file "$D/nope"
expect_err "init refuses an empty password file" "empty" "$NRM" init --data-dir "$D/s1" --admin-password-file "$D/empty"
expect_err "init refuses a weak password" "12" "$NRM" init --data-dir "$D/s1" --admin-password-file "$D/weak"
out=$("$NRM" init --data-dir "$D/s1" --admin-password-file "$D/pw" 2>&1)
if printf '%s' "$out" | grep -q "otpauth://totp/"; then ok "init creates the administrator and shows the TOTP secret once"; else no "init: $out"; fi
[ "$(stat -c %a "$D/s1")" = 700 ] && ok "data directory is private (0700)" || no "data dir mode $(stat -c %a "$D/s1")"
out=$("$NRM" init --data-dir "$D/s1" --admin-password-file "$D/pw" 2>&1)
if printf '%s' "$out" | grep -q "already initialised" && ! printf '%s' "$out" | grep -q otpauth; then ok "init is idempotent"; else no "second init: $out"; fi
expect_ok "migrate" "$NRM" migrate --data-dir "$D/s1"

# Keys: a private master key file, created once, never printed.
[ "$(stat -c %a "$D/s1/master.key")" = 600 ] && ok "master.key is 0600" || no "master.key mode"
printf '%s' "$out" | grep -q "back up" && no "second init mentions a new key" || ok "second init keeps the key"
key_before=$(cat "$D/s1/master.key")
status=$("$NRM" keys status --data-dir "$D/s1" 2>&1)
if printf '%s' "$status" | grep -q field && printf '%s' "$status" | grep -q blind-index && printf '%s' "$status" | grep -q audit-signing && ! printf '%s' "$status" | grep -q "$key_before"; then ok "keys status lists purposes, never the key"; else no "keys status: $status"; fi
expect_ok "rotate-field-key" "$NRM" keys rotate-field-key --data-dir "$D/s1"
"$NRM" keys status --data-dir "$D/s1" | grep -Eq "field +2" && ok "field key version 2 after rotation" || no "field key version: $("$NRM" keys status --data-dir "$D/s1")"
chmod 644 "$D/s1/master.key"
expect_err "a readable key file is refused" "0600 or stricter" "$NRM" user list --data-dir "$D/s1"
chmod 600 "$D/s1/master.key"
mv "$D/s1/master.key" "$D/key.bak"
expect_err "a missing key is explained" "not found: restore it" "$NRM" user list --data-dir "$D/s1"
mv "$D/key.bak" "$D/s1/master.key"
expect_err "a wrong master key is refused" "does not match this store" env NRM_MASTER_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" "$NRM" user list --data-dir "$D/s1"
expect_err "keys rotate needs the new key file" "required" "$NRM" keys rotate --data-dir "$D/s1"
expect_ok "keys rotate" "$NRM" keys rotate --data-dir "$D/s1" --new-master-key-file "$D/new.key"
expect_err "the old key no longer opens the store" "does not match" "$NRM" user list --data-dir "$D/s1"
mv "$D/new.key" "$D/s1/master.key"
expect_ok "the new key opens it" "$NRM" user list --data-dir "$D/s1"
mkdir -p "$D/fresh"
expect_err "serve before init" "nrm init" "$NRM" serve --data-dir "$D/fresh" --port 0

printf 'Border-post-passphrase-7\n' > "$D/upw"
expect_ok "user add" "$NRM" user add --data-dir "$D/s1" --username b.officer --display-name "Orxan İsmayılov" --agency border --role border_officer --password-file "$D/upw"
expect_err "user add refuses a duplicate" "exists" "$NRM" user add --data-dir "$D/s1" --username b.officer --display-name X --agency border --role border_officer --password-file "$D/upw"
expect_err "user add refuses an unknown role" "role" "$NRM" user add --data-dir "$D/s1" --username x.y --display-name X --agency border --role wizard --password-file "$D/upw"
expect_err "user add refuses an unknown agency" "agency" "$NRM" user add --data-dir "$D/s1" --username x.y --display-name X --agency atlantis --role donor --password-file "$D/upw"
list=$("$NRM" user list --data-dir "$D/s1")
if printf '%s' "$list" | grep -q "^b.officer .*active .*border_officer"; then ok "user list shows the new user"; else no "user list: $list"; fi
expect_ok "user disable" "$NRM" user disable --data-dir "$D/s1" --username b.officer
"$NRM" user list --data-dir "$D/s1" | grep -q "^b.officer .*disabled" && ok "user list shows disabled" || no "disabled not shown"
expect_err "disable an unknown user" "no such user" "$NRM" user disable --data-dir "$D/s1" --username ghost
printf 'Another-strong-passphrase\n' > "$D/npw"
expect_ok "reset-password" "$NRM" user reset-password --data-dir "$D/s1" --username b.officer --password-file "$D/npw"
expect_err "reset-password refuses a weak password" "12" "$NRM" user reset-password --data-dir "$D/s1" --username b.officer --password-file "$D/weak"

expect_ok "demo" "$NRM" demo --data-dir "$D/s1"
f="$D/s1/demo-credentials.json"
[ "$(stat -c %a "$f")" = 600 ] && ok "demo-credentials.json is 0600" || no "credentials mode $(stat -c %a "$f")"
n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["users"]))' "$f")
[ "$n" = 13 ] && ok "13 demo users" || no "demo users: $n"
names=$(python3 -c 'import json,sys; print(" ".join(sorted(u["username"] for u in json.load(open(sys.argv[1]))["users"])))' "$f")
[ "$names" = "admin analyst border.officer coordinator donor donor.second hotline.operator ministry.focal ngo.caseworker police.liaison shelter.staff spu.investigator spu.supervisor" ] && ok "demo usernames" || no "demo usernames: $names"
expect_ok "demo again (resets)" "$NRM" demo --data-dir "$D/s1"

# Audit: intact after normal use; a checkpoint signs it; edits made directly
# in the database file (triggers dropped, as an attacker would) are named.
out=$("$NRM" audit verify --data-dir "$D/s1" 2>&1) && printf '%s' "$out" | grep -q "audit log intact" && ok "audit verify on an intact log" || no "audit verify: $out"
expect_ok "audit checkpoint" "$NRM" audit checkpoint --data-dir "$D/s1"
"$NRM" audit export-checkpoints --data-dir "$D/s1" --output "$D/cp.json" >/dev/null 2>&1 && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) >= 1 and "root_hash" in d[0]' "$D/cp.json" && ok "export-checkpoints" || no "export-checkpoints"
n=$(sqlite3 "$D/s1/nrm.db" "SELECT COUNT(*) FROM audit_entries")
if [ "${n:-0}" -ge 3 ]; then
  cp "$D/s1/nrm.db" "$D/tamper.db"
  sqlite3 "$D/tamper.db" "DELETE FROM audit_entries WHERE seq = 2" 2>/dev/null && no "the trigger lets a DELETE through" || ok "the trigger refuses DELETE"
  sqlite3 "$D/tamper.db" "UPDATE audit_entries SET action = 'x' WHERE seq = 2" 2>/dev/null && no "the trigger lets an UPDATE through" || ok "the trigger refuses UPDATE"
  for t in $(sqlite3 "$D/tamper.db" "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries'"); do sqlite3 "$D/tamper.db" "DROP TRIGGER $t"; done
  sqlite3 "$D/tamper.db" "UPDATE audit_entries SET entry_json = replace(entry_json, '\"allow\"', '\"deny\"') WHERE seq = 2"
  mkdir -p "$D/s2" && cp "$D/tamper.db" "$D/s2/nrm.db" && cp "$D/s1/master.key" "$D/s2/master.key"
  expect_err "an edited entry is named" "entry 2" "$NRM" audit verify --data-dir "$D/s2"
  cp "$D/s1/nrm.db" "$D/s3.db"; for t in $(sqlite3 "$D/s3.db" "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries'"); do sqlite3 "$D/s3.db" "DROP TRIGGER $t"; done
  sqlite3 "$D/s3.db" "DELETE FROM audit_entries WHERE seq = 2"
  mkdir -p "$D/s3" && mv "$D/s3.db" "$D/s3/nrm.db" && cp "$D/s1/master.key" "$D/s3/master.key"
  expect_err "a deleted entry is named" "entry 2" "$NRM" audit verify --data-dir "$D/s3"
else
  no "too few audit entries to tamper with: $n"
fi

# ---- backup and restore, start-up checkpoints, entry MACs (issue 14) ----
# A real server keeps writing while the backup is taken.
L="$D/live"; B="$D/backups"; mkdir -p "$B"
"$NRM" init --data-dir "$L" --admin-password-file "$D/pw" >/dev/null 2>&1
"$NRM" demo --data-dir "$L" >/dev/null
SERVER_PID=""; WRITER_PID=""
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
start_server() {
  rm -f "$L/port"
  NRM_LOGIN_IP_PER_MINUTE=10000 "$NRM" serve --data-dir "$L" --port 0 --port-file "$L/port" > "$L/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do [ -s "$L/port" ] && break; sleep 0.1; done
}
trap 'stop_server; [ -n "$WRITER_PID" ] && kill "$WRITER_PID" 2>/dev/null; rm -rf "$D"' EXIT
cps() { sqlite3 "$1" "SELECT COUNT(*) FROM audit_checkpoints"; }
before=$(cps "$L/nrm.db")
start_server
[ -s "$L/port" ] && ok "serve starts on the new store" || no "serve did not start: $(cat "$L/server.log")"
after=$(cps "$L/nrm.db")
[ "$after" -gt "$before" ] && grep -q '"msg":"audit checkpoint"' "$L/server.log" && ok "serve signs a checkpoint at start-up ($before -> $after)" || no "no start-up checkpoint ($before -> $after)"
HERE=$(cd "$(dirname "$0")" && pwd)
BASE_URL="http://127.0.0.1:$(cat "$L/port")" CREDS="$L/demo-credentials.json" DATA_DIR="$L" STOP_FILE="$L/stop" \
  node "$HERE/writer.mjs" > "$L/writer.out" 2>&1 &
WRITER_PID=$!
for _ in $(seq 1 100); do [ "$(sqlite3 "$L/nrm.db" "SELECT COUNT(*) FROM persons")" -ge 20 ] && break; sleep 0.1; done
t0=$(date +%s.%N)
if "$NRM" backup --data-dir "$L" --out "$B/one.nrmdb" > "$B/out" 2> "$B/err"; then ok "backup while the server writes"; else no "backup: $(cat "$B/err")"; fi
t1=$(date +%s.%N)
written_during=$(sqlite3 "$L/nrm.db" "SELECT COUNT(*) FROM persons")
sleep 0.5
touch "$L/stop"; wait "$WRITER_PID"; WRITER_PID=""
echo "# backup took $(echo "$t1 - $t0" | bc) s: $(cat "$B/out")"
echo "# writer: $(cat "$L/writer.out")"
grep -q '"failed":0' "$L/writer.out" && ok "no write failed during the backup" || no "writer: $(cat "$L/writer.out")"
grep -q "^backup: .*%" "$B/err" && ok "backup reports progress on stderr" || no "progress: $(cat "$B/err")"
grep -q "audit entries and .* checkpoints verified" "$B/out" && ok "backup checks its copy" || no "backup summary: $(cat "$B/out")"
[ "$(stat -c %a "$B/one.nrmdb")" = 600 ] && ok "the backup is 0600" || no "backup mode $(stat -c %a "$B/one.nrmdb")"
[ "$(sqlite3 "$B/one.nrmdb" "PRAGMA integrity_check")" = ok ] && ok "the backup passes integrity_check" || no "integrity_check of the backup"
n_backup=$(sqlite3 "$B/one.nrmdb" "SELECT COUNT(*) FROM persons")
[ "$n_backup" -ge 20 ] && ok "the backup holds the persons written before it ($n_backup)" || no "backup persons: $n_backup"
mkdir -p "$D/bv" && cp "$B/one.nrmdb" "$D/bv/nrm.db" && cp "$L/master.key" "$D/bv/master.key"
out=$("$NRM" audit verify --data-dir "$D/bv" 2>&1) && ok "audit verify passes on the backup" || no "verify backup: $out"
expect_err "backup never overwrites a file" "already exists" "$NRM" backup --data-dir "$L" --out "$B/one.nrmdb"
expect_err "backup of PostgreSQL names pg_dump" "pg_dump" "$NRM" backup --store-url "postgresql:///x?host=$D/nosocket" --out "$B/pg"

# Restore refuses while a server has the store open.
expect_err "restore refuses while serving" "stop every nrm serve" "$NRM" restore --data-dir "$L" --from "$B/one.nrmdb"
stop_server
n_live=$(sqlite3 "$L/nrm.db" "SELECT COUNT(*) FROM persons")
cps_after_stop=$(cps "$L/nrm.db")
[ "$cps_after_stop" -gt "$after" ] && ok "a clean stop signs a checkpoint" || no "no checkpoint at stop ($after -> $cps_after_stop)"

# Torn and truncated copies are refused, and the store is left untouched.
sum_before=$(sha256sum "$L/nrm.db" | cut -d' ' -f1)
size=$(stat -c %s "$B/one.nrmdb")
cp "$B/one.nrmdb" "$B/torn.nrmdb"
dd if=/dev/urandom of="$B/torn.nrmdb" bs=4096 seek=$((size / 4096 / 2)) count=8 conv=notrunc status=none
head -c $((size / 2)) "$B/one.nrmdb" > "$B/half.nrmdb"
expect_err "restore refuses a torn copy" "not a sound SQLite database" "$NRM" restore --data-dir "$L" --from "$B/torn.nrmdb"
expect_err "restore refuses a truncated copy" "not a sound SQLite database" "$NRM" restore --data-dir "$L" --from "$B/half.nrmdb"
head -c 5000 /dev/urandom > "$B/noise"
expect_err "restore refuses a file that is no database" "not a sound SQLite database" "$NRM" restore --data-dir "$L" --from "$B/noise"
expect_err "restore refuses a backup under another master key" "does not match" "$NRM" restore --data-dir "$D/s1" --from "$B/one.nrmdb"
[ "$(sha256sum "$L/nrm.db" | cut -d' ' -f1)" = "$sum_before" ] && ! ls "$L"/nrm.db.restoring* >/dev/null 2>&1 && ok "refused restores change nothing" || no "a refused restore changed the store"

# A backup with a forged audit entry (hash correct, head moved) is refused.
cp "$B/one.nrmdb" "$B/forged.nrmdb"
python3 - "$B/forged.nrmdb" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit%'").fetchall():
    db.execute(f"DROP TRIGGER {name}")
seq, ts, text = db.execute("SELECT seq, ts, entry_json FROM audit_entries ORDER BY seq DESC LIMIT 1").fetchone()
new = text.replace(f'"seq":{seq}', f'"seq":{seq + 1}')
leaf = hashlib.sha256(b"\x00" + new.encode()).digest()
db.execute("INSERT INTO audit_entries (seq, ts, entry_json, leaf_hash, actor_user_id, actor_agency_id, object_type, object_id, action, outcome, field_classes) "
           "SELECT ?, ts, ?, ?, actor_user_id, actor_agency_id, object_type, object_id, action, outcome, field_classes FROM audit_entries WHERE seq = ?",
           (seq + 1, new, leaf, seq))
db.execute("UPDATE audit_head SET next_seq = ?", (seq + 2,))
db.commit()
PY
expect_err "restore refuses a backup with a forged audit entry" "audit log does not verify: entry [0-9]* has no MAC" "$NRM" restore --data-dir "$L" --from "$B/forged.nrmdb"
mkdir -p "$D/fv" && cp "$B/forged.nrmdb" "$D/fv/nrm.db" && cp "$L/master.key" "$D/fv/master.key"
expect_err "audit verify names the forged append" "has no MAC" "$NRM" audit verify --data-dir "$D/fv"
cps_forged=$(cps "$D/fv/nrm.db")
expect_err "audit checkpoint refuses to sign the forgery" "damaged" "$NRM" audit checkpoint --data-dir "$D/fv"
[ "$(cps "$D/fv/nrm.db")" = "$cps_forged" ] && ok "no checkpoint signs the forgery" || no "a checkpoint was signed over the forgery"

# The round trip.
if out=$("$NRM" restore --data-dir "$L" --from "$B/one.nrmdb" 2>&1); then ok "restore"; else no "restore: $out"; fi
echo "# $(printf '%s' "$out" | head -1)"
printf '%s' "$out" | grep -q "previous store is kept as" && ls "$L"/nrm.db.before-restore-* >/dev/null 2>&1 && ok "the old store is kept aside" || no "old store: $out"
[ "$(sqlite3 "$L/nrm.db" "SELECT COUNT(*) FROM persons")" = "$n_backup" ] && ok "the restored store holds the backup's persons ($n_backup of $n_live)" || no "restored persons: $(sqlite3 "$L/nrm.db" "SELECT COUNT(*) FROM persons")"
aside=$(ls "$L"/nrm.db.before-restore-* | grep -v -- '-wal$\|-shm$' | head -1)
[ "$(sqlite3 "$aside" "SELECT COUNT(*) FROM persons")" = "$n_live" ] && ok "the kept store holds everything written ($n_live)" || no "aside persons: $(sqlite3 "$aside" "SELECT COUNT(*) FROM persons")"
out=$("$NRM" audit verify --data-dir "$L" 2>&1) && ok "audit verify after restore" || no "verify after restore: $out"
start_server
[ -s "$L/port" ] && ok "serve starts on the restored store" || no "serve after restore: $(cat "$L/server.log")"
stop_server

# Every command refuses a damaged store, naming the file and restore.
mkdir -p "$D/dmg" && cp "$B/torn.nrmdb" "$D/dmg/nrm.db" && cp "$L/master.key" "$D/dmg/master.key"
expect_err "serve refuses a damaged store" "dmg/nrm.db is damaged .*nrm restore --data-dir" "$NRM" serve --data-dir "$D/dmg" --port 0
expect_err "audit verify names the damage" "is damaged (PRAGMA quick_check" "$NRM" audit verify --data-dir "$D/dmg"
expect_err "user list refuses a damaged store" "is damaged" "$NRM" user list --data-dir "$D/dmg"

expect_err "unknown command" "" "$NRM" frobnicate
expect_err "bad environment value" "port must be" env NRM_PORT=99999999 "$NRM" migrate --data-dir "$D/s1"
printf 'prot = 1\n' > "$D/bad.toml"
expect_err "config file typo" "prot" "$NRM" migrate --config "$D/bad.toml" --data-dir "$D/s1"
expect_err "unreachable PostgreSQL" "" "$NRM" migrate --store-url "postgresql:///nope?host=$D/nosocket"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
