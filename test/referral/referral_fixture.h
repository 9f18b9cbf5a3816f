// A referral module on a real store (SQLite file and PostgreSQL), with the
// real directory, access, people and notify services, the shipped agency
// registry and indicator catalogue, and a ManualClock.
#pragma once

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "access/service.h"
#include "audit/log.h"
#include "crypto/keyring.h"
#include "crypto/password.h"
#include "directory/roles.h"
#include "directory/service.h"
#include "notify/service.h"
#include "people/service.h"
#include "referral/consent.h"
#include "referral/screening.h"
#include "referral/service.h"
#include "store/store_fixture.h"

namespace nrm::referral::testing {

inline std::string SourceFile(const std::string& rel) {
  const char* dir = std::getenv("NRM_SOURCE_DIR");
  std::ifstream in(std::string(dir ? dir : "../..") + "/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline constexpr int64_t kStart = 1'790'000'000'000;  // 2026-09-21
inline constexpr int64_t kMinute = 60'000;

class ReferralTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    crypto::SetPasswordHashCostForTests(true);
    NRM_ASSERT_OK(db_->Migrate());
    auto master = crypto::MasterKey::Generate();
    ASSERT_TRUE(master);
    auto keyring = crypto::Keyring::Open(*db_, clock_, std::move(*master));
    ASSERT_TRUE(keyring) << keyring.error().message;
    keyring_ = std::move(*keyring);
    audit_ = std::make_unique<audit::AuditLog>(*db_, clock_);
    dir_ = std::make_unique<directory::Directory>(*db_, clock_, directory::SessionPolicy{}, audit_.get());
    const std::string agencies = SourceFile("data/agencies.json");
    ASSERT_FALSE(agencies.empty()) << "set NRM_SOURCE_DIR to the source tree";
    NRM_ASSERT_OK(dir_->ImportAgencies(agencies));
    auto schema = access::Schema::Compile(access::Schema::DefaultText());
    ASSERT_TRUE(schema);
    access::AlertThresholds thresholds;
    thresholds.refusals = 1000000;
    access_ = std::make_unique<access::AccessService>(*db_, *audit_, *schema, clock_, thresholds);
    persons_ = std::make_unique<people::PersonService>(*db_, *keyring_, *access_, clock_);
    inbox_ = std::make_unique<notify::Inbox>(*db_, clock_);
    auto catalogue = IndicatorCatalogue::Load(SourceFile("data/indicators.json"));
    ASSERT_TRUE(catalogue) << catalogue.error().message;
    screenings_ = std::make_unique<ScreeningService>(*db_, *keyring_, *access_, *catalogue, clock_);
    consents_ = std::make_unique<ConsentService>(*db_, *access_, *dir_, *inbox_, clock_);
    referrals_ =
        std::make_unique<ReferralService>(*db_, *keyring_, *access_, *persons_, *inbox_, *dir_, clock_, SlaSettings{});
    border_ = User("t.border", "border_officer", "border");
    investigator_ = User("t.investigator", "spu_investigator", "spu");
    supervisor_ = User("t.supervisor", "spu_supervisor", "spu");
    coordinator_ = User("t.coordinator", "coordinator", "coordinator");
    shelter_ = User("t.shelter", "shelter_staff", "shelter");
    hotline_ = User("t.hotline", "hotline_operator", "hotline");
    oversight_ = User("t.oversight", "oversight_officer", "ombudsman");
    donor_ = User("t.donor", "donor", "donors");
  }

  void TearDown() override {
    referrals_.reset();
    consents_.reset();
    screenings_.reset();
    inbox_.reset();
    persons_.reset();
    access_.reset();
    dir_.reset();
    audit_.reset();
    keyring_.reset();
    StoreTest::TearDown();
  }

  directory::Principal User(const std::string& name, const std::string& role, const std::string& agency) {
    auto u = dir_->CreateUser(nullptr, directory::NewUser{name, name, agency, {role}, "a-long-test-password-1"});
    EXPECT_TRUE(u) << (u ? "" : u.error().message);
    directory::Principal p;
    if (!u) return p;
    p.user_id = u->user.id;
    p.username = name;
    p.agency_id = u->user.agency_id;
    p.roles = {role};
    p.capabilities = directory::CapabilitiesOf(p.roles);
    return p;
  }

  Screening Screen(const directory::Principal& who, const std::string& outcome = "presumed_victim") {
    ScreeningInput in;
    in.indicators = {"adult-labour.d1.deceived-nature-of-job"};
    in.forms_of_exploitation = {"ForcedLabour"};
    in.outcome = outcome;
    in.notes = "met at the border post";
    auto s = screenings_->Create(who, in, "req");
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return s ? *s : Screening{};
  }

  ReferralToSpuInput ToSpu(const std::string& screening_id) {
    ReferralToSpuInput in;
    in.screening_id = screening_id;
    people::PersonInput p;
    p.groups[access::FieldClass::kIdentity] = {{"given_names", "Aynur"}, {"family_name", "Məmmədova"}};
    p.groups[access::FieldClass::kContact] = {{"phone", "+994 50 123 45 67"}};
    in.person = p;
    in.circumstances = "Found without documents, says her passport was taken.";
    return in;
  }

  // A referral from the border accepted by the SPU investigator.
  Referral Handed() {
    auto s = Screen(border_);
    auto r = referrals_->CreateToSpu(border_, ToSpu(s.id), "req");
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    if (!r) return {};
    auto a = referrals_->Acknowledge(investigator_, r->id, r->version, "req");
    EXPECT_TRUE(a) << (a ? "" : a.error().message);
    auto c = referrals_->Accept(investigator_, r->id, AcceptInput{a ? a->version : 0, {}, {}}, "req");
    EXPECT_TRUE(c) << (c ? "" : c.error().message);
    return c ? *c : Referral{};
  }

  int64_t Notices(const directory::Principal& who, const std::string& kind) {
    auto rows = Select("SELECT COUNT(*) FROM notices WHERE user_id = ? AND kind = ?", {who.user_id, kind});
    return rows.empty() ? -1 : rows[0].Int(0);
  }

  ManualClock clock_{kStart};
  std::unique_ptr<crypto::Keyring> keyring_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<directory::Directory> dir_;
  std::unique_ptr<access::AccessService> access_;
  std::unique_ptr<people::PersonService> persons_;
  std::unique_ptr<notify::Inbox> inbox_;
  std::unique_ptr<ScreeningService> screenings_;
  std::unique_ptr<ConsentService> consents_;
  std::unique_ptr<ReferralService> referrals_;
  directory::Principal border_, investigator_, supervisor_, coordinator_, shelter_, hotline_, oversight_, donor_;
};

}  // namespace nrm::referral::testing
