// The schema migration runner shared by both backends.
//
// Migrations are files src/store/migrations/{sqlite,postgres}/NNN_name.sql,
// compiled into the binary at build time (embed_migrations.cmake); both
// dialect folders hold the same version numbers. The runner applies every
// migration not yet recorded in
//   schema_migrations(version INTEGER PRIMARY KEY, name TEXT NOT NULL,
//                     applied_at INTEGER NOT NULL)   -- ms since the epoch
// in ascending order, each in its own write transaction together with its
// bookkeeping row, so a failing migration leaves nothing behind. On
// PostgreSQL every runner transaction first takes a transaction-scoped
// advisory lock, so concurrent `nrm` processes never apply one migration
// twice; on SQLite the write transaction (BEGIN IMMEDIATE) does the same.
// A store that records a version this binary does not know is refused (a
// newer nrm migrated it).
//
// Thread-safety: free functions; safe to call concurrently (they serialise
// through the database).
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"

namespace nrm::store {

struct Migration {
  int version = 0;   // > 0, unique within a list
  std::string name;  // "directory" for 001_directory.sql
  std::string sql;   // a script; must not contain BEGIN/COMMIT
};

// The migrations compiled into this binary for `dialect`, sorted by version.
// Fails only if a file name is malformed or a version repeats (the build
// already checks both).
Result<std::vector<Migration>> EmbeddedMigrations(Dialect dialect);

// Parses "NNN_name.sql" into version and name; false if malformed.
bool ParseMigrationFileName(const std::string& file_name, int* version, std::string* name);

// Applies `migrations` (any order; checked for duplicates) to `db`. Tests pass
// their own lists; Database::Migrate() passes EmbeddedMigrations().
Status ApplyMigrations(Database& db, const std::vector<Migration>& migrations,
                       const Clock& clock = SystemClock::Instance());

// Highest applied version; 0 when schema_migrations does not exist yet.
Result<int> CurrentSchemaVersion(Database& db);

}  // namespace nrm::store
