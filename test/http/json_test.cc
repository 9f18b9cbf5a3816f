// The strict JSON edge every module's routes use: a body must be a JSON
// object of known members; list and created answers have one shape.
#include "http/json.h"

#include <gtest/gtest.h>

namespace nrm::http {
namespace {

Request JsonRequest(std::string body, std::string content_type = "application/json") {
  Request req;
  req.method = "POST";
  req.headers["Content-Type"] = std::move(content_type);
  req.body = std::move(body);
  return req;
}

TEST(JsonBody, AcceptsAnObjectOfKnownMembers) {
  auto body = JsonBody(JsonRequest(R"({"name":"Məmmədova","year":1990})"), {"name", "year"});
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ((*body)["name"], "Məmmədova");
}

TEST(JsonBody, RefusesAnUnknownMemberNamingIt) {
  auto body = JsonBody(JsonRequest(R"({"name":"x","secret":1})"), {"name"});
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(body.error().message.find("secret"), std::string::npos) << body.error().message;
}

TEST(JsonBody, RefusesWhatIsNotAJsonObject) {
  for (const char* text : {"[1,2]", "\"text\"", "{not json", ""}) {
    auto body = JsonBody(JsonRequest(text), {"name"});
    EXPECT_FALSE(body) << text;
  }
  EXPECT_FALSE(JsonBody(JsonRequest(R"({"name":"x"})", "text/plain"), {"name"}));
}

TEST(JsonAnswers, CreatedCarriesTheLocationAndItemsWrapsTheList) {
  Response created = Created(nlohmann::json{{"id", "a"}}, "/api/v1/things/a");
  EXPECT_EQ(created.status, 201);
  ASSERT_EQ(created.headers.size(), 1u);
  EXPECT_EQ(created.headers[0].first, "Location");
  EXPECT_EQ(created.headers[0].second, "/api/v1/things/a");
  EXPECT_EQ(nlohmann::json::parse(created.body)["id"], "a");

  Response list = Items(std::vector<int>{1, 2, 3}, [](int x) { return x * 10; });
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(nlohmann::json::parse(list.body)["items"], (nlohmann::json{10, 20, 30}));
}

}  // namespace
}  // namespace nrm::http
