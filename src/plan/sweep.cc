// PlanService::RemindAndFlag: the board's states as notices (service.h).
//
// One write transaction per sweep: the reads that decide (tasks, reports,
// recipients) and the marks and notices they cause commit together, so a
// notice exists exactly when its mark does, and a failed sweep leaves nothing
// half-sent for the next one to skip. A sweep touches at most a few hundred
// rows; the transaction is short. Two sweepers (two `nrm serve` on one
// PostgreSQL) both try to mark the same reminder; the second one's INSERT
// waits for the first to commit and then inserts nothing, so it notifies
// nobody. They mark in the same order (the tasks' order), so they never
// deadlock.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "directory/capabilities.h"
#include "notify/service.h"
#include "plan/service.h"
#include "plan/store.h"

namespace nrm::plan {

namespace {

constexpr const char* kCoordinatorCode = "coordinator";

// Marks (kind, object, period) sent; true when this sweeper marked it first.
Result<bool> Mark(store::Transaction& tx, const std::string& kind, const std::string& object_id,
                  const std::string& period_key, int64_t now) {
  auto ins = tx.Exec(
      "INSERT INTO plan_reminders_sent (kind, object_id, period_key, sent_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (kind, object_id, period_key) DO NOTHING",
      {kind, object_id, period_key, now});
  if (!ins) return tl::unexpected(ins.error());
  return *ins > 0;
}

}  // namespace

Result<SweepOutcome> PlanService::RemindAndFlag(notify::Inbox& inbox, int64_t now) {
  const Day today = DayOfMillis(now);
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  auto tasks = internal::LoadTasks(t, "p.status = 'active'", {}, *agencies, today, options_);
  if (!tasks) return tl::unexpected(tasks.error());
  auto starts = t.Query("SELECT id, period_start, period_end FROM plans WHERE status = 'active'");
  if (!starts) return tl::unexpected(starts.error());
  std::map<std::string, std::pair<std::optional<Day>, std::optional<Day>>> plan_span;
  for (const auto& r : *starts) {
    const auto end = r.OptText(2);
    plan_span[r.Text(0)] = {ParseDate(r.Text(1)), end ? ParseDate(*end) : std::nullopt};
  }

  std::vector<std::string> office;
  if (auto it = agencies->id_by_code.find(kCoordinatorCode); it != agencies->id_by_code.end()) {
    auto users = inbox.UsersWith(t, it->second, directory::kPlanReview);
    if (!users) return tl::unexpected(users.error());
    office = std::move(*users);
  }
  std::map<std::string, std::vector<std::string>> focal_points;  // agency id -> plan.report holders
  auto focal = [&](const std::string& code) -> Result<const std::vector<std::string>*> {
    const auto id = agencies->id_by_code.find(code);
    if (id == agencies->id_by_code.end()) return &focal_points[""];
    auto it = focal_points.find(id->second);
    if (it == focal_points.end()) {
      auto users = inbox.UsersWith(t, id->second, directory::kPlanReport);
      if (!users) return tl::unexpected(users.error());
      it = focal_points.emplace(id->second, std::move(*users)).first;
    }
    return &it->second;
  };
  // Marks, notifies and audits one reminder; returns whether it was sent.
  auto send = [&](const std::string& kind, const std::string& object_type, const std::string& object_id,
                  const std::string& link, const std::string& period_key,
                  const std::vector<std::string>& to) -> Result<bool> {
    if (to.empty()) return false;  // nobody to tell yet: try again next sweep
    auto first = Mark(t, kind, object_id, period_key, now);
    if (!first) return tl::unexpected(first.error());
    if (!*first) return false;  // already sent, by an earlier sweep or another process
    if (auto s = inbox.Notify(t, to, notify::Notice{kind, object_type, object_id, link}); !s)
      return tl::unexpected(s.error());
    audit::Entry e;
    e.action = kind;
    e.object_type = object_type;
    e.object_id = object_id;
    e.detail = {{"period", period_key}, {"via", "sweep"}, {"recipients", std::to_string(to.size())}};
    if (auto s = audit_.Append(t, e); !s) return tl::unexpected(s.error());
    return true;
  };

  SweepOutcome out;
  std::map<std::string, int64_t> open_by_agency;  // code -> open tasks (as the board counts them)
  for (const auto& task : *tasks) {
    const auto& span = plan_span[task.plan_id];
    const bool started = span.first && today >= *span.first;
    for (const auto& code : task.responsible)
      if (task.status != TaskStatus::kDone || task.deadline.kind == "ongoing") ++open_by_agency[code];
    if (!started) continue;
    const std::string link = "/plan/tasks/" + task.id;
    if (task.deadline.kind == "ongoing") {
      const Period open = PeriodOf(internal::CadenceOf(task), today);
      const bool plan_over = span.second && open.start > *span.second;
      if (task.due_state != "reported" && !plan_over && open.end - today <= options_.remind_before_days) {
        std::set<std::string> to;
        for (const auto& code : task.responsible) {
          auto users = focal(code);
          if (!users) return tl::unexpected(users.error());
          to.insert((*users)->begin(), (*users)->end());
        }
        auto sent = send("plan.report_due", "plan_task", task.id, link, open.key, {to.begin(), to.end()});
        if (!sent) return tl::unexpected(sent.error());
        out.report_due += *sent;
      }
      if (task.due_state == "overdue") {
        const Period missed = PreviousPeriod(internal::CadenceOf(task), open);
        if (today - missed.end <= options_.flag_overdue_within_days) {
          auto sent = send("plan.task_overdue", "plan_task", task.id, link, missed.key, office);
          if (!sent) return tl::unexpected(sent.error());
          out.task_overdue += *sent;
        }
      }
      continue;
    }
    if (task.due_state != "overdue" || !task.deadline.due) continue;
    const auto due = ParseDate(*task.deadline.due);
    if (!due || today - *due > options_.flag_overdue_within_days) continue;
    auto sent = send("plan.task_overdue", "plan_task", task.id, link, *task.deadline.due, office);
    if (!sent) return tl::unexpected(sent.error());
    out.task_overdue += *sent;
  }

  // Silent agencies, as the board defines them; an episode is named by the
  // last report that preceded it, so a report ends it and the next silence
  // is a new one.
  auto last = t.Query("SELECT agency_id, MAX(submitted_at) FROM task_reports GROUP BY agency_id ORDER BY agency_id");
  if (!last) return tl::unexpected(last.error());
  std::map<std::string, int64_t> last_report;
  for (const auto& r : *last) last_report[agencies->Code(r.Text(0))] = r.Int(1);
  const int64_t silent_before = now - int64_t{options_.silent_after_days} * civil::kDayMillis;
  for (const auto& [code, open] : open_by_agency) {
    if (open == 0) continue;
    const auto l = last_report.find(code);
    if (l != last_report.end() && l->second >= silent_before) continue;
    const auto id = agencies->id_by_code.find(code);
    if (id == agencies->id_by_code.end()) continue;
    const std::string episode = l == last_report.end() ? "never" : std::to_string(l->second);
    auto sent = send("plan.agency_silent", "agency", id->second, "/desk", episode, office);
    if (!sent) return tl::unexpected(sent.error());
    out.agency_silent += *sent;
  }

  if (out.report_due + out.task_overdue + out.agency_silent == 0) return out;  // nothing new: roll back
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return out;
}

}  // namespace nrm::plan
