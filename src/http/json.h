// JSON at the HTTP edge: strict parsing of request bodies and JSON responses.
// Include only from routes.cc files: nlohmann/json is a heavy header.
//
// Thread-safety: pure functions.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

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

}  // namespace nrm::http
