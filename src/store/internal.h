// Helpers shared by the store backends; not for modules.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/metrics.h"
#include "store/database.h"

namespace nrm::store::internal {

// Rejects text parameters that are not valid UTF-8 or contain NUL bytes
// (PostgreSQL cannot store them; SQLite would, and the two must agree). The
// error names the parameter's position, never its value.
Status CheckParams(const std::vector<Value>& params);

// True if `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

// Records store_operation_duration_seconds{backend,op} when destroyed.
class OpTimer {
 public:
  OpTimer(Metrics* metrics, const char* backend, const char* op)
      : metrics_(metrics), backend_(backend), op_(op), start_(std::chrono::steady_clock::now()) {}
  ~OpTimer();
  OpTimer(const OpTimer&) = delete;
  OpTimer& operator=(const OpTimer&) = delete;

 private:
  Metrics* metrics_;
  const char* backend_;
  const char* op_;
  std::chrono::steady_clock::time_point start_;
};

// Errors every backend words the same way. `internal` may hold SQL text and
// driver messages, never parameter values.
tl::unexpected<Error> FinishedError();  // use after Commit/Rollback
tl::unexpected<Error> AbortedError();   // use after an earlier error

}  // namespace nrm::store::internal
