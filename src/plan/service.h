// The action plan service: plans (seed, create, import, revisions), tasks,
// progress reports with indicators and evidence, the history of every
// change, the Coordinator's board (overdue tasks, silent agencies) and the
// per-year summary the annual report prints.
//
// Rules it holds:
//  - responsible agencies are registry codes; an unknown code refuses the
//    whole create/import, which is all-or-nothing in one transaction and
//    reports every bad row at once (ImportOutcome::problems);
//  - a new plan with an existing code becomes its next revision; older
//    revisions stay and keep their tasks and reports;
//  - only a holder of plan.report whose agency is responsible for a task may
//    report on it (kPermissionDenied otherwise); one report per task and
//    period (an ongoing task's cadence; date tasks report quarterly);
//  - a holder of plan.review accepts or returns a submitted report; a
//    returned report is revised by its agency; an accepted one is final;
//  - reading plans, tasks and reports needs one of plan.manage, plan.review,
//    plan.report, needs.view, statistics.view, reports.produce; callers who
//    hold none of plan.manage, plan.review, plan.report and reports.produce
//    (donors, analysts) never see internal tasks or narratives marked
//    internal;
//  - every change writes a task_history row and an audit entry in the same
//    transaction.
//
// Due states, as of the Clock's day (UTC):
//  - a date task: done; overdue (past due and not done); due_soon (due
//    within Options::due_soon_days); on_track;
//  - an ongoing task: reported (the open period has a submitted or accepted
//    report); overdue (the last closed period, if it began on or after the
//    plan's start, has none); due otherwise.
// An agency is silent when it is responsible for an open task and has
// submitted no report in Options::silent_after_days (or never).
//
// The sweep (RemindAndFlag, plan/sweep.cc) turns those states into notices:
// the responsible agencies' focal points are asked for the open period's
// report, and the Coordinator's office hears of tasks that became overdue and
// agencies that fell silent, each once (plan_reminders_sent remembers).
//
// Who calls it: plan/routes.cc, the `nrm plan` CLI, app/ (reference data),
// plan/meetings.cc, reports/ (Summary, ListPlans, FindPlan), and `nrm serve`
// (RemindAndFlag, every few minutes).
// `actor` null means the local system (CLI, reference data).
//
// Thread-safety: safe for concurrent use; all state is in the Database.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/log.h"
#include "core/clock.h"
#include "core/error.h"
#include "directory/model.h"
#include "plan/model.h"
#include "store/database.h"

namespace nrm::notify {
class Inbox;
}

namespace nrm::plan {

// Configurable constants of the board.
struct PlanOptions {
  int silent_after_days = 90;
  int due_soon_days = 30;
  // The sweep asks for an ongoing task's report once the open period ends
  // within this many days (a monthly task: from the period's first day).
  int remind_before_days = 30;
  // The sweep flags a task that became overdue at most this many days ago:
  // news for the Coordinator, not the whole backlog of an old plan (the
  // board lists every overdue task).
  int flag_overdue_within_days = 31;
};

// What one sweep sent (notices per kind; 0 when nothing was new).
struct SweepOutcome {
  int report_due = 0;
  int task_overdue = 0;
  int agency_silent = 0;
};

// The code of the 2004 plan in data/plan-2004.json.
inline constexpr const char* kPlan2004Code = "nap-2004";

struct ImportOutcome {
  std::vector<ImportProblem> problems;  // non-empty: nothing was written
  std::optional<Plan> plan;             // the stored plan (not on a dry run)
  int64_t items = 0;
  int64_t tasks = 0;
  bool dry_run = false;
};

enum class PlanFormat { kJson, kCsv };

class PlanService {
 public:
  PlanService(store::Database& db, audit::AuditLog& audit, const Clock& clock, PlanOptions options = {});

