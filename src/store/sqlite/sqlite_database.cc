#include "store/sqlite/sqlite_database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "store/internal.h"
#include "store/migrations.h"

namespace nrm::store::sqlite {
namespace {

constexpr const char* kBackend = "sqlite";
constexpr size_t kMaxCachedStatements = 128;

using internal::OpTimer;

// Maps a SQLite result code onto the store's error vocabulary. `what` and
// the SQL go to Error::internal; SQLite's messages name tables, columns and
// constraints, never bound values.
tl::unexpected<Error> SqliteError(sqlite3* db, int rc, std::string_view what, std::string_view sql = {}) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  if ((rc & 0xff) == (ext & 0xff)) rc = ext;  // prefer the extended code
  std::string internal = "sqlite: ";
  internal += what;
  internal += ": ";
  internal += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  internal += " (code " + std::to_string(rc) + ")";
  if (!sql.empty()) {
    internal += "; sql: ";
    internal += sql;
  }
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Fail(ErrorCode::kAlreadyExists, "record already exists", std::move(internal));
    default: break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Fail(ErrorCode::kConflict, "the database is busy; try again", std::move(internal));
    default: return Fail(ErrorCode::kInternal, "database error", std::move(internal));
  }
}

// One sqlite3 handle with its prepared statement cache. Used by one thread at
// a time (the pool hands it out).
class Connection {
 public:
  Connection(sqlite3* db, bool read_only) : db_(db), read_only_(read_only) {}
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* db() const { return db_; }
  bool read_only() const { return read_only_; }

  // Runs a statement without parameters or rows (BEGIN, COMMIT, PRAGMA).
  Status Simple(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "statement failed", sql);
    return {};
  }

  // A prepared statement for exactly one SQL statement, from the cache.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, key.c_str(), static_cast<int>(key.size() + 1), &stmt, &tail);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare failed", sql);
    if (!stmt) return Fail(ErrorCode::kInternal, "database error", "sqlite: empty statement");
    // Only whitespace and comments may follow: one statement per call.
    if (tail && *tail) {
      sqlite3_stmt* next = nullptr;
      rc = sqlite3_prepare_v2(db_, tail, -1, &next, nullptr);
      if (next || rc != SQLITE_OK) {
        sqlite3_finalize(next);
        sqlite3_finalize(stmt);
        return Fail(ErrorCode::kInternal, "database error",
                    "sqlite: more than one statement in one call (use ExecScript); sql: " + key);
      }
    }
    if (cache_.size() >= kMaxCachedStatements) {
      for (auto& [s, st] : cache_) sqlite3_finalize(st);
      cache_.clear();
    }
    cache_.emplace(std::move(key), stmt);
    return stmt;
  }

 private:
  sqlite3* db_;
  bool read_only_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Resets a statement and drops its bindings (which point into the caller's
// parameters) however the call ends.
class StatementGuard {
 public:
  explicit StatementGuard(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StatementGuard() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementGuard(const StatementGuard&) = delete;
  StatementGuard& operator=(const StatementGuard&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

Status Bind(sqlite3* db, sqlite3_stmt* stmt, const std::vector<Value>& params, std::string_view sql) {
  int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size())) {
    return Fail(ErrorCode::kInternal, "database error",
                "sqlite: statement takes " + std::to_string(expected) + " parameters, got " +
                    std::to_string(params.size()) + "; sql: " + std::string(sql));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    int rc = std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, Null>) {
            return sqlite3_bind_null(stmt, idx);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            return sqlite3_bind_int64(stmt, idx, v);
          } else if constexpr (std::is_same_v<T, double>) {
            return sqlite3_bind_double(stmt, idx, v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            return sqlite3_bind_text64(stmt, idx, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
          } else {
            // A null pointer would bind NULL: an empty blob is a zeroblob.
            if (v.empty()) return sqlite3_bind_zeroblob(stmt, idx, 0);
            return sqlite3_bind_blob64(stmt, idx, v.data(), v.size(), SQLITE_STATIC);
          }
        },
        params[i]);
    if (rc != SQLITE_OK) return SqliteError(db, rc, "bind failed", sql);
  }
  return {};
}

Value Column(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER: return sqlite3_column_int64(stmt, i);
    case SQLITE_FLOAT: return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      int n = sqlite3_column_bytes(stmt, i);
      return std::string(p ? p : "", p ? static_cast<size_t>(n) : 0);
    }
    case SQLITE_BLOB: {
      const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt, i));
      int n = sqlite3_column_bytes(stmt, i);
      return p ? Blob(p, p + n) : Blob();
    }
    default: return Null{};
  }
}

