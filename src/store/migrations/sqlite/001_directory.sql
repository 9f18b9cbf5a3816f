-- Directory: agencies, users and their roles, sessions, login throttling.
CREATE TABLE agencies (
  id          TEXT PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL,
  parent_id   TEXT REFERENCES agencies(id),
  name_az     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  name_ru     TEXT NOT NULL,
  short_az    TEXT NOT NULL DEFAULT '',
  short_en    TEXT NOT NULL DEFAULT '',
  short_ru    TEXT NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1,
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id                TEXT PRIMARY KEY,
  username          TEXT NOT NULL UNIQUE,
  display_name      TEXT NOT NULL,
  agency_id         TEXT NOT NULL REFERENCES agencies(id),
  password_hash     TEXT NOT NULL,
  totp_secret       TEXT,
  totp_last_step    INTEGER NOT NULL DEFAULT 0,
  disabled          INTEGER NOT NULL DEFAULT 0,
  failed_logins     INTEGER NOT NULL DEFAULT 0,
  locked_until      INTEGER NOT NULL DEFAULT 0,
  version           INTEGER NOT NULL DEFAULT 1,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE user_roles (
  user_id  TEXT NOT NULL REFERENCES users(id),
  role     TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
) STRICT;

CREATE TABLE sessions (
  id            TEXT PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,
  user_id       TEXT NOT NULL REFERENCES users(id),
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  revoked_at    INTEGER
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed-login counts per client address and minute, shared by all processes.
CREATE TABLE login_throttle (
  address       TEXT NOT NULL,
  window_start  INTEGER NOT NULL,
  attempts      INTEGER NOT NULL,
  PRIMARY KEY (address, window_start)
) STRICT;
