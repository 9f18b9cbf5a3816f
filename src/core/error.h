// The one error vocabulary of OpenNRM.
//
// Every module returns `Result<T>` (tl::expected<T, Error>) across its
// boundary; exceptions never cross a module. `ErrorCode` is mapped to an HTTP
// status and an RFC 9457 problem type in exactly one place (http/problem.cc),
// so a module never picks a status code itself.
//
// `Error::message` is shown to the user and must never contain personal data,
// secrets or internals; `Error::internal` goes to the server log only.
// `Error::fields` names every bad input field of a kInvalidArgument at once
// (the binder collects them; http/problem.cc sends them as `errors`).
//
// Propagation: NRM_TRY(auto x, expr) binds the value of a Result or returns
// its error; NRM_CHECK(expr) returns the error of a Status. They replace the
// hand-written `if (!x) return tl::unexpected(x.error());`.
//
// Thread-safety: plain values.
#pragma once

#include <string>
#include <utility>
#include <vector>

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
// When adding enumerators here ^, please also add them to ErrorCodeName
// (core/error.cc) and to the one HTTP mapping, Info() in http/problem.cc.

// One bad input field: `field` is a dotted path into the request
// ("identity.birth_date", "attachments.0.filename", or a query parameter's
// name), `code` a stable machine word ("required", "type", "too_long",
// "enum", "range", "format", "unknown"), `detail` a sentence for people.
struct FieldError {
  std::string field;
  std::string code;
  std::string detail;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;             // safe for the client
  std::string internal;            // for the log only; never sent
  std::vector<FieldError> fields;  // kInvalidArgument: every bad field

  static Error Of(ErrorCode c, std::string msg, std::string internal = {}) {
    return Error{c, std::move(msg), std::move(internal), {}};
  }
};

template <class T>
using Result = tl::expected<T, Error>;

using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> Fail(ErrorCode c, std::string msg, std::string internal = {}) {
  return tl::unexpected<Error>(Error::Of(c, std::move(msg), std::move(internal)));
}

// Invalid input naming every bad field.
inline tl::unexpected<Error> FailFields(std::vector<FieldError> fields) {
  Error e = Error::Of(
      ErrorCode::kInvalidArgument,
      fields.size() == 1 ? fields[0].detail : std::to_string(fields.size()) + " fields are invalid; see errors");
  e.fields = std::move(fields);
  return tl::unexpected<Error>(std::move(e));
}

#define NRM_CONCAT_INNER_(a, b) a##b
#define NRM_CONCAT_(a, b) NRM_CONCAT_INNER_(a, b)

// NRM_TRY(auto x, expr): evaluates `expr` (a Result<T>); on error returns it
// from the enclosing function (whose return type is a Result or Status), else
// declares `x` from the value. Usable only as a statement.
#define NRM_TRY(decl, expr) NRM_TRY_IMPL_(NRM_CONCAT_(nrm_try_, __LINE__), decl, expr)
#define NRM_TRY_IMPL_(tmp, decl, expr)                                     \
  auto tmp = (expr);                                                       \
  if (!tmp) return ::tl::unexpected<::nrm::Error>(std::move(tmp).error()); \
  decl = std::move(*tmp)

// NRM_CHECK(expr): evaluates `expr` (a Status or Result); on error returns it.
#define NRM_CHECK(expr)                                                                    \
  do {                                                                                     \
    auto nrm_check_ = (expr);                                                              \
    if (!nrm_check_) return ::tl::unexpected<::nrm::Error>(std::move(nrm_check_).error()); \
  } while (0)

// Short stable name of a code ("invalid-argument"), used in problem types,
// logs and metrics.
const char* ErrorCodeName(ErrorCode code);

}  // namespace nrm
