// The only translation unit that includes Beast (it is slow to compile).
#include <utility>  // before boost/asio/awaitable.hpp with GCC 12

#include "http/server.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/log.h"
#include "http/problem.h"

// GCC 12 at -O1 (the Sanitize build) inlines Asio's coroutine frame allocator
// (thread_info_base recycling) and then reports its class-specific operator
// delete as mismatched with ::operator new: a false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace nrm::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Time given to write a response even when the request's own deadline has
// passed (a slow handler should still get its answer out), and to say 4xx
// before closing.
constexpr std::chrono::seconds kMinWriteTime{5};
// After the last response on a connection that is closing: read and discard
// what the client still sends (up to a cap) so that our response is not lost
// to a TCP reset.
constexpr std::chrono::seconds kLingerTime{2};
constexpr size_t kLingerBytes = 1 << 20;
// Stop(): connections still busy after this long are cut.
constexpr std::chrono::seconds kStopGrace{5};

void LogError(std::string_view msg, const std::string& request_id, const std::string& detail) {
  log::Error(msg, {{"request_id", request_id}, {"detail", detail}});
}

std::string NewRequestId() {
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  static const char* hex = "0123456789abcdef";
  std::string out(16, '0');
  for (size_t i = 0; i < sizeof bytes; ++i) {
    out[2 * i] = hex[bytes[i] >> 4];
    out[2 * i + 1] = hex[bytes[i] & 15];
  }
  return out;
}

// Metrics and logs carry a fixed set of methods, so a client cannot grow the
// label space with made-up verbs.
std::string MethodLabel(std::string_view m) {
  static const char* known[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  for (const char* k : known)
    if (m == k) return k;
  return "OTHER";
}

std::string HttpDate() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (std::isalnum(c)) continue;
    if (std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) continue;
    return false;
  }
  return true;
}

bool IsFieldValue(std::string_view s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  return true;
}

