#include "http/json.h"

#include <algorithm>
#include <cstring>

namespace nrm::http {

Result<nlohmann::json> ParseJsonObject(const Request& request) {
  const std::string type = request.Header("Content-Type");
  const auto semi = type.find(';');
  std::string media = type.substr(0, semi);
  std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
  while (!media.empty() && media.back() == ' ') media.pop_back();
  if (media != "application/json")
    return Fail(ErrorCode::kUnsupportedMediaType, "the request body must be application/json");
  auto j = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Fail(ErrorCode::kInvalidArgument, "the request body is not valid JSON");
  if (!j.is_object()) return Fail(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
  return j;
}

Status RejectUnknownFields(const nlohmann::json& object, std::initializer_list<const char*> allowed) {
  for (const auto& [key, value] : object.items()) {
    (void)value;
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) return Fail(ErrorCode::kInvalidArgument, "unknown field: " + key.substr(0, 64));
  }
  return {};
}

Result<std::string> RequiredString(const nlohmann::json& o, const char* field, size_t max_bytes) {
  if (!o.contains(field)) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " is required");
  if (!o.at(field).is_string()) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be a string");
  std::string s = o.at(field).get<std::string>();
  if (s.size() > max_bytes)
    return Fail(ErrorCode::kInvalidArgument,
                std::string(field) + " is longer than " + std::to_string(max_bytes) + " bytes");
  return s;
}

Result<std::optional<std::string>> OptionalString(const nlohmann::json& o, const char* field, size_t max_bytes) {
  if (!o.contains(field) || o.at(field).is_null()) return std::optional<std::string>();
  auto s = RequiredString(o, field, max_bytes);
  if (!s) return tl::unexpected(s.error());
  return std::optional<std::string>(*s);
}

Response JsonResponse(int status, const nlohmann::json& body) {
  return Response::Json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Result<nlohmann::json> JsonBody(const Request& request, std::initializer_list<const char*> allowed) {
  auto body = ParseJsonObject(request);
  if (!body) return tl::unexpected(body.error());
  if (auto s = RejectUnknownFields(*body, allowed); !s) return tl::unexpected(s.error());
  return body;
}

Response Created(const nlohmann::json& body, const std::string& location) {
  Response res = JsonResponse(201, body);
  res.AddHeader("Location", location);
  return res;
}

}  // namespace nrm::http
