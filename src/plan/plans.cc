// PlanService: plans and tasks (service.h).
#include <algorithm>

#include "core/ids.h"
#include "directory/capabilities.h"
#include "plan/document.h"
#include "plan/service.h"
#include "plan/store.h"

namespace nrm::plan {

using directory::Principal;
using internal::AgencyIndex;

bool CanViewPlans(const Principal* a) {
  if (!a) return true;
  for (const char* c : {directory::kPlanManage, directory::kPlanReview, directory::kPlanReport, directory::kNeedsView,
                        directory::kStatisticsView, directory::kReportsProduce})
    if (a->Can(c)) return true;
  return false;
}

bool SeesInternal(const Principal* a) {
  if (!a) return true;
  for (const char* c :
       {directory::kPlanManage, directory::kPlanReview, directory::kPlanReport, directory::kReportsProduce})
    if (a->Can(c)) return true;
  return false;
}

PlanService::PlanService(store::Database& db, audit::AuditLog& audit, const Clock& clock, PlanOptions options)
    : db_(db), audit_(audit), clock_(clock), options_(options) {}

namespace {

Status RequireView(const Principal* actor) {
  if (!CanViewPlans(actor)) return Fail(ErrorCode::kPermissionDenied, "you may not read action plans");
  return {};
}

}  // namespace

Status PlanService::LoadSeedPlan(std::string_view json_text) {
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto rows = (*tx)->Query("SELECT count(*) FROM plans WHERE code = ?", {std::string(kPlan2004Code)});
    if (!rows) return tl::unexpected(rows.error());
    if ((*rows)[0].Int(0) > 0) return {};
  }
  auto outcome = Import(nullptr, json_text, PlanFormat::kJson, false, "");
  if (!outcome) {
    // Another process loaded it first: that is the same outcome.
    if (outcome.error().code == ErrorCode::kAlreadyExists) return {};
    return tl::unexpected(outcome.error());
  }
  if (!outcome->problems.empty()) {
    const auto& p = outcome->problems.front();
    return Fail(ErrorCode::kInternal,
                "the 2004 plan does not load: line " + std::to_string(p.line) + " " + p.field + ": " + p.message);
  }
  return {};
}

