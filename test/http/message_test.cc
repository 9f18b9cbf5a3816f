#include "http/message.h"

#include <gtest/gtest.h>

namespace nrm::http {
namespace {

TEST(HttpRequest, HeadersAreCaseInsensitive) {
  Request r;
  r.headers["Content-Type"] = "application/json";
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.Header("X-Missing"), "");
  r.headers["content-type"] = "text/plain";  // same key
  EXPECT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.Header("Content-Type"), "text/plain");
}

TEST(HttpRequest, CookiesByExactName) {
  Request r;
  r.headers["Cookie"] = "nrm_session_old=x; nrm_session=abc-DEF_1 ;theme=\"dark\"; empty=; novalue";
  EXPECT_EQ(r.Cookie("nrm_session"), "abc-DEF_1");
  EXPECT_EQ(r.Cookie("theme"), "dark");
  EXPECT_EQ(r.Cookie("empty"), "");
  EXPECT_EQ(r.Cookie("NRM_SESSION"), std::nullopt);  // names are case-sensitive
  EXPECT_EQ(r.Cookie("session"), std::nullopt);
  EXPECT_EQ(r.Cookie("novalue"), std::nullopt);
  EXPECT_EQ(r.Cookie(""), std::nullopt);
  Request none;
  EXPECT_EQ(none.Cookie("nrm_session"), std::nullopt);
}

TEST(HttpRequest, FirstCookieWins) {
  Request r;
  r.headers["cookie"] = "a=1; a=2";
  EXPECT_EQ(r.Cookie("a"), "1");
}

TEST(HttpRequest, QueryParameters) {
  Request r;
  r.query = "q=Aliyev+%C6%8Fli&page=2&flag&empty=&bad=%zz&x%20y=1";
  EXPECT_EQ(r.QueryParam("q"), "Aliyev \xC6\x8Fli");
  EXPECT_EQ(r.QueryParam("page"), "2");
  EXPECT_EQ(r.QueryParam("flag"), "");
  EXPECT_EQ(r.QueryParam("empty"), "");
  EXPECT_EQ(r.QueryParam("bad"), std::nullopt);
  EXPECT_EQ(r.QueryParam("x y"), "1");
  EXPECT_EQ(r.QueryParam("missing"), std::nullopt);
  EXPECT_EQ(r.QueryParam("pag"), std::nullopt);
}

TEST(HttpRequest, RouteParams) {
  Request r;
  r.params["id"] = "42";
  EXPECT_EQ(r.Param("id"), "42");
  EXPECT_EQ(r.Param("other"), "");
}

TEST(HttpResponse, JsonAndNoContent) {
  auto j = Response::Json(201, "{\"a\":1}");
  EXPECT_EQ(j.status, 201);
  EXPECT_EQ(j.content_type, "application/json");
  EXPECT_EQ(j.body, "{\"a\":1}");
  auto n = Response::NoContent();
  EXPECT_EQ(n.status, 204);
  EXPECT_TRUE(n.body.empty());
  EXPECT_TRUE(n.content_type.empty());
  n.AddHeader("Set-Cookie", "a=1");
  n.AddHeader("Set-Cookie", "b=2");
  EXPECT_EQ(n.headers.size(), 2u);
}

TEST(HttpSetCookie, SessionCookieDefaults) {
  CookieOptions o;
  EXPECT_EQ(FormatSetCookie("nrm_session", "tok", o), "nrm_session=tok; Path=/; HttpOnly; SameSite=Strict");
}

TEST(HttpSetCookie, SecureWithMaxAge) {
  CookieOptions o;
  o.secure = true;
  o.max_age_seconds = 3600;
  EXPECT_EQ(FormatSetCookie("__Host-nrm_session", "tok", o),
            "__Host-nrm_session=tok; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict");
}

TEST(HttpSetCookie, Deletion) {
  CookieOptions o;
  o.max_age_seconds = 0;
  o.http_only = false;
  o.same_site = "Lax";
  EXPECT_EQ(FormatSetCookie("a", "", o), "a=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax");
}

TEST(HttpPercentDecode, Valid) {
  EXPECT_EQ(PercentDecode("", false), "");
  EXPECT_EQ(PercentDecode("/api/v1/users/abc", false), "/api/v1/users/abc");
  EXPECT_EQ(PercentDecode("a%20b%2Fc%2f", false), "a b/c/");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("%2B", true), "+");
  EXPECT_EQ(PercentDecode("%D0%9C%C9%99", false), "\xD0\x9C\xC9\x99");
}

TEST(HttpPercentDecode, Malformed) {
  EXPECT_EQ(PercentDecode("%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%2", false), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%g0", false), std::nullopt);
  EXPECT_EQ(PercentDecode("a%00b", false), std::nullopt);
  EXPECT_EQ(PercentDecode(std::string_view("a\0b", 3), false), std::nullopt);
}

}  // namespace
}  // namespace nrm::http
