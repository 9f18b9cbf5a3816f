#include "http/problem.h"

#include <nlohmann/json.hpp>

namespace nrm::http {

namespace {

struct StatusInfo {
  int status;
  const char* title;
};

// The one place where an ErrorCode becomes an HTTP status.
StatusInfo Info(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return {400, "Invalid request"};
    case ErrorCode::kNotFound: return {404, "Not found"};
    case ErrorCode::kAlreadyExists: return {409, "Already exists"};
    case ErrorCode::kConflict: return {409, "Conflict"};
    case ErrorCode::kUnauthenticated: return {401, "Authentication required"};
    case ErrorCode::kPermissionDenied: return {403, "Permission denied"};
    case ErrorCode::kCsrfRejected: return {403, "CSRF token missing or invalid"};
    case ErrorCode::kTooManyRequests: return {429, "Too many requests"};
    case ErrorCode::kPayloadTooLarge: return {413, "Request too large"};
    case ErrorCode::kUnsupportedMediaType: return {415, "Unsupported media type"};
    case ErrorCode::kMethodNotAllowed: return {405, "Method not allowed"};
    case ErrorCode::kLengthRequired: return {411, "Length required"};
    case ErrorCode::kTimeout: return {408, "Request timeout"};
    case ErrorCode::kUnavailable: return {503, "Service unavailable"};
    case ErrorCode::kInternal: return {500, "Internal error"};
  }
  return {500, "Internal error"};
}

}  // namespace

int HttpStatus(ErrorCode code) { return Info(code).status; }

Response Problem(const Error& error, const std::vector<FieldError>& fields) {
  const StatusInfo info = Info(error.code);
  nlohmann::json body = {
      {"type", std::string("https://opennrm.org/problems/") + ErrorCodeName(error.code)},
      {"title", info.title},
      {"status", info.status},
      {"detail", error.message},
  };
  if (!fields.empty()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& f : fields) errors.push_back({{"field", f.field}, {"message", f.message}});
    body["errors"] = std::move(errors);
  }
  Response r;
  r.status = info.status;
  r.content_type = "application/problem+json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace nrm::http
