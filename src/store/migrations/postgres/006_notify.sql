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
  created_at   BIGINT NOT NULL,
  read_at      BIGINT
);
CREATE INDEX notices_user ON notices(user_id, id);

CREATE TABLE mail_outbox (
  id               TEXT PRIMARY KEY,
  notice_id        TEXT NOT NULL REFERENCES notices(id),
  user_id          TEXT NOT NULL REFERENCES users(id),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  BIGINT NOT NULL,
  sent_at          BIGINT,
  created_at       BIGINT NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox(sent_at, next_attempt_at);

-- Staff e-mail address for notifications (optional; set by an administrator).
ALTER TABLE users ADD COLUMN email TEXT;
