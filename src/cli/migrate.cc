#include <cstdio>

#include <CLI/CLI.hpp>

#include "app/application.h"
#include "cli/commands.h"

namespace nrm::cli {

void AddMigrate(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("migrate", "Apply pending schema migrations to the store");
  auto opts = std::make_shared<CommonOptions>();
  AddCommonOptions(*cmd, *opts);
  cmd->callback([&run, opts] {
    run = [opts] {
      auto config = ResolveConfig(*opts);
      if (!config) return Fail(config.error());
      auto application = OpenApplication(*config);  // migrates
      if (!application) return Fail(application.error());
      auto version = (*application)->database().SchemaVersion();
      if (!version) return Fail(version.error());
      std::printf("schema version %d\n", *version);
      return 0;
    };
  });
}

}  // namespace nrm::cli
