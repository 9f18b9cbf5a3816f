#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "app/application.h"
#include "cli/commands.h"
#include "crypto/keyring.h"
#include "crypto/totp.h"
#include "store/database.h"

namespace nrm::cli {
namespace {

// A new store gets a master key file, unless the operator supplies the key
// (NRM_MASTER_KEY) or the file exists. Only a store without data keys gets
// one: for a store that has them, a missing file is a lost key, which
// Application::Open explains.
Status EnsureMasterKey(const Config& config) {
  const char* env = std::getenv(crypto::kMasterKeyEnv);
  if (env != nullptr && *env != '\0') return {};
  const std::string path = config.EffectiveMasterKeyFile();
  std::error_code ec;
  if (std::filesystem::symlink_status(path, ec).type() != std::filesystem::file_type::not_found) return {};
  auto db = store::Database::Open(config.EffectiveStoreUrl());
  if (!db) return tl::unexpected(db.error());
  if (auto s = (*db)->Migrate(); !s) return s;
  auto keys = crypto::Keyring::List(**db);
  if (!keys) return tl::unexpected(keys.error());
  if (!keys->empty()) return {};
  if (auto s = crypto::CreateMasterKeyFile(path); !s) return s;
  std::printf("created master key file %s\n", path.c_str());
  std::printf("warning: back up %s separately from the database%s; without it the store cannot be opened\n",
              path.c_str(), config.store_url.empty() ? "" : " and give it to every nrm server of this store");
  return {};
}

}  // namespace

void AddInit(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand(
      "init", "Create a store: apply migrations, load reference data, create the first administrator");
  auto opts = std::make_shared<CommonOptions>();
  auto password_file = std::make_shared<std::string>();
  auto username = std::make_shared<std::string>("admin");
  auto agency = std::make_shared<std::string>("coordinator");
  AddCommonOptions(*cmd, *opts);
  cmd->add_option("--admin-password-file", *password_file, "file whose first line is the administrator's password")
      ->required();
  cmd->add_option("--admin-username", *username, "the administrator's username")->capture_default_str();
  cmd->add_option("--admin-agency", *agency, "agency code of the administrator")->capture_default_str();
  cmd->callback([&run, opts, password_file, username, agency] {
    run = [opts, password_file, username, agency] {
      auto config = ResolveConfig(*opts);
      if (!config) return Fail(config.error());
      auto password = ReadSecretFile(*password_file);
      if (!password) return Fail(password.error());
      if (config->store_url.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(config->data_dir, ec);
        std::filesystem::permissions(config->data_dir, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace, ec);
      }
      if (auto s = EnsureMasterKey(*config); !s) return Fail(s.error());
      auto application = OpenApplication(*config);
      if (!application) return Fail(application.error());
      auto& a = **application;
      if (auto s = a.LoadReferenceData(); !s) return Fail(s.error());
      auto users = a.directory().ListUsers();
      if (!users) return Fail(users.error());
      if (!users->empty()) {
        std::printf("store already initialised (%zu users); reference data refreshed\n", users->size());
        return 0;
      }
      auto created = a.directory().CreateUser(
          nullptr, directory::NewUser{*username, "Administrator", *agency, {"admin"}, *password});
      if (!created) return Fail(created.error());
      std::printf("initialised; administrator '%s' created\n", username->c_str());
      if (created->totp_secret) {
        std::printf("TOTP secret (shown once; add it to an authenticator app): %s\n%s\n", created->totp_secret->c_str(),
                    crypto::TotpUri("OpenNRM", *username, *created->totp_secret).c_str());
      }
      return 0;
    };
  });
}

}  // namespace nrm::cli
