#include <cstdio>
#include <filesystem>
#include <fstream>

#include <sodium.h>
#include <CLI/CLI.hpp>

#include "app/application.h"
#include "audit/keyring_signer.h"
#include "audit/log.h"
#include "audit/signer.h"
#include "cli/commands.h"
#include "store/sqlite/sqlite_file.h"

namespace nrm::cli {

void AddCommonOptions(CLI::App& cmd, CommonOptions& o) {
  cmd.add_option("--config", o.config_file, "TOML configuration file");
  cmd.add_option("--data-dir", o.data_dir, "data directory (SQLite file, demo credentials) [NRM_DATA_DIR]");
  cmd.add_option("--store-url", o.store_url, "postgresql://... to use PostgreSQL instead of SQLite [NRM_STORE_URL]");
}

Result<Config> ResolveConfig(const CommonOptions& o) {
  Config c;
  if (auto s = LoadConfig(o.config_file, c); !s) return tl::unexpected(s.error());
  if (!o.data_dir.empty()) c.data_dir = o.data_dir;
  if (!o.store_url.empty()) c.store_url = o.store_url;
  return c;
}

std::string SqlitePath(const Config& config) {
  const std::string url = config.EffectiveStoreUrl();
  if (url.rfind("sqlite:", 0) == 0) return url.substr(7);
  if (url.find("://") == std::string::npos) return url;  // a bare path
  return "";
}

Status CheckStoreFile(const Config& config) {
  const std::string path = SqlitePath(config);
  if (path.empty() || path == ":memory:" || !std::filesystem::exists(path)) return {};
  auto problems = store::sqlite::CheckFile(path, /*quick=*/true, 3);
  if (!problems) return tl::unexpected(problems.error());
  if (problems->empty()) return {};
  return nrm::Fail(ErrorCode::kUnavailable,
                   "the store " + path + " is damaged (PRAGMA quick_check: " + problems->front() +
                       "); nothing was started. Restore it from a backup: nrm restore --data-dir " +
                       std::filesystem::path(path).parent_path().string() + " --from BACKUP_FILE");
}

Result<std::unique_ptr<app::Application>> OpenApplication(const Config& config) {
  if (auto s = CheckStoreFile(config); !s) return tl::unexpected(s.error());
  auto a = app::Application::Open(config, SystemClock::Instance());
  if (!a) return a;
  (*a)->audit().SetEntryKey(audit::DeriveEntryMacKey(audit::KeyringSigner((*a)->keyring())));
  return a;
}

Result<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return nrm::Fail(ErrorCode::kInvalidArgument, "cannot read " + path);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (line.empty()) return nrm::Fail(ErrorCode::kInvalidArgument, path + " is empty");
  return line;
}

int Fail(const Error& e) {
  std::fprintf(stderr, "nrm: error: %s\n", e.message.c_str());
  if (!e.internal.empty() && std::getenv("NRM_DEBUG")) std::fprintf(stderr, "nrm: detail: %s\n", e.internal.c_str());
  return 1;
}

int Main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::fprintf(stderr, "nrm: error: libsodium failed to initialise\n");
    return 1;
  }
  CLI::App app{"OpenNRM: national referral mechanism and anti-trafficking coordination"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "nrm 0.1.0");
  Runner run;
  AddServe(app, run);
  AddInit(app, run);
  AddMigrate(app, run);
  AddUser(app, run);
  AddDemo(app, run);
  AddKeys(app, run);
  AddAudit(app, run);
  AddPlan(app, run);
  AddReport(app, run);
  AddReferral(app, run);
  // issue 14 commands go below this line
  AddBackup(app, run);
  AddRestore(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "nrm: error: %s (see nrm --help)\n", e.what());
    return 2;
  }
  if (!run) return 2;
  try {
    return run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nrm: error: unexpected failure: %s\n", e.what());
    return 1;
  }
}

}  // namespace nrm::cli
