-- Persons. Everything but the pseudonymous reference is sealed per field
-- class (crypto/field_cipher); exact and fuzzy lookups go through keyed
-- blind indexes, so the database holds no plaintext name, document number,
-- phone or address.
CREATE TABLE persons (
  id                    TEXT PRIMARY KEY,
  reference             TEXT NOT NULL UNIQUE,
  owner_agency_id       TEXT NOT NULL REFERENCES agencies(id),
  status                TEXT NOT NULL,
  created_by            TEXT NOT NULL,
  detail_sealed         BYTEA,
  identity_sealed       BYTEA,
  contact_sealed        BYTEA,
  location_sealed       BYTEA,
  health_sealed         BYTEA,
  investigation_sealed  BYTEA,
  created_at            BIGINT NOT NULL,
  updated_at            BIGINT NOT NULL,
  version               INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE person_index (
  person_id  TEXT NOT NULL REFERENCES persons(id),
  kind       TEXT NOT NULL,
  token      TEXT NOT NULL,
  PRIMARY KEY (person_id, kind, token)
);
CREATE INDEX person_index_token ON person_index(kind, token);

CREATE TABLE reference_counters (
  name  TEXT PRIMARY KEY,
  next_value  BIGINT NOT NULL
);