// Waits until the single writer is free. A flag and a condition variable
// rather than a mutex: a transaction may end on another thread than it began.
class WriterGate {
 public:
  bool Acquire(std::chrono::milliseconds wait) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, wait, [&] { return !busy_; })) return false;
    busy_ = true;
    return true;
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      busy_ = false;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool busy_ = false;
};

Status EnsureFile(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path p(path);
  std::error_code ec;
  if (p.has_parent_path() && !fs::exists(p.parent_path(), ec)) {
    // Every directory created here is private (0700): it will hold personal data.
    fs::path dir;
    for (const fs::path& part : p.parent_path()) {
      dir /= part;
      if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return Fail(ErrorCode::kUnavailable, "cannot create the database directory",
                    "sqlite: mkdir(" + dir.string() + "): " + std::strerror(errno));
      }
    }
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(ErrorCode::kUnavailable, "cannot open the database file",
                "sqlite: open(" + path + "): " + std::strerror(errno));
  }
  ::close(fd);
  return {};
}

Result<std::unique_ptr<Connection>> OpenConnection(const std::string& path, bool read_only, const Options& opt) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string internal = "sqlite: open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return Fail(ErrorCode::kUnavailable, "cannot open the database", std::move(internal));
  }
  auto conn = std::make_unique<Connection>(db, read_only);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, opt.busy_timeout_ms);
  if (!read_only && path != ":memory:") {
    sqlite3_stmt* stmt = nullptr;
    rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &stmt, nullptr);
    std::string mode;
    if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* t = sqlite3_column_text(stmt, 0);
      mode = t ? reinterpret_cast<const char*>(t) : "";
    }
    sqlite3_finalize(stmt);
    if (mode != "wal") {
      return Fail(ErrorCode::kUnavailable, "cannot open the database",
                  "sqlite: journal_mode=WAL refused (got '" + mode + "'): " + sqlite3_errmsg(db));
    }
  }
  for (const char* pragma : {"PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"}) {
    if (auto s = conn->Simple(pragma); !s) return tl::unexpected(s.error());
  }
  return conn;
}

// Shared by the database and its transactions, so that a transaction that
// outlives its Database still finds its connection.
struct State {
  std::string path;
  bool memory = false;
  Options options;
  Metrics* metrics = nullptr;

  WriterGate gate;
  std::unique_ptr<Connection> writer;

  std::mutex readers_mu;
  std::vector<std::unique_ptr<Connection>> idle_readers;

  Result<std::unique_ptr<Connection>> TakeReader() {
    {
      std::lock_guard lock(readers_mu);
      if (!idle_readers.empty()) {
        auto c = std::move(idle_readers.back());
        idle_readers.pop_back();
        return c;
      }
    }
    return OpenConnection(path, /*read_only=*/true, options);
  }

  void ReturnReader(std::unique_ptr<Connection> c) {
    if (!sqlite3_get_autocommit(c->db())) return;  // still in a transaction: drop it
    std::lock_guard lock(readers_mu);
    if (idle_readers.size() < options.max_idle_readers) idle_readers.push_back(std::move(c));
  }
};

