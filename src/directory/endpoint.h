// Routes as tables of named handlers. A module's routes.cc declares
//
//   const directory::Endpoint<Deps> kEndpoints[] = {
//       {"GET",  "/api/v1/plans",      SignedIn(),          kNoBody,    ListPlans},
//       {"POST", "/api/v1/plans",      Holding(kPlanManage), 64 * 1024, CreatePlan},
//   };
//   directory::RegisterEndpoints(router, dir, deps, kEndpoints);
//
// and writes each handler as `Result<http::Response> Name(const Deps&, Call&)`.
// What every endpoint then gets, in this order, from one place:
//  1. the server's header and body-size limits (`max_body_bytes`; kNoBody
//     refuses any body);
//  2. the caller: session cookie, CSRF on mutations, the capability -- all
//     checked by the route's guard *before the body is read*, so a refused
//     request costs nothing;
//  3. the bounded body and the query parameters through http::Binder
//     (Call::in), which names every bad field and refuses unknown ones;
//  4. errors as RFC 9457 problems, a 5xx logged once with its request id
//     (http::ProblemFor), and exceptions of the JSON library as 400s.
//
// Include only from routes*.cc files: it pulls in nlohmann/json.
//
// Lifetimes: `directory`, and whatever `deps` refers to, must outlive the
// router; `deps` itself (a struct of references to the module's services) is
// copied into the routes.
// Thread-safety: handlers run concurrently; Deps must be safe for that.
#pragma once

#include <any>
#include <cstddef>
#include <memory>
#include <string>

#include "core/error.h"
#include "directory/routes.h"
#include "directory/service.h"
#include "http/binder.h"
#include "http/problem.h"
#include "http/router.h"

namespace nrm::directory {

// Who may call an endpoint.
struct Access {
  bool session = true;                  // false: anyone, no session needed (sign-in)
  const char* capability = nullptr;     // with a session: this capability too
  const char* or_capability = nullptr;  // ...or this one instead
};
inline constexpr Access Public() { return Access{false, nullptr}; }
inline constexpr Access SignedIn() { return Access{true, nullptr}; }
inline constexpr Access Holding(const char* capability) { return Access{true, capability}; }
// Either capability (a route whose variants need different ones).
inline constexpr Access HoldingAny(const char* a, const char* b) { return Access{true, a, b}; }

inline constexpr size_t kNoBody = 0;
inline constexpr size_t kSmallBody = 64 * 1024;

// What a handler receives.
struct Call {
  http::Request& req;
  const Principal& who;  // empty for Public() endpoints
  http::Binder& in;      // the body and the query, bounded and checked
};

template <class Deps>
using EndpointHandler = Result<http::Response> (*)(const Deps&, Call&);

template <class Deps>
struct Endpoint {
  const char* method;
  const char* path;
  Access access;
  size_t max_body_bytes;
  EndpointHandler<Deps> handle;
  http::JsonLimits json = {};
};

// The caller resolved by an endpoint's guard.
inline const Principal& GuardedPrincipal(const http::Request& req) {
  static const Principal kNobody;
  const Principal* p = std::any_cast<Principal>(&req.guard_state);
  return p ? *p : kNobody;
}

template <class Deps, size_t N>
void RegisterEndpoints(http::Router& router, Directory& dir, Deps deps, const Endpoint<Deps> (&table)[N]) {
  auto shared = std::make_shared<const Deps>(std::move(deps));
  for (const Endpoint<Deps>& e : table) {
    http::Guard guard;
    if (e.access.session) {
      const Access access = e.access;
      guard = [&dir, access](http::Request& req) -> std::optional<http::Response> {
        auto p = RequirePrincipal(dir, req, access.or_capability ? nullptr : access.capability);
        if (!p) return http::ProblemFor(req, p.error());
        if (access.or_capability && !p->Can(access.capability) && !p->Can(access.or_capability))
          return http::ProblemFor(req, Error::Of(ErrorCode::kPermissionDenied, "your role does not allow this action"));
        req.guard_state = std::move(*p);
        return std::nullopt;
      };
    }
    auto handler = [shared, handle = e.handle, limits = e.json](http::Request& req) -> http::Response {
      http::Binder in(req, limits);
      Call call{req, GuardedPrincipal(req), in};
      Result<http::Response> r = handle(*shared, call);
      if (!r) return http::ProblemFor(req, r.error());
      return std::move(*r);
    };
    router.Add(e.method, e.path, std::move(handler),
               http::RouteLimits{.max_body_bytes = e.max_body_bytes, .max_header_bytes = 16 * 1024}, std::move(guard));
  }
}

}  // namespace nrm::directory
