// The referral routes, role by role, through the real router on both
// backends: who sees a referral to the SPU (the SPU in full, the referring
// agency its status, no one else), who sees an onward referral (the SPU and
// the recipient), who may change them, and who reads consents. Refusals of
// non-parties are 404, like every refused read.
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/application.h"
#include "crypto/keyring.h"
#include "crypto/password.h"
#include "crypto/totp.h"
#include "store/store_fixture.h"

namespace nrm::app {
namespace {

using nlohmann::json;

const std::map<std::string, std::string> kRoleAgency = {
    {"coordinator", "coordinator"},    {"spu_investigator", "spu"},
    {"spu_supervisor", "spu"},         {"border_officer", "border"},
    {"police_liaison", "police"},      {"hotline_operator", "hotline"},
    {"shelter_staff", "shelter"},      {"ngo_caseworker", "ngo_assistance"},
    {"ministry_focal", "labour"},      {"donor", "donors"},
    {"analyst", "coordinator"},        {"admin", "coordinator"},
    {"oversight_officer", "ombudsman"}};

class ReferralMatrix : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    crypto::SetPasswordHashCostForTests(true);
    Config config;
    config.data_dir = std::filesystem::temp_directory_path().string();
    config.store_url = Url();
    key_dir_ = std::filesystem::temp_directory_path() / ("nrm-key-" + store::testing::RandomSuffix());
    std::filesystem::create_directories(key_dir_);
    config.master_key_file = (key_dir_ / "master.key").string();
    ASSERT_TRUE(crypto::CreateMasterKeyFile(config.master_key_file));
    config.alert_refusals = 1000000;
    auto app = Application::Open(config, clock_);
    ASSERT_TRUE(app) << app.error().message;
    app_ = std::move(*app);
    ASSERT_TRUE(app_->LoadReferenceData());
    app_->RegisterRoutes(router_);
    for (const auto& [role, agency] : kRoleAgency) users_[role] = SignIn("m." + role, role);
  }
  void TearDown() override {
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(key_dir_, ec);
    StoreTest::TearDown();
  }

  struct Session {
    std::string cookie, csrf;
  };
  Session SignIn(const std::string& username, const std::string& role) {
    const std::string password = "Referral-matrix-2026!";
    auto created = app_->directory().CreateUser(nullptr, {username, username, kRoleAgency.at(role), {role}, password});
    EXPECT_TRUE(created) << role;
    if (!created) return {};
    std::string otp;
    if (created->totp_secret) otp = *crypto::TotpCode(*created->totp_secret, clock_.NowSeconds());
    auto login = app_->directory().Login({username, password, otp, "127.0.0.1"});
    EXPECT_TRUE(login) << role;
    if (!login) return {};
    return Session{"nrm_session=" + login->token, login->csrf_token};
  }
  struct Answer {
    int status;
    json body;
  };
  Answer Call(const std::string& role, const std::string& method, const std::string& path, const json& body = nullptr) {
    const Session& s = users_.at(role);
    http::Request req;
    req.method = method;
    req.target = path;
    req.path = path.substr(0, path.find('?'));
    if (path.find('?') != std::string::npos) req.query = path.substr(path.find('?') + 1);
    req.remote_address = "127.0.0.1";
    req.request_id = "matrix";
    req.headers["Cookie"] = s.cookie;
    req.headers["X-CSRF-Token"] = s.csrf;
    if (!body.is_null()) {
      req.headers["Content-Type"] = "application/json";
      req.body = body.dump();
    }
    auto match = router_.Find(method, req.path);
    EXPECT_NE(match.route, nullptr) << method << " " << path;
    if (!match.route) return {0, nullptr};
    req.route = match.route->pattern;
    req.params = match.params;
    // As the server does: the route's guard (session, capability) before the handler.
    std::optional<http::Response> refused;
    if (match.route->guard) refused = match.route->guard(req);
    http::Response res = refused ? std::move(*refused) : match.route->handler(req);
    return {res.status, res.body.empty() ? json(nullptr) : json::parse(res.body, nullptr, false)};
  }

  // A referral from the border to the SPU, in state "submitted".
  json Refer() {
    auto s = Call("border_officer", "POST", "/api/v1/screenings",
                  {{"indicators", {"adult-labour.d1.deceived-nature-of-job"}}, {"outcome", "presumed_victim"}});
    EXPECT_EQ(s.status, 201);
    auto r = Call("border_officer", "POST", "/api/v1/referrals",
                  {{"kind", "spu"},
                   {"screening_id", s.body["id"]},
                   {"person", {{"identity", {{"given_names", "Leyla"}, {"family_name", "Əliyeva"}}}}},
                   {"circumstances", "met at the border post"},
                   {"attachments",
                    {{{"filename", "a.pdf"}, {"content_type", "application/pdf"}, {"data_base64", "JVBERi0xLjQK"}}}}});
    EXPECT_EQ(r.status, 201) << r.body.dump();
    return r.body;
  }

  ManualClock clock_{1'790'000'000'000};
  std::filesystem::path key_dir_;
  std::unique_ptr<Application> app_;
  http::Router router_;
  std::map<std::string, Session> users_;
};

