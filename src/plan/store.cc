#include "plan/store.h"

#include "core/ids.h"
#include "directory/lookup.h"

namespace nrm::plan::internal {

using store::Null;
using store::Value;

std::optional<std::string> OptText(const store::Row& r, size_t i) { return r.OptText(i); }

namespace {

Value V(const std::optional<std::string>& s) { return store::Opt(s); }
Value B(bool b) { return int64_t{b ? 1 : 0}; }

}  // namespace

Result<AgencyIndex> LoadAgencies(store::Transaction& tx) {
  auto agencies = directory::ListAgencies(tx);
  if (!agencies) return tl::unexpected(agencies.error());
  AgencyIndex index;
  for (const auto& a : *agencies) {
    index.id_by_code[a.code] = a.id;
    index.code_by_id[a.id] = a.code;
  }
  return index;
}

void LocateUnknownAgencies(const PlanSpec& spec, const AgencyIndex& agencies, std::vector<ImportProblem>& problems) {
  auto unknown = [&](const std::string& c) { return !agencies.id_by_code.count(c); };
  auto message = [](const std::string& c) {
    return "unknown agency code \"" + c.substr(0, 64) + "\" (see GET /api/v1/agencies)";
  };
  for (const auto& item : spec.items) {
    // A code a task names is reported on the task's line (a CSV row), once.
    std::set<std::string> on_tasks;
    std::vector<ImportProblem> task_problems;
    for (const auto& t : item.tasks)
      for (const auto& c : t.responsible) {
        on_tasks.insert(c);
        if (unknown(c))
          task_problems.push_back({t.line, t.field == "task" ? "responsible" : t.field + "/responsible", message(c)});
      }
    for (const auto& c : item.responsible)
      if (unknown(c) && !on_tasks.count(c))
        problems.push_back({item.line, item.field == "item" ? "responsible" : item.field + "/responsible", message(c)});
    problems.insert(problems.end(), task_problems.begin(), task_problems.end());
  }
}

Result<Plan> LoadPlan(store::Transaction& tx, const std::string& plan_id) {
  auto rows = tx.Query(
      "SELECT p.id, p.code, p.revision, p.kind, p.title_az, p.title_en, p.approved_by_az, p.approved_by_en, "
      "p.period_start, p.period_end, p.status, p.created_at, p.updated_at, p.version, "
      "(SELECT count(*) FROM plan_items i WHERE i.plan_id = p.id), "
      "(SELECT count(*) FROM plan_tasks t WHERE t.plan_id = p.id) "
      "FROM plans p WHERE p.id = ?",
      {plan_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such plan");
  const auto& r = (*rows)[0];
  Plan p;
  p.id = r.Text(0);
  p.code = r.Text(1);
  p.revision = r.Int(2);
  p.kind = r.Text(3);
  p.title = Text{r.OptText(4), r.OptText(5)};
  if (!r.IsNull(6) || !r.IsNull(7)) p.approved_by = Text{r.OptText(6), r.OptText(7)};
  p.period_start = r.Text(8);
  p.period_end = r.OptText(9);
  p.status = r.Text(10);
  p.created_at = r.Int(11);
  p.updated_at = r.Int(12);
  p.version = r.Int(13);
  p.item_count = r.Int(14);
  p.task_count = r.Int(15);
  return p;
}

Status InsertTask(store::Transaction& tx, const std::string& plan_id, const std::string& item_id, int position,
                  const TaskSpec& task, const std::vector<std::string>& codes, const AgencyIndex& agencies,
                  const directory::Principal* actor, int64_t now, const std::string& task_id,
                  const std::optional<std::string>& meeting_id) {
  const auto& d = task.deadline;
  auto ins = tx.Exec(
      "INSERT INTO plan_tasks (id, plan_id, item_id, number, position, text_az, text_en, deadline_kind, "
      "deadline_due, deadline_cadence, deadline_text_az, deadline_text_en, deadline_inferred, internal, status, "
      "meeting_id, created_at, updated_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'not_started', ?, ?, ?, 1)",
      {task_id, plan_id, item_id, task.number, int64_t{position}, V(task.text.az), V(task.text.en), d.kind, V(d.due),
       V(d.cadence), V(d.text.az), V(d.text.en), B(task.deadline_inferred), B(task.internal), V(meeting_id), now, now});
  if (!ins) return tl::unexpected(ins.error());
  int64_t pos = 0;
  for (const auto& c : codes) {
    auto a = tx.Exec("INSERT INTO plan_task_agencies (task_id, agency_id, position) VALUES (?, ?, ?)",
                     {task_id, agencies.id_by_code.at(c), pos++});
    if (!a) return tl::unexpected(a.error());
  }
  (void)actor;
  return {};
}

Status InsertItem(store::Transaction& tx, const std::string& plan_id, const ItemSpec& item, const AgencyIndex& agencies,
                  const directory::Principal* actor, int64_t now, const Clock& clock,
                  const std::optional<std::string>& meeting_id) {
  const std::string item_id = NewUuidV7(clock);
  const Deadline d = item.deadline.value_or(Deadline{"ongoing", std::nullopt, "quarterly", {}});
  const Text rt = item.responsible_text.value_or(Text{});
  auto ins = tx.Exec(
      "INSERT INTO plan_items (id, plan_id, number, measure_az, measure_en, responsible_text_az, "
      "responsible_text_en, responsible_inferred, restored_from, deadline_kind, deadline_due, deadline_cadence, "
      "deadline_text_az, deadline_text_en, deadline_inferred, meeting_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {item_id, plan_id, int64_t{item.number}, V(item.measure.az), V(item.measure.en), V(rt.az), V(rt.en),
       B(item.responsible_inferred), V(item.restored_from), d.kind, V(d.due), V(d.cadence), V(d.text.az), V(d.text.en),
       B(item.deadline_inferred), V(meeting_id)});
  if (!ins) return tl::unexpected(ins.error());
  int64_t pos = 0;
  for (const auto& c : item.responsible) {
    auto a = tx.Exec("INSERT INTO plan_item_agencies (item_id, agency_id, position) VALUES (?, ?, ?)",
                     {item_id, agencies.id_by_code.at(c), pos++});
    if (!a) return tl::unexpected(a.error());
  }
  int position = 0;
  for (const auto& t : item.tasks) {
    const std::string task_id = NewUuidV7(clock);
    const auto& codes = t.responsible.empty() ? item.responsible : t.responsible;
    if (auto s = InsertTask(tx, plan_id, item_id, position++, t, codes, agencies, actor, now, task_id, meeting_id); !s)
      return s;
    if (auto s = AppendHistory(tx, clock, actor, HistoryRow{task_id, std::nullopt, "task.create"}); !s) return s;
  }
  return {};
}

Result<Plan> InsertPlan(store::Transaction& tx, const PlanSpec& spec, const directory::Principal* actor, int64_t now,
                        const std::string& id) {
  // The unique (code, revision) key settles a race between two imports.
  auto rev = tx.Query("SELECT COALESCE(MAX(revision), 0) FROM plans WHERE code = ?", {spec.code});
  if (!rev) return tl::unexpected(rev.error());
  const int64_t revision = (*rev)[0].Int(0) + 1;
  const Text ab = spec.approved_by.value_or(Text{});
  auto ins = tx.Exec(
      "INSERT INTO plans (id, code, revision, kind, title_az, title_en, approved_by_az, approved_by_en, "
      "period_start, period_end, status, created_by, created_at, updated_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
      {id, spec.code, revision, spec.kind, V(spec.title.az), V(spec.title.en), V(ab.az), V(ab.en), spec.period_start,
       V(spec.period_end), spec.status, actor ? Value(actor->user_id) : Value(Null{}), now, now});
  if (!ins) return tl::unexpected(ins.error());
  return LoadPlan(tx, id);
}

Cadence CadenceOf(const Task& t) {
  if (t.deadline.cadence)
    if (auto c = ParseCadence(*t.deadline.cadence)) return *c;
  return Cadence::kQuarterly;
}

void ResolveDueState(Task& t, const std::string& plan_start, Day today, const std::set<std::string>& reported,
                     const PlanOptions& options) {
  const Cadence cadence = CadenceOf(t);
  const Period open = PeriodOf(cadence, today);
  t.current_period = open.key;
  if (t.deadline.kind == "ongoing") {
    if (reported.count(open.key)) {
      t.due_state = "reported";
      return;
    }
    const Period last = PreviousPeriod(cadence, open);
    const auto start = ParseDate(plan_start);
    const bool required = !start || last.end >= *start;
    t.due_state = required && !reported.count(last.key) ? "overdue" : "due";
    return;
  }
  if (t.status == TaskStatus::kDone) {
    t.due_state = "done";
    return;
  }
  const auto due = t.deadline.due ? ParseDate(*t.deadline.due) : std::nullopt;
  if (!due)
    t.due_state = "on_track";
  else if (today > *due)
    t.due_state = "overdue";
  else if (*due - today <= options.due_soon_days)
    t.due_state = "due_soon";
  else
    t.due_state = "on_track";
}

Result<std::vector<Task>> LoadTasks(store::Transaction& tx, const std::string& where, const std::vector<Value>& params,
                                    const AgencyIndex& agencies, Day today, const PlanOptions& options) {
  const std::string from =
      " FROM plan_tasks t JOIN plan_items i ON i.id = t.item_id JOIN plans p ON p.id = t.plan_id "
      "WHERE " +
      where;
  auto rows = tx.Query(
      "SELECT t.id, t.plan_id, p.code, t.item_id, i.number, t.number, t.text_az, t.text_en, t.deadline_kind, "
      "t.deadline_due, t.deadline_cadence, t.deadline_text_az, t.deadline_text_en, t.deadline_inferred, t.internal, "
      "t.status, t.last_report_at, t.meeting_id, t.version, p.period_start" +
          from + " ORDER BY p.code, p.revision, i.number, t.position",
      params);
  if (!rows) return tl::unexpected(rows.error());
  auto owners = tx.Query("SELECT ta.task_id, ta.agency_id" + from.substr(0, from.find(" WHERE ")) +
                             " JOIN plan_task_agencies ta ON ta.task_id = t.id WHERE " + where +
                             " ORDER BY ta.task_id, ta.position",
                         params);
  if (!owners) return tl::unexpected(owners.error());
  auto reports =
      tx.Query("SELECT r.task_id, r.period" + from.substr(0, from.find(" WHERE ")) +
                   " JOIN task_reports r ON r.task_id = t.id WHERE r.state <> 'returned' AND (" + where + ")",
               params);
  if (!reports) return tl::unexpected(reports.error());
  std::map<std::string, std::vector<std::string>> codes;
  for (const auto& r : *owners) codes[r.Text(0)].push_back(agencies.Code(r.Text(1)));
  std::map<std::string, std::set<std::string>> reported;
  for (const auto& r : *reports) reported[r.Text(0)].insert(r.Text(1));
  std::vector<Task> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    Task t;
    t.id = r.Text(0);
    t.plan_id = r.Text(1);
    t.plan_code = r.Text(2);
    t.item_id = r.Text(3);
    t.item_number = static_cast<int>(r.Int(4));
    t.number = r.Text(5);
    t.text = Text{r.OptText(6), r.OptText(7)};
    t.deadline.kind = r.Text(8);
    t.deadline.due = r.OptText(9);
    t.deadline.cadence = r.OptText(10);
    t.deadline.text = Text{r.OptText(11), r.OptText(12)};
    t.deadline_inferred = r.Int(13) != 0;
    t.internal = r.Int(14) != 0;
    t.status = ParseTaskStatus(r.Text(15)).value_or(TaskStatus::kNotStarted);
    t.last_report_at = r.OptInt(16);
    t.meeting_id = r.OptText(17);
    t.version = r.Int(18);
    t.responsible = codes[t.id];
    ResolveDueState(t, r.Text(19), today, reported[t.id], options);
    out.push_back(std::move(t));
  }
  return out;
}

Status AppendHistory(store::Transaction& tx, const Clock& clock, const directory::Principal* actor,
                     const HistoryRow& row) {
  // Changes of one task are serialised by the task row's update in the same
  // transaction, and the unique (task_id, seq) index refuses a clash.
  auto ins = tx.Exec(
      "INSERT INTO task_history (id, task_id, seq, report_id, at, actor_user_id, actor_agency_id, action, period, "
      "status, state, comment, narrative, narrative_internal) VALUES (?, ?, "
      "(SELECT COALESCE(MAX(seq), 0) + 1 FROM task_history WHERE task_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {NewUuidV7(clock), row.task_id, row.task_id, V(row.report_id), clock.NowMillis(),
       actor ? Value(actor->user_id) : Value(Null{}), actor ? Value(actor->agency_id) : Value(Null{}), row.action,
       V(row.period), V(row.status), V(row.state), V(row.comment), V(row.narrative), B(row.narrative_internal)});
  if (!ins) return tl::unexpected(ins.error());
  return {};
}

Status AuditChange(audit::AuditLog& audit, store::Transaction& tx, const directory::Principal* actor,
                   const std::string& action, const std::string& object_type, const std::string& object_id,
                   const std::string& request_id, std::map<std::string, std::string> detail) {
  audit::Entry e;
  e.action = action;
  if (actor) {
    e.actor_user_id = actor->user_id;
    e.actor_agency_id = actor->agency_id;
  } else {
    detail["via"] = "cli";
  }
  e.object_type = object_type;
  e.object_id = object_id;
  e.request_id = request_id;
  e.detail = std::move(detail);
  return audit.Append(tx, e);
}

}  // namespace nrm::plan::internal