std::string_view SV(beast::string_view s) { return {s.data(), s.size()}; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool EncodedSlash(std::string_view raw_path) {
  for (size_t i = 0; i + 2 < raw_path.size(); ++i)
    if (raw_path[i] == '%' && raw_path[i + 1] == '2' && (raw_path[i + 2] == 'f' || raw_path[i + 2] == 'F')) return true;
  return false;
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

// A connection. Touched only from its strand (the coroutine that serves it
// and the close posted by Stop()).
struct Conn {
  explicit Conn(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  bool idle = true;  // waiting for the next request header
};

// What the log and the metrics need to know about one exchange.
struct Exchange {
  SteadyClock::time_point start = SteadyClock::now();
  SteadyClock::time_point deadline = SteadyClock::now();
  std::string request_id = NewRequestId();
  std::string method = "OTHER";  // label form
  std::string route = "unmatched";
  std::string path;  // only to decide on /api/ caching; never logged
  std::string remote;
  unsigned version = 11;
  bool head = false;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Router& r, Metrics& m)
      : options(std::move(o)),
        router(r),
        metrics(m),
        ioc(std::max(1, options.threads)),
        accept_strand(asio::make_strand(ioc)),
        acceptor(accept_strand) {}

  ~Impl() {
    error_code ec;
    acceptor.close(ec);
  }

  ServerOptions options;
  const Router& router;
  Metrics& metrics;

  // Declared before the io_context: connection guards owned by coroutine
  // frames run while the io_context is destroyed and use these.
  std::mutex mu;
  std::unordered_map<std::string, int> per_address;               // admitted connections per client
  std::unordered_map<uint64_t, std::weak_ptr<Conn>> connections;  // for Stop()
  uint64_t next_connection = 0;
  bool stopping = false;  // under mu
  std::atomic<bool> stop_requested{false};
  std::atomic<int64_t> hard_stop_at{0};  // steady clock, ms
  uint16_t bound_port = 0;

  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> accept_strand;
  tcp::acceptor acceptor;

  std::chrono::seconds Timeout() const { return std::chrono::seconds(std::max(1, options.request_timeout_seconds)); }

  // Counts the connection in the gauge, the per-address cap and the registry
  // that Stop() walks.
  struct Guard {
    Guard(Impl& s, const std::string& addr, const std::shared_ptr<Conn>& conn) : impl(s), address(addr) {
      impl.metrics.ConnectionOpened();
      std::lock_guard lock(impl.mu);
      if (impl.stopping) {
        refused_for_stop = true;
        return;
      }
      int& n = impl.per_address[address];
      if (n >= std::max(1, impl.options.max_connections_per_address)) {
        if (n == 0) impl.per_address.erase(address);
        return;
      }
      ++n;
      admitted = true;
      id = impl.next_connection++;
      impl.connections.emplace(id, conn);
    }
    ~Guard() {
      {
        std::lock_guard lock(impl.mu);
        if (admitted) {
          auto it = impl.per_address.find(address);
          if (it != impl.per_address.end() && --it->second <= 0) impl.per_address.erase(it);
          impl.connections.erase(id);
        }
      }
      impl.metrics.ConnectionClosed();
    }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

    Impl& impl;
    std::string address;
    uint64_t id = 0;
    bool admitted = false;
    bool refused_for_stop = false;
  };

  asio::awaitable<void> Accept() {
    for (;;) {
      tcp::socket socket(asio::make_strand(ioc));
      error_code ec;
      co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open() || stop_requested) co_return;
        // E.g. out of file descriptors: do not spin.
        LogError("accept failed", "", ec.message());
        asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      if (stop_requested) co_return;
      socket.set_option(tcp::no_delay(true), ec);
      auto executor = socket.get_executor();
      asio::co_spawn(executor, Session(std::move(socket)), [](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          LogError("connection failed", "", ex.what());
        } catch (...) {
          LogError("connection failed", "", "unknown exception");
        }
      });
    }
  }

  asio::awaitable<void> Session(tcp::socket socket) {
    error_code ec;
    std::string remote = "unknown";
    const auto endpoint = socket.remote_endpoint(ec);
    if (!ec) remote = endpoint.address().to_string();
    auto conn = std::make_shared<Conn>(std::move(socket));
    Guard guard(*this, remote, conn);
    if (guard.refused_for_stop) co_return;
    if (!guard.admitted) {
      Exchange x;
      x.remote = remote;
      x.deadline = x.start;
      co_await Write(*conn, x, Problem(ErrorCode::kTooManyRequests, "too many connections from this address"),
                     /*keep_alive=*/false);
      co_await Linger(*conn);
      co_return;
    }
    co_await Serve(*conn, remote);
  }

  // Reads and discards briefly, then closes (see kLingerTime).
  asio::awaitable<void> Linger(Conn& conn) {
    error_code ec;
    conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (!ec) {
      conn.stream.expires_after(kLingerTime);
      char buf[4096];
      size_t total = 0;
      while (total < kLingerBytes) {
        const size_t n =
            co_await conn.stream.async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
        total += n;
      }
    }
    conn.stream.close();
  }

  asio::awaitable<void> Serve(Conn& conn, const std::string& remote) {
    beast::flat_buffer buffer;
    const auto timeout = Timeout();
    for (;;) {
      if (stop_requested) break;
      conn.idle = true;
      // Idle keep-alive and the header read share one deadline.
      conn.stream.expires_after(timeout);
      bhttp::request_parser<bhttp::empty_body> header_parser;
      header_parser.header_limit(static_cast<uint32_t>(std::min<size_t>(router.MaxHeaderBytes(), UINT32_MAX)));
      // Limits are ours, per route, below. (Not boost::none: Beast 1.74 compares
      // the Content-Length against the optional, and none is less than any value.)
      header_parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      error_code ec;
      co_await bhttp::async_read_header(conn.stream, buffer, header_parser,
                                        asio::redirect_error(asio::use_awaitable, ec));
      conn.idle = false;

      Exchange x;
      x.remote = remote;
      x.deadline = x.start + timeout;
      conn.stream.expires_after(timeout);  // body + handler + write

      if (ec) {
        if (ec.category() != bhttp::make_error_code(bhttp::error::end_of_stream).category() ||
            ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message)
          break;  // closed, reset or timed out: nobody to answer
        x.method = MethodLabel(SV(header_parser.get().method_string()));
        Response r;
        if (ec == bhttp::error::header_limit)
          r = Problem(ErrorCode::kPayloadTooLarge, "the request header is too large");
        else if (ec == bhttp::error::bad_transfer_encoding ||
                 header_parser.get().count(bhttp::field::transfer_encoding) > 0)
          r = Problem(ErrorCode::kLengthRequired, "Transfer-Encoding is not accepted; send Content-Length");
        else
          r = Problem(ErrorCode::kInvalidArgument, "malformed HTTP request");
        co_await Write(conn, x, std::move(r), false);
        co_await Linger(conn);
        co_return;
      }

      auto& h = header_parser.get();
      Request req;
      req.method = std::string(h.method_string());
      req.target = std::string(h.target());
      req.remote_address = remote;
      req.request_id = x.request_id;
      req.secure = options.behind_tls;
      x.method = MethodLabel(req.method);
      x.head = req.method == "HEAD";
      x.version = h.version() == 10 ? 10 : 11;
      bool keep_alive = h.keep_alive();

      // Refusals that need only the header. Each closes the connection.
      std::optional<Response> refusal;
      if (h.count(bhttp::field::transfer_encoding) > 0) {
        refusal = Problem(ErrorCode::kLengthRequired, "Transfer-Encoding is not accepted; send Content-Length");
      } else if (h.version() != 10 && h.version() != 11) {
        refusal = Problem(ErrorCode::kInvalidArgument, "only HTTP/1.0 and HTTP/1.1 are served");
      } else if (h.version() == 11 && h.count(bhttp::field::host) != 1) {
        refusal = Problem(ErrorCode::kInvalidArgument, "exactly one Host header is required");
      } else if (req.target.empty() || req.target[0] != '/') {
        refusal = Problem(ErrorCode::kInvalidArgument, "the request target must be an absolute path");
      } else {
        const size_t q = req.target.find('?');
        auto path = PercentDecode(std::string_view(req.target).substr(0, q), /*plus_as_space=*/false);
        if (!path) {
          refusal = Problem(ErrorCode::kInvalidArgument, "malformed request path");
        } else if (EncodedSlash(std::string_view(req.target).substr(0, q))) {
          // "%2F" would change how the path splits into segments.
          refusal = Problem(ErrorCode::kInvalidArgument, "encoded slash in the request path");
        } else {
          req.path = std::move(*path);
          if (q != std::string::npos) req.query = req.target.substr(q + 1);
        }
      }
      if (refusal) {
        co_await Write(conn, x, std::move(*refusal), false);
        co_await Linger(conn);
        co_return;
      }
      x.path = req.path;

      size_t header_bytes = req.method.size() + req.target.size() + 12;
      for (const auto& f : h) {
        const std::string name(f.name_string());
        const std::string_view value = SV(f.value());
        header_bytes += name.size() + value.size() + 4;
        auto [it, inserted] = req.headers.emplace(name, std::string(value));
        if (!inserted) it->second.append(IEquals(name, "Cookie") ? "; " : ", ").append(value);
      }
      const auto content_length = header_parser.content_length();
      const bool has_body = content_length && *content_length > 0;
      const bool expect_continue = IEquals(SV(h[bhttp::field::expect]), "100-continue");

      RouteMatch match = router.Find(req.method, req.path);
      const Route* route = match.route;
      if (!route) {
        Response r;
        if (match.allowed_methods.empty()) {
          r = Problem(ErrorCode::kNotFound, "no such resource");
        } else {
          r = Problem(ErrorCode::kMethodNotAllowed, "method not allowed on this resource");
          std::string allow;
          for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
          r.AddHeader("Allow", allow);
        }
        // An unread body would be taken for the next request: close instead.
        const bool keep = keep_alive && !has_body;
        co_await Write(conn, x, std::move(r), keep);
        if (keep) continue;
        co_await Linger(conn);
        co_return;
      }
      x.route = route->pattern;
      if (header_bytes > route->limits.max_header_bytes ||
          (content_length && *content_length > route->limits.max_body_bytes)) {
        co_await Write(conn, x,
                       Problem(ErrorCode::kPayloadTooLarge, "the request is larger than this resource accepts"), false);
        co_await Linger(conn);
        co_return;
      }

      req.route = route->pattern;
      req.params = std::move(match.params);
      if (route->guard) {
        // Who is calling, and may they: decided before a byte of the body
        // is read, so an unauthenticated 28 MiB upload costs only its headers.
        std::optional<Response> refused;
        try {
          refused = route->guard(req);
        } catch (...) {
          refused = ProblemForCurrentException(req);
        }
        if (refused) {
          const bool keep = keep_alive && !has_body && !stop_requested;
          if (!co_await Write(conn, x, std::move(*refused), keep)) break;
          if (keep) continue;
          co_await Linger(conn);
          co_return;
        }
      }

      if (has_body) {
        if (expect_continue) {
          static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
          co_await asio::async_write(conn.stream, asio::buffer(kContinue, sizeof kContinue - 1),
                                     asio::redirect_error(asio::use_awaitable, ec));
          if (ec) break;
        }
        bhttp::request_parser<bhttp::string_body> body_parser(std::move(header_parser));
        body_parser.body_limit(route->limits.max_body_bytes);
        co_await bhttp::async_read(conn.stream, buffer, body_parser, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
          if (ec == bhttp::error::body_limit) {
            co_await Write(conn, x, Problem(ErrorCode::kPayloadTooLarge, "the request body is too large"), false);
            co_await Linger(conn);
          }
          break;  // timeout, reset, short body: the connection is unusable
        }
        req.body = std::move(body_parser.get().body());
      }

      Response response;
      try {
        response = route->handler(req);
      } catch (...) {
        response = ProblemForCurrentException(req);
      }
      keep_alive = keep_alive && !stop_requested;
      if (!co_await Write(conn, x, std::move(response), keep_alive)) break;
      if (!keep_alive) {
        co_await Linger(conn);
        co_return;
      }
    }
    error_code ignored;
    conn.stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    conn.stream.close();
  }

  // Converts, adds the headers every response carries, writes, logs and
  // counts. Returns false when the write failed.
  asio::awaitable<bool> Write(Conn& conn, const Exchange& x, Response r, bool keep_alive) {
    bool valid = r.status >= 200 && r.status <= 599 && IsFieldValue(r.content_type);
    for (const auto& [name, value] : r.headers) valid = valid && IsToken(name) && IsFieldValue(value);
    if (!valid) {
      LogError("handler returned an invalid response", x.request_id, "status " + std::to_string(r.status));
      r = Problem(ErrorCode::kInternal, "an unexpected error occurred");
    }

    bhttp::response<bhttp::string_body> res;
    res.version(x.version);
    res.result(static_cast<unsigned>(r.status));
    bool has_cache_control = false;
    for (auto& [name, value] : r.headers) {
      if (IEquals(name, "Content-Length") || IEquals(name, "Transfer-Encoding") || IEquals(name, "Connection") ||
          IEquals(name, "Content-Type"))
        continue;
      if (IEquals(name, "Cache-Control")) has_cache_control = true;
      res.insert(name, value);
    }
    res.set(bhttp::field::date, HttpDate());
    res.set("Content-Security-Policy", kContentSecurityPolicy);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
    res.set("Cross-Origin-Opener-Policy", "same-origin");
    if (options.behind_tls) res.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    if (IsApiPath(x.path) || !has_cache_control) res.set(bhttp::field::cache_control, "no-store");
    res.set("X-Request-Id", x.request_id);

    size_t bytes = 0;
    if (r.status != 204 && r.status != 304) {
      if (!r.content_type.empty()) res.set(bhttp::field::content_type, r.content_type);
      res.content_length(r.body.size());
      if (!x.head) {
        bytes = r.body.size();
        res.body() = std::move(r.body);
      }
    }
    res.keep_alive(keep_alive);

    // Metrics are recorded before the write so that a client that has its
    // answer also sees it counted; the access log follows the write.
    const auto now = SteadyClock::now();
    metrics.CountRequest(x.route, x.method, r.status);
    metrics.ObserveLatency(x.route, std::chrono::duration<double>(now - x.start).count());
    conn.stream.expires_after(std::max<SteadyClock::duration>(x.deadline - now, kMinWriteTime));
    error_code ec;
    co_await bhttp::async_write(conn.stream, res, asio::redirect_error(asio::use_awaitable, ec));
    Log(x, r.status, ec ? 0 : bytes);
    co_return !ec;
  }

  void Log(const Exchange& x, int status, size_t bytes) {
    if (!options.access_log) return;
    const double ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - x.start).count();
    log::Info("request", {{"request_id", x.request_id},
                          {"method", x.method},
                          {"route", x.route},
                          {"status", status},
                          {"bytes", static_cast<long long>(bytes)},
                          {"duration_ms", ms},
                          {"remote", x.remote}});
  }

  void RunLoop() {
    while (!ioc.stopped()) {
      try {
        ioc.run_for(std::chrono::milliseconds(200));
      } catch (const std::exception& e) {
        LogError("server loop", "", e.what());
      }
      if (stop_requested) {
        const int64_t now =
            std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now().time_since_epoch()).count();
        if (now >= hard_stop_at) ioc.stop();
      }
    }
  }
};

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {
  if (sodium_init() < 0) LogError("libsodium failed to initialise", "", "");
}

