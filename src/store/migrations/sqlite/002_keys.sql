-- Envelope keys (crypto/keyring.h): data keys per purpose and version, each
-- stored wrapped (XChaCha20-Poly1305) by the master key, which never enters
-- the database. master_key_id is a short keyed BLAKE2b fingerprint of the
-- master key that wrapped the row, not the key itself. Rotating the master
-- key rewrites `wrapped`, `master_key_id` and `wrapped_at`; a data key itself
-- never changes, so no sealed data is re-encrypted.
CREATE TABLE data_keys (
  purpose        TEXT NOT NULL,     -- "field", "blind-index", "audit-signing"
  version        INTEGER NOT NULL,  -- 1, 2, ...; the highest is current
  wrapped        BLOB NOT NULL,     -- format byte, nonce, ciphertext + tag
  master_key_id  TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  wrapped_at     INTEGER NOT NULL,
  PRIMARY KEY (purpose, version),
  CHECK (version > 0)
) STRICT;
