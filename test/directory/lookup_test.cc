// The directory's reads for other modules (directory/lookup.h), on both
// backends: who holds a capability, active principals, one user, agencies.
#include "directory/lookup.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/password.h"
#include "directory/service.h"
#include "store/store_fixture.h"

namespace nrm::directory {
namespace {

constexpr const char* kAgencies = R"({"agencies": [
  {"code": "spu", "kind": "police_unit", "parent": null, "name": {"az": "XPQ", "en": "Special Police Unit", "ru": "СПП"}},
  {"code": "border", "kind": "state_service", "parent": null, "name": {"az": "DSX", "en": "State Border Service", "ru": "ГПС"}},
  {"code": "aaa", "kind": "ngo", "parent": null, "name": {"az": "AAA", "en": "First NGO", "ru": "ААА"}}
]})";

class LookupTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    crypto::SetPasswordHashCostForTests(true);
    ASSERT_TRUE(db_->Migrate());
    directory_ = std::make_unique<Directory>(*db_, clock_, SessionPolicy{});
    ASSERT_TRUE(directory_->ImportAgencies(kAgencies));
  }

  std::string AddUser(const std::string& name, std::vector<std::string> roles, const std::string& agency,
                      std::optional<std::string> email = std::nullopt) {
    auto u = directory_->CreateUser(nullptr, NewUser{name, "Display " + name, agency, std::move(roles),
                                                     "Correct-horse-battery-9", std::move(email)});
    EXPECT_TRUE(u) << (u ? "" : u.error().message);
    return u ? u->user.id : "";
  }

  void Disable(const std::string& user_id) {
    auto u = directory_->GetUser(user_id);
    ASSERT_TRUE(u);
    UserPatch patch;
    patch.version = u->version;
    patch.disabled = true;
    ASSERT_TRUE(directory_->UpdateUser(nullptr, user_id, patch));
  }

  std::string AgencyId(const std::string& code) {
    auto a = directory_->FindAgency(code);
    EXPECT_TRUE(a);
    return a ? a->id : "";
  }

  std::unique_ptr<store::Transaction> Read() {
    auto tx = db_->Begin(store::TxMode::kRead);
    EXPECT_TRUE(tx);
    return tx ? std::move(*tx) : nullptr;
  }

  ManualClock clock_{1'800'000'000'000};
  std::unique_ptr<Directory> directory_;
};

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_P(LookupTest, UsersWithCapabilityAreTheActiveHoldersInThatAgency) {
  const std::string sup = AddUser("spu.sup", {"spu_supervisor"}, "spu");
  const std::string sup_off = AddUser("spu.sup2", {"spu_supervisor"}, "spu");
  const std::string inv = AddUser("spu.inv", {"spu_investigator"}, "spu");
  AddUser("border.sup", {"spu_supervisor"}, "border");  // the capability, in another agency
  Disable(sup_off);
  auto tx = Read();
  ASSERT_TRUE(tx);

  auto supervisors = UsersWithCapability(*tx, "cases.supervise", AgencyId("spu"));
  NRM_ASSERT_OK(supervisors);
  EXPECT_EQ(*supervisors, std::vector<std::string>{sup});
  auto receivers = UsersWithCapability(*tx, "referrals.receive", AgencyId("spu"));
  NRM_ASSERT_OK(receivers);
  EXPECT_EQ(*receivers, Sorted({sup, inv}));
  auto unknown = UsersWithCapability(*tx, "no.such.capability", AgencyId("spu"));
  NRM_ASSERT_OK(unknown);
  EXPECT_TRUE(unknown->empty());
  auto nowhere = UsersWithCapability(*tx, "cases.supervise", "no-such-agency");
  NRM_ASSERT_OK(nowhere);
  EXPECT_TRUE(nowhere->empty());
}