Result<ImportOutcome> PlanService::Import(const Principal* actor, std::string_view text, PlanFormat format,
                                          bool dry_run, const std::string& request_id) {
  if (actor && !actor->Can(directory::kPlanManage))
    return Fail(ErrorCode::kPermissionDenied, "importing a plan needs plan.manage");
  ParsedPlan parsed = format == PlanFormat::kJson ? ParsePlanJson(text) : ParsePlanCsv(text);
  if (!parsed.problems.empty()) {
    ImportOutcome out;
    out.problems = std::move(parsed.problems);
    out.dry_run = dry_run;
    // Name unknown agencies in the rows that did parse too, so that one
    // attempt lists every bad line, not only the first kind of fault.
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto agencies = internal::LoadAgencies(**tx);
    if (!agencies) return tl::unexpected(agencies.error());
    internal::LocateUnknownAgencies(parsed.spec, *agencies, out.problems);
    std::stable_sort(out.problems.begin(), out.problems.end(),
                     [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
    return out;
  }
  return Create(actor, std::move(parsed.spec), dry_run, request_id);
}

Result<ImportOutcome> PlanService::Create(const Principal* actor, PlanSpec spec, bool dry_run,
                                          const std::string& request_id) {
  if (actor && !actor->Can(directory::kPlanManage))
    return Fail(ErrorCode::kPermissionDenied, "creating a plan needs plan.manage");
  ImportOutcome out;
  out.dry_run = dry_run;
  for (const auto& i : spec.items) out.tasks += static_cast<int64_t>(i.tasks.size());
  out.items = static_cast<int64_t>(spec.items.size());
  // Create() may be called with a spec that has not been validated yet.
  ValidatePlanSpec(spec, out.problems);
  if (!out.problems.empty()) return out;
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  internal::LocateUnknownAgencies(spec, *agencies, out.problems);
  if (!out.problems.empty() || dry_run) return out;  // rolls back: nothing written
  const int64_t now = clock_.NowMillis();
  const std::string id = NewUuidV7(clock_);
  auto plan = internal::InsertPlan(t, spec, actor, now, id);
  if (!plan) return tl::unexpected(plan.error());
  for (const auto& item : spec.items)
    if (auto s = internal::InsertItem(t, id, item, *agencies, actor, now, clock_, std::nullopt); !s)
      return tl::unexpected(s.error());
  auto loaded = internal::LoadPlan(t, id);
  if (!loaded) return tl::unexpected(loaded.error());
  if (auto s = internal::AuditChange(
          audit_, t, actor, "plan.import", "plan", id, request_id,
          {{"code", spec.code}, {"revision", std::to_string(loaded->revision)}, {"tasks", std::to_string(out.tasks)}});
      !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  out.plan = std::move(*loaded);
  return out;
}

Result<std::vector<Plan>> PlanService::ListPlans(const Principal* actor) {
  if (auto s = RequireView(actor); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query("SELECT id FROM plans ORDER BY code, revision DESC");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Plan> out;
  for (const auto& r : *rows) {
    auto p = internal::LoadPlan(**tx, r.Text(0));
    if (!p) return tl::unexpected(p.error());
    if (!SeesInternal(actor)) {
      // Donors count only the tasks they can see.
      auto n = (*tx)->Query("SELECT count(*) FROM plan_tasks WHERE plan_id = ? AND internal = 0", {p->id});
      if (!n) return tl::unexpected(n.error());
      p->task_count = (*n)[0].Int(0);
    }
    out.push_back(std::move(*p));
  }
  return out;
}

Result<Plan> PlanService::FindPlan(const std::string& code, std::optional<int64_t> revision) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(
      "SELECT id FROM plans WHERE code = ? AND (CAST(? AS BIGINT) IS NULL OR revision = ?) ORDER BY revision DESC "
      "LIMIT 1",
      {code, store::Opt(revision), store::Opt(revision)});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such plan");
  return internal::LoadPlan(**tx, (*rows)[0].Text(0));
}

Result<PlanDetail> PlanService::GetPlan(const Principal* actor, const std::string& plan_id) {
  if (auto s = RequireView(actor); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  PlanDetail out;
  auto plan = internal::LoadPlan(t, plan_id);
  if (!plan) return tl::unexpected(plan.error());
  out.plan = std::move(*plan);
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  auto items = t.Query(
      "SELECT id, number, measure_az, measure_en, responsible_text_az, responsible_text_en, responsible_inferred, "
      "restored_from, deadline_kind, deadline_due, deadline_cadence, deadline_text_az, deadline_text_en "
      "FROM plan_items WHERE plan_id = ? ORDER BY number",
      {plan_id});
  if (!items) return tl::unexpected(items.error());
  auto owners = t.Query(
      "SELECT ia.item_id, ia.agency_id FROM plan_item_agencies ia JOIN plan_items i ON i.id = ia.item_id "
      "WHERE i.plan_id = ? ORDER BY ia.item_id, ia.position",
      {plan_id});
  if (!owners) return tl::unexpected(owners.error());
  std::map<std::string, std::vector<std::string>> codes;
  for (const auto& r : *owners) codes[r.Text(0)].push_back(agencies->Code(r.Text(1)));
  auto tasks = internal::LoadTasks(t, SeesInternal(actor) ? "t.plan_id = ?" : "t.plan_id = ? AND t.internal = 0",
                                   {plan_id}, *agencies, DayOfMillis(clock_.NowMillis()), options_);
  if (!tasks) return tl::unexpected(tasks.error());
  for (const auto& r : *items) {
    Item item;
    item.id = r.Text(0);
    item.number = static_cast<int>(r.Int(1));
    item.measure = Text{r.OptText(2), r.OptText(3)};
    if (!r.IsNull(4) || !r.IsNull(5)) item.responsible_text = Text{r.OptText(4), r.OptText(5)};
    item.responsible_inferred = r.Int(6) != 0;
    item.restored_from = r.OptText(7);
    item.deadline = Deadline{r.Text(8), r.OptText(9), r.OptText(10), Text{r.OptText(11), r.OptText(12)}};
    item.responsible = codes[item.id];
    for (const auto& task : *tasks)
      if (task.item_id == item.id) item.tasks.push_back(task);
    out.items.push_back(std::move(item));
  }
  if (!SeesInternal(actor)) out.plan.task_count = static_cast<int64_t>(tasks->size());
  return out;
}

Result<Plan> PlanService::UpdatePlan(const Principal& actor, const std::string& plan_id, const PlanPatch& patch,
                                     const std::string& request_id) {
  if (!actor.Can(directory::kPlanManage))
    return Fail(ErrorCode::kPermissionDenied, "changing a plan needs plan.manage");
  if (patch.status && *patch.status != "draft" && *patch.status != "active" && *patch.status != "closed")
    return Fail(ErrorCode::kInvalidArgument, "status must be draft, active or closed");
  if (patch.title &&
      !((patch.title->az && !patch.title->az->empty()) || (patch.title->en && !patch.title->en->empty())))
    return Fail(ErrorCode::kInvalidArgument, "the title needs an az or en text");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto current = internal::LoadPlan(t, plan_id);
  if (!current) return tl::unexpected(current.error());
  if (patch.period_end && *patch.period_end) {
    const auto end = ParseDate(**patch.period_end);
    if (!end) return Fail(ErrorCode::kInvalidArgument, "period_end must be a date YYYY-MM-DD");
    if (*end < *ParseDate(current->period_start))
      return Fail(ErrorCode::kInvalidArgument, "period_end is before period_start");
  }
  const Text title = patch.title.value_or(current->title);
  const auto end = patch.period_end ? *patch.period_end : current->period_end;
  auto n = t.Exec(
      "UPDATE plans SET status = ?, title_az = ?, title_en = ?, period_end = ?, updated_at = ?, version = version + 1 "
      "WHERE id = ? AND version = ?",
      {patch.status.value_or(current->status), store::Opt(title.az), store::Opt(title.en), store::Opt(end),
       clock_.NowMillis(), plan_id, patch.version});
  if (!n) return tl::unexpected(n.error());
  if (*n == 0) return Fail(ErrorCode::kConflict, "the plan was changed by someone else; reload it");
  auto loaded = internal::LoadPlan(t, plan_id);
  if (!loaded) return tl::unexpected(loaded.error());
  if (auto s = internal::AuditChange(audit_, t, &actor, "plan.update", "plan", plan_id, request_id,
                                     {{"status", loaded->status}});
      !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return loaded;
}

Result<std::vector<Task>> PlanService::ListTasks(const Principal* actor, const TaskFilter& f) {
  if (auto s = RequireView(actor); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  std::string where = "1 = 1";
  std::vector<store::Value> params;
  if (f.plan_id) {
    where += " AND t.plan_id = ?";
    params.push_back(*f.plan_id);
  }
  if (!SeesInternal(actor)) where += " AND t.internal = 0";
  if (f.agency) {
    std::string agency_id;
    if (*f.agency == "mine") {
      if (!actor) return Fail(ErrorCode::kInvalidArgument, "agency=mine needs a signed-in user");
      agency_id = actor->agency_id;
    } else {
      auto it = agencies->id_by_code.find(*f.agency);
      if (it == agencies->id_by_code.end()) return Fail(ErrorCode::kInvalidArgument, "unknown agency code");
      agency_id = it->second;
    }
    where += " AND EXISTS (SELECT 1 FROM plan_task_agencies x WHERE x.task_id = t.id AND x.agency_id = ?)";
    params.push_back(agency_id);
  }
  if (f.status) {
    where += " AND t.status = ?";
    params.push_back(*f.status);
  }
  auto tasks = internal::LoadTasks(t, where, params, *agencies, DayOfMillis(clock_.NowMillis()), options_);
  if (!tasks) return tl::unexpected(tasks.error());
  if (f.due_state)
    tasks->erase(
        std::remove_if(tasks->begin(), tasks->end(), [&](const Task& x) { return x.due_state != *f.due_state; }),
        tasks->end());
  return tasks;
}

Result<Task> PlanService::GetTask(const Principal* actor, const std::string& task_id) {
  if (auto s = RequireView(actor); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto agencies = internal::LoadAgencies(**tx);
  if (!agencies) return tl::unexpected(agencies.error());
  auto tasks = internal::LoadTasks(**tx, "t.id = ?", {task_id}, *agencies, DayOfMillis(clock_.NowMillis()), options_);
  if (!tasks) return tl::unexpected(tasks.error());
  if (tasks->empty() || (tasks->front().internal && !SeesInternal(actor)))
    return Fail(ErrorCode::kNotFound, "no such task");
  return tasks->front();
}

Result<std::vector<HistoryEntry>> PlanService::History(const Principal* actor, const std::string& task_id) {
  auto task = GetTask(actor, task_id);
  if (!task) return tl::unexpected(task.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto agencies = internal::LoadAgencies(**tx);
  if (!agencies) return tl::unexpected(agencies.error());
  auto rows = (*tx)->Query(
      "SELECT at, action, actor_user_id, actor_agency_id, report_id, period, status, state, comment, narrative, "
      "narrative_internal FROM task_history WHERE task_id = ? ORDER BY seq",
      {task_id});
  if (!rows) return tl::unexpected(rows.error());
  const bool internal = SeesInternal(actor);
  std::vector<HistoryEntry> out;
  for (const auto& r : *rows) {
    HistoryEntry h;
    h.at = r.Int(0);
    h.action = r.Text(1);
    h.actor_user_id = r.OptText(2);
    if (auto a = r.OptText(3)) h.actor_agency = agencies->Code(*a);
    h.report_id = r.OptText(4);
    h.period = r.OptText(5);
    h.status = r.OptText(6);
    h.state = r.OptText(7);
    h.comment = r.OptText(8);
    if (internal || r.Int(10) == 0) h.narrative = r.OptText(9);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace nrm::plan
