-- The plan sweep's memory (issue 5): each reminder or flag it sent, so a
-- second sweep (or a second `nrm serve` on the same database) sends nothing
-- again. The primary key decides a race: the sweeper whose INSERT lands
-- notifies; the other's INSERT ... ON CONFLICT DO NOTHING changes no row.
--   kind        plan.report_due | plan.task_overdue | plan.agency_silent
--   object_id   the task's id (report_due, task_overdue) or the agency's id
--   period_key  the reporting period ("2026-Q2"), a date task's deadline
--               ("2026-06-30"), or the silence episode (the last report's
--               moment, or "never")
CREATE TABLE plan_reminders_sent (
  kind        TEXT NOT NULL,
  object_id   TEXT NOT NULL,
  period_key  TEXT NOT NULL,
  sent_at     INTEGER NOT NULL,
  PRIMARY KEY (kind, object_id, period_key)
) STRICT;
