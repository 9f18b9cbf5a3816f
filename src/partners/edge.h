// JSON helpers for the partners routes files only (like http/json.h, this
// pulls in nlohmann/json: include it from *routes.cc files, never from a
// header other modules see).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "http/json.h"
#include "http/message.h"
#include "partners/catalogue.h"

// Binds `var` to a Result, returning its error from the handler.
#define NRM_TRY_RESULT(var, expr) \
  auto var = (expr);              \
  if (!var) return tl::unexpected(var.error())

namespace nrm::partners::edge {

using nlohmann::json;

// An integer member within [min, max]; absent -> nullopt. A fraction, a
// string or an out-of-range number is refused, naming the field.
inline Result<std::optional<int64_t>> OptInt(const json& o, const char* field, int64_t min, int64_t max) {
  auto it = o.find(field);
  if (it == o.end()) return std::optional<int64_t>();
  if (!it->is_number_integer())
    return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be a whole number");
  if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(max))
    return Fail(ErrorCode::kInvalidArgument, std::string(field) + " is too large");
  const int64_t v = it->get<int64_t>();
  if (v < min)
    return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be at least " + std::to_string(min));
  if (v > max) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " is too large");
  return std::optional<int64_t>(v);
}

inline Result<int64_t> ReqInt(const json& o, const char* field, int64_t min, int64_t max) {
  auto v = OptInt(o, field, min, max);
  if (!v) return tl::unexpected(v.error());
  if (!*v) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " is required");
  return **v;
}

// A member that may be absent (nullopt), null (optional holding nullopt) or
// a string.
inline Result<std::optional<std::optional<std::string>>> NullableString(const json& o, const char* field,
                                                                        size_t max_bytes) {
  auto it = o.find(field);
  if (it == o.end()) return std::optional<std::optional<std::string>>();
  if (it->is_null()) return std::optional<std::optional<std::string>>(std::optional<std::string>());
  if (!it->is_string() || it->get_ref<const std::string&>().size() > max_bytes)
    return Fail(ErrorCode::kInvalidArgument,
                std::string(field) + " must be text of at most " + std::to_string(max_bytes) + " bytes, or null");
  return std::optional<std::optional<std::string>>(it->get<std::string>());
}

inline Result<int64_t> Version(const json& o) { return ReqInt(o, "version", 1, INT64_MAX); }

// A path id: anything but a UUID is "not found" (ids are never guessed).
inline Result<std::string> PathId(const http::Request& req, const char* name = "id") {
  std::string id = req.Param(name);
  if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such record");
  return id;
}

inline Result<std::optional<std::string>> QueryUuid(const http::Request& req, const char* name) {
  auto v = req.QueryParam(name);
  if (!v) return std::optional<std::string>();
  if (!IsUuid(*v)) return Fail(ErrorCode::kInvalidArgument, std::string(name) + " must be an id");
  return std::optional<std::string>(*v);
}

inline Result<std::optional<int>> QueryYear(const http::Request& req) {
  auto v = req.QueryParam("year");
  if (!v) return std::optional<int>();
  if (v->size() != 4 || v->find_first_not_of("0123456789") != std::string::npos)
    return Fail(ErrorCode::kInvalidArgument, "year must be four digits");
  return std::optional<int>(std::stoi(*v));
}

// The strict body and the list/created answers are the HTTP layer's.
inline Result<json> Body(const http::Request& req, std::initializer_list<const char*> allowed) {
  return http::JsonBody(req, allowed);
}
using http::Created;
using http::Items;

// A catalogue entry: {"code", "label": {"az", "en", "ru"}}.
inline json CodeLabelJson(const CodeLabel& c) {
  return json{{"code", c.code}, {"label", {{"az", c.az}, {"en", c.en}, {"ru", c.ru}}}};
}

inline json OptJson(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
inline json Time(int64_t ms) { return FormatRfc3339(ms); }

}  // namespace nrm::partners::edge
