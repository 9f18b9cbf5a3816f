// The server's one structured logger: each event is one JSON object on one
// line of stderr ({"ts", "level", "msg", ...fields}), written through spdlog
// so that lines from several threads never interleave and every value is
// escaped correctly.
//
// What may be logged: ids, route patterns, codes, counts and Error::internal
// texts (SQL errors and the like, which modules keep free of personal data).
// Never request bodies, query strings, cookies, tokens or names.
//
// Thread-safety: every function may be called from any thread.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace nrm::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// One field of an event. Numbers are written as JSON numbers.
struct Field {
  Field(std::string_view k, std::string_view v) : key(k), text(v) {}
  Field(std::string_view k, const char* v) : key(k), text(v ? v : "") {}
  Field(std::string_view k, const std::string& v) : key(k), text(v) {}
  Field(std::string_view k, long long v) : key(k), number(v), is_number(true) {}
  Field(std::string_view k, int v) : key(k), number(v), is_number(true) {}
  Field(std::string_view k, unsigned v) : key(k), number(v), is_number(true) {}
  Field(std::string_view k, long v) : key(k), number(v), is_number(true) {}
  Field(std::string_view k, double v) : key(k), real(v), is_real(true) {}
  std::string_view key;
  std::string_view text;
  long long number = 0;
  double real = 0;
  bool is_number = false;
  bool is_real = false;
};

void Event(Level level, std::string_view msg, std::initializer_list<Field> fields = {});

inline void Info(std::string_view msg, std::initializer_list<Field> fields = {}) { Event(Level::kInfo, msg, fields); }
inline void Warn(std::string_view msg, std::initializer_list<Field> fields = {}) { Event(Level::kWarn, msg, fields); }
inline void Error(std::string_view msg, std::initializer_list<Field> fields = {}) { Event(Level::kError, msg, fields); }

}  // namespace nrm::log
