// The HTTP request and response as the rest of OpenNRM sees them: plain
// values, free of Beast, so that handlers compile fast and can be tested
// without a socket. The server (server.cc) converts to and from Beast.
//
// Thread-safety: plain values; a Request belongs to one handler invocation.
#pragma once

#include <any>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nrm::http {

struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

struct Request {
  std::string method;  // upper case: "GET", "POST", ...
  std::string target;  // raw request target, never logged (may hold a query)
  std::string path;    // percent-decoded path, no query
  std::string query;   // raw query string without '?'
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
  std::string remote_address;  // peer IP as text
  std::string request_id;      // random, echoed as X-Request-Id
  bool secure = false;         // served behind TLS (config.behind_tls)

  // Filled by the router.
  std::string route;  // the matched pattern, e.g. "/api/v1/users/{id}"
  std::map<std::string, std::string> params;
  // What the route's guard learnt before the body was read (the caller's
  // principal), for its handler; empty without a guard.
  std::any guard_state;

  // Empty when absent.
  std::string Header(const std::string& name) const;
  std::optional<std::string> Cookie(std::string_view name) const;
  // Percent-decoded query parameter; nullopt when absent.
  std::optional<std::string> QueryParam(std::string_view name) const;
  std::string Param(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type;  // "" for no body
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers; Set-Cookie may repeat

  static Response Json(int status, std::string json_text);
  static Response NoContent();
  void AddHeader(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

struct CookieOptions {
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Strict";
  std::string path = "/";
  long max_age_seconds = -1;  // -1: session cookie; 0: delete
};

// Formats a Set-Cookie header value. Name and value must already be safe
// cookie octets (tokens are base64url).
std::string FormatSetCookie(std::string_view name, std::string_view value, const CookieOptions& o);

// Percent-decodes; returns nullopt for malformed escapes or an encoded NUL.
std::optional<std::string> PercentDecode(std::string_view in, bool plus_as_space);

}  // namespace nrm::http
