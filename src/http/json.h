// JSON at the HTTP edge: strict parsing of request bodies and JSON responses.
// Include only from routes.cc files: nlohmann/json is a heavy header.
//
// Thread-safety: pure functions.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "http/message.h"

namespace nrm::http {

// The body must be `application/json` and a JSON object.
Result<nlohmann::json> ParseJsonObject(const Request& request);

// Refuses members not in `allowed`, so a misspelt field is an error rather
// than silently ignored.
Status RejectUnknownFields(const nlohmann::json& object, std::initializer_list<const char*> allowed);

// Typed member access with a clear error naming the field.
Result<std::string> RequiredString(const nlohmann::json& object, const char* field, size_t max_bytes = 1024);
Result<std::optional<std::string>> OptionalString(const nlohmann::json& object, const char* field,
                                                  size_t max_bytes = 1024);

Response JsonResponse(int status, const nlohmann::json& body);

// The request's JSON object, refusing any member outside `allowed`: an
// unknown field is an error at the edge, never silently dropped.
Result<nlohmann::json> JsonBody(const Request& request, std::initializer_list<const char*> allowed);

// 201 with the new record and its Location.
Response Created(const nlohmann::json& body, const std::string& location);

// 200 {"items": [...]}, each element through `to_json`.
template <class T, class F>
Response Items(const std::vector<T>& list, F to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& x : list) items.push_back(to_json(x));
  return JsonResponse(200, nlohmann::json{{"items", items}});
}

}  // namespace nrm::http