class SqliteTransaction final : public Transaction {
 public:
  // Writer (or memory) transaction: borrows state->writer under the gate.
  SqliteTransaction(std::shared_ptr<State> state, TxMode mode)
      : state_(std::move(state)), conn_(state_->writer.get()), holds_gate_(true), mode_(mode) {}
  // Reader transaction: owns a pooled read-only connection.
  SqliteTransaction(std::shared_ptr<State> state, std::unique_ptr<Connection> reader)
      : state_(std::move(state)),
        reader_(std::move(reader)),
        conn_(reader_.get()),
        holds_gate_(false),
        mode_(TxMode::kRead) {}

  ~SqliteTransaction() override { Rollback(); }

  Status BeginTx() {
    const char* sql = mode_ == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
    // A transaction left open by a failed ROLLBACK must not block the writer.
    if (!sqlite3_get_autocommit(conn_->db())) (void)conn_->Simple("ROLLBACK");
    if (auto s = conn_->Simple(sql); !s) {
      done_ = true;
      Release();
      return s;
    }
    if (mode_ == TxMode::kRead && !conn_->read_only()) {
      // A read transaction on the shared (memory) connection.
      if (auto s = conn_->Simple("PRAGMA query_only=1"); !s) return s;
      query_only_set_ = true;
    }
    return {};
  }

  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override {
    OpTimer timer(state_->metrics, kBackend, "exec");
    if (auto s = Usable(); !s) return tl::unexpected(s.error());
    auto stmt = PrepareAndBind(sql, params);
    if (!stmt) return Failed(stmt.error());
    StatementGuard guard(*stmt);
    sqlite3_int64 before = sqlite3_total_changes64(conn_->db());
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return Failed(SqliteError(conn_->db(), rc, "exec failed", sql).value());
    // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE; a
    // statement that changed nothing (DDL, SELECT) must report 0.
    if (sqlite3_total_changes64(conn_->db()) == before) return 0;
    return sqlite3_changes64(conn_->db());
  }

  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    OpTimer timer(state_->metrics, kBackend, "query");
    if (auto s = Usable(); !s) return tl::unexpected(s.error());
    auto stmt = PrepareAndBind(sql, params);
    if (!stmt) return Failed(stmt.error());
    StatementGuard guard(*stmt);
    std::vector<Row> rows;
    int cols = sqlite3_column_count(*stmt);
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
      std::vector<Value> values;
      values.reserve(cols);
      for (int i = 0; i < cols; ++i) values.push_back(Column(*stmt, i));
      rows.emplace_back(std::move(values));
    }
    if (rc != SQLITE_DONE) return Failed(SqliteError(conn_->db(), rc, "query failed", sql).value());
    return rows;
  }

  Status ExecScript(std::string_view sql) override {
    OpTimer timer(state_->metrics, kBackend, "exec");
    if (auto s = Usable(); !s) return s;
    std::string script(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(conn_->db(), script.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK) return Failed(SqliteError(conn_->db(), rc, "script failed").value());
    if (sqlite3_get_autocommit(conn_->db())) {
      return Failed(Error::Of(ErrorCode::kInternal, "database error",
                              "sqlite: the script ended the transaction (COMMIT/ROLLBACK/END inside it)"));
    }
    return {};
  }

  Status Commit() override {
    OpTimer timer(state_->metrics, kBackend, "commit");
    if (done_) return internal::FinishedError();
    if (failed_) {
      Rollback();
      return internal::AbortedError();
    }
    if (auto s = RunCommitTasks(); !s) {
      Rollback();
      return s;
    }
    if (auto s = conn_->Simple("COMMIT"); !s) {
      Rollback();
      return s;
    }
    done_ = true;
    Release();
    return {};
  }

  void Rollback() override {
    DiscardCommitTasks();
    if (done_) return;
    done_ = true;
    if (!sqlite3_get_autocommit(conn_->db())) (void)conn_->Simple("ROLLBACK");
    Release();
  }

 private:
  Status Usable() const {
    if (done_) return internal::FinishedError();
    if (failed_) return internal::AbortedError();
    return {};
  }

  // Any error aborts the transaction, as on PostgreSQL: the caller rolls back.
  tl::unexpected<Error> Failed(Error e) {
    failed_ = true;
    return tl::unexpected<Error>(std::move(e));
  }

  Result<sqlite3_stmt*> PrepareAndBind(std::string_view sql, const std::vector<Value>& params) {
    if (auto s = internal::CheckParams(params); !s) return tl::unexpected(s.error());
    auto stmt = conn_->Prepare(sql);
    if (!stmt) return stmt;
    if (auto s = Bind(conn_->db(), *stmt, params, sql); !s) {
      sqlite3_clear_bindings(*stmt);
      return tl::unexpected(s.error());
    }
    return stmt;
  }

  void Release() {
    if (query_only_set_) {
      (void)conn_->Simple("PRAGMA query_only=0");
      query_only_set_ = false;
    }
    if (holds_gate_) {
      holds_gate_ = false;
      state_->gate.Release();
    } else if (reader_) {
      state_->ReturnReader(std::move(reader_));
    }
    conn_ = nullptr;  // every use checks done_ first
  }

  std::shared_ptr<State> state_;
  std::unique_ptr<Connection> reader_;
  Connection* conn_;
  bool holds_gate_;
  TxMode mode_;
  bool done_ = false;
  bool failed_ = false;
  bool query_only_set_ = false;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(std::shared_ptr<State> state) : state_(std::move(state)) {}

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<std::unique_ptr<Transaction>> Begin(TxMode mode) override {
    OpTimer timer(state_->metrics, kBackend, "begin");
    std::unique_ptr<SqliteTransaction> tx;
    if (mode == TxMode::kWrite || state_->memory) {
      if (!state_->gate.Acquire(std::chrono::milliseconds(state_->options.writer_wait_ms))) {
        return Fail(ErrorCode::kConflict, "the database is busy; try again",
                    "sqlite: timed out waiting for the writer connection");
      }
      tx = std::make_unique<SqliteTransaction>(state_, mode);
    } else {
      auto reader = state_->TakeReader();
      if (!reader) return tl::unexpected(reader.error());
      tx = std::make_unique<SqliteTransaction>(state_, std::move(*reader));
    }
    if (auto s = tx->BeginTx(); !s) return tl::unexpected(s.error());
    return std::unique_ptr<Transaction>(std::move(tx));
  }

  Status Migrate() override {
    auto migrations = EmbeddedMigrations(Dialect::kSqlite);
    if (!migrations) return tl::unexpected(migrations.error());
    return ApplyMigrations(*this, *migrations);
  }

  Result<int> SchemaVersion() override { return CurrentSchemaVersion(*this); }

  Status Ping() override {
    auto tx = Begin(TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto rows = (*tx)->Query("SELECT 1", {});
    if (!rows) return tl::unexpected(rows.error());
    (*tx)->Rollback();
    return {};
  }

 private:
  std::shared_ptr<State> state_;
};

}  // namespace

Result<std::unique_ptr<Database>> Open(const std::string& path, Metrics* metrics, const Options& options) {
  if (sqlite3_libversion_number() < 3037000) {
    return Fail(ErrorCode::kUnavailable, "SQLite 3.37 or newer is required",
                std::string("sqlite: library version ") + sqlite3_libversion());
  }
  if (!sqlite3_threadsafe()) {
    return Fail(ErrorCode::kUnavailable, "SQLite was built without thread support", "sqlite: threadsafe=0");
  }
  auto state = std::make_shared<State>();
  state->options = options;
  state->metrics = metrics;
  state->memory = path == ":memory:";
  state->path = path;
  if (!state->memory) {
    if (auto s = EnsureFile(path); !s) return tl::unexpected(s.error());
  }
  auto writer = OpenConnection(path, /*read_only=*/false, options);
  if (!writer) return tl::unexpected(writer.error());
  state->writer = std::move(*writer);
  return std::unique_ptr<Database>(std::make_unique<SqliteDatabase>(std::move(state)));
}

}  // namespace nrm::store::sqlite
