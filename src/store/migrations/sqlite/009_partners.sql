-- Resources and donors, training, awareness, and annual report jobs (issue 5).
-- Nothing here holds personal data of victims: needs, pledges and figures of
-- organisations; training participants are counts per agency, never names.
-- Money is INTEGER minor units of an ISO 4217 currency, never a float.
CREATE TABLE donors (
  id          TEXT PRIMARY KEY,
  name_az     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  kind        TEXT NOT NULL,
  country     TEXT,
  active      INTEGER NOT NULL DEFAULT 1,
  created_by  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- A donor user account belongs to at most one donor organisation.
CREATE TABLE donor_members (
  user_id     TEXT PRIMARY KEY REFERENCES users(id),
  donor_id    TEXT NOT NULL REFERENCES donors(id),
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX donor_members_donor ON donor_members(donor_id);

-- plan_item_id names an item of plan/ (no foreign key: plan/ owns its tables).
CREATE TABLE needs (
  id              TEXT PRIMARY KEY,
  type            TEXT NOT NULL,
  title_az        TEXT NOT NULL,
  title_en        TEXT NOT NULL,
  description_az  TEXT NOT NULL DEFAULT '',
  description_en  TEXT NOT NULL DEFAULT '',
  plan_item_id    TEXT,
  measure         TEXT NOT NULL CHECK (measure IN ('money', 'quantity')),
  currency        TEXT,
  unit            TEXT,
  required        INTEGER NOT NULL CHECK (required >= 0),
  status          TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX needs_plan_item ON needs(plan_item_id);

CREATE TABLE pledges (
  id          TEXT PRIMARY KEY,
  need_id     TEXT NOT NULL REFERENCES needs(id),
  donor_id    TEXT NOT NULL REFERENCES donors(id),
  amount      INTEGER NOT NULL CHECK (amount >= 0),
  status      TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX pledges_need ON pledges(need_id);
CREATE INDEX pledges_donor ON pledges(donor_id);

CREATE TABLE deliveries (
  id            TEXT PRIMARY KEY,
  pledge_id     TEXT NOT NULL REFERENCES pledges(id),
  amount        INTEGER NOT NULL CHECK (amount > 0),
  delivered_on  TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  created_by    TEXT NOT NULL,
  created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX deliveries_pledge ON deliveries(pledge_id);

CREATE TABLE training_needs (
  id            TEXT PRIMARY KEY,
  agency_id     TEXT NOT NULL REFERENCES agencies(id),
  role          TEXT NOT NULL,
  topic         TEXT NOT NULL,
  people_count  INTEGER NOT NULL,
  priority      TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

-- topics: comma-separated codes of the topic list (partners/catalogue.cc).
CREATE TABLE training_events (
  id                   TEXT PRIMARY KEY,
  title_az             TEXT NOT NULL,
  title_en             TEXT NOT NULL,
  topics               TEXT NOT NULL,
  starts_on            TEXT NOT NULL,
  ends_on              TEXT NOT NULL,
  organiser_agency_id  TEXT NOT NULL REFERENCES agencies(id),
  funding_donor_id     TEXT REFERENCES donors(id),
  location             TEXT NOT NULL DEFAULT '',
  created_by           TEXT NOT NULL,
  version              INTEGER NOT NULL DEFAULT 1,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
) STRICT;

CREATE TABLE training_participants (
  event_id   TEXT NOT NULL REFERENCES training_events(id),
  agency_id  TEXT NOT NULL REFERENCES agencies(id),
  people     INTEGER NOT NULL CHECK (people >= 0),
  PRIMARY KEY (event_id, agency_id)
) STRICT;

CREATE TABLE training_evaluations (
  id          TEXT PRIMARY KEY,
  event_id    TEXT NOT NULL REFERENCES training_events(id),
  agency_id   TEXT NOT NULL REFERENCES agencies(id),
  score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment     TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX training_evaluations_event ON training_evaluations(event_id);

CREATE TABLE awareness_campaigns (
  id                TEXT PRIMARY KEY,
  title_az          TEXT NOT NULL,
  title_en          TEXT NOT NULL,
  starts_on         TEXT NOT NULL,
  ends_on           TEXT NOT NULL,
  lead_agency_id    TEXT NOT NULL REFERENCES agencies(id),
  partner_donor_id  TEXT REFERENCES donors(id),
  evaluation        TEXT NOT NULL DEFAULT '',
  evaluation_score  INTEGER,
  created_by        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE awareness_activities (
  id           TEXT PRIMARY KEY,
  campaign_id  TEXT NOT NULL REFERENCES awareness_campaigns(id),
  kind         TEXT NOT NULL,
  audience     TEXT NOT NULL,
  region       TEXT NOT NULL,
  region_text  TEXT NOT NULL DEFAULT '',
  held_on      TEXT NOT NULL,
  reach        INTEGER NOT NULL CHECK (reach >= 0),
  note         TEXT NOT NULL DEFAULT '',
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX awareness_activities_campaign ON awareness_activities(campaign_id);

-- Report jobs live in the store, so any `nrm serve` process can answer for
-- a job another one runs, and serve its file.
CREATE TABLE report_jobs (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL,
  year          INTEGER NOT NULL,
  lang          TEXT NOT NULL,
  format        TEXT NOT NULL,
  status        TEXT NOT NULL,
  percent       INTEGER NOT NULL DEFAULT 0,
  stage         TEXT NOT NULL,
  error         TEXT,
  file_name     TEXT,
  content_type  TEXT,
  file          BLOB,
  size_bytes    INTEGER,
  requested_by  TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  finished_at   INTEGER
) STRICT;
CREATE INDEX report_jobs_created ON report_jobs(created_at);
