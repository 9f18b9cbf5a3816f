// RFC 9457 problem details: the only shape in which OpenNRM reports an error.
//
// This is the single place where ErrorCode becomes an HTTP status. Bodies
// carry `type`, `title`, `status`, `detail` (Error::message, which modules keep
// free of personal data) and, for validation errors, `errors` naming every bad
// field ([{"field", "code", "detail"}], from Error::fields).
//
// Server errors (5xx) are logged here, once, with the request id, route,
// error code and Error::internal (core/log.h); the answer carries none of it.
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

Response Problem(const Error& error);
inline Response Problem(ErrorCode code, std::string message) { return Problem(Error::Of(code, std::move(message))); }

// The problem answer to `request`; a 5xx is logged once (request id, route,
// code, internal text).
Response ProblemFor(const Request& request, const Error& error);

// The answer for an exception that escaped a handler; call only from a catch
// block. A JSON library exception (a value of the wrong type read from a
// body, say) is the client's: 400. Anything else is logged and becomes a 500
// that leaks nothing.
Response ProblemForCurrentException(const Request& request);

// Adapts a handler written as `Result<Response>(Request&)` -- the shape every
// module's routes use -- to a router Handler: an error becomes problem+json.
template <class F>
auto ResultHandler(F f) {
  return [f = std::move(f)](Request& req) -> Response {
    Result<Response> r = f(req);
    if (!r) return ProblemFor(req, r.error());
    return std::move(*r);
  };
}

}  // namespace nrm::http
