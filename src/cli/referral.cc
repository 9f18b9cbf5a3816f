// `nrm referral sweep`: escalates overdue referrals once, as `nrm serve` does
// every minute (for cron-driven or one-off runs).
#include <cstdio>

#include <CLI/CLI.hpp>

#include "app/application.h"
#include "cli/commands.h"

namespace nrm::cli {

void AddReferral(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("referral", "Referrals to the SPU");
  cmd->require_subcommand(1);
  auto* sweep = cmd->add_subcommand("sweep", "Escalate overdue referral acknowledgements and decisions once");
  auto opts = std::make_shared<CommonOptions>();
  AddCommonOptions(*sweep, *opts);
  sweep->callback([&run, opts] {
    run = [opts] {
      auto config = ResolveConfig(*opts);
      if (!config) return Fail(config.error());
      auto a = OpenApplication(*config);
      if (!a) return Fail(a.error());
      auto n = (*a)->referrals().EscalateOverdue(SystemClock::Instance().NowMillis());
      if (!n) return Fail(n.error());
      std::printf("escalated %d overdue stage(s)\n", *n);
      return 0;
    };
  });
}

}  // namespace nrm::cli
