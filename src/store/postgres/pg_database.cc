#include "store/postgres/pg_database.h"

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

#include "store/internal.h"
#include "store/migrations.h"
#include "store/postgres/placeholders.h"

namespace nrm::store::postgres {
namespace {

constexpr const char* kBackend = "postgres";

// Type OIDs from pg_type (stable across releases).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

using internal::OpTimer;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

void IgnoreNotice(void*, const char*) {}

// One libpq connection. Used by one thread at a time (the pool hands it out).
class Connection {
 public:
  explicit Connection(PGconn* c) : conn_(c) {}
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  PGconn* get() const { return conn_; }
  bool ok() const { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }
  void MarkBroken() { broken_ = true; }

 private:
  PGconn* conn_;
  bool broken_ = false;
};

bool StartsWith(const char* s, const char* prefix) { return s && std::strncmp(s, prefix, std::strlen(prefix)) == 0; }

// Maps a failed result onto the store's errors and marks a lost connection.
// Server messages go to Error::internal, except for data exceptions (class
// 22), whose messages quote the offending value; DETAIL is never used since
// it quotes key values ("Key (email)=(...) already exists").
tl::unexpected<Error> PgError(Connection& conn, const PGresult* res, std::string_view what, std::string_view sql = {}) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state ? state : "";
  bool lost = PQstatus(conn.get()) != CONNECTION_OK || StartsWith(state, "08") || code == "57P01" || code == "57P02" ||
              code == "57P03";
  if (code == "08P01") lost = PQstatus(conn.get()) != CONNECTION_OK;  // protocol violation: our bug
  if (lost) conn.MarkBroken();

  std::string internal = "postgres: ";
  internal += what;
  if (!code.empty()) internal += ": sqlstate " + code;
  if (StartsWith(state, "22")) {
    internal += ": data exception (server message withheld: it quotes values)";
  } else {
    const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string msg = primary ? primary : PQerrorMessage(conn.get());
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    internal += ": " + msg;
  }
  for (auto [field, label] : {std::pair{PG_DIAG_TABLE_NAME, "table"}, std::pair{PG_DIAG_COLUMN_NAME, "column"},
                              std::pair{PG_DIAG_CONSTRAINT_NAME, "constraint"}}) {
    if (const char* v = res ? PQresultErrorField(res, field) : nullptr) {
      internal += std::string("; ") + label + " " + v;
    }
  }
  if (!sql.empty()) {
    internal += "; sql: ";
    internal += sql;
  }

  if (code == "23505") return Fail(ErrorCode::kAlreadyExists, "record already exists", std::move(internal));
  if (code == "40001" || code == "40P01") {
    return Fail(ErrorCode::kConflict, "a concurrent change got in the way; try again", std::move(internal));
  }
  if (lost) return Fail(ErrorCode::kUnavailable, "the database is unavailable", std::move(internal));
  return Fail(ErrorCode::kInternal, "database error", std::move(internal));
}

Result<PgResult> Simple(Connection& conn, const char* sql) {
  PgResult res(PQexec(conn.get(), sql));
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return PgError(conn, res.get(), "statement failed", sql);
  return res;
}

bool ParseInt(const char* s, int len, int64_t* out) {
  auto [p, ec] = std::from_chars(s, s + len, *out);
  return ec == std::errc() && p == s + len;
}

double ParseDouble(const char* s, int len) {
  std::string_view v(s, static_cast<size_t>(len));
  if (v == "NaN") return std::nan("");
  if (v == "Infinity") return HUGE_VAL;
  if (v == "-Infinity") return -HUGE_VAL;
  double out = 0;
  std::from_chars(s, s + len, out);
  return out;
}

int HexNibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// bytea in the (default) hex output format: "\x0a1b...".
Blob DecodeBytea(const char* s, int len) {
  Blob out;
  if (len < 2 || s[0] != '\\' || s[1] != 'x') {
    // Escape format (bytea_output=escape): let libpq decode it.
    size_t n = 0;
    unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(s), &n);
    if (raw) {
      out.assign(raw, raw + n);
      PQfreemem(raw);
    }
    return out;
  }
  out.reserve(static_cast<size_t>(len - 2) / 2);
  for (int i = 2; i + 1 < len; i += 2) {
    int hi = HexNibble(s[i]), lo = HexNibble(s[i + 1]);
    if (hi < 0 || lo < 0) break;
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return out;
}

Value Cell(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return Null{};
  const char* s = PQgetvalue(res, row, col);
  int len = PQgetlength(res, row, col);
  switch (PQftype(res, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      int64_t v = 0;
      ParseInt(s, len, &v);
      return v;
    }
    case kBoolOid: return int64_t{len > 0 && s[0] == 't' ? 1 : 0};
    case kFloat4Oid:
    case kFloat8Oid: return ParseDouble(s, len);
    case kNumericOid: {
      int64_t v = 0;
      if (ParseInt(s, len, &v)) return v;
      return ParseDouble(s, len);
    }
    case kByteaOid: return DecodeBytea(s, len);
    default: return std::string(s, static_cast<size_t>(len));
  }
}

// Parameters in libpq's arrays; owns the text of numbers.
struct Params {
  std::vector<std::string> storage;
  std::vector<Oid> types;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;

