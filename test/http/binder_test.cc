// The one door for request input: bounded JSON parsing (depth, sizes,
// numbers out of range) and the binder that names every bad field at once
// and refuses members and query parameters nobody asked for.
#include "http/binder.h"

#include <sys/resource.h>

#include <chrono>

#include <gtest/gtest.h>

namespace nrm::http {
namespace {

Request JsonRequest(std::string body, std::string query = "") {
  Request req;
  req.method = "POST";
  req.headers["Content-Type"] = "application/json";
  req.body = std::move(body);
  req.query = std::move(query);
  return req;
}

std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field + ":" + f.code);
  return out;
}

long MaxRssKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST(BoundedJson, DeepNestingStopsAtTheLimitInLinearTime) {
  const auto start = std::chrono::steady_clock::now();
  const long rss_before = MaxRssKiB();
  for (const char* open : {"[", "{\"a\":"}) {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += open;
    auto r = ParseBoundedJson(deep);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("nested deeper than 32"), std::string::npos) << r.error().message;
  }
  // 20 MiB of nested arrays: refused at byte 33, without building anything.
  std::string big(20 << 20, '[');
  auto r = ParseBoundedJson(big);
  ASSERT_FALSE(r);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // The 20 MiB input itself is the only large allocation.
  EXPECT_LT(MaxRssKiB() - rss_before, 64 * 1024) << "KiB of peak memory growth";
}

TEST(BoundedJson, NumbersOutOfRangeAndMalformedTextAreInvalidArgumentNeverExceptions) {
  for (const char* text : {R"({"a":1e999})", R"({"a":-1e999})", "{\"a\":1" /* truncated */, R"({"a":tru})",
                           R"({"a":"\ud800"})", "{\"a\":\"\xff\"}", R"({"a":1}{"b":2})"}) {
    auto r = ParseBoundedJson(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << text;
  }
  std::string digits = R"({"a":)" + std::string(400, '9') + "}";
  auto r = ParseBoundedJson(digits);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("out of range"), std::string::npos) << r.error().message;
  EXPECT_TRUE(ParseBoundedJson(R"({"a":[1,2,{"b":null}],"c":"Şəki"})"));
}

TEST(BoundedJson, StringKeyAndValueCountLimits) {
  JsonLimits l;
  l.max_string_bytes = 10;
  l.max_values = 5;
  EXPECT_TRUE(ParseBoundedJson(R"({"a":"0123456789"})", l));
  EXPECT_FALSE(ParseBoundedJson(R"({"a":"0123456789x"})", l));
  EXPECT_FALSE(ParseBoundedJson(R"([1,2,3,4,5])", l)) << "the array and five numbers are six values";
  EXPECT_FALSE(ParseBoundedJson("{\"" + std::string(200, 'k') + "\":1}"));
}

TEST(Binder, NamesEveryBadFieldAtOnce) {
  Request req =
      JsonRequest(R"({"title": 5, "year": 1800, "person": {"birth_date": "x", "extra": 1}, "tags": ["a", 2]})");
  Binder in(req);
  auto body = in.Body();
  std::string title = body.Text("title", 100);
  int64_t year = body.Int("year", 2000, 2100);
  std::string kind = body.OneOf("kind", {"spu", "onward"});
  auto person = body.Object("person", true);
  auto birth = person.Text("birth_date", 10);
  if (birth.size() != 10) person.Invalid("birth_date", "format", "person.birth_date must be YYYY-MM-DD");
  auto tags = body.TextList("tags", 5, 10);
  (void)title, (void)year, (void)kind, (void)tags;
  auto s = in.Finish();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Fields(s.error()),
            (std::vector<std::string>{"title:type", "year:range", "kind:required", "person.birth_date:format",
                                      "tags.1:type", "person.extra:unknown"}));
  EXPECT_EQ(s.error().message, "6 fields are invalid; see errors");
}

TEST(Binder, AGoodBodyBindsAndOptionalFieldsMayBeAbsentOrNull) {
  Request req = JsonRequest(R"({"title":"Bakı","version":3,"note":null,"items":[{"n":1},{"n":2}]})");
  Binder in(req);
  auto body = in.Body();
  EXPECT_EQ(body.Text("title", 100), "Bakı");
  EXPECT_EQ(body.Version(), 3);
  EXPECT_FALSE(body.OptText("note", 10));
  EXPECT_FALSE(body.OptText("absent", 10));
  auto cleared = body.NullableText("note", 10);
  ASSERT_TRUE(cleared);
  EXPECT_FALSE(*cleared);
  int64_t sum = 0;
  for (auto& item : body.Objects("items", 10)) sum += item.Int("n", 0, 9);
  EXPECT_EQ(sum, 3);
  EXPECT_TRUE(in.Finish());
}

TEST(Binder, UnparsableBodyIsTheOnlyError) {
  Request req = JsonRequest("[[[");
  Binder in(req);
  (void)in.Body().Text("title", 10);
  auto s = in.Finish();
  ASSERT_FALSE(s);
  EXPECT_TRUE(s.error().fields.empty());
  Request text = JsonRequest("{}");
  text.headers["Content-Type"] = "text/plain";
  Binder in2(text);
  (void)in2.Body();
  ASSERT_FALSE(in2.Finish());
  EXPECT_EQ(in2.Finish().error().code, ErrorCode::kUnsupportedMediaType);
}

TEST(Binder, QueryParametersAreCheckedAndUnknownOnesRefused) {
  Request req = JsonRequest("", "limit=500&box=intake&q=Aliyev&sort=name&box2=%zz&offset=1&offset=2");
  Binder in(req);
  auto q = in.Query();
  EXPECT_FALSE(q.Int("limit", 1, 200));
  EXPECT_EQ(q.OneOf("box", {"intake", "sent"}), "intake");
  (void)q.Int("offset", 0, 1000);
  auto s = in.Finish();
  ASSERT_FALSE(s);
  auto f = Fields(s.error());
  auto has = [&](const std::string& x) { return std::find(f.begin(), f.end(), x) != f.end(); };
  EXPECT_TRUE(has("limit:range"));
  EXPECT_TRUE(has("q:unknown")) << "a filter the route does not support is refused, not ignored";
  EXPECT_TRUE(has("sort:unknown"));
  EXPECT_TRUE(has("offset:repeated"));
  EXPECT_TRUE(has("query:format"));
  for (const auto& e : s.error().fields) EXPECT_EQ(e.detail.find("Aliyev"), std::string::npos) << "values never echoed";
}

TEST(Binder, PathUuid) {
  Request req;
  req.params["id"] = "not-a-uuid";
  auto r = PathUuid(req, "id", "plan");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().message, "no such plan");
}

}  // namespace
}  // namespace nrm::http
