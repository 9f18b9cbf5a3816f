#include "http/router.h"

#include <gtest/gtest.h>

namespace nrm::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) {
    Response r;
    r.body = name;
    return r;
  };
}

std::string Call(const RouteMatch& m) {
  Request req;
  return m.route ? m.route->handler(req).body : "<none>";
}

TEST(HttpRouter, LiteralAndCaptures) {
  Router r;
  r.Add("GET", "/healthz", Named("health"));
  r.Add("GET", "/api/v1/users/{id}", Named("user"));
  r.Add("GET", "/api/v1/users/{id}/sessions/{sid}", Named("session"));
  r.Add("GET", "/", Named("root"));

  EXPECT_EQ(Call(r.Find("GET", "/healthz")), "health");
  EXPECT_EQ(Call(r.Find("GET", "/")), "root");
  auto m = r.Find("GET", "/api/v1/users/0190abc");
  EXPECT_EQ(Call(m), "user");
  EXPECT_EQ(m.params.at("id"), "0190abc");
  EXPECT_EQ(m.route->pattern, "/api/v1/users/{id}");
  m = r.Find("GET", "/api/v1/users/u1/sessions/s2");
  EXPECT_EQ(Call(m), "session");
  EXPECT_EQ(m.params.at("id"), "u1");
  EXPECT_EQ(m.params.at("sid"), "s2");
}

TEST(HttpRouter, NoMatch) {
  Router r;
  r.Add("GET", "/api/v1/users/{id}", Named("user"));
  r.Add("GET", "/api/v1/users", Named("users"));
  EXPECT_EQ(r.Find("GET", "/api/v1/users/").route, nullptr) << "empty capture";
  EXPECT_EQ(r.Find("GET", "/api/v1/users//").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/api/v1/users/a/b").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/api/v1").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/API/v1/users").route, nullptr) << "paths are case-sensitive";
  EXPECT_TRUE(r.Find("GET", "/nothing").allowed_methods.empty());
}

TEST(HttpRouter, LiteralBeatsCapture) {
  Router r;
  r.Add("GET", "/api/v1/users/{id}", Named("by-id"));
  r.Add("GET", "/api/v1/users/me", Named("me"));
  r.Add("GET", "/a/{x}/c", Named("capture-first"));
  r.Add("GET", "/a/b/{y}", Named("literal-first"));
  EXPECT_EQ(Call(r.Find("GET", "/api/v1/users/me")), "me");
  EXPECT_EQ(Call(r.Find("GET", "/api/v1/users/you")), "by-id");
  EXPECT_EQ(Call(r.Find("GET", "/a/b/c")), "literal-first");
  EXPECT_EQ(Call(r.Find("GET", "/a/z/c")), "capture-first");
}

TEST(HttpRouter, MethodNotAllowedListsAllowed) {
  Router r;
  r.Add("GET", "/api/v1/agencies", Named("list"));
  r.Add("POST", "/api/v1/agencies", Named("create"));
  r.Add("DELETE", "/api/v1/agencies/{id}", Named("delete"));
  auto m = r.Find("PUT", "/api/v1/agencies");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "POST"}));
  m = r.Find("GET", "/api/v1/agencies/7");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"DELETE"}));
  EXPECT_TRUE(r.Find("GET", "/api/v1/agencies").allowed_methods.empty());
}

TEST(HttpRouter, HeadUsesGetUnlessHeadIsRouted) {
  Router r;
  r.Add("GET", "/x", Named("get-x"));
  r.Add("GET", "/y", Named("get-y"));
  r.Add("HEAD", "/y", Named("head-y"));
  EXPECT_EQ(Call(r.Find("HEAD", "/x")), "get-x");
  EXPECT_EQ(Call(r.Find("HEAD", "/y")), "head-y");
  EXPECT_EQ(r.Find("POST", "/x").route, nullptr);
}

TEST(HttpRouter, FallbackForGetAndHeadOutsideApi) {
  Router r;
  r.Add("POST", "/login", Named("login"));
  r.Add("GET", "/healthz", Named("health"));
  EXPECT_EQ(r.Find("GET", "/cases/1").route, nullptr) << "no fallback set";
  r.SetFallback(Named("spa"));
  ASSERT_NE(r.fallback(), nullptr);
  EXPECT_EQ(r.fallback()->pattern, "static");
  auto m = r.Find("GET", "/cases/1");
  EXPECT_EQ(Call(m), "spa");
  EXPECT_EQ(m.route, r.fallback());
  EXPECT_EQ(Call(r.Find("HEAD", "/assets/app.js")), "spa");
  EXPECT_EQ(r.Find("POST", "/cases/1").route, nullptr);
  EXPECT_EQ(r.Find("GET", "/api/v1/nothing").route, nullptr) << "the API never falls back to the UI";
  EXPECT_EQ(r.Find("GET", "/api").route, nullptr);
  m = r.Find("GET", "/login");
  EXPECT_EQ(m.route, nullptr) << "a path routed under another method is a 405, not the UI";
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"POST"}));
  EXPECT_EQ(Call(r.Find("GET", "/healthz")), "health");
}

TEST(HttpRouter, LimitsAndMaxHeader) {
  Router r;
  EXPECT_EQ(r.MaxHeaderBytes(), RouteLimits{}.max_header_bytes);
  r.Add("GET", "/a", Named("a"), RouteLimits{.max_body_bytes = 10, .max_header_bytes = 4096});
  EXPECT_EQ(r.MaxHeaderBytes(), 4096u);
  r.Add("POST", "/b", Named("b"), RouteLimits{.max_body_bytes = 1 << 20, .max_header_bytes = 32 * 1024});
  EXPECT_EQ(r.MaxHeaderBytes(), 32u * 1024);
  EXPECT_EQ(r.Find("GET", "/a").route->limits.max_body_bytes, 10u);
  EXPECT_EQ(r.routes().size(), 2u);
}

TEST(HttpRouter, PatternMustBeAbsolute) {
  Router r;
  EXPECT_THROW(r.Add("GET", "relative", Named("x")), std::invalid_argument);
}

}  // namespace
}  // namespace nrm::http
