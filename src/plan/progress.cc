// PlanService: progress reports, their review and their evidence (service.h).
#include <algorithm>
#include <cmath>
#include <map>

#include "core/ids.h"
#include "directory/capabilities.h"
#include "plan/evidence.h"
#include "plan/service.h"
#include "plan/store.h"

namespace nrm::plan {

using directory::Principal;

namespace {

constexpr size_t kMaxNarrative = 20000;
constexpr size_t kMaxIndicators = 50;
constexpr size_t kMaxAttachmentsPerReport = 20;

Status ValidateInput(const ReportInput& in) {
  if (!ParseTaskStatus(in.status))
    return Fail(ErrorCode::kInvalidArgument, "status must be not_started, in_progress, done or blocked");
  if (in.narrative && in.narrative->size() > kMaxNarrative)
    return Fail(ErrorCode::kInvalidArgument, "the narrative is longer than 20000 bytes");
  if (in.indicators.size() > kMaxIndicators) return Fail(ErrorCode::kInvalidArgument, "at most 50 indicators");
  for (const auto& i : in.indicators) {
    if (i.name.empty() || i.name.size() > 200)
      return Fail(ErrorCode::kInvalidArgument, "an indicator needs a name of 1..200 bytes");
    if (i.unit && i.unit->size() > 40)
      return Fail(ErrorCode::kInvalidArgument, "an indicator unit is at most 40 bytes");
    for (const auto& v : {i.target, i.value})
      if (v && !std::isfinite(*v)) return Fail(ErrorCode::kInvalidArgument, "indicator numbers must be finite");
  }
  return {};
}

// The task as its reporter may touch it: visible, and the caller's agency
// is responsible. A focal point of another agency gets 403, by design: the
// plan is not personal data and the refusal says only "not your task".
Result<Task> TaskForReporter(store::Transaction& tx, const Principal& actor, const std::string& task_id,
                             const internal::AgencyIndex& agencies, Day today, const PlanOptions& options) {
  if (!actor.Can(directory::kPlanReport))
    return Fail(ErrorCode::kPermissionDenied, "reporting on a task needs plan.report");
  auto tasks = internal::LoadTasks(tx, "t.id = ?", {task_id}, agencies, today, options);
  if (!tasks) return tl::unexpected(tasks.error());
  if (tasks->empty()) return Fail(ErrorCode::kNotFound, "no such task");
  const std::string mine = agencies.Code(actor.agency_id);
  const auto& r = tasks->front().responsible;
  if (mine.empty() || std::find(r.begin(), r.end(), mine) == r.end())
    return Fail(ErrorCode::kPermissionDenied, "your agency is not responsible for this task");
  return tasks->front();
}

Status WriteIndicators(store::Transaction& tx, const std::string& report_id, const std::vector<Indicator>& list) {
  if (auto d = tx.Exec("DELETE FROM task_report_indicators WHERE report_id = ?", {report_id}); !d)
    return tl::unexpected(d.error());
  int64_t pos = 0;
  for (const auto& i : list) {
    auto ins = tx.Exec(
        "INSERT INTO task_report_indicators (report_id, position, name, unit, target, value) VALUES (?, ?, ?, ?, ?, ?)",
        {report_id, pos++, i.name, store::Opt(i.unit), store::Opt(i.target), store::Opt(i.value)});
    if (!ins) return tl::unexpected(ins.error());
  }
  return {};
}

// The task's status follows its newest report that was not returned.
Status RefreshTaskStatus(store::Transaction& tx, const std::string& task_id, int64_t now) {
  auto rows = tx.Query(
      "SELECT status FROM task_reports WHERE task_id = ? AND state <> 'returned' "
      "ORDER BY period_end DESC, updated_at DESC LIMIT 1",
      {task_id});
  if (!rows) return tl::unexpected(rows.error());
  const std::string status = rows->empty() ? Name(TaskStatus::kNotStarted) : (*rows)[0].Text(0);
  auto last = tx.Query("SELECT MAX(submitted_at) FROM task_reports WHERE task_id = ?", {task_id});
  if (!last) return tl::unexpected(last.error());
  auto u = tx.Exec(
      "UPDATE plan_tasks SET status = ?, last_report_at = ?, updated_at = ?, version = version + 1 WHERE id = ?",
      {status, (*last)[0].IsNull(0) ? store::Value(store::Null{}) : store::Value((*last)[0].Int(0)), now, task_id});
  if (!u) return tl::unexpected(u.error());
  return {};
}

Result<std::vector<Report>> LoadReports(store::Transaction& tx, const std::string& where,
                                        const std::vector<store::Value>& params, const internal::AgencyIndex& agencies,
                                        bool sees_internal) {
  auto rows = tx.Query(
      "SELECT id, task_id, period, period_start, period_end, status, narrative, narrative_internal, state, agency_id, "
      "submitted_at, reviewed_at, review_comment, version FROM task_reports WHERE " +
          where + " ORDER BY period_end DESC, submitted_at DESC",
      params);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Report> out;
  for (const auto& r : *rows) {
    Report rep;
    rep.id = r.Text(0);
    rep.task_id = r.Text(1);
    rep.period = r.Text(2);
    rep.period_start = r.Text(3);
    rep.period_end = r.Text(4);
    rep.status = ParseTaskStatus(r.Text(5)).value_or(TaskStatus::kNotStarted);
    rep.narrative_internal = r.Int(7) != 0;
    if (sees_internal || !rep.narrative_internal) rep.narrative = r.OptText(6);
    rep.state = ParseReportState(r.Text(8)).value_or(ReportState::kSubmitted);
    rep.agency = agencies.Code(r.Text(9));
    rep.submitted_at = r.Int(10);
    rep.reviewed_at = r.OptInt(11);
    rep.review_comment = r.OptText(12);
    rep.version = r.Int(13);
    auto ind = tx.Query(
        "SELECT name, unit, target, value FROM task_report_indicators WHERE report_id = ? ORDER BY position", {rep.id});
    if (!ind) return tl::unexpected(ind.error());
    for (const auto& i : *ind) {
      Indicator x;
      x.name = i.Text(0);
      x.unit = i.OptText(1);
      if (!i.IsNull(2)) x.target = i.Real(2);
      if (!i.IsNull(3)) x.value = i.Real(3);
      rep.indicators.push_back(std::move(x));
    }
    auto att = tx.Query(
        "SELECT id, filename, media_type, size, sha256, created_at FROM task_report_attachments WHERE report_id = ? "
        "ORDER BY created_at, id",
        {rep.id});
    if (!att) return tl::unexpected(att.error());
    for (const auto& a : *att)
      rep.attachments.push_back(Attachment{a.Text(0), a.Text(1), a.Text(2), a.Int(3), a.Text(4), a.Int(5)});
    out.push_back(std::move(rep));
  }
  return out;
}

Result<Report> LoadReport(store::Transaction& tx, const std::string& task_id, const std::string& report_id,
                          const internal::AgencyIndex& agencies, bool sees_internal) {
  auto list = LoadReports(tx, "id = ? AND task_id = ?", {report_id, task_id}, agencies, sees_internal);
  if (!list) return tl::unexpected(list.error());
  if (list->empty()) return Fail(ErrorCode::kNotFound, "no such report");
  return list->front();
}

// A report the actor's agency may change: the task is theirs to report on and
// the report is one of the task's.
Result<Report> ReportForReporter(store::Transaction& tx, const Principal& actor, const std::string& task_id,
                                 const std::string& report_id, const internal::AgencyIndex& agencies, Day today,
                                 const PlanOptions& options) {
  auto task = TaskForReporter(tx, actor, task_id, agencies, today, options);
  if (!task) return tl::unexpected(task.error());
  return LoadReport(tx, task_id, report_id, agencies, true);
}

// The common end of every change to a report: the task's status follows its
// reports, the task history and the audit log record the change (audit last),
// and the transaction commits. Returns the report as stored.
Result<Report> FinishReportChange(store::Transaction& t, const Clock& clock, audit::AuditLog& audit,
                                  const Principal& actor, const internal::AgencyIndex& agencies, int64_t now,
                                  const internal::HistoryRow& history, const std::string& audit_action,
                                  std::map<std::string, std::string> audit_detail, const std::string& request_id) {
  const std::string& report_id = *history.report_id;
  if (auto s = RefreshTaskStatus(t, history.task_id, now); !s) return tl::unexpected(s.error());
  if (auto s = internal::AppendHistory(t, clock, &actor, history); !s) return tl::unexpected(s.error());
  auto rep = LoadReport(t, history.task_id, report_id, agencies, true);
  if (!rep) return tl::unexpected(rep.error());
  if (auto s = internal::AuditChange(audit, t, &actor, audit_action, "task_report", report_id, request_id,
                                     std::move(audit_detail));
      !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return rep;
}

}  // namespace

Result<std::vector<Report>> PlanService::ListReports(const Principal* actor, const std::string& task_id) {
  auto task = GetTask(actor, task_id);  // visibility, internal tasks
  if (!task) return tl::unexpected(task.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto agencies = internal::LoadAgencies(**tx);
  if (!agencies) return tl::unexpected(agencies.error());
  return LoadReports(**tx, "task_id = ?", {task_id}, *agencies, SeesInternal(actor));
}

Result<Report> PlanService::SubmitReport(const Principal& actor, const std::string& task_id, const ReportInput& in,
                                         const std::string& request_id) {
  if (auto s = ValidateInput(in); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  const int64_t now = clock_.NowMillis();
  const Day today = DayOfMillis(now);
  auto task = TaskForReporter(t, actor, task_id, *agencies, today, options_);
  if (!task) return tl::unexpected(task.error());
  const Cadence cadence = internal::CadenceOf(*task);
  Period period = PeriodOf(cadence, today);
  if (in.period) {
    auto p = ParsePeriod(cadence, *in.period);
    if (!p)
      return Fail(ErrorCode::kInvalidArgument, std::string("period must be a ") + CadenceName(cadence) +
                                                   " period key like " + PeriodOf(cadence, today).key);
    if (p->start > today) return Fail(ErrorCode::kInvalidArgument, "period has not begun yet");
    period = *p;
  }
  const std::string id = NewUuidV7(clock_);
  auto ins = t.Exec(
      "INSERT INTO task_reports (id, task_id, agency_id, period, period_start, period_end, status, narrative, "
      "narrative_internal, state, submitted_by, submitted_at, created_at, updated_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, 1) ON CONFLICT (task_id, period) DO NOTHING",
      {id, task_id, actor.agency_id, period.key, FormatDate(period.start), FormatDate(period.end), in.status,
       store::Opt(in.narrative), int64_t{in.narrative_internal ? 1 : 0}, actor.user_id, now, now, now});
  if (!ins) return tl::unexpected(ins.error());
  if (*ins == 0) return Fail(ErrorCode::kConflict, "a report for " + period.key + " exists; revise it instead");
  if (auto s = WriteIndicators(t, id, in.indicators); !s) return tl::unexpected(s.error());
  internal::HistoryRow h{task_id,      id,           "report.submit",
                         period.key,   in.status,    std::string(Name(ReportState::kSubmitted)),
                         std::nullopt, in.narrative, in.narrative_internal};
  return FinishReportChange(t, clock_, audit_, actor, *agencies, now, h, "task_report.submit",
                            {{"task_id", task_id}, {"period", period.key}, {"status", in.status}}, request_id);
}

Result<Report> PlanService::ReviseReport(const Principal& actor, const std::string& task_id,
                                         const std::string& report_id, int64_t version, const ReportInput& in,
                                         const std::string& request_id) {
  if (auto s = ValidateInput(in); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  const int64_t now = clock_.NowMillis();
  auto current = ReportForReporter(t, actor, task_id, report_id, *agencies, DayOfMillis(now), options_);
  if (!current) return tl::unexpected(current.error());
  if (in.period && *in.period != current->period)
    return Fail(ErrorCode::kInvalidArgument, "a report's period cannot change");
  if (current->state == ReportState::kAccepted) return Fail(ErrorCode::kConflict, "an accepted report is final");
  auto u = t.Exec(
      "UPDATE task_reports SET status = ?, narrative = ?, narrative_internal = ?, state = 'submitted', "
      "agency_id = ?, submitted_by = ?, submitted_at = ?, updated_at = ?, version = version + 1 "
      "WHERE id = ? AND task_id = ? AND version = ? AND state <> 'accepted'",
      {in.status, store::Opt(in.narrative), int64_t{in.narrative_internal ? 1 : 0}, actor.agency_id, actor.user_id, now,
       now, report_id, task_id, version});
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kConflict, "the report was changed by someone else; reload it");
  if (auto s = WriteIndicators(t, report_id, in.indicators); !s) return tl::unexpected(s.error());
  internal::HistoryRow h{task_id,         report_id,    "report.revise",
                         current->period, in.status,    std::string(Name(ReportState::kSubmitted)),
                         std::nullopt,    in.narrative, in.narrative_internal};
  return FinishReportChange(t, clock_, audit_, actor, *agencies, now, h, "task_report.revise",
                            {{"task_id", task_id}, {"status", in.status}}, request_id);
}

Result<Report> PlanService::ReviewReport(const Principal& actor, const std::string& task_id,
                                         const std::string& report_id, int64_t version, bool accept,
                                         const std::optional<std::string>& comment, const std::string& request_id) {
  if (!actor.Can(directory::kPlanReview))
    return Fail(ErrorCode::kPermissionDenied, "reviewing a report needs plan.review");
  if (comment && comment->size() > 4000)
    return Fail(ErrorCode::kInvalidArgument, "the comment is longer than 4000 bytes");
  if (!accept && (!comment || comment->empty()))
    return Fail(ErrorCode::kInvalidArgument, "say why the report is returned (comment)");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  auto current = LoadReport(t, task_id, report_id, *agencies, true);
  if (!current) return tl::unexpected(current.error());
  if (current->state != ReportState::kSubmitted)
    return Fail(ErrorCode::kConflict,
                "only a submitted report can be reviewed (this one is " + std::string(Name(current->state)) + ")");
  const int64_t now = clock_.NowMillis();
  const std::string state = Name(accept ? ReportState::kAccepted : ReportState::kReturned);
  auto u = t.Exec(
      "UPDATE task_reports SET state = ?, reviewed_by = ?, reviewed_at = ?, review_comment = ?, updated_at = ?, "
      "version = version + 1 WHERE id = ? AND task_id = ? AND version = ? AND state = 'submitted'",
      {state, actor.user_id, now, store::Opt(comment), now, report_id, task_id, version});
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kConflict, "the report was changed by someone else; reload it");
  internal::HistoryRow h{task_id,
                         report_id,
                         accept ? "report.accept" : "report.return",
                         current->period,
                         std::string(Name(current->status)),
                         state,
                         comment,
                         std::nullopt,
                         false};
  return FinishReportChange(t, clock_, audit_, actor, *agencies, now, h,
                            accept ? "task_report.accept" : "task_report.return", {{"task_id", task_id}}, request_id);
}

Result<Attachment> PlanService::AddAttachment(const Principal& actor, const std::string& task_id,
                                              const std::string& report_id, const std::string& filename,
                                              std::string_view bytes, const std::string& request_id) {
  if (bytes.size() > kMaxEvidenceBytes) return Fail(ErrorCode::kPayloadTooLarge, "evidence files are at most 5 MiB");
  if (bytes.empty()) return Fail(ErrorCode::kInvalidArgument, "the file is empty");
  const auto type = SniffEvidenceType(bytes);
  if (!type) return Fail(ErrorCode::kUnsupportedMediaType, "evidence must be a PDF, PNG, JPEG, XLSX or DOCX file");
  auto name = CleanFileName(filename);
  if (!name) return tl::unexpected(name.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  const int64_t now = clock_.NowMillis();
  auto current = ReportForReporter(t, actor, task_id, report_id, *agencies, DayOfMillis(now), options_);
  if (!current) return tl::unexpected(current.error());
  if (current->state == ReportState::kAccepted) return Fail(ErrorCode::kConflict, "an accepted report is final");
  if (current->attachments.size() >= kMaxAttachmentsPerReport)
    return Fail(ErrorCode::kInvalidArgument, "a report holds at most 20 attachments");
  Attachment a{NewUuidV7(clock_), *name, *type, static_cast<int64_t>(bytes.size()), Sha256Hex(bytes), now};
  auto ins = t.Exec(
      "INSERT INTO task_report_attachments (id, report_id, filename, media_type, size, sha256, content, created_by, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {a.id, report_id, a.filename, a.media_type, a.size, a.sha256, store::Blob(bytes.begin(), bytes.end()),
       actor.user_id, now});
  if (!ins) return tl::unexpected(ins.error());
  internal::HistoryRow h{task_id,         report_id,    "attachment.add",
                         current->period, std::nullopt, std::string(Name(current->state)),
                         a.filename,      std::nullopt, false};
  if (auto s = internal::AppendHistory(t, clock_, &actor, h); !s) return tl::unexpected(s.error());
  if (auto s = internal::AuditChange(audit_, t, &actor, "task_report.attach", "task_report", report_id, request_id,
                                     {{"attachment_id", a.id}, {"media_type", a.media_type}, {"sha256", a.sha256}});
      !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return a;
}

Result<AttachmentContent> PlanService::GetAttachment(const Principal* actor, const std::string& task_id,
                                                     const std::string& report_id, const std::string& attachment_id) {
  auto task = GetTask(actor, task_id);
  if (!task) return tl::unexpected(task.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(
      "SELECT a.id, a.filename, a.media_type, a.size, a.sha256, a.created_at, a.content FROM task_report_attachments a "
      "JOIN task_reports r ON r.id = a.report_id WHERE a.id = ? AND a.report_id = ? AND r.task_id = ?",
      {attachment_id, report_id, task_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such attachment");
  const auto& r = (*rows)[0];
  return AttachmentContent{Attachment{r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Int(5)}, r.Bytes(6)};
}

}  // namespace nrm::plan
