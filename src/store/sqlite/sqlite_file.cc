#include "store/sqlite/sqlite_file.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>

namespace nrm::store::sqlite {
namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, Closer>;

struct Finalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, Finalizer>;

Result<Db> OpenFile(const std::string& path, bool read_only) {
  if (!std::filesystem::exists(path)) {
    return Fail(ErrorCode::kNotFound, path + " does not exist");
  }
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return Fail(ErrorCode::kUnavailable, "cannot open " + path,
                std::string("sqlite: ") + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

Status SyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kUnavailable, "cannot sync " + path, Errno("open"));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Fail(ErrorCode::kUnavailable, "cannot sync " + path, Errno("fsync"));
  return {};
}

int64_t FileSize(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
}

struct ProgressState {
  const std::function<void(const CopyProgress&)>* callback;
  std::string partial;
  int64_t total;
  std::chrono::steady_clock::time_point last;
};

int OnProgress(void* arg) {
  auto* p = static_cast<ProgressState*>(arg);
  auto now = std::chrono::steady_clock::now();
  if (now - p->last >= std::chrono::milliseconds(500)) {
    p->last = now;
    (*p->callback)(CopyProgress{FileSize(p->partial), p->total});
  }
  return 0;  // never interrupts
}

}  // namespace

Result<std::vector<std::string>> CheckFile(const std::string& path, bool quick, int max) {
  auto db = OpenFile(path, /*read_only=*/true);
  if (!db) return tl::unexpected(db.error());
  std::string sql =
      std::string(quick ? "PRAGMA quick_check(" : "PRAGMA integrity_check(") + std::to_string(max < 1 ? 1 : max) + ")";
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db->get(), sql.c_str(), -1, &raw, nullptr);
  Stmt stmt(raw);
  std::vector<std::string> problems;
  if (rc != SQLITE_OK) {
    // A file with a broken header (or no database at all) fails already here.
    problems.push_back(sqlite3_errmsg(db->get()));
    return problems;
  }
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    const auto* t = sqlite3_column_text(raw, 0);
    // A row may hold several lines ("*** in database main ***\nPage 118:
    // ..."); one problem a line, without the schema headings.
    std::string text = t ? reinterpret_cast<const char*>(t) : "";
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      if (!line.empty() && line != "ok" && line.rfind("*** ", 0) != 0) problems.push_back(std::move(line));
      start = end + 1;
    }
  }
  if (rc != SQLITE_DONE) problems.push_back(sqlite3_errmsg(db->get()));
  return problems;
}

Status CopyInto(const std::string& path, const std::string& out,
                const std::function<void(const CopyProgress&)>& progress) {
  if (std::filesystem::exists(out)) {
    return Fail(ErrorCode::kAlreadyExists, out + " already exists; choose a new file name");
  }
  auto db = OpenFile(path, /*read_only=*/true);
  if (!db) return tl::unexpected(db.error());
  const std::string partial = out + ".partial";
  // Private from the start: it holds personal data (sealed, but still).
  int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Fail(ErrorCode::kAlreadyExists,
                  partial + " exists (an earlier backup was interrupted?); remove it and try again");
    }
    return Fail(ErrorCode::kUnavailable, "cannot create " + partial, Errno("open"));
  }
  ::close(fd);
  auto remove_partial = [&] { ::unlink(partial.c_str()); };

  int64_t total = 0;
  {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db->get(), "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size", -1,
                           &raw, nullptr) == SQLITE_OK) {
      Stmt stmt(raw);
      if (sqlite3_step(raw) == SQLITE_ROW) total = sqlite3_column_int64(raw, 0);
    }
  }
  std::function<void(const CopyProgress&)> cb = progress ? progress : [](const CopyProgress&) {};
  ProgressState state{&cb, partial, total, std::chrono::steady_clock::now()};
  cb(CopyProgress{0, total});
  sqlite3_progress_handler(db->get(), 20000, OnProgress, &state);

  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db->get(), "VACUUM INTO ?", -1, &raw, nullptr);
  Stmt stmt(raw);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(raw, 1, partial.c_str(), -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_step(raw);
  sqlite3_progress_handler(db->get(), 0, nullptr, nullptr);
  if (rc != SQLITE_DONE) {
    std::string msg = sqlite3_errmsg(db->get());
    stmt.reset();
    remove_partial();
    return Fail(rc == SQLITE_BUSY ? ErrorCode::kConflict : ErrorCode::kUnavailable,
                "the backup could not be written: " + msg, "sqlite: VACUUM INTO failed");
  }
  stmt.reset();
  db.value().reset();
  if (auto s = SyncPath(partial, O_RDONLY); !s) {
    remove_partial();
    return s;
  }
  // link() refuses an existing name: a file created meanwhile is kept.
  if (::link(partial.c_str(), out.c_str()) != 0) {
    int err = errno;
    remove_partial();
    if (err == EEXIST) return Fail(ErrorCode::kAlreadyExists, out + " already exists; choose a new file name");
    errno = err;
    return Fail(ErrorCode::kUnavailable, "cannot create " + out, Errno("link"));
  }
  remove_partial();
  std::filesystem::path dir = std::filesystem::path(out).parent_path();
  (void)SyncPath(dir.empty() ? "." : dir.string(), O_RDONLY | O_DIRECTORY);
  cb(CopyProgress{FileSize(out), FileSize(out)});
  return {};
}

Status FoldWal(const std::string& path) {
  auto db = OpenFile(path, /*read_only=*/false);
  if (!db) return tl::unexpected(db.error());
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db->get(), "PRAGMA wal_checkpoint(TRUNCATE)", -1, &raw, nullptr);
  Stmt stmt(raw);
  if (rc != SQLITE_OK) {
    return Fail(ErrorCode::kUnavailable, "cannot checkpoint " + path,
                std::string("sqlite: ") + sqlite3_errmsg(db->get()));
  }
  rc = sqlite3_step(raw);
  if (rc != SQLITE_ROW) {
    return Fail(ErrorCode::kUnavailable, "cannot checkpoint " + path,
                std::string("sqlite: ") + sqlite3_errmsg(db->get()));
  }
  // (busy, log frames, checkpointed frames): busy = 1 means another
  // connection kept it from finishing.
  if (sqlite3_column_int(raw, 0) != 0) {
    return Fail(ErrorCode::kConflict, path + " is in use; stop every `nrm serve` using it first");
  }
  return {};
}

bool FileInUse(const std::string& path) {
  const std::string shm = path + "-shm";
  int fd = ::open(shm.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // no -shm: no connection has it open in WAL mode
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = 128;  // UNIX_SHM_DMS in SQLite's os_unix.c
  lock.l_len = 1;
  bool in_use = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  ::close(fd);
  return in_use;
}

}  // namespace nrm::store::sqlite
