// Our own small router: method + path pattern -> handler, with per-route
// limits that the server applies *before* reading the body (so a 10 GB upload
// to a 64 KiB route is refused after the headers).
//
// Patterns are literal segments and `{name}` captures of one segment:
// "/api/v1/users/{id}". A path that matches a pattern under another method
// yields 405 with an Allow header; no match at all yields the fallback (static
// files) for GET/HEAD, else 404.
//
// Thread-safety: build the router before Server::Run; lookups are then
// read-only and safe from any thread.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"

namespace nrm::http {

using Handler = std::function<Response(Request&)>;

// Runs after the headers are read and the route is matched, *before* the
// body is read: authentication and the capability check live here, so a
// refused request costs nothing however large its body. A returned response
// is sent instead of calling the handler (the connection then closes when a
// body was announced); nullopt lets the request through. The guard may leave
// what it learnt (the caller) in Request::guard_state for the handler.
using Guard = std::function<std::optional<Response>(Request&)>;

struct RouteLimits {
  size_t max_body_bytes = 64 * 1024;
  size_t max_header_bytes = 16 * 1024;
};

struct Route {
  std::string method;
  std::string pattern;
  RouteLimits limits;
  Handler handler;
  Guard guard;                        // may be empty
  std::vector<std::string> segments;  // split pattern
};

struct RouteMatch {
  const Route* route = nullptr;  // null: no route for this method
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed_methods;  // non-empty when the path exists under other methods
};

// Runs a matched route in-process as the server does once the body is in:
// the guard, then (when the guard lets it through) the handler. For tests
// that drive routes without a socket; `request.route` and `params` must be
// set.
Response Dispatch(const Route& route, Request& request);

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler, RouteLimits limits = {}, Guard guard = {});
  // Handles GET/HEAD requests that match no route (the web UI).
  void SetFallback(Handler handler, RouteLimits limits = {});

  // `path` is the percent-decoded path. A literal segment beats a capture at
  // the first position where candidates differ ("/users/me" over
  // "/users/{id}"). HEAD uses the GET route when no HEAD route exists (the
  // handler sees method "HEAD"; the server sends no body). With no route for
  // the path under any method, GET/HEAD outside "/api" and "/api/..." get the
  // fallback (its pattern is "static"); allowed_methods lists the methods
  // (sorted, HEAD implied by GET) when the path exists only under others.
  RouteMatch Find(const std::string& method, const std::string& path) const;
  const Route* fallback() const { return fallback_.get(); }
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }
  // The largest header limit of any route: what the server reads before it
  // knows the route.
  size_t MaxHeaderBytes() const;

 private:
  std::vector<std::unique_ptr<Route>> routes_;
  std::unique_ptr<Route> fallback_;
};

}  // namespace nrm::http
