// `nrm plan import FILE [--dry-run]`, `nrm plan list` and `nrm plan sweep`:
// action plans from the command line (docs/plan-import.md), and the reminder
// sweep. The import is the same all-or-nothing transaction as
// POST /api/v1/plans/import; every refused row is printed with its line
// number and nothing is written.
#include <cstdio>
#include <fstream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "app/application.h"
#include "cli/commands.h"
#include "plan/document.h"

namespace nrm::cli {

void AddPlan(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("plan", "Action plans: import a plan (JSON or CSV), list plans, send reminders");
  cmd->require_subcommand(1);
  auto opts = std::make_shared<CommonOptions>();

  auto* import = cmd->add_subcommand("import", "Import a plan from FILE (.json or .csv) in one transaction");
  AddCommonOptions(*import, *opts);
  auto file = std::make_shared<std::string>();
  auto dry_run = std::make_shared<bool>(false);
  import
      ->add_option("FILE", *file, "plan document (.json: the shape of data/plan-2004.json; .csv: docs/plan-import.md)")
      ->required();
  import->add_flag("--dry-run", *dry_run, "check the file and report problems; write nothing");
  import->callback([&run, opts, file, dry_run] {
    run = [opts, file, dry_run] {
      std::ifstream in(*file, std::ios::binary);
  if (!in) return Fail(Error::Of(ErrorCode::kInvalidArgument, "cannot read " + *file));
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > plan::kMaxPlanDocumentBytes)
    return Fail(Error::Of(ErrorCode::kInvalidArgument, *file + " is larger than 4 MiB"));
  const bool csv = file->size() >= 4 && file->compare(file->size() - 4, 4, ".csv") == 0;
  auto config = ResolveConfig(*opts);
  if (!config) return Fail(config.error());
  auto application = OpenApplication(*config);
  if (!application) return Fail(application.error());
  if (auto s = (*application)->LoadReferenceData(); !s) return Fail(s.error());  // the agency registry
  auto outcome = (*application)
                     ->plans()
                     .Import(nullptr, text.str(), csv ? plan::PlanFormat::kCsv : plan::PlanFormat::kJson, *dry_run);
  if (!outcome) return Fail(outcome.error());
  if (!outcome->problems.empty()) {
    for (const auto& p : outcome->problems)
      std::fprintf(stderr, "%s:%d: %s%s%s\n", file->c_str(), p.line, p.field.c_str(), p.field.empty() ? "" : ": ",
                   p.message.c_str());
    std::fprintf(stderr, "nrm: error: %zu problem(s); nothing was imported\n", outcome->problems.size());
    return 1;
  }
  if (*dry_run) {
    std::printf("ok: %lld items, %lld tasks (dry run: nothing written)\n", static_cast<long long>(outcome->items),
                static_cast<long long>(outcome->tasks));
  } else {
    std::printf("imported %s revision %lld: %lld items, %lld tasks (id %s)\n", outcome->plan->code.c_str(),
                static_cast<long long>(outcome->plan->revision), static_cast<long long>(outcome->items),
                static_cast<long long>(outcome->tasks), outcome->plan->id.c_str());
  }
  return 0;
};
}  // namespace nrm::cli
);

auto* list = cmd->add_subcommand("list", "List plans (code, revision, status, items, tasks, id)");
AddCommonOptions(*list, *opts);
list->callback([&run, opts] {
  run = [opts] {
    auto config = ResolveConfig(*opts);
    if (!config) return Fail(config.error());
    auto application = OpenApplication(*config);
    if (!application) return Fail(application.error());
    auto plans = (*application)->plans().ListPlans(nullptr);
    if (!plans) return Fail(plans.error());
    for (const auto& p : *plans)
      std::printf("%s\t%lld\t%s\t%lld items\t%lld tasks\t%s\n", p.code.c_str(), static_cast<long long>(p.revision),
                  p.status.c_str(), static_cast<long long>(p.item_count), static_cast<long long>(p.task_count),
                  p.id.c_str());
    return 0;
  };
});

// The same sweep `nrm serve` runs every five minutes (PlanService::
// RemindAndFlag): for cron, or to send reminders now. Safe next to a
// running server: each reminder is sent once.
auto* sweep = cmd->add_subcommand("sweep", "Send due report reminders and overdue/silent flags now (once each)");
AddCommonOptions(*sweep, *opts);
sweep->callback([&run, opts] {
  run = [opts] {
    auto config = ResolveConfig(*opts);
    if (!config) return Fail(config.error());
    auto application = OpenApplication(*config);
    if (!application) return Fail(application.error());
    auto& a = **application;
    auto n = a.plans().RemindAndFlag(a.inbox(), a.plans().clock().NowMillis());
    if (!n) return Fail(n.error());
    std::printf("report_due %d\ttask_overdue %d\tagency_silent %d\n", n->report_due, n->task_overdue, n->agency_silent);
    return 0;
  };
});
}

}  // namespace nrm::cli
