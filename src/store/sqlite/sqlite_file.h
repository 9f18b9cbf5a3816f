// Whole-file operations on an SQLite store, for `nrm backup`, `nrm restore`
// and the check every command makes before it opens a store.
//
// Each opens its own connection on the file, independent of any Database
// (and so of any server using the file: a backup runs beside one).
//
// Thread-safety: free functions; safe to call concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"

namespace nrm::store::sqlite {

// PRAGMA quick_check (quick = true: page structure, O(size)) or
// PRAGMA integrity_check (also every index against its table) on the file,
// opened read-only. Returns the problems SQLite names, at most `max`; empty
// means the file is sound. A file that is not an SQLite database at all is a
// problem too ("file is not a database"). kUnavailable if it cannot be opened.
Result<std::vector<std::string>> CheckFile(const std::string& path, bool quick, int max = 10);

struct CopyProgress {
  int64_t written = 0;  // bytes of the copy so far
  int64_t total = 0;    // size of the live data (page_count * page_size), an estimate
};

// A consistent copy of the store at `path` into `out` with VACUUM INTO: one
// read transaction (WAL), so writers go on meanwhile and are never blocked,
// and the copy is the database as of that transaction's start (compacted,
// WAL folded in). `out` must not exist: the copy is written to `out.partial`
// (0600), synced, then linked to `out`, so `out` is never half-written and
// an existing file is never replaced (kAlreadyExists). `progress` is called
// now and then while copying and once at the end.
Status CopyInto(const std::string& path, const std::string& out,
                const std::function<void(const CopyProgress&)>& progress = nullptr);

// Folds the WAL into the main file and truncates it
// (PRAGMA wal_checkpoint(TRUNCATE)), so that the .db file alone is the whole
// store. kConflict if another connection keeps it from finishing.
Status FoldWal(const std::string& path);

// True if another process has the store open: every SQLite connection to a
// WAL database holds a read lock on the "DMS" byte of its -shm file (offset
// 128 in SQLite's unix VFS) for as long as it is open, idle or not. Asked
// with F_GETLK, which takes no lock. Call before this process opens `path`
// (POSIX locks of the caller's own process are not reported).
bool FileInUse(const std::string& path);

}  // namespace nrm::store::sqlite
