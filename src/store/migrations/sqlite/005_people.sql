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
  detail_sealed         BLOB,
  identity_sealed       BLOB,
  contact_sealed        BLOB,
  location_sealed       BLOB,
  health_sealed         BLOB,
  investigation_sealed  BLOB,
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL,
  version               INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE person_index (
  person_id  TEXT NOT NULL REFERENCES persons(id),
  kind       TEXT NOT NULL,
  token      TEXT NOT NULL,
  PRIMARY KEY (person_id, kind, token)
) STRICT;
CREATE INDEX person_index_token ON person_index(kind, token);

CREATE TABLE reference_counters (
  name  TEXT PRIMARY KEY,
  next_value  INTEGER NOT NULL
) STRICT;
