// The storage interface every module writes its SQL against.
//
// SQL is written once, in a portable subset, with `?` placeholders; the
// PostgreSQL backend rewrites them to $1..$n. Dialect differences live in the
// backends, never in modules. Conventions all tables follow:
//  - TEXT primary keys holding UUIDv7 (core/ids.h);
//  - INTEGER (BIGINT on PostgreSQL) milliseconds since the epoch for times;
//  - INTEGER 0/1 for booleans;
//  - a `version` INTEGER column on every editable record, checked and bumped
//    by each UPDATE (optimistic locking: 0 rows updated => kConflict).
//
// Errors map onto core ErrorCode: unique violation -> kAlreadyExists,
// serialization failure / busy -> kConflict, connection loss -> kUnavailable,
// anything else -> kInternal (the SQL text goes to Error::internal only,
// never to the client).
//
// Portable SQL notes (both backends run the same text):
//  - a parameter the server cannot type on its own needs a cast:
//    `CAST(? AS TEXT) IS NULL OR col = ?` for optional filters; int64
//    parameters are BIGINT on PostgreSQL, so a function taking INTEGER
//    (substr, left, repeat) needs `CAST(? AS INTEGER)`;
//  - text parameters must be valid UTF-8 without NUL bytes
//    (kInvalidArgument otherwise);
//  - after any failed statement the transaction is aborted on both backends
//    (PostgreSQL's rule): further Exec/Query fail and Commit fails. To insert
//    or skip, write `INSERT ... ON CONFLICT DO NOTHING` and check the count;
//  - a `?` inside quotes or comments is not a placeholder.
//
// Thread-safety: a Database is shared by all threads. A Transaction belongs to
// one thread at a time. Destroying an uncommitted Transaction rolls it back.
// SQLite: one writer (write transactions are serialised), readers in parallel
// (WAL). PostgreSQL: a connection pool; READ COMMITTED.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/error.h"
#include "core/metrics.h"

namespace nrm::store {

using Blob = std::vector<uint8_t>;
struct Null {};
using Value = std::variant<Null, int64_t, double, std::string, Blob>;

// A convenience for optional parameters.
template <class T>
Value Opt(const std::optional<T>& v) {
  if (!v) return Null{};
  return Value(*v);
}

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const;
  int64_t Int(size_t i) const;       // 0 for NULL
  double Real(size_t i) const;       // 0 for NULL
  std::string Text(size_t i) const;  // "" for NULL
  Blob Bytes(size_t i) const;        // empty for NULL
  std::optional<std::string> OptText(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  const Value& at(size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

enum class Dialect { kSqlite, kPostgres };
enum class TxMode { kRead, kWrite };

class Transaction {
 public:
  virtual ~Transaction() = default;
  // Runs a statement; returns the number of rows changed.
  virtual Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs a query (or a statement with RETURNING) and returns all rows.
  virtual Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  // Runs a script of several statements without parameters (migrations,
  // test fixtures). Never for SQL that holds values: those go through Exec's
  // bound parameters. The script must not end the transaction itself.
  virtual Status ExecScript(std::string_view sql);

  // Work that must run inside this transaction at its very end. Commit()
  // runs every registered task, in registration order, right before it
  // sends COMMIT; a task's failure aborts the transaction and Commit()
  // returns that failure. Rollback (or destruction) discards the tasks.
  //
  // The audit log uses this to write its entries last (audit/log.h): the
  // audit head's row lock is then the last lock every write transaction
  // takes, so it can never sit between two other locks and deadlock.
  class CommitTask {
   public:
    virtual ~CommitTask() = default;
    virtual Status Run(Transaction& tx) = 0;
  };
  // The task registered under `key` (any address the caller owns), or null.
  CommitTask* FindCommitTask(const void* key) const;
  // Registers `task` under `key`; returns it. A key registers once.
  CommitTask& AddCommitTask(const void* key, std::unique_ptr<CommitTask> task);

 protected:
  // Backends call this first in Commit(), before COMMIT is sent; on failure
  // they roll back and return the error.
  Status RunCommitTasks();
  // Backends call this when the transaction ends without a commit.
  void DiscardCommitTasks() { commit_tasks_.clear(); }

 private:
  std::vector<std::pair<const void*, std::unique_ptr<CommitTask>>> commit_tasks_;
};

class Database {
 public:
  virtual ~Database() = default;

  // "sqlite:<path>" (or a bare path ending in .db), "postgresql://..." or
  // "postgres://...". `metrics` may be null; when given, every operation's
  // duration is recorded as store_operation_duration_seconds.
  static Result<std::unique_ptr<Database>> Open(const std::string& url, Metrics* metrics = nullptr);

  virtual Dialect dialect() const = 0;
  virtual Result<std::unique_ptr<Transaction>> Begin(TxMode mode) = 0;
  // Applies every numbered migration not yet applied, each in its own
  // transaction, recording it in schema_migrations. Idempotent.
  virtual Status Migrate() = 0;
  // Highest applied migration number (0 for a new store).
  virtual Result<int> SchemaVersion() = 0;
  // Cheap round trip for /readyz.
  virtual Status Ping() = 0;
};

}  // namespace nrm::store
