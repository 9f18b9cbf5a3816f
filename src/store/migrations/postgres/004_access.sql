-- Need-to-know: relations between subjects and records, information
-- requests, and oversight alerts.
CREATE TABLE access_relations (
  id            TEXT PRIMARY KEY,
  object_type   TEXT NOT NULL,
  object_id     TEXT NOT NULL,
  relation      TEXT NOT NULL,
  subject_type  TEXT NOT NULL CHECK (subject_type IN ('user', 'agency')),
  subject_id    TEXT NOT NULL,
  field_classes TEXT NOT NULL DEFAULT '',
  expires_at    BIGINT,
  purpose       TEXT NOT NULL DEFAULT '',
  granted_by    TEXT NOT NULL DEFAULT '',
  kind          TEXT NOT NULL,
  source_id     TEXT NOT NULL DEFAULT '',
  created_at    BIGINT NOT NULL,
  revoked_at    BIGINT,
  revoked_by    TEXT
);
CREATE INDEX access_relations_object ON access_relations(object_type, object_id);
CREATE INDEX access_relations_subject ON access_relations(subject_type, subject_id);

CREATE TABLE information_requests (
  id                  TEXT PRIMARY KEY,
  object_type         TEXT NOT NULL,
  object_id           TEXT NOT NULL,
  requester_user_id   TEXT NOT NULL REFERENCES users(id),
  requester_agency_id TEXT NOT NULL REFERENCES agencies(id),
  field_classes       TEXT NOT NULL,
  purpose             TEXT NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'withdrawn')),
  decided_by          TEXT,
  decided_at          BIGINT,
  decision_reason     TEXT NOT NULL DEFAULT '',
  grant_id            TEXT,
  grant_expires_at    BIGINT,
  created_at          BIGINT NOT NULL,
  version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX information_requests_object ON information_requests(object_type, object_id);
CREATE INDEX information_requests_requester ON information_requests(requester_user_id);

CREATE TABLE oversight_alerts (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL,
  actor_user_id    TEXT NOT NULL,
  object_type      TEXT NOT NULL DEFAULT '',
  object_id        TEXT NOT NULL DEFAULT '',
  detail           TEXT NOT NULL DEFAULT '',
  created_at       BIGINT NOT NULL,
  acknowledged_by  TEXT,
  acknowledged_at  BIGINT
);
CREATE INDEX oversight_alerts_created ON oversight_alerts(created_at);
