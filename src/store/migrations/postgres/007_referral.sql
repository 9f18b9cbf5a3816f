-- Identification and referral (issue 4): screenings, referrals to the SPU
-- and onward, their sealed attachments, the SPU's minimal case records, and
-- the person's consents to share. Free text that may name people
-- (screening notes, circumstances, attachment names and contents) is sealed
-- per row and column (crypto/field_cipher); codes, states and times are clear.
CREATE TABLE screenings (
  id                     TEXT PRIMARY KEY,
  reference              TEXT NOT NULL UNIQUE,
  agency_id              TEXT NOT NULL REFERENCES agencies(id),
  created_by             TEXT NOT NULL REFERENCES users(id),
  indicators             TEXT NOT NULL,   -- JSON array of indicator codes
  forms_of_exploitation  TEXT NOT NULL,   -- JSON array of HTCDS codes
  outcome                TEXT NOT NULL,
  notes_sealed           BYTEA,
  referral_id            TEXT,
  created_at             BIGINT NOT NULL
);
CREATE INDEX screenings_agency ON screenings(agency_id, created_at);

CREATE TABLE cases (
  id                TEXT PRIMARY KEY,
  reference         TEXT NOT NULL UNIQUE,
  person_id         TEXT NOT NULL REFERENCES persons(id),
  owner_agency_id   TEXT NOT NULL REFERENCES agencies(id),
  assignee_user_id  TEXT REFERENCES users(id),
  status            TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  created_by        TEXT NOT NULL,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_person ON cases(person_id);

CREATE TABLE consents (
  id                     TEXT PRIMARY KEY,
  person_id              TEXT NOT NULL REFERENCES persons(id),
  recipient_agency_id    TEXT NOT NULL REFERENCES agencies(id),
  field_classes          TEXT NOT NULL,
  purpose                TEXT NOT NULL,
  valid_until            BIGINT NOT NULL,
  status                 TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  recorded_by            TEXT NOT NULL REFERENCES users(id),
  recorded_by_agency_id  TEXT NOT NULL REFERENCES agencies(id),
  created_at             BIGINT NOT NULL,
  withdrawn_at           BIGINT,
  withdrawn_by           TEXT,
  withdraw_reason        TEXT,
  version                INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX consents_person ON consents(person_id, recipient_agency_id);

CREATE TABLE referrals (
  id                     TEXT PRIMARY KEY,
  reference              TEXT NOT NULL UNIQUE,
  kind                   TEXT NOT NULL CHECK (kind IN ('spu', 'onward')),
  status                 TEXT NOT NULL CHECK (status IN ('submitted', 'acknowledged', 'accepted', 'declined',
                                                         'pending', 'revoked', 'closed')),
  from_agency_id         TEXT NOT NULL REFERENCES agencies(id),
  to_agency_id           TEXT NOT NULL REFERENCES agencies(id),
  created_by             TEXT NOT NULL REFERENCES users(id),
  person_id              TEXT NOT NULL REFERENCES persons(id),
  screening_id           TEXT REFERENCES screenings(id),
  circumstances_sealed   BYTEA,
  ack_due_at             BIGINT,
  decision_due_at        BIGINT,
  acknowledged_at        BIGINT,
  acknowledged_by        TEXT,
  decided_at             BIGINT,
  decided_by             TEXT,
  decline_reason         TEXT,
  ack_escalated_at       BIGINT,
  decision_escalated_at  BIGINT,
  case_id                TEXT REFERENCES cases(id),
  assignee_user_id       TEXT,
  service                TEXT,
  field_classes          TEXT NOT NULL DEFAULT '',
  purpose                TEXT NOT NULL DEFAULT '',
  consent_id             TEXT REFERENCES consents(id),
  consent_override       INTEGER NOT NULL DEFAULT 0,
  override_reason        TEXT,
  end_reason             TEXT,
  ended_at               BIGINT,
  ended_by               TEXT,
  created_at             BIGINT NOT NULL,
  updated_at             BIGINT NOT NULL,
  version                INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX referrals_to ON referrals(to_agency_id, status, created_at);
CREATE INDEX referrals_from ON referrals(from_agency_id, created_at);
CREATE INDEX referrals_due ON referrals(kind, status, ack_due_at);
CREATE INDEX referrals_consent ON referrals(consent_id);

CREATE TABLE referral_attachments (
  id               TEXT PRIMARY KEY,
  referral_id      TEXT NOT NULL REFERENCES referrals(id),
  filename_sealed  BYTEA NOT NULL,
  content_type     TEXT NOT NULL,
  size_bytes       BIGINT NOT NULL,
  data_sealed      BYTEA NOT NULL,
  created_at       BIGINT NOT NULL
);
CREATE INDEX referral_attachments_referral ON referral_attachments(referral_id);
