#include "http/router.h"

#include <algorithm>
#include <stdexcept>

namespace nrm::http {

namespace {

// "/a/b/{id}" -> {"a", "b", "{id}"}; "/" -> {}. A trailing slash yields an
// empty last segment, so "/a/" does not match "/a".
std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  if (path.empty() || path == "/") return out;
  size_t start = path[0] == '/' ? 1 : 0;
  for (;;) {
    const size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

bool IsCapture(const std::string& segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}

// Matches and fills params; on success also returns the "literalness" of
// each position so that the most specific route wins ("/users/me" beats
// "/users/{id}").
bool Match(const Route& route, const std::vector<std::string>& parts, std::map<std::string, std::string>* params,
           std::vector<bool>* literal) {
  if (route.segments.size() != parts.size()) return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (IsCapture(seg)) {
      if (parts[i].empty()) return false;
    } else if (seg != parts[i]) {
      return false;
    }
  }
  if (params) {
    params->clear();
    for (size_t i = 0; i < parts.size(); ++i)
      if (IsCapture(route.segments[i])) (*params)[route.segments[i].substr(1, route.segments[i].size() - 2)] = parts[i];
  }
  if (literal) {
    literal->clear();
    for (const auto& seg : route.segments) literal->push_back(!IsCapture(seg));
  }
  return true;
}

bool IsApiPath(const std::string& path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, RouteLimits limits, Guard guard) {
  if (pattern.empty() || pattern[0] != '/')
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  auto r = std::make_unique<Route>();
  r->method = std::move(method);
  r->pattern = std::move(pattern);
  r->limits = limits;
  r->handler = std::move(handler);
  r->guard = std::move(guard);
  r->segments = Split(r->pattern);
  routes_.push_back(std::move(r));
}

Response Dispatch(const Route& route, Request& request) {
  if (route.guard)
    if (std::optional<Response> refused = route.guard(request)) return std::move(*refused);
  return route.handler(request);
}

void Router::SetFallback(Handler handler, RouteLimits limits) {
  fallback_ = std::make_unique<Route>();
  fallback_->method = "GET";
  fallback_->pattern = "static";
  fallback_->limits = limits;
  fallback_->handler = std::move(handler);
}

RouteMatch Router::Find(const std::string& method, const std::string& path) const {
  RouteMatch result;
  const std::vector<std::string> parts = Split(path);
  std::vector<bool> best_literal;
  std::vector<bool> literal;
  std::map<std::string, std::string> params;
  const Route* get_route = nullptr;  // HEAD is served by GET when no HEAD route exists
  std::map<std::string, std::string> get_params;
  std::vector<bool> get_literal;

  for (const auto& r : routes_) {
    if (!Match(*r, parts, &params, &literal)) continue;
    if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), r->method) ==
        result.allowed_methods.end())
      result.allowed_methods.push_back(r->method);
    if (r->method == method) {
      if (!result.route || literal > best_literal) {
        result.route = r.get();
        result.params = params;
        best_literal = literal;
      }
    } else if (method == "HEAD" && r->method == "GET") {
      if (!get_route || literal > get_literal) {
        get_route = r.get();
        get_params = params;
        get_literal = literal;
      }
    }
  }
  if (!result.route && get_route) {
    result.route = get_route;
    result.params = std::move(get_params);
  }
  if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), "GET") != result.allowed_methods.end() &&
      std::find(result.allowed_methods.begin(), result.allowed_methods.end(), "HEAD") == result.allowed_methods.end())
    result.allowed_methods.push_back("HEAD");
  std::sort(result.allowed_methods.begin(), result.allowed_methods.end());

  if (result.route) {
    result.allowed_methods.clear();
    return result;
  }
  if (result.allowed_methods.empty() && fallback_ && (method == "GET" || method == "HEAD") && !IsApiPath(path))
    result.route = fallback_.get();
  return result;
}

size_t Router::MaxHeaderBytes() const {
  size_t max = fallback_ ? fallback_->limits.max_header_bytes : 0;
  for (const auto& r : routes_) max = std::max(max, r->limits.max_header_bytes);
  return max == 0 ? RouteLimits{}.max_header_bytes : max;
}

}  // namespace nrm::http
