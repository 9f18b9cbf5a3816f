// `nrm backup --out FILE` and `nrm restore --from FILE` (SQLite stores).
//
// backup: a consistent copy while `nrm serve` keeps serving and writing
// (store/sqlite/sqlite_file.h, VACUUM INTO: one read transaction, writers are
// never blocked). Progress goes to stderr; an existing FILE is never
// replaced. The copy is then checked as restore would check it
// (integrity_check, audit verify) and a one-line summary is printed.
//
// restore: checks FILE before anything is replaced -- PRAGMA integrity_check,
// an OpenNRM schema no newer than this binary, the master key opens its
// keyring (a backup of another installation, or under another key, is
// refused), and its audit log verifies (hashes, checkpoints, signatures,
// entry MACs). Only then: the current store (.db, -wal, -shm) is kept aside
// as nrm.db.before-restore-<time>, and the checked copy is renamed into
// place in one step. Refuses while a process has the store open.
//
// PostgreSQL: both refuse and name pg_dump / pg_restore (docs/operations.md).
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "app/application.h"
#include "audit/keyring_signer.h"
#include "audit/log.h"
#include "audit/signer.h"
#include "audit/verify.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "crypto/keyring.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_file.h"

namespace nrm::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPgHint =
    "this store is PostgreSQL: back it up with pg_dump --format=custom and restore with pg_restore "
    "(docs/operations.md, \"Backup and restore\")";

std::string Megabytes(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

std::string Stamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// What a store file holds, once checked.
struct Checked {
  int schema = 0;
  int64_t audit_entries = 0;
  int64_t checkpoints = 0;
};

// The checks restore makes (and backup makes on its copy): `path` is an
// SQLite file that no one else uses. Opening it as a store may apply this
// binary's pending migrations to it, so give a copy, never a live store
// that must stay as it is.
Result<Checked> CheckCopy(const std::string& path, const Config& config, const std::string& name) {
  auto problems = store::sqlite::CheckFile(path, /*quick=*/false, 5);
  if (!problems) return tl::unexpected(problems.error());
  if (!problems->empty()) {
    return nrm::Fail(ErrorCode::kInvalidArgument,
                     name + " is not a sound SQLite database (PRAGMA integrity_check: " + problems->front() + ")");
  }
  auto db = store::Database::Open("sqlite:" + path);
  if (!db) return tl::unexpected(db.error());
  Checked out;
  auto version = (*db)->SchemaVersion();
  if (!version || *version <= 0) {
    return nrm::Fail(ErrorCode::kInvalidArgument, name + " is not an OpenNRM store (no schema_migrations)");
  }
  out.schema = *version;
  auto known = store::EmbeddedMigrations(store::Dialect::kSqlite);
  if (!known) return tl::unexpected(known.error());
  const int newest = known->empty() ? 0 : known->back().version;
  if (out.schema > newest) {
    return nrm::Fail(ErrorCode::kInvalidArgument, name + " has schema version " + std::to_string(out.schema) +
                                                      ", newer than this nrm knows (" + std::to_string(newest) +
                                                      "); restore it with the nrm that made it");
  }
  if (auto s = (*db)->Migrate(); !s) return tl::unexpected(s.error());
  auto keyring = crypto::Keyring::Open(**db, SystemClock::Instance(),
                                       crypto::MasterKeySource::EnvironmentOrFile(config.EffectiveMasterKeyFile()));
  if (!keyring) {
    return nrm::Fail(ErrorCode::kInvalidArgument, name + ": " + keyring.error().message, keyring.error().internal);
  }
  audit::KeyringSigner signer(**keyring);
  auto pk = signer.PublicKey();
  auto entry_key = audit::DeriveEntryMacKey(signer);
  audit::VerifyOptions o;
  o.trusted_public_key = &pk;
  o.entry_key = &entry_key;
  auto report = audit::Verify(**db, o);
  if (!report) {
    return nrm::Fail(ErrorCode::kInvalidArgument, name + ": its audit log cannot be read: " + report.error().message,
                     report.error().internal);
  }
  if (!report->ok()) {
    return nrm::Fail(ErrorCode::kInvalidArgument, name + ": its audit log does not verify: " + report->Summary());
  }
  out.audit_entries = report->entries;
  out.checkpoints = report->checkpoints;
  return out;
}

void RemoveWithSidecars(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) ::unlink((path + suffix).c_str());
}

}  // namespace

