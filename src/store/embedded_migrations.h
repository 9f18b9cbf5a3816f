// The migration files compiled into the binary. The definition is generated
// at build time by embed_migrations.cmake from src/store/migrations/; use
// EmbeddedMigrations() (migrations.h) rather than this table.
#pragma once

#include <cstddef>

namespace nrm::store::embedded {

struct MigrationFile {
  const char* dialect;    // "sqlite" or "postgres"
  const char* file_name;  // "001_directory.sql"
  const char* data;       // the file's bytes, NUL-terminated
  size_t size;            // without the terminating NUL
};

// All embedded files; *count receives their number.
const MigrationFile* MigrationFiles(size_t* count);

}  // namespace nrm::store::embedded