TEST_P(ReferralMatrix, EachRoleSeesExactlyItsPartOfAReferralToTheSpu) {
  const json r = Refer();
  const std::string id = r["id"];
  const json full = Call("spu_investigator", "GET", "/api/v1/referrals/" + id).body;
  const std::string attachment = full["attachments"][0]["id"];
  const std::string person = full["person_id"];
  for (const auto& [role, agency] : kRoleAgency) {
    const bool spu = agency == "spu", referrer = agency == "border";
    auto got = Call(role, "GET", "/api/v1/referrals/" + id);
    EXPECT_EQ(got.status, spu || referrer ? 200 : 404) << role;
    if (got.status == 200) {
      EXPECT_EQ(got.body["view"], spu ? "full" : "status") << role;
      EXPECT_EQ(got.body.contains("person_id"), spu) << role;
      EXPECT_EQ(got.body.contains("circumstances"), spu) << role;
    }
    EXPECT_EQ(Call(role, "GET", "/api/v1/referrals/" + id + "/attachments/" + attachment).status, spu ? 200 : 404)
        << role;
    // Non-parties cannot change it; the referrer may not act for the SPU.
    if (!spu) {
      auto ack = Call(role, "POST", "/api/v1/referrals/" + id + "/acknowledge", {{"version", r["version"]}});
      EXPECT_EQ(ack.status, referrer ? 403 : 404) << role;
    }
    // Lists never show another agency's referral.
    auto list = Call(role, "GET", "/api/v1/referrals?box=sent&status=all");
    EXPECT_EQ(list.status, 200) << role;
    EXPECT_EQ(list.body["items"].size(), referrer ? 1u : 0u) << role;
    auto intake = Call(role, "GET", "/api/v1/referrals?box=intake");
    EXPECT_EQ(intake.status, spu ? 200 : 403) << role;
  }
  // After the handover the person is the SPU's alone.
  auto ack = Call("spu_investigator", "POST", "/api/v1/referrals/" + id + "/acknowledge", {{"version", r["version"]}});
  ASSERT_EQ(ack.status, 200);
  auto acc =
      Call("spu_investigator", "POST", "/api/v1/referrals/" + id + "/accept", {{"version", ack.body["version"]}});
  ASSERT_EQ(acc.status, 200) << acc.body.dump();
  for (const auto& [role, agency] : kRoleAgency)
    EXPECT_EQ(Call(role, "GET", "/api/v1/persons/" + person).status, agency == "spu" ? 200 : 404) << role;
}

TEST_P(ReferralMatrix, OnwardReferralsAndConsentsBelongToTheSpuAndTheRecipient) {
  const json r = Refer();
  const std::string id = r["id"];
  const std::string person = Call("spu_supervisor", "GET", "/api/v1/referrals/" + id).body["person_id"];
  auto ack = Call("spu_investigator", "POST", "/api/v1/referrals/" + id + "/acknowledge", {{"version", r["version"]}});
  auto acc =
      Call("spu_investigator", "POST", "/api/v1/referrals/" + id + "/accept", {{"version", ack.body["version"]}});
  ASSERT_EQ(acc.status, 200);
  const json consent = {{"person_id", person},
                        {"recipient_agency_id", "shelter"},
                        {"field_classes", {"identity"}},
                        {"purpose", "placement in the safe shelter"},
                        {"valid_until", "2027-01-31"}};
  for (const auto& [role, agency] : kRoleAgency) {
    const int want = agency == "spu" ? 201 : 403;
    auto c = Call(role, "POST", "/api/v1/consents", consent);
    EXPECT_EQ(c.status, want) << role;
    EXPECT_EQ(Call(role, "GET", "/api/v1/consents?person_id=" + person).status, agency == "spu" ? 200 : 403) << role;
  }
  auto onward = Call("spu_supervisor", "POST", "/api/v1/referrals",
                     {{"kind", "onward"},
                      {"person_id", person},
                      {"recipient_agency_id", "shelter"},
                      {"service", "shelter"},
                      {"field_classes", {"identity"}},
                      {"purpose", "safe accommodation after identification"}});
  ASSERT_EQ(onward.status, 201) << onward.body.dump();
  const std::string oid = onward.body["id"];
  for (const auto& [role, agency] : kRoleAgency) {
    const bool spu = agency == "spu", shelter = agency == "shelter";
    auto got = Call(role, "GET", "/api/v1/referrals/" + oid);
    EXPECT_EQ(got.status, spu || shelter ? 200 : 404) << role;
    if (got.status == 200) {
      EXPECT_EQ(got.body["view"], spu ? "full" : "recipient") << role;
    }
    if (!spu && !shelter) {
      EXPECT_EQ(Call(role, "POST", "/api/v1/referrals/" + oid + "/accept", {{"version", 1}}).status, 404) << role;
      EXPECT_EQ(Call(role, "POST", "/api/v1/referrals/" + oid + "/revoke",
                     {{"version", 1}, {"reason", "not my business at all"}})
                    .status,
                404)
          << role;
    }
  }
  EXPECT_EQ(Call("spu_investigator", "POST", "/api/v1/referrals/" + oid + "/accept", {{"version", 1}}).status, 403);
  ASSERT_EQ(Call("shelter_staff", "POST", "/api/v1/referrals/" + oid + "/accept", {{"version", 1}}).status, 200);
  for (const auto& [role, agency] : kRoleAgency)
    EXPECT_EQ(Call(role, "GET", "/api/v1/persons/" + person).status, agency == "spu" || agency == "shelter" ? 200 : 404)
        << role;
}

INSTANTIATE_TEST_SUITE_P(Backends, ReferralMatrix,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::testing::DialectName(info.param)); });

}  // namespace
}  // namespace nrm::app
