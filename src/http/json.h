// JSON at the HTTP edge: bounded, strict parsing of request bodies, and JSON
// answers. Include only from routes*.cc files (and http/binder.cc):
// nlohmann/json is a heavy header.
//
// Parsing is bounded while it happens (a SAX filter over nlohmann's DOM
// builder), never after: nesting deeper than `max_depth`, a string or key
// longer than its limit, or more values than `max_values` stops the parser at
// that byte, so no body costs more than a small multiple of its size in
// memory and time linear in it. Every failure -- malformed text, a number out
// of range (1e999), depth, size -- is a kInvalidArgument naming what was
// wrong and where (byte offset), never an exception and never a 5xx.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "http/message.h"

namespace nrm::http {

struct JsonLimits {
  int max_depth = 32;                 // nesting of objects and arrays
  size_t max_string_bytes = 1 << 20;  // any one string value
  size_t max_key_bytes = 128;         // any one member name
  size_t max_values = 100000;         // values of every kind, in all
};

// `text` as JSON within `limits`; the root may be of any type.
Result<nlohmann::json> ParseBoundedJson(std::string_view text, const JsonLimits& limits = {});

// The body must be `application/json` and a JSON object, within `limits`.
Result<nlohmann::json> ParseJsonObject(const Request& request, const JsonLimits& limits = {});

Response JsonResponse(int status, const nlohmann::json& body);

// 201 with the new record and its Location.
Response Created(const nlohmann::json& body, const std::string& location);

// 200 {"items": [...]}, each element through `to_json`.
template <class T, class F>
Response Items(const std::vector<T>& list, F to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& x : list) items.push_back(to_json(x));
  return JsonResponse(200, nlohmann::json{{"items", items}});
}

// --- The older per-field helpers, kept while routes move to http/binder.h.
// They stop at the first bad field; the binder names every one.

// Refuses members not in `allowed`, so a misspelt field is an error rather
// than silently ignored.
Status RejectUnknownFields(const nlohmann::json& object, std::initializer_list<const char*> allowed);

// Typed member access with a clear error naming the field.
Result<std::string> RequiredString(const nlohmann::json& object, const char* field, size_t max_bytes = 1024);
Result<std::optional<std::string>> OptionalString(const nlohmann::json& object, const char* field,
                                                  size_t max_bytes = 1024);

// The request's JSON object, refusing any member outside `allowed`.
Result<nlohmann::json> JsonBody(const Request& request, std::initializer_list<const char*> allowed);

}  // namespace nrm::http
