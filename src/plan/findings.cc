#include "plan/findings.h"

#include "core/civil_date.h"
#include "core/ids.h"
#include "directory/capabilities.h"
#include "plan/store.h"

namespace nrm::plan {

using directory::Principal;

namespace {

constexpr const char* kColumns =
    "id, title, description, addressed_to, reporter_agency_id, plan_task_id, status, created_at, answer, answered_at, "
    "closed_at, close_note, version";

Finding FindingOf(const store::Row& r, const internal::AgencyIndex& agencies, int64_t now) {
  Finding f;
  f.id = r.Text(0);
  f.title = r.Text(1);
  f.description = r.Text(2);
  f.addressed_to = agencies.Code(r.Text(3));
  f.reporter_agency = agencies.Code(r.Text(4));
  f.plan_task_id = r.OptText(5);
  f.status = r.Text(6);
  f.created_at = r.Int(7);
  f.answer = r.OptText(8);
  f.answered_at = r.OptInt(9);
  f.closed_at = r.OptInt(10);
  f.close_note = r.OptText(11);
  f.version = r.Int(12);
  const int64_t until = f.closed_at.value_or(now);
  f.age_days = until > f.created_at ? (until - f.created_at) / civil::kDayMillis : 0;
  return f;
}

bool Involved(const Principal& actor, const store::Row& r) {
  return actor.Can(directory::kFindingsView) || r.Text(3) == actor.agency_id || r.Text(4) == actor.agency_id;
}

// Who reads findings at all (which ones is Involved): the oversight body and
// those who record or answer them.
Status MayReadFindings(const Principal& actor) {
  if (!actor.Can(directory::kFindingsView) && !actor.Can(directory::kFindingsCreate) &&
      !actor.Can(directory::kPlanReport))
    return Fail(ErrorCode::kPermissionDenied, "you may not read findings");
  return {};
}

}  // namespace

FindingService::FindingService(store::Database& db, audit::AuditLog& audit, const Clock& clock)
    : db_(db), audit_(audit), clock_(clock) {}

Result<Finding> FindingService::Create(const Principal& actor, const FindingInput& in, const std::string& request_id) {
  if (!actor.Can(directory::kFindingsCreate) && !actor.Can(directory::kPlanReport))
    return Fail(ErrorCode::kPermissionDenied, "recording a finding needs findings.create or plan.report");
  if (in.title.empty() || in.title.size() > 300) return Fail(ErrorCode::kInvalidArgument, "title must be 1..300 bytes");
  if (in.description.empty() || in.description.size() > 20000)
    return Fail(ErrorCode::kInvalidArgument, "description must be 1..20000 bytes");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  auto to = agencies->id_by_code.find(in.addressed_to);
  if (to == agencies->id_by_code.end()) return Fail(ErrorCode::kInvalidArgument, "addressed_to is not an agency code");
  if (in.plan_task_id) {
    auto task = t.Query("SELECT 1 FROM plan_tasks WHERE id = ?", {*in.plan_task_id});
    if (!task) return tl::unexpected(task.error());
    if (task->empty()) return Fail(ErrorCode::kInvalidArgument, "plan_task_id names no task");
  }
  const int64_t now = clock_.NowMillis();
  const std::string id = NewUuidV7(clock_);
  auto ins = t.Exec(
      "INSERT INTO findings (id, title, description, addressed_to, reporter_user_id, reporter_agency_id, plan_task_id, "
      "status, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, 1)",
      {id, in.title, in.description, to->second, actor.user_id, actor.agency_id, store::Opt(in.plan_task_id), now,
       now});
  if (!ins) return tl::unexpected(ins.error());
  auto rows = t.Query(std::string("SELECT ") + kColumns + " FROM findings WHERE id = ?", {id});
  if (!rows || rows->empty()) return Fail(ErrorCode::kInternal, "the finding was not stored");
  Finding f = FindingOf((*rows)[0], *agencies, now);
  if (auto s = internal::AuditChange(audit_, t, &actor, "finding.create", "finding", id, request_id,
                                     {{"addressed_to", in.addressed_to}});
      !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return f;
}

Result<std::vector<Finding>> FindingService::List(const Principal& actor, const FindingFilter& filter) {
  if (auto s = MayReadFindings(actor); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto agencies = internal::LoadAgencies(**tx);
  if (!agencies) return tl::unexpected(agencies.error());
  std::optional<std::string> to;
  if (filter.addressed_to) {
    auto it = agencies->id_by_code.find(*filter.addressed_to);
    if (it == agencies->id_by_code.end()) return Fail(ErrorCode::kInvalidArgument, "unknown agency code");
    to = it->second;
  }
  const bool all = actor.Can(directory::kFindingsView);
  auto rows = (*tx)->Query(std::string("SELECT ") + kColumns +
                               " FROM findings WHERE (CAST(? AS TEXT) IS NULL OR status = ?) AND (CAST(? AS TEXT) IS "
                               "NULL OR addressed_to = ?) "
                               "AND (? = 1 OR addressed_to = ? OR reporter_agency_id = ?) "
                               "ORDER BY CASE WHEN status = 'closed' THEN 1 ELSE 0 END, created_at LIMIT 1000",
                           {store::Opt(filter.status), store::Opt(filter.status), store::Opt(to), store::Opt(to),
                            int64_t{all ? 1 : 0}, actor.agency_id, actor.agency_id});
  if (!rows) return tl::unexpected(rows.error());
  const int64_t now = clock_.NowMillis();
  std::vector<Finding> out;
  for (const auto& r : *rows) out.push_back(FindingOf(r, *agencies, now));
  return out;
}

Result<Finding> FindingService::Get(const Principal& actor, const std::string& id) {
  if (auto s = MayReadFindings(actor); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto agencies = internal::LoadAgencies(**tx);
  if (!agencies) return tl::unexpected(agencies.error());
  auto rows = (*tx)->Query(std::string("SELECT ") + kColumns + " FROM findings WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty() || !Involved(actor, (*rows)[0])) return Fail(ErrorCode::kNotFound, "no such finding");
  return FindingOf((*rows)[0], *agencies, clock_.NowMillis());
}

Result<Finding> FindingService::Answer(const Principal& actor, const std::string& id, int64_t version,
                                       const std::string& answer, const std::string& request_id) {
  if (!actor.Can(directory::kPlanReport) && !actor.Can(directory::kFindingsCreate) &&
      !actor.Can(directory::kFindingsView))
    return Fail(ErrorCode::kPermissionDenied,
                "answering a finding needs plan.report, findings.create or findings.view");
  if (answer.empty() || answer.size() > 20000)
    return Fail(ErrorCode::kInvalidArgument, "answer must be 1..20000 bytes");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  auto rows = t.Query(std::string("SELECT ") + kColumns + " FROM findings WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty() || !Involved(actor, (*rows)[0])) return Fail(ErrorCode::kNotFound, "no such finding");
  if ((*rows)[0].Text(3) != actor.agency_id)
    return Fail(ErrorCode::kPermissionDenied, "only the body the finding is addressed to answers it");
  const int64_t now = clock_.NowMillis();
  auto u = t.Exec(
      "UPDATE findings SET answer = ?, answered_by = ?, answered_at = ?, status = 'answered', updated_at = ?, "
      "version = version + 1 WHERE id = ? AND version = ? AND status = 'open'",
      {answer, actor.user_id, now, now, id, version});
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kConflict, "the finding is no longer open or was changed; reload it");
  auto again = t.Query(std::string("SELECT ") + kColumns + " FROM findings WHERE id = ?", {id});
  if (!again || again->empty()) return Fail(ErrorCode::kInternal, "the finding vanished");
  Finding f = FindingOf((*again)[0], *agencies, now);
  if (auto s = internal::AuditChange(audit_, t, &actor, "finding.answer", "finding", id, request_id); !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return f;
}

Result<Finding> FindingService::Close(const Principal& actor, const std::string& id, int64_t version,
                                      const std::optional<std::string>& note, const std::string& request_id) {
  if (!actor.Can(directory::kFindingsView))
    return Fail(ErrorCode::kPermissionDenied, "closing a finding needs findings.view");
  if (note && note->size() > 4000) return Fail(ErrorCode::kInvalidArgument, "note is at most 4000 bytes");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  const int64_t now = clock_.NowMillis();
  auto u = t.Exec(
      "UPDATE findings SET status = 'closed', closed_by = ?, closed_at = ?, close_note = ?, updated_at = ?, "
      "version = version + 1 WHERE id = ? AND version = ? AND status <> 'closed'",
      {actor.user_id, now, store::Opt(note), now, id, version});
  if (!u) return tl::unexpected(u.error());
  auto rows = t.Query(std::string("SELECT ") + kColumns + " FROM findings WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such finding");
  if (*u == 0) return Fail(ErrorCode::kConflict, "the finding is closed already or was changed; reload it");
  Finding f = FindingOf((*rows)[0], *agencies, now);
  if (auto s = internal::AuditChange(audit_, t, &actor, "finding.close", "finding", id, request_id); !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return f;
}

}  // namespace nrm::plan
