-- Idempotency-Key for POST /api/v1/referrals and /api/v1/screenings (issue 4):
-- a repeated key from the same user within 24 hours answers with the resource
-- the first request made. No personal data: the key and the request body are
-- kept only as keyed blind indexes (crypto/blind_index.h).
--   key_hash      BlindIndex over user id, scope and the client's key
--   scope         referral | screening
--   request_hash  BlindIndex over the request body (a different body -> 409)
--   resource_id   the referral's or screening's id
--   status        the HTTP status of the first answer
-- The primary key decides a race: the second INSERT fails and its whole
-- creation rolls back.
CREATE TABLE idempotency_keys (
  key_hash      TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users(id),
  scope         TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  resource_id   TEXT NOT NULL,
  status        INTEGER NOT NULL,
  created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
