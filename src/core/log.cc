#include "core/log.h"

#include <atomic>
#include <memory>
#include <mutex>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace nrm::log {

namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};

// State below is protected by g_capture_mu: whether lines are captured, and
// the captured text.
std::mutex g_capture_mu;
bool g_capture = false;
std::string g_captured;

spdlog::logger& Sink() {
  // stderr, the line as given ("%v"); spdlog's *_mt sink locks per line.
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = std::make_shared<spdlog::logger>("nrm", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *logger;
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

}  // namespace

void Event(Level level, std::string_view msg, std::initializer_list<Field> fields) {
  if (static_cast<int>(level) < g_level.load(std::memory_order_relaxed)) return;
  nlohmann::ordered_json line;
  line["ts"] = FormatRfc3339(SystemClock::Instance().NowMillis());
  line["level"] = LevelName(level);
  line["msg"] = std::string(msg);
  for (const Field& f : fields) {
    if (f.is_number)
      line[std::string(f.key)] = f.number;
    else if (f.is_real)
      line[std::string(f.key)] = static_cast<double>(static_cast<long long>(f.real * 1000)) / 1000;
    else
      line[std::string(f.key)] = std::string(f.text);
  }
  // Invalid UTF-8 in a value becomes U+FFFD rather than an exception.
  const std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  Sink().info(text);
  std::lock_guard<std::mutex> lock(g_capture_mu);
  if (g_capture) g_captured += text + "\n";
}

void SetLevel(Level level) { g_level.store(static_cast<int>(level), std::memory_order_relaxed); }

void CaptureForTests(bool on) {
  std::lock_guard<std::mutex> lock(g_capture_mu);
  g_capture = on;
  g_captured.clear();
}

std::string TakeCaptured() {
  std::lock_guard<std::mutex> lock(g_capture_mu);
  return std::exchange(g_captured, {});
}

}  // namespace nrm::log
