// A real server on 127.0.0.1 (port 0) driven by a small blocking client over
// plain POSIX sockets, so that what is tested is what goes over the wire.
#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/problem.h"

namespace nrm::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Reply {
  int status = 0;
  std::string status_line;
  std::map<std::string, std::string> headers;  // lower-case names; repeats joined by "\n"
  std::string body;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
  bool Has(const std::string& lower_name) const { return headers.count(lower_name) > 0; }
  nlohmann::json Json() const { return nlohmann::json::parse(body); }
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One TCP connection to the server under test.
class Conn {
 public:
  explicit Conn(uint16_t port, int recv_timeout_ms = 5000) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    timeval tv{recv_timeout_ms / 1000, (recv_timeout_ms % 1000) * 1000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Conn() { Close(); }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  bool connected() const { return connected_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool Send(std::string_view s) {
    while (!s.empty()) {
      const ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      s.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // One response; nullopt on EOF, error or timeout before it is complete.
  std::optional<Reply> Read(bool head = false) {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!Fill()) return std::nullopt;
    Reply r;
    const std::string header = buf_.substr(0, end);
    size_t pos = header.find("\r\n");
    r.status_line = header.substr(0, pos);
    if (r.status_line.size() < 12) return std::nullopt;
    r.status = std::stoi(r.status_line.substr(9, 3));
    while (pos != std::string::npos) {
      const size_t next = header.find("\r\n", pos + 2);
      const std::string line = header.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
      pos = next;
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      auto& slot = r.headers[Lower(line.substr(0, colon))];
      slot = slot.empty() ? value : slot + "\n" + value;
    }
    buf_.erase(0, end + 4);
    size_t length = 0;
    if (r.Has("content-length")) length = std::stoul(r.Header("content-length"));
    if (head || r.status < 200 || r.status == 204 || r.status == 304) length = 0;
    while (buf_.size() < length)
      if (!Fill()) return std::nullopt;
    r.body = buf_.substr(0, length);
    buf_.erase(0, length);
    return r;
  }

  // True when the server closes the connection (EOF or reset) within the
  // receive timeout; bytes that arrive first are kept.
  bool WaitClosed() {
    for (;;) {
      char tmp[4096];
      const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
      buf_.append(tmp, static_cast<size_t>(n));
    }
  }

  const std::string& pending() const { return buf_; }

 private:
  bool Fill() {
    char tmp[65536];
    const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

std::string Get(const std::string& target, const std::string& extra = "", const std::string& method = "GET") {
  return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "\r\n";
}

std::string Post(const std::string& target, const std::string& body, const std::string& extra = "") {
  return "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + extra + "\r\n" + body;
}

Response Text(std::string body) {
  Response r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Router MakeRouter() {
  Router router;
  router.Add("GET", "/hello", [](Request&) { return Text("hello"); });
  router.Add("GET", "/api/v1/items/{id}", [](Request& req) {
    nlohmann::json j = {{"id", req.Param("id")},
                        {"route", req.route},
                        {"q", req.QueryParam("q").value_or("")},
                        {"path", req.path},
                        {"remote", req.remote_address},
                        {"secure", req.secure},
                        {"request_id", req.request_id},
                        {"session", req.Cookie("nrm_session").value_or("")},
                        {"agent", req.Header("user-agent")}};
    return Response::Json(200, j.dump());
  });
  router.Add(
      "POST", "/api/v1/items",
      [](Request& req) {
        Response r = Response::Json(201, req.body);
        r.AddHeader("Location", "/api/v1/items/1");
        return r;
      },
      RouteLimits{.max_body_bytes = 1024, .max_header_bytes = 16 * 1024});
  router.Add("DELETE", "/api/v1/items/{id}", [](Request&) { return Response::NoContent(); });
  router.Add(
      "POST", "/small", [](Request&) { return Text("small"); },
      RouteLimits{.max_body_bytes = 16, .max_header_bytes = 512});
  router.Add("GET", "/throw", [](Request&) -> Response { throw std::runtime_error("secret internal detail 0xdead"); });
  router.Add("GET", "/inject", [](Request&) {
    Response r = Text("x");
    r.AddHeader("X-Bad", "a\r\nSet-Cookie: evil=1");
    return r;
  });
  router.Add("GET", "/cookies", [](Request&) {
    Response r = Text("c");
    r.AddHeader("Set-Cookie", "a=1; Path=/");
    r.AddHeader("Set-Cookie", "b=2; Path=/");
    r.AddHeader("Cache-Control", "max-age=60");
    return r;
  });
  router.Add("GET", "/problem", [](Request&) { return Problem(ErrorCode::kConflict, "stale version"); });
  router.Add("GET", "/store-failure", ResultHandler([](Request&) -> Result<Response> {
               return Fail(ErrorCode::kUnavailable, "the store is not answering; try again",
                           "sqlite: disk I/O error on table x_4711");
             }));
  // A guard that lets in only requests with X-Let-In, and tells the handler
  // who they are through guard_state.
  router.Add(
      "POST", "/guarded",
      [](Request& req) {
        const std::string* who = std::any_cast<std::string>(&req.guard_state);
        return Text((who ? *who : "?") + ":" + std::to_string(req.body.size()));
      },
      RouteLimits{.max_body_bytes = 32 * 1024 * 1024, .max_header_bytes = 16 * 1024},
      [](Request& req) -> std::optional<Response> {
        if (req.Header("X-Let-In").empty()) return Problem(ErrorCode::kUnauthenticated, "sign in first");
        req.guard_state = req.Header("X-Let-In");
        return std::nullopt;
      });
  router.SetFallback([](Request&) {
    Response r = Text("spa");
    r.AddHeader("Cache-Control", "no-cache");
    return r;
  });
  return router;
}

// Runs a Server on its own thread for the life of the object.
class TestServer {
 public:
  TestServer(ServerOptions o, const Router& router, Metrics& metrics) : server_(Adjust(o), router, metrics) {
    auto s = server_.Listen();
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
    EXPECT_NE(server_.port(), 0);
    thread_ = std::thread([this] {
      server_.Run();
      returned_ = true;
    });
  }
  ~TestServer() { Stop(); }
  void Stop() {
    if (!thread_.joinable()) return;
    server_.Stop();
    thread_.join();
  }
  uint16_t port() const { return server_.port(); }
  bool returned() const { return returned_; }

 private:
  static ServerOptions Adjust(ServerOptions o) {
    o.address = "127.0.0.1";
    o.port = 0;
    return o;
  }
  Server server_;
  std::thread thread_;
  std::atomic<bool> returned_{false};
};

ServerOptions Quiet() {
  ServerOptions o;
  o.threads = 2;
  o.access_log = false;
  return o;
}

void ExpectProblem(const Reply& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/problem+json") << r.status_line;
  auto j = r.Json();
  EXPECT_EQ(j["status"], status);
  EXPECT_TRUE(j["type"].get<std::string>().starts_with("https://opennrm.org/problems/"));
  EXPECT_FALSE(j["title"].get<std::string>().empty());
}

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() : router_(MakeRouter()) {}
  void Start(ServerOptions o = Quiet()) { server_ = std::make_unique<TestServer>(o, router_, metrics_); }
  void SetUp() override { Start(); }

  std::optional<Reply> Roundtrip(const std::string& raw, bool head = false) {
    Conn c(server_->port());
    if (!c.connected() || !c.Send(raw)) return std::nullopt;
    return c.Read(head);
  }

  Router router_;
  Metrics metrics_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(HttpServerTest, ServesARouteWithSecurityHeaders) {
  auto r = Roundtrip(Get("/hello"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(r->body, "hello");
  EXPECT_EQ(r->Header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r->Header("content-length"), "5");
  EXPECT_EQ(r->Header("content-security-policy"),
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  EXPECT_EQ(r->Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r->Header("referrer-policy"), "no-referrer");
  EXPECT_EQ(r->Header("x-frame-options"), "DENY");
  EXPECT_EQ(r->Header("cross-origin-opener-policy"), "same-origin");
  EXPECT_FALSE(r->Has("strict-transport-security")) << "no HSTS without TLS";
  EXPECT_TRUE(r->Has("date"));
  const std::string id = r->Header("x-request-id");
  ASSERT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
}

TEST_F(HttpServerTest, RequestFieldsAndApiCaching) {
  auto r = Roundtrip(
      Get("/api/v1/items/a%20b%C9%99?q=x+y&token=t", "Cookie: theme=dark; nrm_session=s3cr3t\r\nUser-Agent: t/1\r\n"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = r->Json();
  EXPECT_EQ(j["id"], "a b\xC9\x99") << "the path is percent-decoded";
  EXPECT_EQ(j["route"], "/api/v1/items/{id}");
  EXPECT_EQ(j["q"], "x y");
  EXPECT_EQ(j["remote"], "127.0.0.1");
  EXPECT_EQ(j["secure"], false);
  EXPECT_EQ(j["session"], "s3cr3t");
  EXPECT_EQ(j["agent"], "t/1");
  EXPECT_EQ(j["request_id"], r->Header("x-request-id"));
  EXPECT_EQ(r->Header("cache-control"), "no-store");
  EXPECT_EQ(r->Header("content-type"), "application/json");

  auto other = Roundtrip(Get("/api/v1/items/1"));
  ASSERT_TRUE(other);
  EXPECT_NE(other->Header("x-request-id"), r->Header("x-request-id"));
}

TEST_F(HttpServerTest, HandlerHeadersRepeatAndCacheControlIsKeptOutsideApi) {
  auto r = Roundtrip(Get("/cookies"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("set-cookie"), "a=1; Path=/\nb=2; Path=/");
  EXPECT_EQ(r->Header("cache-control"), "max-age=60");
  auto spa = Roundtrip(Get("/some/page"));
  ASSERT_TRUE(spa);
  EXPECT_EQ(spa->Header("cache-control"), "no-cache");
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequests) {
  Conn c(server_->port());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(c.Send(Get("/hello")));
    auto r = c.Read();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->body, "hello");
  }
  // Pipelined.
  ASSERT_TRUE(c.Send(Get("/hello") + Get("/api/v1/items/7")));
  auto a = c.Read();
  auto b = c.Read();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->body, "hello");
  EXPECT_EQ(b->Json()["id"], "7");
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  Conn c(server_->port());
  ASSERT_TRUE(c.Send(Get("/hello", "Connection: close\r\n")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(Lower(r->Header("connection")), "close");
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(HttpServerTest, HeadHasLengthButNoBody) {
  Conn c(server_->port());
  ASSERT_TRUE(c.Send(Get("/hello", "", "HEAD")));
  auto r = c.Read(/*head=*/true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-length"), "5");
  // Had a body been sent, it would be read as the next response's start.
  ASSERT_TRUE(c.Send(Get("/hello")));
  auto next = c.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(next->body, "hello");
}

TEST_F(HttpServerTest, NotFoundMethodNotAllowedAndFallback) {
  auto missing = Roundtrip(Get("/api/v1/nothing"));
  ASSERT_TRUE(missing);
  ExpectProblem(*missing, 404);
  EXPECT_EQ(missing->Header("cache-control"), "no-store");

  auto wrong = Roundtrip(Get("/api/v1/items/3", "", "PUT"));
  ASSERT_TRUE(wrong);
  ExpectProblem(*wrong, 405);
  EXPECT_EQ(wrong->Header("allow"), "DELETE, GET, HEAD");

  auto post_spa = Roundtrip(Post("/some/page", "{}"));
  ASSERT_TRUE(post_spa);
  ExpectProblem(*post_spa, 404);

  auto spa = Roundtrip(Get("/cases/42"));
  ASSERT_TRUE(spa);
  EXPECT_EQ(spa->status, 200);
  EXPECT_EQ(spa->body, "spa");
  EXPECT_TRUE(spa->Has("content-security-policy"));
}

TEST_F(HttpServerTest, ProblemsFromHandlersAndNoContent) {
  auto p = Roundtrip(Get("/problem"));
  ASSERT_TRUE(p);
  ExpectProblem(*p, 409);
  EXPECT_EQ(p->Json()["detail"], "stale version");

  Conn c(server_->port());
  ASSERT_TRUE(c.Send(Get("/api/v1/items/1", "", "DELETE")));
  auto n = c.Read();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->status, 204);
  EXPECT_FALSE(n->Has("content-length"));
  EXPECT_TRUE(n->body.empty());
  ASSERT_TRUE(c.Send(Get("/hello")));
  auto next = c.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello");
}

TEST_F(HttpServerTest, PostBodyIsDelivered) {
  Conn c(server_->port());
  ASSERT_TRUE(c.Send(Post("/api/v1/items", "{\"name\":\"x\"}")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, "{\"name\":\"x\"}");
  EXPECT_EQ(r->Header("location"), "/api/v1/items/1");
  // The connection is still usable: the body was consumed exactly.
  ASSERT_TRUE(c.Send(Post("/api/v1/items", std::string(1024, 'a'))));
  auto r2 = c.Read();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 201);
  EXPECT_EQ(r2->body.size(), 1024u);
}

TEST_F(HttpServerTest, ExpectContinue) {
  Conn c(server_->port());
  const std::string body = "{\"a\":1}";
  ASSERT_TRUE(c.Send("POST /api/v1/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = c.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.Send(body));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, body);
}

TEST_F(HttpServerTest, OversizeBodyRefusedBeforeItIsSent) {
  Conn c(server_->port());
  const auto start = Clock::now();
  // Announces 100 MB but sends none of it: the answer must not wait for it.
  ASSERT_TRUE(
      c.Send("POST /api/v1/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
             "Content-Length: 100000000\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 413);
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(Lower(r->Header("connection")), "close");
  EXPECT_TRUE(c.WaitClosed());

  auto small = Roundtrip(Post("/small", std::string(17, 'x')));
  ASSERT_TRUE(small);
  ExpectProblem(*small, 413);
  auto fits = Roundtrip(Post("/small", std::string(16, 'x')));
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->status, 200);
}

TEST_F(HttpServerTest, ServerErrorIsLoggedOnceWithItsRequestIdAndInternalText) {
  ::testing::internal::CaptureStderr();
  auto r = Roundtrip(Get("/store-failure"));
  const std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 503);
  EXPECT_EQ(r->body.find("x_4711"), std::string::npos) << "internal text never sent: " << r->body;
  int lines = 0;
  for (size_t pos = 0, nl; (nl = err.find('\n', pos)) != std::string::npos; pos = nl + 1) {
    auto j = nlohmann::json::parse(err.substr(pos, nl - pos));
    if (j["msg"] != "server error") continue;
    ++lines;
    EXPECT_EQ(j["request_id"], r->Header("x-request-id"));
    EXPECT_EQ(j["route"], "/store-failure");
    EXPECT_EQ(j["code"], "unavailable");
    EXPECT_EQ(j["internal"], "sqlite: disk I/O error on table x_4711");
    EXPECT_EQ(j["level"], "error");
  }
  EXPECT_EQ(lines, 1) << err;
}

TEST_F(HttpServerTest, GuardRefusesBeforeTheBodyIsRead) {
  Conn c(server_->port());
  const auto start = Clock::now();
  // Announces 28 MiB that never come: a refused caller gets its 401 at once.
  ASSERT_TRUE(
      c.Send("POST /guarded HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
             "Content-Length: 29360128\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 401);
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(Lower(r->Header("connection")), "close") << "the unread body must not be taken for a request";

  // Let in: the handler runs with what the guard learnt and the whole body.
  auto ok = Roundtrip(Post("/guarded", std::string(1000, 'x'), "X-Let-In: alice\r\n"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "alice:1000");
}

TEST_F(HttpServerTest, OversizeBodyWhileSendingStillGetsAnAnswer) {
  // The client writes its whole (too large) body before reading, as simple
  // clients do; the server answers 413 and does not reset the connection
  // before the client has read it.
  Conn c(server_->port());
  ASSERT_TRUE(c.Send(Post("/api/v1/items", std::string(200 * 1024, 'x'))));
  auto r = c.Read();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 413);
}

TEST_F(HttpServerTest, HeaderLimits) {
  // Over the route's own header limit (512 bytes for /small).
  auto route_limit = Roundtrip(Post("/small", "{}", "X-Filler: " + std::string(1000, 'a') + "\r\n"));
  ASSERT_TRUE(route_limit);
  ExpectProblem(*route_limit, 413);
  // The same header is fine for a route with the default limit.
  auto ok = Roundtrip(Get("/hello", "X-Filler: " + std::string(1000, 'a') + "\r\n"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  // Over the largest limit of any route: refused while reading the header.
  auto huge = Roundtrip(Get("/hello", "X-Filler: " + std::string(70000, 'a') + "\r\n"));
  ASSERT_TRUE(huge);
  ExpectProblem(*huge, 413);
}

TEST_F(HttpServerTest, TransferEncodingIsRefused) {
  for (const std::string te : {"chunked", "gzip, chunked", "identity"}) {
    Conn c(server_->port());
    ASSERT_TRUE(
        c.Send("POST /api/v1/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: " +
               te + "\r\n\r\n2\r\n{}\r\n0\r\n\r\n"));
    auto r = c.Read();
    ASSERT_TRUE(r) << te;
    ExpectProblem(*r, 411);
    EXPECT_TRUE(c.WaitClosed()) << te;
  }
  // Content-Length and Transfer-Encoding together (a smuggling attempt), in
  // either order.
  for (const std::string headers :
       {"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n"}) {
    Conn c(server_->port());
    ASSERT_TRUE(c.Send("POST /api/v1/items HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n{}"));
    auto r = c.Read();
    ASSERT_TRUE(r);
    ExpectProblem(*r, 411);
    EXPECT_TRUE(c.WaitClosed());
  }
  // Even on a GET to a route that exists.
  Conn c(server_->port());
  ASSERT_TRUE(c.Send(Get("/hello", "Transfer-Encoding: chunked\r\n") + "0\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 411);
}

TEST_F(HttpServerTest, MalformedRequestsAre400) {
  const std::string cases[] = {
      "GARBAGE\r\n\r\n",
      "GET /hello HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
      "GET /hello HTTP/1.1\r\n\r\n",                                // no Host
      "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",          // two Hosts
      "GET http://evil.example/hello HTTP/1.1\r\nHost: x\r\n\r\n",  // absolute form
      "GET /api/v1/items/%zz HTTP/1.1\r\nHost: x\r\n\r\n",          // bad escape
      "GET /api/v1/items/a%00b HTTP/1.1\r\nHost: x\r\n\r\n",        // encoded NUL
      "GET /api/v1/items/a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n",        // encoded slash
      "GET /api/v1/items/a%2fb HTTP/1.1\r\nHost: x\r\n\r\n",
      "POST /api/v1/items HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 2\r\n\r\n",
  };
  for (const auto& raw : cases) {
    auto r = Roundtrip(raw);
    ASSERT_TRUE(r) << raw;
    ExpectProblem(*r, 400);
  }
  // HTTP/1.0 without Host is fine.
  auto old = Roundtrip("GET /hello HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status_line, "HTTP/1.0 200 OK");
}

TEST_F(HttpServerTest, HandlerExceptionIs500WithoutDetails) {
  ::testing::internal::CaptureStderr();
  auto r = Roundtrip(Get("/throw"));
  const std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 500);
  EXPECT_EQ(r->body.find("secret"), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find("0xdead"), std::string::npos) << r->body;
  EXPECT_NE(err.find("secret internal detail 0xdead"), std::string::npos) << "the log keeps the reason: " << err;
  EXPECT_NE(err.find(r->Header("x-request-id")), std::string::npos) << err;
  // The server is still serving.
  auto ok = Roundtrip(Get("/hello"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(HttpServerTest, InvalidHandlerHeaderIs500) {
  ::testing::internal::CaptureStderr();
  auto r = Roundtrip(Get("/inject"));
  ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 500);
  EXPECT_FALSE(r->Has("x-bad"));
  EXPECT_EQ(r->Header("set-cookie"), "");
}

TEST_F(HttpServerTest, MetricsByRoutePattern) {
  ASSERT_TRUE(Roundtrip(Get("/api/v1/items/abc")));
  ASSERT_TRUE(Roundtrip(Get("/api/v1/items/def")));
  ASSERT_TRUE(Roundtrip(Get("/api/v1/nothing")));
  ASSERT_TRUE(Roundtrip(Get("/page")));
  ASSERT_TRUE(Roundtrip(Get("/hello", "", "BREW")));
  const std::string t = metrics_.Render();
  EXPECT_NE(t.find("http_requests_total{route=\"/api/v1/items/{id}\",method=\"GET\",status=\"200\"} 2"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"), std::string::npos) << t;
  EXPECT_NE(t.find("http_requests_total{route=\"static\",method=\"GET\",status=\"200\"} 1"), std::string::npos) << t;
  EXPECT_NE(t.find("http_requests_total{route=\"unmatched\",method=\"OTHER\",status=\"405\"} 1"), std::string::npos)
      << t;
  EXPECT_NE(t.find("http_request_duration_seconds_count{route=\"/api/v1/items/{id}\"} 2"), std::string::npos) << t;
  EXPECT_EQ(t.find("abc"), std::string::npos) << "raw paths never become labels";
  EXPECT_EQ(t.find("BREW"), std::string::npos);

  // The connection gauge returns to zero once clients are gone.
  {
    Conn a(server_->port()), b(server_->port());
    ASSERT_TRUE(a.Send(Get("/hello")) && b.Send(Get("/hello")));
    ASSERT_TRUE(a.Read() && b.Read());
    EXPECT_GE(metrics_.open_connections(), 2);
  }
  const auto deadline = Clock::now() + 3s;
  while (metrics_.open_connections() != 0 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(metrics_.open_connections(), 0);
}

TEST_F(HttpServerTest, StopReturnsWithIdleConnectionsOpen) {
  Conn idle(server_->port());
  ASSERT_TRUE(idle.Send(Get("/hello")));
  ASSERT_TRUE(idle.Read());
  Conn silent(server_->port());  // never sends anything
  Conn partial(server_->port());
  ASSERT_TRUE(partial.Send("GET /hel"));
  std::this_thread::sleep_for(100ms);
  const auto start = Clock::now();
  server_->Stop();
  EXPECT_TRUE(server_->returned());
  EXPECT_LT(Clock::now() - start, 2s);
  EXPECT_TRUE(idle.WaitClosed());
  // New connections are refused.
  Conn late(server_->port());
  EXPECT_TRUE(!late.connected() || !late.Send(Get("/hello")) || !late.Read());
}

TEST(HttpServer, StopBeforeRunAndDestroyWithoutRun) {
  Router router = MakeRouter();
  Metrics metrics;
  {
    ServerOptions o = Quiet();
    o.port = 0;
    Server s(o, router, metrics);
    EXPECT_TRUE(s.Listen().has_value());
  }  // destroyed without Run
  ServerOptions o = Quiet();
  o.port = 0;
  Server s(o, router, metrics);
  ASSERT_TRUE(s.Listen().has_value());
  s.Stop();
  s.Run();  // returns at once
}

TEST(HttpServer, ListenFailures) {
  Router router = MakeRouter();
  Metrics metrics;
  ServerOptions o = Quiet();
  o.address = "not-an-address";
  Server bad(o, router, metrics);
  EXPECT_FALSE(bad.Listen().has_value());

  ServerOptions first = Quiet();
  first.port = 0;
  Server a(first, router, metrics);
  ASSERT_TRUE(a.Listen().has_value());
  ServerOptions second = Quiet();
  second.port = a.port();
  Server b(second, router, metrics);
  auto s = b.Listen();
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
}

TEST_F(HttpServerTest, BehindTls) {
  server_.reset();
  ServerOptions o = Quiet();
  o.behind_tls = true;
  Start(o);
  auto r = Roundtrip(Get("/api/v1/items/1"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("strict-transport-security"), "max-age=63072000; includeSubDomains");
  EXPECT_EQ(r->Json()["secure"], true);
  auto p = Roundtrip(Get("/api/v1/nothing"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->Header("strict-transport-security"), "max-age=63072000; includeSubDomains");
}

TEST_F(HttpServerTest, ConnectionsPerAddressAreCapped) {
  server_.reset();
  ServerOptions o = Quiet();
  o.max_connections_per_address = 3;
  Start(o);
  std::vector<std::unique_ptr<Conn>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<Conn>(server_->port()));
    ASSERT_TRUE(held.back()->Send(Get("/hello")));
    auto r = held.back()->Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  Conn over(server_->port());
  ASSERT_TRUE(over.Send(Get("/hello")));
  auto r = over.Read();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 429);
  EXPECT_TRUE(over.WaitClosed());
  // The held connections still work.
  ASSERT_TRUE(held[0]->Send(Get("/hello")));
  ASSERT_TRUE(held[0]->Read());
  // Closing one frees a slot.
  held.pop_back();
  const auto deadline = Clock::now() + 3s;
  int status = 0;
  while (Clock::now() < deadline) {
    auto again = Roundtrip(Get("/hello"));
    status = again ? again->status : 0;
    if (status == 200) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(status, 200);
}

TEST_F(HttpServerTest, RequestDeadlineClosesSlowAndIdleConnections) {
  server_.reset();
  ServerOptions o = Quiet();
  o.request_timeout_seconds = 1;
  Start(o);
  Conn slow(server_->port());
  ASSERT_TRUE(slow.Send("GET /hello HTTP/1.1\r\nHost: x\r\n"));  // never finishes
  Conn idle(server_->port());
  ASSERT_TRUE(idle.Send(Get("/hello")));
  ASSERT_TRUE(idle.Read());
  Conn body(server_->port());
  ASSERT_TRUE(body.Send("POST /api/v1/items HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{"));
  const auto start = Clock::now();
  EXPECT_TRUE(slow.WaitClosed());
  EXPECT_TRUE(idle.WaitClosed());
  EXPECT_TRUE(body.WaitClosed());
  const auto took = Clock::now() - start;
  EXPECT_GT(took, 500ms);
  EXPECT_LT(took, 3s);
}

// 200 clients that drip a header a byte at a time must not delay a normal
// request: the server is asynchronous.
TEST_F(HttpServerTest, SlowClientsDoNotStarveOthers) {
  server_.reset();
  ServerOptions o = Quiet();
  o.max_connections_per_address = 1000;
  Start(o);
  constexpr int kSlow = 200;
  std::vector<std::unique_ptr<Conn>> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.push_back(std::make_unique<Conn>(server_->port()));
    ASSERT_TRUE(slow.back()->connected()) << i;
  }
  std::atomic<bool> done{false};
  std::thread dripper([&] {
    const std::string header = "GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + std::string(200, 'a');
    for (size_t step = 0; step < 25 && !done; ++step) {  // ~2.5 s
      for (auto& c : slow) c->Send(std::string_view(&header[step % header.size()], 1));
      std::this_thread::sleep_for(100ms);
    }
  });
  std::this_thread::sleep_for(300ms);
  for (int i = 0; i < 10; ++i) {
    const auto start = Clock::now();
    auto r = Roundtrip(Get("/hello"));
    const auto took = Clock::now() - start;
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200);
    EXPECT_LT(took, 1s) << "request " << i << " took "
                        << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
    std::this_thread::sleep_for(150ms);
  }
  EXPECT_GE(metrics_.open_connections(), kSlow);
  done = true;
  dripper.join();
}

TEST_F(HttpServerTest, AccessLogIsOneJsonLinePerRequestWithoutSecrets) {
  server_.reset();
  ServerOptions o = Quiet();
  o.access_log = true;
  Start(o);
  ::testing::internal::CaptureStderr();
  auto r = Roundtrip(Get("/api/v1/items/person-4711?q=Aliyev&token=tok123",
                         "Cookie: nrm_session=cookie-secret\r\nAuthorization: Bearer bearer-secret\r\n"));
  auto missing = Roundtrip(Get("/api/v1/private/name-Mammadov"));
  auto spa = Roundtrip(Get("/cases/REF-2026-00042"));
  server_->Stop();
  const std::string out = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r && missing && spa);
  for (const char* secret :
       {"person-4711", "Aliyev", "tok123", "cookie-secret", "bearer-secret", "Mammadov", "REF-2026", "?q="})
    EXPECT_EQ(out.find(secret), std::string::npos) << secret << " leaked into: " << out;

  std::vector<nlohmann::json> lines;
  size_t pos = 0;
  while (pos < out.size()) {
    const size_t nl = out.find('\n', pos);
    ASSERT_NE(nl, std::string::npos) << "every line ends with a newline";
    lines.push_back(nlohmann::json::parse(out.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  ASSERT_EQ(lines.size(), 3u) << out;
  // Lines are written when each response is; connections may finish in any order.
  auto by_route = [&](const std::string& route) {
    for (const auto& l : lines)
      if (l["route"] == route) return l;
    ADD_FAILURE() << "no line for " << route << " in " << out;
    return nlohmann::json::object();
  };
  const auto item = by_route("/api/v1/items/{id}");
  EXPECT_EQ(item["method"], "GET");
  EXPECT_EQ(item["status"], 200);
  EXPECT_EQ(item["request_id"], r->Header("x-request-id"));
  EXPECT_EQ(item["remote"], "127.0.0.1");
  EXPECT_GT(item["bytes"].get<int>(), 0);
  EXPECT_TRUE(item["duration_ms"].is_number());
  EXPECT_TRUE(item["ts"].is_string());
  EXPECT_EQ(by_route("unmatched")["status"], 404);
  EXPECT_EQ(by_route("static")["status"], 200);
}

}  // namespace
}  // namespace nrm::http
