-- Audit entry MACs (audit/log.h, "Entry MACs"): keyed BLAKE2b-256 of each
-- entry's leaf hash under a key derived from the audit signing key, which
-- is sealed under the master key and so is not in this database. Someone
-- who can write the database file can append a well-formed entry and move
-- the head, but cannot compute its MAC; `nrm audit verify` and every
-- checkpoint check it. NULL for entries written before this migration.
ALTER TABLE audit_entries ADD COLUMN entry_mac BLOB;