  explicit Params(const std::vector<Value>& params) {
    static const char kEmpty = 0;
    size_t n = params.size();
    storage.resize(n);
    types.resize(n, 0);
    values.resize(n, nullptr);
    lengths.resize(n, 0);
    formats.resize(n, 0);
    for (size_t i = 0; i < n; ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Null>) {
              values[i] = nullptr;
            } else if constexpr (std::is_same_v<T, int64_t>) {
              storage[i] = std::to_string(v);
              types[i] = kInt8Oid;
              values[i] = storage[i].c_str();
            } else if constexpr (std::is_same_v<T, double>) {
              if (std::isnan(v)) {
                storage[i] = "NaN";
              } else if (std::isinf(v)) {
                storage[i] = v > 0 ? "Infinity" : "-Infinity";
              } else {
                char buf[64];
                auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
                storage[i].assign(buf, ec == std::errc() ? p : buf);
              }
              types[i] = kFloat8Oid;
              values[i] = storage[i].c_str();
            } else if constexpr (std::is_same_v<T, std::string>) {
              values[i] = v.c_str();  // untyped: the server infers text, uuid, ...
            } else {
              types[i] = kByteaOid;
              formats[i] = 1;
              // A null pointer would mean NULL: an empty bytea needs a pointer.
              values[i] = v.empty() ? &kEmpty : reinterpret_cast<const char*>(v.data());
              lengths[i] = static_cast<int>(v.size());
            }
          },
          params[i]);
    }
  }
};

// Shared by the database and its transactions.
struct State {
  std::string conninfo;
  Options options;
  Metrics* metrics = nullptr;

  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::unique_ptr<Connection>> idle;
  int open = 0;  // connections in use or idle

  Result<std::unique_ptr<Connection>> Connect() {
    // Defaults first so the URL can override them; the encoding last so it
    // cannot: text round trips rely on UTF-8.
    const char* keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding", nullptr};
    const char* vals[] = {"10", "nrm", conninfo.c_str(), "UTF8", nullptr};
    auto conn = std::make_unique<Connection>(PQconnectdbParams(keys, vals, /*expand_dbname=*/1));
    if (!conn->get()) return Fail(ErrorCode::kUnavailable, "the database is unavailable", "postgres: out of memory");
    if (PQstatus(conn->get()) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn->get());
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      return Fail(ErrorCode::kUnavailable, "the database is unavailable", "postgres: connect: " + msg);
    }
    PQsetNoticeProcessor(conn->get(), IgnoreNotice, nullptr);
    return conn;
  }

  // A connection from the pool; `reused` tells whether it sat idle (and may
  // have died since).
  Result<std::unique_ptr<Connection>> Acquire(bool* reused) {
    std::unique_lock lock(mu);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.acquire_timeout_ms);
    for (;;) {
      if (!idle.empty()) {
        auto c = std::move(idle.back());
        idle.pop_back();
        if (!c->ok()) {
          --open;
          lock.unlock();
          c.reset();
          lock.lock();
          continue;
        }
        *reused = true;
        return c;
      }
      if (open < options.pool_size) {
        ++open;
        lock.unlock();
        auto c = Connect();
        if (!c) {
          Discard();
          return c;
        }
        *reused = false;
        return c;
      }
      if (cv.wait_until(lock, deadline) == std::cv_status::timeout && idle.empty() && open >= options.pool_size) {
        return Fail(ErrorCode::kUnavailable, "the database is busy; try again",
                    "postgres: no free connection in the pool after " + std::to_string(options.acquire_timeout_ms) +
                        " ms (pool_size " + std::to_string(options.pool_size) + ")");
      }
    }
  }

  // Takes a connection back; one that is broken or still inside a
  // transaction is closed instead.
  void Release(std::unique_ptr<Connection> c) {
    if (c->ok() && PQtransactionStatus(c->get()) != PQTRANS_IDLE) {
      PgResult res(PQexec(c->get(), "ROLLBACK"));
      if (PQtransactionStatus(c->get()) != PQTRANS_IDLE) c->MarkBroken();
    }
    if (!c->ok()) {
      c.reset();
      Discard();
      return;
    }
    {
      std::lock_guard lock(mu);
      idle.push_back(std::move(c));
    }
    cv.notify_one();
  }

  void Discard() {
    {
      std::lock_guard lock(mu);
      --open;
    }
    cv.notify_one();
  }
};

