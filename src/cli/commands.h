// The `nrm` command line: one file per command, each adding its subcommand
// to the CLI11 app. Commands print one-line errors ("nrm: error: ...") and
// return a non-zero exit status; they never print secrets except the ones the
// operator asked for (a new TOTP secret, the demo credentials file).
//
// Thread-safety: run from main() only.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/config.h"
#include "core/error.h"

namespace CLI {
class App;
}

namespace nrm::app {
class Application;
}

namespace nrm::cli {

// Options every command shares: --config, --data-dir, --store-url.
struct CommonOptions {
  std::string config_file;
  std::string data_dir;
  std::string store_url;
};
void AddCommonOptions(CLI::App& cmd, CommonOptions& options);
// Resolves the configuration from file, environment and flags.
Result<Config> ResolveConfig(const CommonOptions& options);
// Opens the application (store + migrations); prints and returns exit code on failure.
// An SQLite store is checked first (PRAGMA quick_check): a damaged file is
// refused with a message that names it and `nrm restore`. The audit log gets
// its entry MAC key (audit/log.h) from the keyring.
Result<std::unique_ptr<app::Application>> OpenApplication(const Config& config);
// The SQLite file of `config`'s store, or "" for PostgreSQL.
std::string SqlitePath(const Config& config);
// Refuses (with the restore hint) an SQLite file that fails quick_check; ok
// for PostgreSQL and for a file that does not exist yet.
Status CheckStoreFile(const Config& config);
// Reads the first line of a secret file, refusing empty files.
Result<std::string> ReadSecretFile(const std::string& path);

int Fail(const Error& error);

// Each registers its subcommand; the returned function runs it.
using Runner = std::function<int()>;
void AddServe(CLI::App& app, Runner& run);
void AddInit(CLI::App& app, Runner& run);
void AddMigrate(CLI::App& app, Runner& run);
void AddUser(CLI::App& app, Runner& run);
void AddDemo(CLI::App& app, Runner& run);
void AddKeys(CLI::App& app, Runner& run);
void AddAudit(CLI::App& app, Runner& run);
void AddPlan(CLI::App& app, Runner& run);      // nrm plan import|list
void AddReport(CLI::App& app, Runner& run);    // nrm report annual
void AddReferral(CLI::App& app, Runner& run);  // nrm referral sweep
// issue 14 commands go below this line
void AddBackup(CLI::App& app, Runner& run);   // nrm backup --out FILE
void AddRestore(CLI::App& app, Runner& run);  // nrm restore --from FILE

int Main(int argc, char** argv);

}  // namespace nrm::cli
