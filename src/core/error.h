// The one error vocabulary of OpenNRM.
//
// Every module returns `Result<T>` (tl::expected<T, Error>) across its
// boundary; exceptions never cross a module. `ErrorCode` is mapped to an HTTP
// status and an RFC 9457 problem type in exactly one place (http/problem.cc),
// so a module never picks a status code itself.
//
// `Error::message` is shown to the user and must never contain personal data,
// secrets or internals; `Error::internal` goes to the server log only.
//
// Thread-safety: plain values.
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace nrm {

enum class ErrorCode {
  kInvalidArgument,   // input failed validation
  kNotFound,          // no such resource (or not visible to the caller)
  kAlreadyExists,     // unique constraint on a domain key
  kConflict,          // optimistic-lock version mismatch or state clash
  kUnauthenticated,   // no valid session, wrong credentials
  kPermissionDenied,  // authenticated but not allowed
  kCsrfRejected,      // mutating request without a valid CSRF token
  kTooManyRequests,   // throttled or locked out
  kPayloadTooLarge,   // body or headers over the route's limit
  kUnsupportedMediaType,
  kMethodNotAllowed,
  kLengthRequired,  // chunked / Transfer-Encoding bodies are refused
  kTimeout,         // request deadline passed
  kUnavailable,     // store not reachable, shutting down
  kInternal,        // a bug or an unexpected failure
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;   // safe for the client
  std::string internal;  // for the log only; never sent

  static Error Of(ErrorCode c, std::string msg, std::string internal = {}) {
    return Error{c, std::move(msg), std::move(internal)};
  }
};

template <class T>
using Result = tl::expected<T, Error>;

using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> Fail(ErrorCode c, std::string msg, std::string internal = {}) {
  return tl::unexpected<Error>(Error::Of(c, std::move(msg), std::move(internal)));
}

// Short stable name of a code ("invalid-argument"), used in problem types,
// logs and metrics.
const char* ErrorCodeName(ErrorCode code);

}  // namespace nrm
