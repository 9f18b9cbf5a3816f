-- The Coordinator's desk (issue 5): action plans as data, progress reports
-- with evidence, the history of every change, meetings whose decisions become
-- tasks, and monitoring-and-evaluation findings. No personal data of victims.
-- Dates of the plan domain (deadlines, periods) are ISO 'YYYY-MM-DD' text;
-- moments are INTEGER milliseconds since the epoch.
CREATE TABLE plans (
  id              TEXT PRIMARY KEY,
  code            TEXT NOT NULL,
  revision        INTEGER NOT NULL,          -- the plan's edition; older ones stay
  kind            TEXT NOT NULL,             -- action_plan | meeting_decisions
  title_az        TEXT,
  title_en        TEXT,
  approved_by_az  TEXT,
  approved_by_en  TEXT,
  period_start    TEXT NOT NULL,
  period_end      TEXT,
  status          TEXT NOT NULL,             -- draft | active | closed
  created_by      TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  UNIQUE (code, revision)
) STRICT;

CREATE TABLE plan_items (
  id                    TEXT PRIMARY KEY,
  plan_id               TEXT NOT NULL REFERENCES plans(id),
  number                INTEGER NOT NULL,
  measure_az            TEXT,
  measure_en            TEXT,
  responsible_text_az   TEXT,
  responsible_text_en   TEXT,
  responsible_inferred  INTEGER NOT NULL DEFAULT 0,
  restored_from         TEXT,
  deadline_kind         TEXT NOT NULL,
  deadline_due          TEXT,
  deadline_cadence      TEXT,
  deadline_text_az      TEXT,
  deadline_text_en      TEXT,
  deadline_inferred     INTEGER NOT NULL DEFAULT 0,
  meeting_id            TEXT,
  UNIQUE (plan_id, number)
) STRICT;

CREATE TABLE plan_item_agencies (
  item_id    TEXT NOT NULL REFERENCES plan_items(id),
  agency_id  TEXT NOT NULL REFERENCES agencies(id),
  position   INTEGER NOT NULL,
  PRIMARY KEY (item_id, agency_id)
) STRICT;

CREATE TABLE plan_tasks (
  id                 TEXT PRIMARY KEY,
  plan_id            TEXT NOT NULL REFERENCES plans(id),
  item_id            TEXT NOT NULL REFERENCES plan_items(id),
  number             TEXT NOT NULL,
  position           INTEGER NOT NULL,
  text_az            TEXT,
  text_en            TEXT,
  deadline_kind      TEXT NOT NULL,          -- date | month | ongoing
  deadline_due       TEXT,                   -- NULL for ongoing
  deadline_cadence   TEXT,                   -- monthly | quarterly | semiannual | annual
  deadline_text_az   TEXT,
  deadline_text_en   TEXT,
  deadline_inferred  INTEGER NOT NULL DEFAULT 0,
  internal           INTEGER NOT NULL DEFAULT 0,
  status             TEXT NOT NULL DEFAULT 'not_started',
  last_report_at     INTEGER,
  meeting_id         TEXT,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  version            INTEGER NOT NULL DEFAULT 1,
  UNIQUE (plan_id, number)
) STRICT;
CREATE INDEX plan_tasks_item ON plan_tasks(item_id, position);

CREATE TABLE plan_task_agencies (
  task_id    TEXT NOT NULL REFERENCES plan_tasks(id),
  agency_id  TEXT NOT NULL REFERENCES agencies(id),
  position   INTEGER NOT NULL,
  PRIMARY KEY (task_id, agency_id)
) STRICT;
CREATE INDEX plan_task_agencies_agency ON plan_task_agencies(agency_id);

CREATE TABLE task_reports (
  id                  TEXT PRIMARY KEY,
  task_id             TEXT NOT NULL REFERENCES plan_tasks(id),
  agency_id           TEXT NOT NULL REFERENCES agencies(id),
  period              TEXT NOT NULL,
  period_start        TEXT NOT NULL,
  period_end          TEXT NOT NULL,
  status              TEXT NOT NULL,
  narrative           TEXT,
  narrative_internal  INTEGER NOT NULL DEFAULT 0,
  state               TEXT NOT NULL,         -- submitted | returned | accepted
  submitted_by        TEXT NOT NULL,
  submitted_at        INTEGER NOT NULL,
  reviewed_by         TEXT,
  reviewed_at         INTEGER,
  review_comment      TEXT,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  version             INTEGER NOT NULL DEFAULT 1,
  UNIQUE (task_id, period)
) STRICT;
CREATE INDEX task_reports_agency ON task_reports(agency_id, submitted_at);