void AddBackup(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("backup", "Write a consistent copy of the store while it is in use");
  auto opts = std::make_shared<CommonOptions>();
  auto out = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  AddCommonOptions(*cmd, *opts);
  cmd->add_option("--out", *out, "the backup file to create (never overwritten)")->required();
  cmd->add_flag("--quiet", *quiet, "no progress on stderr");
  cmd->callback([&run, opts, out, quiet] {
    run = [opts, out, quiet] {
      auto config = ResolveConfig(*opts);
      if (!config) return Fail(config.error());
      const std::string path = SqlitePath(*config);
      if (path.empty()) return Fail(Error::Of(ErrorCode::kInvalidArgument, kPgHint));
      if (!fs::exists(path)) {
        return Fail(Error::Of(ErrorCode::kNotFound, "no store at " + path + " (run nrm init first)"));
      }
      if (fs::exists(*out)) {
        return Fail(Error::Of(ErrorCode::kAlreadyExists, *out + " already exists; choose a new file name"));
      }
      // The live store must be sound before it is copied (and the key must
      // open it: a backup nobody can restore is no backup).
      {
        auto a = OpenApplication(*config);
        if (!a) return Fail(a.error());
      }
      const auto start = std::chrono::steady_clock::now();
      auto progress = [&](const store::sqlite::CopyProgress& p) {
        if (*quiet) return;
        if (p.total > 0) {
          int pct = static_cast<int>(100.0 * static_cast<double>(p.written) / static_cast<double>(p.total));
          if (pct > 100) pct = 100;
          std::fprintf(stderr, "backup: %s of about %s (%d%%)\n", Megabytes(p.written).c_str(),
                       Megabytes(p.total).c_str(), pct);
        } else {
          std::fprintf(stderr, "backup: %s\n", Megabytes(p.written).c_str());
        }
      };
      if (auto s = store::sqlite::CopyInto(path, *out, progress); !s) return Fail(s.error());
      const double copy_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      // Check a scratch copy of the backup, so the backup itself stays
      // byte for byte what VACUUM INTO wrote.
      const std::string scratch = *out + ".check-" + std::to_string(::getpid());
      std::error_code ec;
      fs::copy_file(*out, scratch, ec);
      if (ec) {
        return Fail(Error::Of(ErrorCode::kUnavailable,
                              "the backup was written but could not be checked: " + ec.message() + " (" + *out + ")"));
      }
      ::chmod(scratch.c_str(), 0600);
      auto checked = CheckCopy(scratch, *config, *out);
      RemoveWithSidecars(scratch);
      if (!checked) {
        return Fail(Error::Of(checked.error().code,
                              "the backup does not pass its check, keep the previous one: " + checked.error().message));
      }
      std::printf("backup %s: %s in %.2f s, schema %d, %lld audit entries and %lld checkpoints verified\n",
                  out->c_str(), Megabytes(static_cast<int64_t>(fs::file_size(*out, ec))).c_str(), copy_s,
                  checked->schema, static_cast<long long>(checked->audit_entries),
                  static_cast<long long>(checked->checkpoints));
      return 0;
    };
  });
}

void AddRestore(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("restore", "Replace the store with a checked backup (the old one is kept aside)");
  auto opts = std::make_shared<CommonOptions>();
  auto from = std::make_shared<std::string>();
  AddCommonOptions(*cmd, *opts);
  cmd->add_option("--from", *from, "the backup file (from nrm backup)")->required();
  cmd->callback([&run, opts, from] {
    run = [opts, from] {
      auto config = ResolveConfig(*opts);
      if (!config) return Fail(config.error());
      const std::string path = SqlitePath(*config);
      if (path.empty()) return Fail(Error::Of(ErrorCode::kInvalidArgument, kPgHint));
      if (!fs::exists(*from)) return Fail(Error::Of(ErrorCode::kNotFound, *from + " does not exist"));
      std::error_code ec;
      if (fs::exists(path) && fs::equivalent(*from, path, ec)) {
        return Fail(Error::Of(ErrorCode::kInvalidArgument, *from + " is the store itself"));
      }
      if (store::sqlite::FileInUse(path)) {
        return Fail(Error::Of(ErrorCode::kConflict,
                              path + " is open in another process; stop every nrm serve using it, then restore"));
      }
      const auto start = std::chrono::steady_clock::now();
      fs::create_directories(fs::path(path).parent_path(), ec);
      // 1. A private copy next to the store (same file system: the final
      //    rename is atomic), checked there.
      const std::string incoming = path + ".restoring";
      RemoveWithSidecars(incoming);  // left by an interrupted restore
      fs::copy_file(*from, incoming, ec);
      if (ec) return Fail(Error::Of(ErrorCode::kUnavailable, "cannot copy " + *from + ": " + ec.message()));
      ::chmod(incoming.c_str(), 0600);
      auto checked = CheckCopy(incoming, *config, *from);
      if (checked) {
        // Fold the check's WAL into the file: the file alone is the store.
        if (auto s = store::sqlite::FoldWal(incoming); !s) checked = tl::unexpected(s.error());
      }
      if (!checked) {
        RemoveWithSidecars(incoming);
        return Fail(Error::Of(checked.error().code, checked.error().message + "; nothing was changed"));
      }
      ::unlink((incoming + "-wal").c_str());
      ::unlink((incoming + "-shm").c_str());
      // 2. The current store aside, whole: its WAL folded in when it can be,
      //    and moved with it in any case (a WAL left beside the restored
      //    file would be replayed into it).
      std::string aside;
      if (fs::exists(path)) {
        (void)store::sqlite::FoldWal(path);  // a damaged store may refuse; it is kept as it is
        aside = path + ".before-restore-" + Stamp();
        for (const char* suffix : {"-wal", "-shm"}) {
          if (fs::exists(path + suffix)) fs::rename(path + suffix, aside + suffix, ec);
          if (ec) {
            RemoveWithSidecars(incoming);
            return Fail(Error::Of(ErrorCode::kUnavailable, "cannot move " + path + suffix + " aside: " + ec.message() +
                                                               "; nothing was changed"));
          }
        }
        if (::link(path.c_str(), aside.c_str()) != 0) {
          RemoveWithSidecars(incoming);
          return Fail(Error::Of(ErrorCode::kUnavailable,
                                "cannot keep the current store as " + aside + "; nothing was changed"));
        }
      }
      // 3. One rename: the store is either the old file or the checked copy.
      fs::rename(incoming, path, ec);
      if (ec) {
        return Fail(Error::Of(ErrorCode::kUnavailable, "cannot move the checked copy into place: " + ec.message() +
                                                           (aside.empty() ? "" : "; the old store is " + aside)));
      }
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("restored %s into %s in %.2f s: schema %d, %lld audit entries and %lld checkpoints verified\n",
                  from->c_str(), path.c_str(), secs, checked->schema, static_cast<long long>(checked->audit_entries),
                  static_cast<long long>(checked->checkpoints));
      if (!aside.empty()) std::printf("the previous store is kept as %s\n", aside.c_str());
      return 0;
    };
  });
}

}  // namespace nrm::cli