class PgTransaction final : public Transaction {
 public:
  PgTransaction(std::shared_ptr<State> state, std::unique_ptr<Connection> conn)
      : state_(std::move(state)), conn_(std::move(conn)) {}
  ~PgTransaction() override { Rollback(); }

  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override {
    OpTimer timer(state_->metrics, kBackend, "exec");
    auto res = Run(sql, params);
    if (!res) return tl::unexpected(res.error());
    // A SELECT run through Exec changes nothing (as on SQLite).
    if (PQresultStatus(res->get()) == PGRES_TUPLES_OK && StartsWith(PQcmdStatus(res->get()), "SELECT")) return 0;
    int64_t n = 0;
    const char* t = PQcmdTuples(res->get());
    if (t && *t) ParseInt(t, static_cast<int>(std::strlen(t)), &n);
    return n;
  }

  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    OpTimer timer(state_->metrics, kBackend, "query");
    auto res = Run(sql, params);
    if (!res) return tl::unexpected(res.error());
    const PGresult* r = res->get();
    int nrows = PQntuples(r), ncols = PQnfields(r);
    std::vector<Row> rows;
    rows.reserve(static_cast<size_t>(nrows));
    for (int i = 0; i < nrows; ++i) {
      std::vector<Value> values;
      values.reserve(static_cast<size_t>(ncols));
      for (int j = 0; j < ncols; ++j) values.push_back(Cell(r, i, j));
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  Status ExecScript(std::string_view sql) override {
    OpTimer timer(state_->metrics, kBackend, "exec");
    if (auto s = Usable(); !s) return s;
    std::string script(sql);
    if (script.find('\0') != std::string::npos) {
      return Failed(Error::Of(ErrorCode::kInternal, "database error", "postgres: script holds a NUL byte"));
    }
    // The simple query protocol runs several statements, inside our BEGIN.
    PgResult res(PQexec(conn_->get(), script.c_str()));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
      return Failed(PgError(*conn_, res.get(), "script failed").value());
    }
    if (PQtransactionStatus(conn_->get()) != PQTRANS_INTRANS) {
      return Failed(Error::Of(ErrorCode::kInternal, "database error",
                              "postgres: the script ended the transaction (COMMIT/ROLLBACK/END inside it)"));
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
    auto res = Simple(*conn_, "COMMIT");
    done_ = true;
    Status out;
    if (!res) {
      out = tl::unexpected(res.error());
    } else if (!StartsWith(PQcmdStatus(res->get()), "COMMIT")) {
      // The server answers ROLLBACK to COMMIT in an aborted transaction.
      out = Fail(ErrorCode::kInternal, "database error", "postgres: COMMIT was answered with a rollback");
    }
    state_->Release(std::move(conn_));
    return out;
  }

  void Rollback() override {
    DiscardCommitTasks();
    if (done_) return;
    done_ = true;
    if (conn_->ok()) (void)Simple(*conn_, "ROLLBACK");
    state_->Release(std::move(conn_));
  }

 private:
  Status Usable() const {
    if (done_) return internal::FinishedError();
    if (failed_) return internal::AbortedError();
    return {};
  }

  // Any error aborts the transaction (the server does the same).
  tl::unexpected<Error> Failed(Error e) {
    failed_ = true;
    return tl::unexpected<Error>(std::move(e));
  }

  Result<PgResult> Run(std::string_view sql, const std::vector<Value>& params) {
    if (auto s = Usable(); !s) return tl::unexpected(s.error());
    if (auto s = internal::CheckParams(params); !s) return Failed(s.error());
    int count = 0;
    std::string text = RewritePlaceholders(sql, &count);
    if (count != static_cast<int>(params.size())) {
      return Failed(Error::Of(ErrorCode::kInternal, "database error",
                              "postgres: statement takes " + std::to_string(count) + " parameters, got " +
                                  std::to_string(params.size()) + "; sql: " + std::string(sql)));
    }
    Params p(params);
    PgResult res(PQexecParams(conn_->get(), text.c_str(), count, p.types.data(), p.values.data(), p.lengths.data(),
                              p.formats.data(), /*resultFormat=*/0));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return res;
    if (st == PGRES_EMPTY_QUERY) {
      return Failed(Error::Of(ErrorCode::kInternal, "database error", "postgres: empty statement"));
    }
    return Failed(PgError(*conn_, res.get(), "statement failed", sql).value());
  }

  std::shared_ptr<State> state_;
  std::unique_ptr<Connection> conn_;
  bool done_ = false;
  bool failed_ = false;
};

class PgDatabase final : public Database {
 public:
  explicit PgDatabase(std::shared_ptr<State> state) : state_(std::move(state)) {}

  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<std::unique_ptr<Transaction>> Begin(TxMode mode) override {
    OpTimer timer(state_->metrics, kBackend, "begin");
    const char* sql = mode == TxMode::kWrite ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                             : "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY";
    // Idle connections may have died (server restart, failover): each one
    // found dead is dropped and the next tried, then a fresh one.
    for (int attempt = 0;; ++attempt) {
      bool reused = false;
      auto conn = state_->Acquire(&reused);
      if (!conn) return tl::unexpected(conn.error());
      auto res = Simple(**conn, sql);
      if (res) return std::unique_ptr<Transaction>(std::make_unique<PgTransaction>(state_, std::move(*conn)));
      bool retry = reused && !(*conn)->ok() && attempt <= state_->options.pool_size;
      state_->Release(std::move(*conn));
      if (!retry) return tl::unexpected(res.error());
    }
  }