Server::~Server() {
  if (impl_) Stop();
}

Status Server::Listen() {
  auto& s = *impl_;
  error_code ec;
  const auto address = asio::ip::make_address(s.options.address, ec);
  if (ec) return Fail(ErrorCode::kInvalidArgument, "invalid listen address: " + s.options.address);
  const tcp::endpoint endpoint(address, s.options.port);
  const std::string where = s.options.address + ":" + std::to_string(s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error_code ignored;
    s.acceptor.close(ignored);
    return Fail(ErrorCode::kUnavailable, "cannot listen on " + where + ": " + ec.message());
  }
  s.bound_port = s.acceptor.local_endpoint(ec).port();
  return {};
}

uint16_t Server::port() const { return impl_->bound_port; }

void Server::Run() {
  auto& s = *impl_;
  {
    std::lock_guard lock(s.mu);
    if (s.stopping || !s.acceptor.is_open()) return;
  }
  asio::co_spawn(s.accept_strand, s.Accept(), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      LogError("accept loop failed", "", ex.what());
    } catch (...) {
    }
  });
  std::vector<std::thread> threads;
  for (int i = 1; i < std::max(1, s.options.threads); ++i) threads.emplace_back([&s] { s.RunLoop(); });
  s.RunLoop();
  for (auto& t : threads) t.join();
  error_code ec;
  s.acceptor.close(ec);
}

void Server::Stop() {
  auto& s = *impl_;
  std::vector<std::weak_ptr<Conn>> open;
  {
    std::lock_guard lock(s.mu);
    if (s.stopping) return;
    s.stopping = true;
    for (const auto& [id, c] : s.connections) open.push_back(c);
  }
  s.hard_stop_at =
      std::chrono::duration_cast<std::chrono::milliseconds>((SteadyClock::now() + kStopGrace).time_since_epoch())
          .count();
  s.stop_requested = true;
  asio::post(s.accept_strand, [&s] {
    error_code ec;
    s.acceptor.close(ec);
  });
  // Idle connections are closed now; busy ones finish their request and then
  // close (Serve checks stop_requested).
  for (auto& weak : open) {
    auto conn = weak.lock();
    if (!conn) continue;
    asio::post(conn->stream.get_executor(), [weak] {
      if (auto c = weak.lock(); c && c->idle) c->stream.close();
    });
  }
}

}  // namespace nrm::http