CREATE TABLE task_report_indicators (
  report_id  TEXT NOT NULL REFERENCES task_reports(id),
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  unit       TEXT,
  target     REAL,
  value      REAL,
  PRIMARY KEY (report_id, position)
) STRICT;

-- Evidence: documents about the plan's implementation, not personal data.
CREATE TABLE task_report_attachments (
  id          TEXT PRIMARY KEY,
  report_id   TEXT NOT NULL REFERENCES task_reports(id),
  filename    TEXT NOT NULL,
  media_type  TEXT NOT NULL,
  size        INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  content     BLOB NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX task_report_attachments_report ON task_report_attachments(report_id);

-- Every change of a task and its reports, as the UI shows it (the audit log
-- records the same changes, tamper-evident, without the texts).
CREATE TABLE task_history (
  id                  TEXT PRIMARY KEY,
  task_id             TEXT NOT NULL REFERENCES plan_tasks(id),
  seq                 INTEGER NOT NULL,      -- 1, 2, ... per task: the order of changes
  report_id           TEXT,
  at                  INTEGER NOT NULL,
  actor_user_id       TEXT,
  actor_agency_id     TEXT,
  action              TEXT NOT NULL,
  period              TEXT,
  status              TEXT,
  state               TEXT,
  comment             TEXT,
  narrative           TEXT,
  narrative_internal  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX task_history_task ON task_history(task_id, seq);

CREATE TABLE meetings (
  id                 TEXT PRIMARY KEY,
  title              TEXT NOT NULL,
  scheduled_for      INTEGER NOT NULL,
  location           TEXT,
  status             TEXT NOT NULL,          -- scheduled | held | cancelled
  minutes            TEXT,
  decisions_plan_id  TEXT REFERENCES plans(id),
  decisions_item_id  TEXT REFERENCES plan_items(id),
  created_by         TEXT NOT NULL,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  version            INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE meeting_agenda (
  meeting_id  TEXT NOT NULL REFERENCES meetings(id),
  position    INTEGER NOT NULL,
  text        TEXT NOT NULL,
  PRIMARY KEY (meeting_id, position)
) STRICT;

CREATE TABLE meeting_invitees (
  meeting_id  TEXT NOT NULL REFERENCES meetings(id),
  agency_id   TEXT NOT NULL REFERENCES agencies(id),
  attendance  TEXT NOT NULL,                 -- invited | present | absent | excused
  PRIMARY KEY (meeting_id, agency_id)
) STRICT;
CREATE INDEX meeting_invitees_agency ON meeting_invitees(agency_id);

CREATE TABLE meeting_decisions (
  id               TEXT PRIMARY KEY,
  meeting_id       TEXT NOT NULL REFERENCES meetings(id),
  position         INTEGER NOT NULL,
  task_id          TEXT NOT NULL REFERENCES plan_tasks(id),
  owner_agency_id  TEXT NOT NULL REFERENCES agencies(id),
  due              TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  UNIQUE (meeting_id, position)
) STRICT;

CREATE TABLE findings (
  id                  TEXT PRIMARY KEY,
  title               TEXT NOT NULL,
  description         TEXT NOT NULL,
  addressed_to        TEXT NOT NULL REFERENCES agencies(id),
  reporter_user_id    TEXT NOT NULL,
  reporter_agency_id  TEXT NOT NULL REFERENCES agencies(id),
  plan_task_id        TEXT REFERENCES plan_tasks(id),
  status              TEXT NOT NULL,         -- open | answered | closed
  answer              TEXT,
  answered_by         TEXT,
  answered_at         INTEGER,
  closed_by           TEXT,
  closed_at           INTEGER,
  close_note          TEXT,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  version             INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX findings_addressed ON findings(addressed_to, status);
