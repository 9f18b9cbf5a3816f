-- Audit: the append-only, tamper-evident log (src/audit/).
--
-- audit_entries holds one row per entry, seq 1, 2, 3, ... without gaps.
-- entry_json is the canonical JSON (audit/entry.h) and includes seq and ts;
-- leaf_hash is SHA-256(0x00 || entry_json) (RFC 6962). The other columns
-- repeat fields of the JSON for queries; `nrm audit verify` checks that they
-- agree with it. field_classes is ",identity,contact," (or "").
CREATE TABLE audit_entries (
  seq              BIGINT PRIMARY KEY,
  ts               BIGINT NOT NULL,
  entry_json       TEXT NOT NULL,
  leaf_hash        BYTEA NOT NULL,
  actor_user_id    TEXT NOT NULL,
  actor_agency_id  TEXT NOT NULL,
  object_type      TEXT NOT NULL,
  object_id        TEXT NOT NULL,
  action           TEXT NOT NULL,
  outcome          TEXT NOT NULL,
  field_classes    TEXT NOT NULL
);
-- "Who has seen this person": newest first by object.
CREATE INDEX audit_entries_object ON audit_entries(object_type, object_id, seq);
-- Anomaly detection: an actor's activity in a time window.
CREATE INDEX audit_entries_actor ON audit_entries(actor_user_id, ts);
-- Denials (and other outcomes) in a time window.
CREATE INDEX audit_entries_outcome ON audit_entries(outcome, ts);

-- One row: the next seq to assign and the number of checkpoints written.
-- Every append updates it first; the row lock, held to commit, serialises
-- appends across connections and processes, so seqs commit in order and a
-- rolled-back append leaves no gap.
CREATE TABLE audit_head (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  next_seq     BIGINT NOT NULL,
  checkpoints  BIGINT NOT NULL
);
INSERT INTO audit_head (id, next_seq, checkpoints) VALUES (1, 1, 0);

-- Signed Merkle roots (audit/checkpoint.h); id 1, 2, 3, ... in order.
CREATE TABLE audit_checkpoints (
  id          BIGINT PRIMARY KEY,
  tree_size   BIGINT NOT NULL,
  root_hash   BYTEA NOT NULL,
  signature   BYTEA NOT NULL,
  key_id      TEXT NOT NULL,
  public_key  BYTEA NOT NULL,
  created_at  BIGINT NOT NULL
);

-- Append-only: nothing may change or remove an entry or a checkpoint.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The head only moves forward and is never removed.
CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'the audit head cannot be removed (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id <> OLD.id OR NEW.next_seq < OLD.next_seq OR NEW.checkpoints < OLD.checkpoints THEN
    RAISE EXCEPTION 'the audit head only moves forward' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward_only();
