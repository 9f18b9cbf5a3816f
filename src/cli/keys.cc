// nrm keys: what keys the store has, master key rotation, field key versions.
// Never prints key bytes: only purposes, versions, dates and fingerprints.
#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "app/application.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "crypto/keyring.h"
#include "store/database.h"

namespace nrm::cli {
namespace {

int ShowStatus(const CommonOptions& opts) {
  auto config = ResolveConfig(opts);
  if (!config) return Fail(config.error());
  // The store directly, not the application: status must work when the
  // master key is missing or wrong, to say so.
  auto db = store::Database::Open(config->EffectiveStoreUrl());
  if (!db) return Fail(db.error());
  if (auto s = (*db)->Migrate(); !s) return Fail(s.error());
  auto keys = crypto::Keyring::List(**db);
  if (!keys) return Fail(keys.error());

  const crypto::MasterKeySource source = app::MasterKeySourceFrom(*config);
  auto master = source.Load();
  if (master) {
    std::printf("%s: fingerprint %s\n", source.Describe().c_str(), master->Fingerprint().c_str());
  } else {
    std::printf("%s: not usable\n", source.Describe().c_str());
  }
  if (keys->empty()) {
    std::printf("no data keys yet: nrm creates them when it first opens the store with a master key\n");
  } else {
    std::printf("%-14s %-8s %-25s %-25s %s\n", "PURPOSE", "VERSION", "CREATED", "WRAPPED", "MASTER KEY");
    for (size_t i = 0; i < keys->size(); ++i) {
      const auto& k = (*keys)[i];
      const bool current = i + 1 == keys->size() || (*keys)[i + 1].purpose != k.purpose;
      std::printf("%-14s %-8s %-25s %-25s %s\n", k.purpose.c_str(),
                  (std::to_string(k.version) + (current ? "*" : "")).c_str(), FormatRfc3339(k.created_at).c_str(),
                  FormatRfc3339(k.wrapped_at).c_str(), k.master_key_id.c_str());
    }
    std::printf("(* = current version)\n");
  }
  if (!master) return Fail(master.error());
  for (const auto& k : *keys) {
    if (k.master_key_id != master->Fingerprint()) {
      return Fail(Error::Of(ErrorCode::kUnauthenticated,
                            "the master key does not match this store: its data keys are wrapped by master key " +
                                k.master_key_id + ", " + source.Describe() + " has fingerprint " +
                                master->Fingerprint()));
    }
  }
  return 0;
}

int Rotate(const CommonOptions& opts, const std::string& new_file) {
  auto config = ResolveConfig(opts);
  if (!config) return Fail(config.error());
  auto application = OpenApplication(*config);  // opens the keyring with the current master key
  if (!application) return Fail(application.error());
  crypto::Keyring& keyring = (*application)->keyring();
  const std::string old_id = keyring.MasterKeyId();

  std::error_code ec;
  if (std::filesystem::symlink_status(new_file, ec).type() == std::filesystem::file_type::not_found) {
    if (auto s = crypto::CreateMasterKeyFile(new_file); !s) return Fail(s.error());
    std::printf("created new master key file %s\n", new_file.c_str());
  }
  auto new_key = crypto::MasterKey::ReadFile(new_file);
  if (!new_key) return Fail(new_key.error());
  if (auto s = keyring.RewrapWithNewMaster(*new_key); !s) return Fail(s.error());
  auto keys = crypto::Keyring::List((*application)->database());
  if (!keys) return Fail(keys.error());

  const crypto::MasterKeySource current = app::MasterKeySourceFrom(*config);
  std::printf("re-wrapped %zu data keys under the new master key %s (was %s); no data was re-encrypted\n", keys->size(),
              new_key->Fingerprint().c_str(), old_id.c_str());
  std::printf("next steps:\n");
  std::printf("  1. back up %s now, separately from the database\n", new_file.c_str());
  if (current.is_file()) {
    std::printf("  2. make it the key nrm reads: mv %s %s\n", new_file.c_str(), current.path().c_str());
  } else {
    std::printf("  2. set %s to the content of %s for every nrm process\n", current.path().c_str(), new_file.c_str());
  }
  std::printf("  3. running servers keep working; they need the new key at their next start\n");
  std::printf("  4. keep the old key (%s) with backups taken before now: they still need it\n", old_id.c_str());
  return 0;
}

int RotateFieldKey(const CommonOptions& opts) {
  auto config = ResolveConfig(opts);
  if (!config) return Fail(config.error());
  auto application = OpenApplication(*config);
  if (!application) return Fail(application.error());
  crypto::Keyring& keyring = (*application)->keyring();
  if (auto s = keyring.AddFieldKeyVersion(); !s) return Fail(s.error());
  const uint32_t v = keyring.CurrentFieldKey().version;
  std::printf("field key version %u is now current; values sealed under older versions stay readable\n", v);
  std::printf("restart running nrm servers (all of them together) so that they use version %u\n", v);
  return 0;
}

}  // namespace

void AddKeys(CLI::App& app, Runner& run) {
  auto* keys = app.add_subcommand("keys", "Encryption keys: status, master key rotation, new field key versions");
  keys->require_subcommand(1);
  {
    auto* cmd = keys->add_subcommand("status", "List the data keys (purpose, version, dates, master key fingerprint)");
    auto opts = std::make_shared<CommonOptions>();
    AddCommonOptions(*cmd, *opts);
    cmd->callback([&run, opts] { run = [opts] { return ShowStatus(*opts); }; });
  }
  {
    auto* cmd = keys->add_subcommand(
        "rotate", "Re-wrap every data key under a new master key (no data is re-encrypted; no downtime)");
    auto opts = std::make_shared<CommonOptions>();
    auto file = std::make_shared<std::string>();
    AddCommonOptions(*cmd, *opts);
    cmd->add_option("--new-master-key-file", *file,
                    "the new master key (0600); created with a random key if it does not exist")
        ->required();
    cmd->callback([&run, opts, file] { run = [opts, file] { return Rotate(*opts, *file); }; });
  }
  {
    auto* cmd = keys->add_subcommand("rotate-field-key",
                                     "Add a new current field key version (older versions stay for reading)");
    auto opts = std::make_shared<CommonOptions>();
    AddCommonOptions(*cmd, *opts);
    cmd->callback([&run, opts] { run = [opts] { return RotateFieldKey(*opts); }; });
  }
}

}  // namespace nrm::cli
