// `nrm report annual`: the Coordinator's annual report as a file, produced in
// this process (no job, no server), with progress on stderr. Run by the
// local operator, like the other commands; the report holds no personal data.
#include <cstdio>
#include <fstream>

#include <CLI/CLI.hpp>

#include "app/application.h"
#include "cli/commands.h"
#include "reports/jobs.h"

namespace nrm::cli {

void AddReport(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("report", "Produce reports");
  cmd->require_subcommand(1);
  auto* annual = cmd->add_subcommand("annual", "The Coordinator's annual report on the plan's implementation");
  struct Options {
    CommonOptions common;
    int year = 0;
    std::string lang = "az";
    std::string format = "pdf";
    std::string out;
  };
  auto opts = std::make_shared<Options>();
  AddCommonOptions(*annual, opts->common);
  annual->add_option("--year", opts->year, "calendar year (2004..2100)")->required();
  annual->add_option("--lang", opts->lang, "az or en")->check(CLI::IsMember({"az", "en"}));
  annual->add_option("--format", opts->format, "pdf or xlsx")->check(CLI::IsMember({"pdf", "xlsx"}));
  annual->add_option("--out", opts->out, "file to write")->required();
  annual->callback([&run, opts] {
    run = [opts] {
      if (auto s = reports::ValidateAnnualRequest(opts->year, opts->lang, opts->format); !s) return Fail(s.error());
      auto config = ResolveConfig(opts->common);
      if (!config) return Fail(config.error());
      auto a = OpenApplication(*config);
      if (!a) return Fail(a.error());
      int shown = -1;
      auto file = reports::ProduceAnnual((*a)->annual_reports(), opts->year, opts->lang, opts->format,
                                         [&](int percent, const std::string& stage) {
                                           if (percent == shown) return;
                                           shown = percent;
                                           std::fprintf(stderr, "nrm: report: %3d%% %s\n", percent, stage.c_str());
                                         });
      if (!file) return Fail(file.error());
      const std::string tmp = opts->out + ".tmp";
      {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(file->bytes.data(), static_cast<std::streamsize>(file->bytes.size()));
        if (!out) return Fail(Error::Of(ErrorCode::kInternal, "cannot write " + opts->out));
      }
      if (std::rename(tmp.c_str(), opts->out.c_str()) != 0)
        return Fail(Error::Of(ErrorCode::kInternal, "cannot write " + opts->out));
      std::fprintf(stderr, "nrm: report: 100%% done\n");
      std::printf("%s (%zu bytes)\n", opts->out.c_str(), file->bytes.size());
      return 0;
    };
  });
}

}  // namespace nrm::cli
