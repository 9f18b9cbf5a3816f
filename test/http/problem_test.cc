#include "http/problem.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace nrm::http {
namespace {

TEST(HttpProblem, StatusForEveryCode) {
  EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatus(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatus(ErrorCode::kCsrfRejected), 403);
  EXPECT_EQ(HttpStatus(ErrorCode::kTooManyRequests), 429);
  EXPECT_EQ(HttpStatus(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnsupportedMediaType), 415);
  EXPECT_EQ(HttpStatus(ErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatus(ErrorCode::kLengthRequired), 411);
  EXPECT_EQ(HttpStatus(ErrorCode::kTimeout), 408);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatus(ErrorCode::kInternal), 500);
}

TEST(HttpProblem, BodyShape) {
  Response r = Problem(Error::Of(ErrorCode::kNotFound, "no such user", "row 42 missing in users"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["type"], "https://opennrm.org/problems/not-found");
  EXPECT_EQ(j["title"], "Not found");
  EXPECT_EQ(j["status"], 404);
  EXPECT_EQ(j["detail"], "no such user");
  EXPECT_FALSE(j.contains("errors"));
  EXPECT_EQ(r.body.find("row 42"), std::string::npos) << "Error::internal must never be sent";
}

TEST(HttpProblem, FieldErrors) {
  Error e = FailFields({{"username", "required", "username is required"}, {"roles.0", "enum", "unknown role"}}).value();
  Response r = Problem(e);
  EXPECT_EQ(r.status, 400);
  auto j = nlohmann::json::parse(r.body);
  ASSERT_TRUE(j["errors"].is_array());
  ASSERT_EQ(j["errors"].size(), 2u);
  EXPECT_EQ(j["errors"][0]["field"], "username");
  EXPECT_EQ(j["errors"][0]["code"], "required");
  EXPECT_EQ(j["errors"][0]["detail"], "username is required");
  EXPECT_EQ(j["errors"][1]["field"], "roles.0");
  EXPECT_EQ(j["detail"], "2 fields are invalid; see errors");
  EXPECT_EQ(j["type"], "https://opennrm.org/problems/invalid-argument");
}

TEST(HttpProblem, ShorthandAndEscaping) {
  Response r = Problem(ErrorCode::kConflict, "version \"3\" is stale\n\xff");
  EXPECT_EQ(r.status, 409);
  auto j = nlohmann::json::parse(r.body);  // still valid JSON despite quotes and invalid UTF-8
  EXPECT_EQ(j["status"], 409);
  EXPECT_EQ(j["type"], "https://opennrm.org/problems/conflict");
}

}  // namespace
}  // namespace nrm::http
