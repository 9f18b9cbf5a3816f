// PlanService: the Coordinator's board and the yearly summary (service.h).
#include <algorithm>
#include <map>

#include "core/civil_date.h"
#include "directory/capabilities.h"
#include "plan/service.h"
#include "plan/store.h"

namespace nrm::plan {

using directory::Principal;

void TaskCounts::Add(const Task& t) {
  ++total;
  switch (t.status) {
    case TaskStatus::kNotStarted: ++not_started; break;
    case TaskStatus::kInProgress: ++in_progress; break;
    case TaskStatus::kDone: ++done; break;
    case TaskStatus::kBlocked: ++blocked; break;
  }
  if (t.due_state == "overdue")
    ++overdue;
  else if (t.due_state == "due" || t.due_state == "due_soon")
    ++due;
}

namespace {

TaskBrief BriefOf(const Task& t) {
  return TaskBrief{t.id,     t.plan_id,   t.number,       t.text,          t.responsible,
                   t.status, t.due_state, t.deadline.due, t.current_period};
}

// Unanswered findings per addressed body, by age as of `now`.
Result<std::vector<FindingAges>> OpenFindingAges(store::Transaction& tx, const internal::AgencyIndex& agencies,
                                                 int64_t now, std::optional<int64_t> created_before = std::nullopt) {
  auto rows = tx.Query(
      "SELECT addressed_to, created_at FROM findings WHERE status = 'open' AND (CAST(? AS BIGINT) IS NULL OR "
      "created_at < ?)",
      {store::Opt(created_before), store::Opt(created_before)});
  if (!rows) return tl::unexpected(rows.error());
  std::map<std::string, FindingAges> by;
  for (const auto& r : *rows) {
    const std::string code = agencies.Code(r.Text(0));
    FindingAges& a = by[code];
    a.agency = code;
    const int64_t days = std::max<int64_t>(0, (now - r.Int(1)) / civil::kDayMillis);
    ++a.open;
    if (days <= 30)
      ++a.days_0_30;
    else if (days <= 90)
      ++a.days_31_90;
    else if (days <= 180)
      ++a.days_91_180;
    else
      ++a.days_over_180;
    a.oldest_days = std::max(a.oldest_days, days);
  }
  std::vector<FindingAges> out;
  for (auto& [k, v] : by) out.push_back(std::move(v));
  std::sort(out.begin(), out.end(), [](const FindingAges& a, const FindingAges& b) {
    return a.oldest_days != b.oldest_days ? a.oldest_days > b.oldest_days : a.agency < b.agency;
  });
  return out;
}

}  // namespace

Result<Dashboard> PlanService::Board(const Principal* actor, const std::optional<std::string>& plan_id) {
  // The analyst monitors too: the board holds no personal data. Callers who
  // may not see internal tasks (the analyst) get a board without them.
  if (actor && !actor->Can(directory::kPlanReview) && !actor->Can(directory::kStatisticsView))
    return Fail(ErrorCode::kPermissionDenied, "the board needs plan.review or statistics.view");
  const bool internal_ok = SeesInternal(actor);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  const int64_t now = clock_.NowMillis();
  const Day today = DayOfMillis(now);
  if (plan_id)
    if (auto p = internal::LoadPlan(t, *plan_id); !p) return tl::unexpected(p.error());
  auto tasks = plan_id ? internal::LoadTasks(t, "t.plan_id = ?", {*plan_id}, *agencies, today, options_)
                       : internal::LoadTasks(t, "p.status = 'active'", {}, *agencies, today, options_);
  if (!tasks) return tl::unexpected(tasks.error());
  Dashboard d;
  d.plan_id = plan_id;
  d.as_of = FormatDate(today);
  d.silent_after_days = options_.silent_after_days;
  std::map<std::pair<std::string, int>, size_t> item_at;
  std::map<std::string, Dashboard::ByAgency> by_agency;
  std::map<std::string, TaskCounts> by_month;
  std::map<std::string, int64_t> open_by_agency;
  auto measures = t.Query("SELECT plan_id, number, measure_az, measure_en FROM plan_items");
  if (!measures) return tl::unexpected(measures.error());
  std::map<std::pair<std::string, int>, Text> measure;
  for (const auto& r : *measures) measure[{r.Text(0), static_cast<int>(r.Int(1))}] = Text{r.OptText(2), r.OptText(3)};
  for (const auto& task : *tasks) {
    if (task.internal && !internal_ok) continue;
    d.totals.Add(task);
    const auto key = std::make_pair(task.plan_id, task.item_number);
    auto it = item_at.find(key);
    if (it == item_at.end()) {
      it = item_at.emplace(key, d.by_item.size()).first;
      d.by_item.push_back(Dashboard::ByItem{task.plan_id, task.item_number, measure[key], {}});
    }
    d.by_item[it->second].counts.Add(task);
    for (const auto& code : task.responsible) {
      by_agency[code].agency = code;
      by_agency[code].counts.Add(task);
      if (task.status != TaskStatus::kDone || task.deadline.kind == "ongoing") ++open_by_agency[code];
    }
    by_month[task.deadline.kind == "ongoing" || !task.deadline.due ? "ongoing" : task.deadline.due->substr(0, 7)].Add(
        task);
    if (task.due_state == "overdue")
      d.overdue.push_back(BriefOf(task));
    else if (task.due_state == "due" || task.due_state == "due_soon")
      d.due.push_back(BriefOf(task));
  }
  auto last = t.Query("SELECT agency_id, MAX(submitted_at) FROM task_reports GROUP BY agency_id");
  if (!last) return tl::unexpected(last.error());
  std::map<std::string, int64_t> last_report;
  for (const auto& r : *last) last_report[agencies->Code(r.Text(0))] = r.Int(1);
  const int64_t silent_before = now - int64_t{options_.silent_after_days} * civil::kDayMillis;
  for (auto& [code, a] : by_agency) {
    if (auto l = last_report.find(code); l != last_report.end()) a.last_report_at = l->second;
    d.by_agency.push_back(a);
    if (open_by_agency[code] > 0 && (!a.last_report_at || *a.last_report_at < silent_before))
      d.silent_agencies.push_back(Dashboard::Silent{code, open_by_agency[code], a.last_report_at});
  }
  for (auto& [month, counts] : by_month) d.by_deadline.push_back(Dashboard::ByDeadline{month, counts});
  auto ages = OpenFindingAges(t, *agencies, now);
  if (!ages) return tl::unexpected(ages.error());
  d.open_findings = std::move(*ages);
  return d;
}

Result<PlanSummary> PlanService::Summary(const Principal* actor, const std::string& plan_id, int year) {
  if (actor && !actor->Can(directory::kPlanReview) && !actor->Can(directory::kReportsProduce))
    return Fail(ErrorCode::kPermissionDenied, "the plan summary needs plan.review or reports.produce");
  if (year < 1990 || year > 2200) return Fail(ErrorCode::kInvalidArgument, "year must be 1990..2200");
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  auto plan = internal::LoadPlan(t, plan_id);
  if (!plan) return tl::unexpected(plan.error());
  const int64_t now = clock_.NowMillis();
  const Day year_end = civil::DayOf(year, 12, 31);
  const Day as_of = std::min(DayOfMillis(now), year_end);
  const int64_t as_of_end_ms = civil::StartOfDayMillis(as_of + 1);  // the moment the as-of day ends
  const std::string year_start = std::to_string(year) + "-01-01";
  const std::string year_last = std::to_string(year) + "-12-31";

  auto tasks = internal::LoadTasks(t, "t.plan_id = ?", {plan_id}, *agencies, as_of, options_);
  if (!tasks) return tl::unexpected(tasks.error());
  // The state as of `as_of`: each task's newest report submitted by then
  // (not returned), and the due state recomputed from those reports only.
  auto reports = t.Query(
      "SELECT r.task_id, r.period, r.period_end, r.status, r.state, r.submitted_at, r.agency_id, r.id, r.reviewed_at "
      "FROM task_reports r JOIN plan_tasks t ON t.id = r.task_id WHERE t.plan_id = ? ORDER BY r.period_end, "
      "r.submitted_at",
      {plan_id});
  if (!reports) return tl::unexpected(reports.error());
  std::map<std::string, std::string> status_then;
  std::map<std::string, std::set<std::string>> reported_then;
  std::map<std::string, std::pair<int64_t, int64_t>> per_agency_reports;  // submitted, accepted in the year
  std::map<std::string, std::vector<std::string>> report_ids_in_year;     // task -> report ids (period ends in year)
  for (const auto& r : *reports) {
    const std::string task_id = r.Text(0);
    const auto state = ParseReportState(r.Text(4));
    if (r.Int(5) < as_of_end_ms && state != ReportState::kReturned) {
      status_then[task_id] = r.Text(3);
      reported_then[task_id].insert(r.Text(1));
    }
    const std::string pend = r.Text(2);
    if (pend >= year_start && pend <= year_last) {
      auto& c = per_agency_reports[agencies->Code(r.Text(6))];
      ++c.first;
      if (state == ReportState::kAccepted) ++c.second;
      report_ids_in_year[task_id].push_back(r.Text(7));
    }
  }
  PlanSummary s;
  s.plan = std::move(*plan);
  s.year = year;
  s.as_of = FormatDate(as_of);
  std::map<int, size_t> item_at;
  auto measures =
      t.Query("SELECT number, measure_az, measure_en FROM plan_items WHERE plan_id = ? ORDER BY number", {plan_id});
  if (!measures) return tl::unexpected(measures.error());
  for (const auto& r : *measures) {
    item_at[static_cast<int>(r.Int(0))] = s.items.size();
    s.items.push_back(PlanSummary::ItemFigures{static_cast<int>(r.Int(0)), Text{r.OptText(1), r.OptText(2)}, {}, {}});
  }
  // Every indicator of the year's reports in one query (one per report made
  // the summary 17x slower on PostgreSQL: bench/RESULTS.md).
  std::map<std::string, std::vector<PlanSummary::IndicatorValue>> indicators_of;  // report id -> in position order
  auto ind = t.Query(
      "SELECT x.report_id, r.period, r.agency_id, x.name, x.unit, x.target, x.value FROM task_report_indicators x "
      "JOIN task_reports r ON r.id = x.report_id JOIN plan_tasks pt ON pt.id = r.task_id "
      "WHERE pt.plan_id = ? AND r.period_end >= ? AND r.period_end <= ? ORDER BY x.report_id, x.position",
      {plan_id, year_start, year_last});
  if (!ind) return tl::unexpected(ind.error());
  for (const auto& r : *ind) {
    PlanSummary::IndicatorValue v;
    v.period = r.Text(1);
    v.agency = agencies->Code(r.Text(2));
    v.name = r.Text(3);
    v.unit = r.OptText(4);
    if (!r.IsNull(5)) v.target = r.Real(5);
    if (!r.IsNull(6)) v.value = r.Real(6);
    indicators_of[r.Text(0)].push_back(std::move(v));
  }
  std::map<std::string, PlanSummary::AgencyFigures> by_agency;
  for (auto& task : *tasks) {
    auto st = status_then.find(task.id);
    task.status = st == status_then.end() ? TaskStatus::kNotStarted
                                          : ParseTaskStatus(st->second).value_or(TaskStatus::kNotStarted);
    internal::ResolveDueState(task, s.plan.period_start, as_of, reported_then[task.id], options_);
    auto& item = s.items[item_at[task.item_number]];
    item.counts.Add(task);
    for (const auto& code : task.responsible) {
      by_agency[code].agency = code;
      by_agency[code].counts.Add(task);
    }
    for (const auto& rid : report_ids_in_year[task.id]) {
      auto found = indicators_of.find(rid);
      if (found == indicators_of.end()) continue;
      for (auto v : found->second) {
        v.task_number = task.number;
        item.indicators.push_back(std::move(v));
      }
    }
  }
  for (auto& [code, figures] : by_agency) {
    figures.reports_submitted = per_agency_reports[code].first;
    figures.reports_accepted = per_agency_reports[code].second;
    s.agencies.push_back(std::move(figures));
  }
  // Findings and meetings of the calendar year (all plans: they are the
  // Coordinator's, not one plan's).
  const int64_t year_start_ms = civil::StartOfDayMillis(civil::DayOf(year, 1, 1));
  const int64_t year_end_ms = civil::YearEndMillis(year);
  auto f = t.Query(
      "SELECT count(*), "
      "SUM(CASE WHEN answered_at IS NOT NULL AND answered_at < ? THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN closed_at IS NOT NULL AND closed_at < ? THEN 1 ELSE 0 END) "
      "FROM findings WHERE created_at >= ? AND created_at < ?",
      {year_end_ms, year_end_ms, year_start_ms, year_end_ms});
  if (!f) return tl::unexpected(f.error());
  s.findings.recorded = (*f)[0].Int(0);
  s.findings.answered = (*f)[0].Int(1);
  s.findings.closed = (*f)[0].Int(2);
  auto ages = OpenFindingAges(t, *agencies, std::min(now, year_end_ms), year_end_ms);
  if (!ages) return tl::unexpected(ages.error());
  s.findings.open_by_body = std::move(*ages);
  auto m = t.Query(
      "SELECT SUM(CASE WHEN status = 'held' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'scheduled' THEN 1 ELSE 0 END) "
      "FROM meetings WHERE scheduled_for >= ? AND scheduled_for < ?",
      {year_start_ms, year_end_ms});
  if (!m) return tl::unexpected(m.error());
  s.meetings.held = (*m)[0].Int(0);
  s.meetings.scheduled = (*m)[0].Int(1);
  auto dec = t.Query(
      "SELECT count(*), SUM(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END) FROM meeting_decisions d "
      "JOIN meetings m ON m.id = d.meeting_id JOIN plan_tasks t ON t.id = d.task_id "
      "WHERE m.scheduled_for >= ? AND m.scheduled_for < ?",
      {year_start_ms, year_end_ms});
  if (!dec) return tl::unexpected(dec.error());
  s.meetings.decisions = (*dec)[0].Int(0);
  s.meetings.decisions_done = (*dec)[0].Int(1);
  return s;
}

}  // namespace nrm::plan
