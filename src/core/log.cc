#include "core/log.h"

#include <memory>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace nrm::log {

namespace {

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
}

}  // namespace nrm::log
