// The HTTP/1.1 server: Boost.Beast, C++20 coroutines, N threads on one
// io_context. Only server.cc includes Beast.
//
// What it enforces for every route (Beast 1.74 does not):
//  - header and body limits per route (413 past them), checked before the
//    body is read;
//  - requests with a Transfer-Encoding header are refused (411), so request
//    smuggling through chunked bodies is impossible;
//  - a deadline per request (header read + body read + handler + write);
//    an idle keep-alive connection is closed after the same time;
//  - a cap on simultaneous connections per client address (further ones are
//    answered 429 and closed);
//  - security headers on every response (CSP without inline script,
//    nosniff, Referrer-Policy no-referrer, frame-ancestors 'none', HSTS when
//    behind TLS);
//  - one JSON access-log line per request: time, request id, method, route
//    pattern (never the raw target, which may hold identifiers), status,
//    bytes, duration. No cookies, no tokens, no bodies.
//  - a handler that throws becomes a 500 problem that leaks nothing.
//
// Thread-safety: Run() blocks the calling thread plus `threads-1` more;
// Stop() may be called from any thread (including a signal handler thread).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/error.h"
#include "core/metrics.h"
#include "http/router.h"

namespace nrm::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 = pick a free port (tests)
  int threads = 1;
  int request_timeout_seconds = 30;
  int max_connections_per_address = 64;
  bool behind_tls = false;
  bool access_log = true;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; after success, port() is the bound port.
  Status Listen();
  uint16_t port() const;
  // Serves until Stop(). Returns when all threads have finished.
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nrm::http
