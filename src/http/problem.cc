#include "http/problem.h"

#include <exception>

#include <nlohmann/json.hpp>

#include "core/log.h"

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

Response Problem(const Error& error) {
  const StatusInfo info = Info(error.code);
  nlohmann::json body = {
      {"type", std::string("https://opennrm.org/problems/") + ErrorCodeName(error.code)},
      {"title", info.title},
      {"status", info.status},
      {"detail", error.message},
  };
  if (!error.fields.empty()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& f : error.fields) errors.push_back({{"field", f.field}, {"code", f.code}, {"detail", f.detail}});
    body["errors"] = std::move(errors);
  }
  Response r;
  r.status = info.status;
  r.content_type = "application/problem+json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response ProblemFor(const Request& request, const Error& error) {
  if (HttpStatus(error.code) >= 500)
    log::Error("server error", {{"request_id", request.request_id},
                                {"method", request.method},
                                {"route", request.route},
                                {"code", ErrorCodeName(error.code)},
                                {"internal", error.internal.empty() ? error.message : error.internal}});
  return Problem(error);
}

Response ProblemForCurrentException(const Request& request) {
  try {
    throw;
  } catch (const nlohmann::json::exception& e) {
    // Which member was of the wrong type is not in e.what() in a form worth
    // showing; the id says which exception it was, for the log.
    log::Warn("json exception in handler",
              {{"request_id", request.request_id}, {"route", request.route}, {"id", e.id}});
    return Problem(ErrorCode::kInvalidArgument, "the request body has a value of the wrong type or range");
  } catch (const std::bad_alloc&) {
    return ProblemFor(request, Error::Of(ErrorCode::kUnavailable, "the server is short of memory; try again later",
                                         "std::bad_alloc in handler"));
  } catch (const std::exception& e) {
    return ProblemFor(request, Error::Of(ErrorCode::kInternal, "an unexpected error occurred",
                                         std::string("handler threw: ") + e.what()));
  } catch (...) {
    return ProblemFor(request,
                      Error::Of(ErrorCode::kInternal, "an unexpected error occurred", "handler threw a non-exception"));
  }
}

}  // namespace nrm::http
