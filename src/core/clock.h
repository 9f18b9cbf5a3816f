// Time, injected. Nothing in OpenNRM reads the system clock directly: session
// expiry, lockouts, SLA timers and TOTP windows take a `Clock&`, so tests can
// move time with `ManualClock` instead of sleeping.
//
// Thread-safety: SystemClock and ManualClock are safe to call from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "core/civil_date.h"

namespace nrm {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC.
  virtual int64_t NowMillis() const = 0;
  int64_t NowSeconds() const { return NowMillis() / 1000; }
};

class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override;
  static SystemClock& Instance();
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_millis) : now_(start_millis) {}
  int64_t NowMillis() const override { return now_.load(); }
  void Advance(int64_t millis) { now_ += millis; }
  void Set(int64_t millis) { now_ = millis; }

 private:
  std::atomic<int64_t> now_;
};

// RFC 3339 UTC text with millisecond precision: "2026-11-24T19:01:03.123Z"
// (core/civil_date.h).
using civil::FormatRfc3339;

}  // namespace nrm
