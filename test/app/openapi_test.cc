// The OpenAPI document must describe every route the application registers,
// and nothing it does not: a new endpoint without documentation fails here.
#include <algorithm>
#include <cctype>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/application.h"
#include "app/embedded.h"
#include "app/openapi.h"
#include "crypto/keyring.h"
#include "support/temp_dir.h"

namespace nrm::app {
namespace {

TEST(OpenApi, DescribesExactlyTheRegisteredRoutes) {
  testing::TempDir dir;
  Config config;
  config.data_dir = dir.path();
  ASSERT_TRUE(crypto::CreateMasterKeyFile(dir.File("master.key")));
  auto app = Application::Open(config, SystemClock::Instance());
  ASSERT_TRUE(app) << app.error().message;
  http::Router router;
  (*app)->RegisterRoutes(router);

  auto text = OpenApiDocument();
  ASSERT_TRUE(text) << text.error().message;
  const auto doc = nlohmann::json::parse(*text);
  ASSERT_EQ(doc.at("openapi"), "3.1.0");
  size_t documented = 0;
  for (const auto& [path, ops] : doc.at("paths").items())
    for (const auto& [method, op] : ops.items()) {
      (void)op;
      ++documented;
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
      const bool registered = std::any_of(router.routes().begin(), router.routes().end(),
                                          [&](const auto& r) { return r->method == upper && r->pattern == path; });
      EXPECT_TRUE(registered) << "documented but not served: " << upper << " " << path;
    }
  for (const auto& r : router.routes()) {
    std::string lower = r->method;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_TRUE(doc["paths"].contains(r->pattern) && doc["paths"][r->pattern].contains(lower))
        << "served but not documented: " << r->method << " " << r->pattern;
  }
  EXPECT_EQ(documented, router.routes().size());
}

TEST(ReferenceData, AgencyRegistryLoadsAndCoversTheNap) {
  testing::TempDir dir;
  Config config;
  config.data_dir = dir.path();
  ASSERT_TRUE(crypto::CreateMasterKeyFile(dir.File("master.key")));
  auto app = Application::Open(config, SystemClock::Instance());
  ASSERT_TRUE(app);
  ASSERT_TRUE((*app)->LoadReferenceData());
  auto agencies = (*app)->directory().ListAgencies();
  ASSERT_TRUE(agencies);
  // Bodies named in the 2004 plan, by the codes the application relies on.
  for (const char* code : {"coordinator",    "spu",       "mia",           "border",
                           "customs",        "mns",       "mfa",           "moj",
                           "labour",         "health",    "hotline",       "shelter",
                           "ngo_assistance", "donors",    "international", "prosecution",
                           "courts",         "ombudsman", "media",         "ministry_it",
                           "economy",        "education", "youth_sports",  "family_women_children"}) {
    EXPECT_TRUE(std::any_of(agencies->begin(), agencies->end(), [&](const auto& a) { return a.code == code; })) << code;
  }
}

}  // namespace
}  // namespace nrm::app
