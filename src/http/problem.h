// RFC 9457 problem details: the only shape in which OpenNRM reports an error.
//
// This is the single place where ErrorCode becomes an HTTP status. Bodies
// carry `type`, `title`, `status`, `detail` (Error::message, which modules keep
// free of personal data) and, for validation errors, `errors` naming fields.
// Error::internal is logged by the caller, never sent.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace nrm::http {

int HttpStatus(ErrorCode code);

struct FieldError {
  std::string field;  // JSON pointer-ish name: "username", "roles/0"
  std::string message;
};

Response Problem(const Error& error, const std::vector<FieldError>& fields = {});
inline Response Problem(ErrorCode code, std::string message) { return Problem(Error::Of(code, std::move(message))); }

// Adapts a handler written as `Result<Response>(Request&)` -- the shape every
// module's routes use -- to a router Handler: an error becomes problem+json.
template <class F>
auto ResultHandler(F f) {
  return [f = std::move(f)](Request& req) -> Response {
    Result<Response> r = f(req);
    if (!r) return Problem(r.error());
    return std::move(*r);
  };
}

}  // namespace nrm::http