  Status Migrate() override {
    auto migrations = EmbeddedMigrations(Dialect::kPostgres);
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

Result<std::unique_ptr<Database>> Open(const std::string& url, Metrics* metrics, const Options& options) {
  if (!PQisthreadsafe()) {
    return Fail(ErrorCode::kUnavailable, "libpq was built without thread support", "postgres: PQisthreadsafe() == 0");
  }
  if (options.pool_size < 1) return Fail(ErrorCode::kInvalidArgument, "the connection pool size must be at least 1");
  char* err = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &err);
  if (!parsed) {
    std::string msg = err ? err : "out of memory";
    PQfreemem(err);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    return Fail(ErrorCode::kInvalidArgument, "invalid PostgreSQL connection URL", "postgres: " + msg);
  }
  PQconninfoFree(parsed);
  auto state = std::make_shared<State>();
  state->conninfo = url;
  state->options = options;
  state->metrics = metrics;
  return std::unique_ptr<Database>(std::make_unique<PgDatabase>(std::move(state)));
}

std::optional<std::string> TakeQueryParam(std::string* url, const std::string& key) {
  size_t q = url->find('?');
  if (q == std::string::npos) return std::nullopt;
  size_t end_of_query = url->find('#', q);
  if (end_of_query == std::string::npos) end_of_query = url->size();
  size_t pos = q + 1;
  while (pos < end_of_query) {
    size_t amp = url->find('&', pos);
    if (amp == std::string::npos || amp > end_of_query) amp = end_of_query;
    std::string_view item(url->data() + pos, amp - pos);
    if (item.substr(0, key.size() + 1) == key + "=") {
      std::string value(item.substr(key.size() + 1));
      // Remove the item with one separator next to it.
      if (amp < end_of_query) {
        url->erase(pos, amp + 1 - pos);  // "item&"
      } else if (pos - 1 > q) {
        url->erase(pos - 1, amp - pos + 1);  // "&item" at the end
      } else {
        url->erase(q, amp - q);  // "?item" alone
      }
      return value;
    }
    pos = amp + 1;
  }
  return std::nullopt;
}

Result<std::unique_ptr<Database>> OpenUrl(const std::string& url, Metrics* metrics) {
  std::string rest = url;
  Options options;
  if (auto v = TakeQueryParam(&rest, "pool_size")) {
    int n = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || p != v->data() + v->size() || n < 1 || n > 1000) {
      return Fail(ErrorCode::kInvalidArgument, "pool_size in the database URL must be a number from 1 to 1000");
    }
    options.pool_size = n;
  }
  return Open(rest, metrics, options);
}

}  // namespace nrm::store::postgres
