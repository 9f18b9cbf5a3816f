// The embedded SQLite backend.
//
// One writer connection: write transactions take it in turn (BEGIN
// IMMEDIATE, which also serialises against other processes on the same
// file). Read transactions run on a pool of read-only connections in parallel
// with the writer (WAL). Every connection: foreign_keys=ON, busy_timeout,
// synchronous=NORMAL. The file is created 0600, its directory if missing.
//
// "sqlite::memory:" gives a private in-memory store on a single connection
// (every transaction, read or write, takes turns); for tests.
//
// Thread-safety: as database.h says.
#pragma once

#include <memory>
#include <string>

#include "core/error.h"
#include "core/metrics.h"
#include "store/database.h"

namespace nrm::store::sqlite {

struct Options {
  int busy_timeout_ms = 5000;    // waiting for another process's lock
  int writer_wait_ms = 10000;    // waiting for this process's writer
  size_t max_idle_readers = 16;  // read connections kept open when idle
};

// `path` is a file path, or ":memory:".
Result<std::unique_ptr<Database>> Open(const std::string& path, Metrics* metrics = nullptr,
                                       const Options& options = {});

}  // namespace nrm::store::sqlite