  // ---- Plans.
  // Loads data/plan-2004.json (text given by app/) unless a plan with its
  // code exists. Idempotent.
  Status LoadSeedPlan(std::string_view json_text);
  // Parses and stores a plan document (JSON or CSV) in one transaction.
  // actor: plan.manage (null: the CLI). Bad rows come back in
  // ImportOutcome::problems, not as an Error; an Error means the caller may
  // not import or the store failed.
  Result<ImportOutcome> Import(const directory::Principal* actor, std::string_view text, PlanFormat format,
                               bool dry_run, const std::string& request_id = "");
  // The same for a spec already parsed (POST /api/v1/plans).
  Result<ImportOutcome> Create(const directory::Principal* actor, PlanSpec spec, bool dry_run,
                               const std::string& request_id = "");
  // Newest first (code, then revision descending). actor null: everything.
  Result<std::vector<Plan>> ListPlans(const directory::Principal* actor);
  // The newest revision with `code`, or that revision.
  Result<Plan> FindPlan(const std::string& code, std::optional<int64_t> revision = std::nullopt);
  Result<PlanDetail> GetPlan(const directory::Principal* actor, const std::string& plan_id);
  Result<Plan> UpdatePlan(const directory::Principal& actor, const std::string& plan_id, const PlanPatch& patch,
                          const std::string& request_id = "");

  // ---- Tasks.
  Result<std::vector<Task>> ListTasks(const directory::Principal* actor, const TaskFilter& filter);
  Result<Task> GetTask(const directory::Principal* actor, const std::string& task_id);
  // Oldest first.
  Result<std::vector<HistoryEntry>> History(const directory::Principal* actor, const std::string& task_id);

  // ---- Progress.
  // Newest period first.
  Result<std::vector<Report>> ListReports(const directory::Principal* actor, const std::string& task_id);
  Result<Report> SubmitReport(const directory::Principal& actor, const std::string& task_id, const ReportInput& input,
                              const std::string& request_id = "");
  Result<Report> ReviseReport(const directory::Principal& actor, const std::string& task_id,
                              const std::string& report_id, int64_t version, const ReportInput& input,
                              const std::string& request_id = "");
  // accept=false returns the report to its agency.
  Result<Report> ReviewReport(const directory::Principal& actor, const std::string& task_id,
                              const std::string& report_id, int64_t version, bool accept,
                              const std::optional<std::string>& comment, const std::string& request_id = "");
  Result<Attachment> AddAttachment(const directory::Principal& actor, const std::string& task_id,
                                   const std::string& report_id, const std::string& filename, std::string_view bytes,
                                   const std::string& request_id = "");
  Result<AttachmentContent> GetAttachment(const directory::Principal* actor, const std::string& task_id,
                                          const std::string& report_id, const std::string& attachment_id);

  // ---- The Coordinator's view.
  // actor: plan.review or statistics.view (the analyst, who gets no internal
  // tasks); null: the CLI. plan_id empty: every active plan.
  Result<Dashboard> Board(const directory::Principal* actor, const std::optional<std::string>& plan_id);
  // What the annual report needs for one plan and calendar year. actor:
  // plan.review or reports.produce (null: the system, e.g. reports/ after
  // its own check). Task states are as of 31 December of `year`, or today
  // when that is earlier.
  Result<PlanSummary> Summary(const directory::Principal* actor, const std::string& plan_id, int year);

  // ---- The sweep (plan/sweep.cc). As of `now` (ms), in one transaction:
  //  - "plan.report_due" to the plan.report holders of each responsible
  //    agency of an ongoing task whose open period has no report and ends
  //    within remind_before_days; once per task and period;
  //  - "plan.task_overdue" to the Coordinator's office (agency "coordinator",
  //    plan.review) for a task that became overdue within
  //    flag_overdue_within_days; once per task and deadline (date tasks) or
  //    missed period (ongoing tasks);
  //  - "plan.agency_silent" to the Coordinator's office once per silence
  //    episode (the episode is named by the agency's last report, or never).
  // Only tasks of active plans count. A notice with no recipient yet is not
  // marked sent, so it goes out once someone holds the capability.
  // Idempotent, and safe with several processes on one database: the
  // plan_reminders_sent primary key lets exactly one sweeper mark (and
  // notify) each reminder. Nothing is written when nothing is new.
  Result<SweepOutcome> RemindAndFlag(notify::Inbox& inbox, int64_t now);

  const PlanOptions& options() const { return options_; }
  const Clock& clock() const { return clock_; }

 private:
  store::Database& db_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  PlanOptions options_;
};

// Capabilities, in one place.
bool CanViewPlans(const directory::Principal* actor);
// False for donors and analysts: they never see internal tasks or narratives.
bool SeesInternal(const directory::Principal* actor);

}  // namespace nrm::plan
