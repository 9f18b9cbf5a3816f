-- Audit: the append-only, tamper-evident log (src/audit/).
--
-- audit_entries holds one row per entry, seq 1, 2, 3, ... without gaps.
-- entry_json is the canonical JSON (audit/entry.h) and includes seq and ts;
-- leaf_hash is SHA-256(0x00 || entry_json) (RFC 6962). The other columns
-- repeat fields of the JSON for queries; `nrm audit verify` checks that they
-- agree with it. field_classes is ",identity,contact," (or "").
CREATE TABLE audit_entries (
  seq              INTEGER PRIMARY KEY,
  ts               INTEGER NOT NULL,
  entry_json       TEXT NOT NULL,
  leaf_hash        BLOB NOT NULL,
  actor_user_id    TEXT NOT NULL,
  actor_agency_id  TEXT NOT NULL,
  object_type      TEXT NOT NULL,
  object_id        TEXT NOT NULL,
  action           TEXT NOT NULL,
  outcome          TEXT NOT NULL,
  field_classes    TEXT NOT NULL
) STRICT;
-- "Who has seen this person": newest first by object.
CREATE INDEX audit_entries_object ON audit_entries(object_type, object_id, seq);
-- Anomaly detection: an actor's activity in a time window.
CREATE INDEX audit_entries_actor ON audit_entries(actor_user_id, ts);
-- Denials (and other outcomes) in a time window.
CREATE INDEX audit_entries_outcome ON audit_entries(outcome, ts);

-- One row: the next seq to assign and the number of checkpoints written.
-- Every append updates it, which serialises appends (on SQLite writes are
-- serialised anyway; on PostgreSQL the row lock does it).
CREATE TABLE audit_head (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  next_seq     INTEGER NOT NULL,
  checkpoints  INTEGER NOT NULL
) STRICT;
INSERT INTO audit_head (id, next_seq, checkpoints) VALUES (1, 1, 0);

-- Signed Merkle roots (audit/checkpoint.h); id 1, 2, 3, ... in order.
CREATE TABLE audit_checkpoints (
  id          INTEGER PRIMARY KEY,
  tree_size   INTEGER NOT NULL,
  root_hash   BLOB NOT NULL,
  signature   BLOB NOT NULL,
  key_id      TEXT NOT NULL,
  public_key  BLOB NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;

-- Append-only: nothing may change or remove an entry or a checkpoint.
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
  SELECT RAISE(ABORT, 'audit entries are append-only: UPDATE refused');
END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
  SELECT RAISE(ABORT, 'audit entries are append-only: DELETE refused');
END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit checkpoints are append-only: UPDATE refused');
END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit checkpoints are append-only: DELETE refused');
END;
-- The head only moves forward and is never removed.
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
WHEN NEW.id <> OLD.id OR NEW.next_seq < OLD.next_seq OR NEW.checkpoints < OLD.checkpoints
BEGIN
  SELECT RAISE(ABORT, 'the audit head only moves forward');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
  SELECT RAISE(ABORT, 'the audit head cannot be deleted');
END;
