#include "store/database.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <type_traits>

#include "store/internal.h"
#include "store/postgres/pg_database.h"
#include "store/sqlite/sqlite_database.h"

namespace nrm::store {

// ---- Row ------------------------------------------------------------------
// Accessors convert between the value kinds where the meaning is obvious, so
// that a column read the same way works on both backends (PostgreSQL returns
// numeric for SUM(bigint), SQLite an integer).

bool Row::IsNull(size_t i) const { return std::holds_alternative<Null>(values_.at(i)); }

int64_t Row::Int(size_t i) const {
  return std::visit(
      [](const auto& v) -> int64_t {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t>) {
          return v;
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isnan(v)) return 0;
          if (v >= 9223372036854775807.0) return std::numeric_limits<int64_t>::max();
          if (v <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
          return static_cast<int64_t>(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          int64_t out = 0;
          auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
          return (ec == std::errc() && p == v.data() + v.size()) ? out : 0;
        } else {
          return 0;
        }
      },
      values_.at(i));
}

double Row::Real(size_t i) const {
  return std::visit(
      [](const auto& v) -> double {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t>) {
          return static_cast<double>(v);
        } else if constexpr (std::is_same_v<T, double>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::string>) {
          double out = 0;
          auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
          return (ec == std::errc() && p == v.data() + v.size()) ? out : 0;
        } else {
          return 0;
        }
      },
      values_.at(i));
}

std::string Row::Text(size_t i) const {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, double>) {
          char buf[64];
          auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
          return ec == std::errc() ? std::string(buf, p) : std::string();
        } else if constexpr (std::is_same_v<T, Blob>) {
          return std::string(v.begin(), v.end());
        } else {
          return std::string();
        }
      },
      values_.at(i));
}

Blob Row::Bytes(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* b = std::get_if<Blob>(&v)) return *b;
  if (const auto* s = std::get_if<std::string>(&v)) return Blob(s->begin(), s->end());
  return Blob();
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

// ---- Transaction ----------------------------------------------------------

Status Transaction::ExecScript(std::string_view) {
  return Fail(ErrorCode::kInternal, "database error", "ExecScript is not supported by this transaction");
}

Transaction::CommitTask* Transaction::FindCommitTask(const void* key) const {
  for (const auto& [k, task] : commit_tasks_) {
    if (k == key) return task.get();
  }
  return nullptr;
}

Transaction::CommitTask& Transaction::AddCommitTask(const void* key, std::unique_ptr<CommitTask> task) {
  commit_tasks_.emplace_back(key, std::move(task));
  return *commit_tasks_.back().second;
}

Status Transaction::RunCommitTasks() {
  // Taken out first: a task that runs statements must not see itself again,
  // and a failure leaves nothing behind for a later Commit.
  auto tasks = std::move(commit_tasks_);
  commit_tasks_.clear();
  for (auto& [key, task] : tasks) {
    if (auto s = task->Run(*this); !s) return s;
  }
  return {};
}

// ---- Database::Open ---------------------------------------------------------

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const std::string& url, Metrics* metrics) {
  // The URL may carry a password: it never goes into an error.
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    return postgres::OpenUrl(url, metrics);
  }
  if (StartsWith(url, "sqlite:")) {
    std::string path = url.substr(7);
    if (path.empty()) return Fail(ErrorCode::kInvalidArgument, "the sqlite: database URL has no path");
    return sqlite::Open(path, metrics);
  }
  if (url.find("://") == std::string::npos &&
      (EndsWith(url, ".db") || EndsWith(url, ".sqlite") || EndsWith(url, ".sqlite3"))) {
    return sqlite::Open(url, metrics);
  }
  return Fail(ErrorCode::kInvalidArgument,
              "unsupported database URL: expected sqlite:<path>, a path ending in .db, or postgresql://...");
}

// ---- internal helpers ---------------------------------------------------------

namespace internal {

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p <= n) return false;
    for (int k = 1; k <= n; ++k) {
      if ((p[k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[k] & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += n + 1;
  }
  return true;
}

Status CheckParams(const std::vector<Value>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    const auto* s = std::get_if<std::string>(&params[i]);
    if (!s) continue;
    if (s->find('\0') != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "text contains a NUL character",
                  "parameter " + std::to_string(i + 1) + " holds a NUL byte");
    }
    if (!IsValidUtf8(*s)) {
      return Fail(ErrorCode::kInvalidArgument, "text is not valid UTF-8",
                  "parameter " + std::to_string(i + 1) + " is not valid UTF-8");
    }
  }
  return {};
}

OpTimer::~OpTimer() {
  if (!metrics_) return;
  std::chrono::duration<double> d = std::chrono::steady_clock::now() - start_;
  metrics_->ObserveStore(backend_, op_, d.count());
}

tl::unexpected<Error> FinishedError() {
  return Fail(ErrorCode::kInternal, "database error", "transaction already committed or rolled back");
}

tl::unexpected<Error> AbortedError() {
  return Fail(ErrorCode::kInternal, "database error", "transaction aborted by an earlier error; roll it back");
}

}  // namespace internal
}  // namespace nrm::store
