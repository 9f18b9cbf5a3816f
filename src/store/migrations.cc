#include "store/migrations.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <set>

#include "store/embedded_migrations.h"

namespace nrm::store {
namespace {

// Key of the transaction-scoped advisory lock the runner takes on PostgreSQL
// ("nrm_migr" in ASCII); all runner transactions of all processes share it.
constexpr int64_t kMigrationLockKey = 0x6e726d5f6d696772;

const char* DialectFolder(Dialect d) { return d == Dialect::kSqlite ? "sqlite" : "postgres"; }

std::string Label(const Migration& m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d", m.version);
  return std::string(buf) + "_" + m.name;
}

// Serialises runner transactions across processes and creates the
// bookkeeping table. Runs first in every runner transaction.
Status Prepare(Database& db, Transaction& tx) {
  if (db.dialect() == Dialect::kPostgres) {
    if (auto r = tx.Query("SELECT pg_advisory_xact_lock(?)", {kMigrationLockKey}); !r) {
      return tl::unexpected(r.error());
    }
    if (auto r = tx.Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                         "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        !r) {
      return tl::unexpected(r.error());
    }
  } else {
    // BEGIN IMMEDIATE already holds the database's write lock.
    if (auto r = tx.Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                         "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT");
        !r) {
      return tl::unexpected(r.error());
    }
  }
  return {};
}

// The applied versions; fails if one is unknown to this binary.
Result<std::set<int>> Applied(Transaction& tx, const std::set<int>& known) {
  auto rows = tx.Query("SELECT version FROM schema_migrations ORDER BY version");
  if (!rows) return tl::unexpected(rows.error());
  std::set<int> applied;
  for (const Row& r : *rows) applied.insert(static_cast<int>(r.Int(0)));
  for (int v : applied) {
    if (!known.count(v)) {
      int newest = known.empty() ? 0 : *known.rbegin();
      return Fail(ErrorCode::kUnavailable,
                  "the database has schema migration " + std::to_string(v) +
                      ", which this nrm does not know (it knows up to " + std::to_string(newest) +
                      "); a newer nrm has migrated it: upgrade nrm",
                  "schema_migrations holds unknown version " + std::to_string(v));
    }
  }
  return applied;
}

Error WithContext(Error e, const Migration& m) {
  e.internal = "migration " + Label(m) + ": " + e.internal;
  e.message = "schema migration " + Label(m) + " failed: " + e.message;
  return e;
}

}  // namespace

bool ParseMigrationFileName(const std::string& file_name, int* version, std::string* name) {
  // NNN_name.sql: digits, '_', then [a-z0-9_]+, then ".sql".
  constexpr std::string_view kExt = ".sql";
  if (file_name.size() <= kExt.size() || file_name.compare(file_name.size() - kExt.size(), kExt.size(), kExt) != 0) {
    return false;
  }
  std::string_view stem(file_name.data(), file_name.size() - kExt.size());
  size_t us = stem.find('_');
  if (us == 0 || us == std::string_view::npos || us + 1 == stem.size()) return false;
  int v = 0;
  auto [p, ec] = std::from_chars(stem.data(), stem.data() + us, v);
  if (ec != std::errc() || p != stem.data() + us || v <= 0) return false;
  std::string_view rest = stem.substr(us + 1);
  for (char c : rest) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  *version = v;
  *name = std::string(rest);
  return true;
}

Result<std::vector<Migration>> EmbeddedMigrations(Dialect dialect) {
  size_t count = 0;
  const embedded::MigrationFile* files = embedded::MigrationFiles(&count);
  const char* folder = DialectFolder(dialect);
  std::vector<Migration> out;
  for (size_t i = 0; i < count; ++i) {
    if (std::strcmp(files[i].dialect, folder) != 0) continue;
    Migration m;
    if (!ParseMigrationFileName(files[i].file_name, &m.version, &m.name)) {
      return Fail(ErrorCode::kInternal, "malformed embedded migration name",
                  std::string("migration file ") + folder + "/" + files[i].file_name);
    }
    m.sql.assign(files[i].data, files[i].size);
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      return Fail(ErrorCode::kInternal, "duplicate embedded migration version",
                  std::string(folder) + " migration version " + std::to_string(out[i].version) + " appears twice");
    }
  }
  return out;
}

Status ApplyMigrations(Database& db, const std::vector<Migration>& migrations, const Clock& clock) {
  std::vector<Migration> sorted = migrations;
  std::sort(sorted.begin(), sorted.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  std::set<int> known;
  for (const Migration& m : sorted) {
    if (m.version <= 0) {
      return Fail(ErrorCode::kInvalidArgument, "migration versions must be positive",
                  "migration version " + std::to_string(m.version) + " (" + m.name + ")");
    }
    if (!known.insert(m.version).second) {
      return Fail(ErrorCode::kInvalidArgument, "migration versions must be unique",
                  "migration version " + std::to_string(m.version) + " appears twice");
    }
  }

  // First pass: create the bookkeeping table, refuse a newer store, find
  // what is pending.
  std::set<int> applied;
  {
    auto tx = db.Begin(TxMode::kWrite);
    if (!tx) return tl::unexpected(tx.error());
    if (auto s = Prepare(db, **tx); !s) return s;
    auto a = Applied(**tx, known);
    if (!a) return tl::unexpected(a.error());
    applied = std::move(*a);
    if (auto s = (*tx)->Commit(); !s) return s;
  }

  for (const Migration& m : sorted) {
    if (applied.count(m.version)) continue;
    auto tx = db.Begin(TxMode::kWrite);
    if (!tx) return tl::unexpected(WithContext(tx.error(), m));
    if (auto s = Prepare(db, **tx); !s) return tl::unexpected(WithContext(s.error(), m));
    // Another process may have applied it since the first pass.
    auto now_applied = Applied(**tx, known);
    if (!now_applied) return tl::unexpected(now_applied.error());
    if (now_applied->count(m.version)) continue;  // the destructor rolls back
    if (auto s = (*tx)->ExecScript(m.sql); !s) return tl::unexpected(WithContext(s.error(), m));
    if (auto r = (*tx)->Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                             {int64_t{m.version}, m.name, clock.NowMillis()});
        !r) {
      return tl::unexpected(WithContext(r.error(), m));
    }
    if (auto s = (*tx)->Commit(); !s) return tl::unexpected(WithContext(s.error(), m));
  }
  return {};
}

Result<int> CurrentSchemaVersion(Database& db) {
  auto tx = db.Begin(TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto exists =
      db.dialect() == Dialect::kPostgres
          ? (*tx)->Query("SELECT to_regclass('schema_migrations') IS NOT NULL")
          : (*tx)->Query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return tl::unexpected(exists.error());
  if (exists->empty() || exists->front().Int(0) == 0) return 0;
  auto rows = (*tx)->Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? 0 : static_cast<int>(rows->front().Int(0));
}

}  // namespace nrm::store
