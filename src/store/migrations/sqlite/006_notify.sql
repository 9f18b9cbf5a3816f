-- Notifications: each user's inbox, and the e-mail outbox drained by the
-- SMTP sender. A notice holds no personal data (a kind, an object's type and
-- id, a UI link); the outbox holds the recipient's user id, never an address:
-- the sender looks the address up when it sends.
CREATE TABLE notices (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id),
  kind         TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  object_id    TEXT NOT NULL,
  link         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  read_at      INTEGER
) STRICT;
CREATE INDEX notices_user ON notices(user_id, id);

CREATE TABLE mail_outbox (
  id               TEXT PRIMARY KEY,
  notice_id        TEXT NOT NULL REFERENCES notices(id),
  user_id          TEXT NOT NULL REFERENCES users(id),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  sent_at          INTEGER,
  outcome          TEXT,             -- sent, no_address (the address was removed), user_disabled
  last_error       TEXT,             -- a libcurl error category; never an address or content
  created_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX mail_outbox_due ON mail_outbox(sent_at, next_attempt_at);

-- Staff e-mail address for notifications (optional; set by an administrator).
ALTER TABLE users ADD COLUMN email TEXT;

-- An information request that names its record by a duplicate-check match
-- token: the requester is not shown the record's id or reference until the
-- request is approved.
ALTER TABLE information_requests ADD COLUMN by_match INTEGER NOT NULL DEFAULT 0;

-- people/ (issue 4): the photo, sealed like the field groups; and the match
-- tokens the duplicate check hands out ("a possible match is held by agency
-- X"), stored as a hash, bound to the user who checked, valid for a day.
ALTER TABLE persons ADD COLUMN photo_sealed BLOB;

CREATE TABLE person_match_tokens (
  token_hash  TEXT PRIMARY KEY,
  person_id   TEXT NOT NULL REFERENCES persons(id),
  user_id     TEXT NOT NULL REFERENCES users(id),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX person_match_tokens_expiry ON person_match_tokens(expires_at);