TEST_P(LookupTest, AnInactiveAgencyHasNoCapabilityHoldersButItsUsersStayPrincipals) {
  const std::string sup = AddUser("spu.sup", {"spu_supervisor"}, "spu");
  {
    auto tx = db_->Begin(store::TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->Exec("UPDATE agencies SET active = 0 WHERE code = ?", {std::string("spu")}));
    NRM_ASSERT_OK((*tx)->Commit());
  }
  auto tx = Read();
  ASSERT_TRUE(tx);
  auto supervisors = UsersWithCapability(*tx, "cases.supervise", AgencyId("spu"));
  NRM_ASSERT_OK(supervisors);
  EXPECT_TRUE(supervisors->empty());
  auto principals = ActivePrincipals(*tx);
  NRM_ASSERT_OK(principals);
  ASSERT_EQ(principals->size(), 1u);
  EXPECT_EQ(principals->front().user_id, sup);
}

TEST_P(LookupTest, ActivePrincipalsCarryAgencyRolesAndCapabilitiesInIdOrder) {
  const std::string coord = AddUser("coord", {"coordinator"}, "border");
  const std::string both = AddUser("both", {"border_officer", "oversight_officer"}, "border");
  const std::string inv = AddUser("spu.inv", {"spu_investigator"}, "spu");
  Disable(AddUser("gone", {"coordinator"}, "border"));
  auto tx = Read();
  ASSERT_TRUE(tx);
  auto principals = ActivePrincipals(*tx);
  NRM_ASSERT_OK(principals);
  std::vector<std::string> ids;
  for (const auto& p : *principals) ids.push_back(p.user_id);
  EXPECT_EQ(ids, Sorted({coord, both, inv})) << "disabled users are left out; ids in order";
  for (const auto& p : *principals) {
    EXPECT_TRUE(p.session_id.empty());
    if (p.user_id == both) {
      EXPECT_EQ(p.username, "both");
      EXPECT_EQ(p.agency_id, AgencyId("border"));
      EXPECT_EQ(p.roles, (std::vector<std::string>{"border_officer", "oversight_officer"}));
      EXPECT_TRUE(p.Can("oversight.view"));
      EXPECT_TRUE(p.Can("referrals.create"));
      EXPECT_FALSE(p.Can("plan.manage"));
    }
    if (p.user_id == inv) {
      EXPECT_EQ(p.agency_id, AgencyId("spu"));
    }
  }
}

TEST_P(LookupTest, UserByIdIncludesRolesEmailAndDisabledUsers) {
  const std::string id = AddUser("mail.user", {"analyst"}, "aaa", "mail.user@example.org");
  Disable(id);
  auto tx = Read();
  ASSERT_TRUE(tx);
  auto user = UserById(*tx, id);
  NRM_ASSERT_OK(user);
  EXPECT_EQ(user->username, "mail.user");
  EXPECT_EQ(user->email, std::optional<std::string>("mail.user@example.org"));
  EXPECT_TRUE(user->disabled);
  EXPECT_EQ(user->roles, std::vector<std::string>{"analyst"});
  auto missing = UserById(*tx, "no-such-user");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(LookupTest, AgenciesInCodeOrderAndOneById) {
  auto tx = Read();
  ASSERT_TRUE(tx);
  auto all = ListAgencies(*tx);
  NRM_ASSERT_OK(all);
  std::vector<std::string> codes;
  for (const auto& a : *all) codes.push_back(a.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"aaa", "border", "spu"}));

  auto spu = AgencyById(*tx, AgencyId("spu"));
  NRM_ASSERT_OK(spu);
  ASSERT_TRUE(spu->has_value());
  EXPECT_EQ((*spu)->code, "spu");
  EXPECT_EQ((*spu)->name.en, "Special Police Unit");
  auto by_code = AgencyById(*tx, "spu");
  NRM_ASSERT_OK(by_code);
  EXPECT_FALSE(by_code->has_value()) << "an id, not a code";
}

INSTANTIATE_TEST_SUITE_P(Backends, LookupTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::directory
