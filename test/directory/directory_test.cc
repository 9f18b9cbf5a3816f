// The directory's rules against a real SQLite file, with an injected clock so
// expiry and lockout are tested without sleeping.
#include "directory/service.h"

#include <gtest/gtest.h>

#include "crypto/password.h"
#include "crypto/totp.h"
#include "directory/roles.h"
#include "support/temp_dir.h"

namespace nrm::directory {
namespace {

constexpr const char* kAgencies = R"({"agencies": [
  {"code": "mia", "kind": "ministry", "parent": null, "name": {"az": "Daxili İşlər Nazirliyi", "en": "Ministry of Internal Affairs", "ru": "Министерство внутренних дел"}},
  {"code": "spu", "kind": "police_unit", "parent": "mia", "name": {"az": "Xüsusi polis qurumu", "en": "Special Police Unit", "ru": "Специальное полицейское подразделение"}},
  {"code": "border", "kind": "state_service", "parent": null, "name": {"az": "Dövlət Sərhəd Xidməti", "en": "State Border Service", "ru": "Государственная пограничная служба"}}
]})";

class DirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::SetPasswordHashCostForTests(true);
    auto db = store::Database::Open("sqlite:" + dir_.File("nrm.db"));
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate());
    directory_ = std::make_unique<Directory>(*db_, clock_, policy_);
    ASSERT_TRUE(directory_->ImportAgencies(kAgencies));
  }

  CreatedUser Create(const std::string& name, const std::string& role, const std::string& agency = "border") {
    auto u = directory_->CreateUser(nullptr, NewUser{name, "Test User", agency, {role}, kPassword});
    EXPECT_TRUE(u) << (u ? "" : u.error().message);
    return *u;
  }
  Result<LoginResult> Login(const std::string& name, const std::string& password, const std::string& otp = "",
                            const std::string& address = "127.0.0.1") {
    return directory_->Login(LoginRequest{name, password, otp, address});
  }

  static constexpr const char* kPassword = "Correct-horse-battery-9";
  testing::TempDir dir_;
  ManualClock clock_{1'800'000'000'000};
  SessionPolicy policy_{.idle_ms = 30 * 60'000,
                        .absolute_ms = 12 * 3600'000,
                        .max_failures = 3,
                        .lockout_ms = 15 * 60'000,
                        .address_attempts_per_minute = 20};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Directory> directory_;
};

TEST_F(DirectoryTest, AgencyImportIsIdempotentAndLinksParents) {
  auto first = directory_->ListAgencies();
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 3u);
  ASSERT_TRUE(directory_->ImportAgencies(kAgencies));
  auto second = directory_->ListAgencies();
  ASSERT_EQ(second->size(), 3u);
  auto spu = directory_->FindAgency("spu");
  auto mia = directory_->FindAgency("mia");
  ASSERT_TRUE(spu && mia);
  EXPECT_EQ(spu->parent_id, mia->id);
  EXPECT_EQ(mia->name.az, "Daxili İşlər Nazirliyi");
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ((*first)[i].id, (*second)[i].id);
}

TEST_F(DirectoryTest, AgenciesVersionMovesWhenTheRegistryChanges) {
  auto before = directory_->AgenciesVersion();
  ASSERT_TRUE(before);
  ASSERT_TRUE(directory_->ImportAgencies(kAgencies));
  EXPECT_EQ(*directory_->AgenciesVersion(), *before) << "an identical import changes nothing";
  std::string renamed = kAgencies;
  renamed.replace(renamed.find("State Border Service"), 20, "State Border Guard");
  clock_.Advance(1000);
  ASSERT_TRUE(directory_->ImportAgencies(renamed));
  EXPECT_NE(*directory_->AgenciesVersion(), *before);
}

TEST_F(DirectoryTest, AgencyImportRefusesBrokenFilesAndWritesNothing) {
  EXPECT_FALSE(directory_->ImportAgencies("not json"));
  EXPECT_FALSE(directory_->ImportAgencies(R"({"agencies": [{"code": "x", "kind": "ngo", "parent": "nope",
      "name": {"az": "a", "en": "b", "ru": "c"}}]})"));
  EXPECT_FALSE(directory_->ImportAgencies(R"({"agencies": [{"code": "y", "kind": "ngo", "name": {"az": "a"}}]})"));
  EXPECT_EQ(directory_->ListAgencies()->size(), 3u);
}

TEST_F(DirectoryTest, CreateValidatesEveryField) {
  auto bad = [&](NewUser u) { return directory_->CreateUser(nullptr, u).error().code; };
  EXPECT_EQ(bad({"UPPER", "x", "border", {"donor"}, kPassword}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad({"ok.name", "", "border", {"donor"}, kPassword}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad({"ok.name", "x", "nowhere", {"donor"}, kPassword}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad({"ok.name", "x", "border", {"superuser"}, kPassword}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad({"ok.name", "x", "border", {"donor"}, "short"}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad({"ok.name", "x", "border", {"donor"}, "ok.name-and-more"}), ErrorCode::kInvalidArgument);
  Create("ok.name", "donor");
  EXPECT_EQ(bad({"ok.name", "x", "border", {"donor"}, kPassword}), ErrorCode::kAlreadyExists);
}

TEST_F(DirectoryTest, TotpOnlyForRolesThatNeedIt) {
  EXPECT_FALSE(Create("officer", "border_officer").totp_secret);
  EXPECT_TRUE(Create("investigator", "spu_investigator", "spu").totp_secret);
  for (const auto& r : Roles())
    EXPECT_EQ(r.requires_totp, r.code == "admin" || r.code == "coordinator" || r.code == "oversight_officer" ||
                                   r.code.rfind("spu_", 0) == 0)
        << r.code;
}

TEST_F(DirectoryTest, AdministratorHasNoPersonalDataCapability) {
  const auto caps = CapabilitiesOf({"admin"});
  for (const auto& c : caps)
    EXPECT_TRUE(c == kUsersManage || c == kAgenciesManage || c == kSessionsManage || c == "system.health") << c;
}

TEST_F(DirectoryTest, LoginAndTotpWithReplayRefused) {
  auto created = Create("investigator", "spu_investigator", "spu");
  EXPECT_EQ(Login("investigator", kPassword).error().code, ErrorCode::kUnauthenticated);
  auto code = crypto::TotpCode(*created.totp_secret, clock_.NowSeconds());
  ASSERT_TRUE(code);
  auto ok = Login("investigator", kPassword, *code);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->principal.Can("cases.investigate"));
  EXPECT_EQ(Login("investigator", kPassword, *code).error().code, ErrorCode::kUnauthenticated);
  clock_.Advance(30'000);
  auto next = crypto::TotpCode(*created.totp_secret, clock_.NowSeconds());
  EXPECT_TRUE(Login("investigator", kPassword, *next));
}

TEST_F(DirectoryTest, SameErrorForUnknownUserWrongPasswordAndLockedAccount) {
  Create("officer", "border_officer");
  const auto unknown = Login("ghost", kPassword).error();
  const auto wrong = Login("officer", "Wrong-password-123").error();
  EXPECT_EQ(unknown.code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.message, wrong.message);
  Login("officer", "Wrong-password-123");
  Login("officer", "Wrong-password-123");  // third failure locks
  const auto locked = Login("officer", kPassword).error();
  EXPECT_EQ(locked.message, wrong.message);
  clock_.Advance(15 * 60'000 + 1);
  EXPECT_TRUE(Login("officer", kPassword)) << "the lockout expires";
}

TEST_F(DirectoryTest, AddressThrottle) {
  Create("officer", "border_officer");
  for (int i = 0; i < 20; ++i) Login("ghost", "whatever-password", "", "10.1.2.3");
  EXPECT_EQ(Login("officer", kPassword, "", "10.1.2.3").error().code, ErrorCode::kTooManyRequests);
  EXPECT_TRUE(Login("officer", kPassword, "", "10.9.9.9")) << "other addresses are not affected";
  clock_.Advance(60'000);
  EXPECT_TRUE(Login("officer", kPassword, "", "10.1.2.3")) << "the window passes";
}

TEST_F(DirectoryTest, SessionIdleAndAbsoluteExpiry) {
  Create("officer", "border_officer");
  auto login = Login("officer", kPassword);
  ASSERT_TRUE(login);
  EXPECT_TRUE(directory_->Authenticate(login->token));
  // Used every 20 minutes, the session lives until the absolute limit.
  for (int i = 0; i < 35; ++i) {
    clock_.Advance(20 * 60'000);
    ASSERT_TRUE(directory_->Authenticate(login->token)) << "use " << i;
  }
  clock_.Advance(20 * 60'000);  // 12 h 20 min after sign-in
  EXPECT_EQ(directory_->Authenticate(login->token).error().code, ErrorCode::kUnauthenticated);

  auto idle = Login("officer", kPassword);
  clock_.Advance(30 * 60'000 + 1);
  EXPECT_FALSE(directory_->Authenticate(idle->token));
}

TEST_F(DirectoryTest, TokensAreStoredHashedAndCsrfIsBoundToTheSession) {
  Create("officer", "border_officer");
  auto login = Login("officer", kPassword);
  ASSERT_TRUE(login);
  auto tx = db_->Begin(store::TxMode::kRead);
  auto rows = (*tx)->Query("SELECT token_hash FROM sessions");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NE((*rows)[0].Text(0), login->token);
  EXPECT_EQ(login->csrf_token, Directory::CsrfTokenFor(login->token));
  auto other = Login("officer", kPassword);
  EXPECT_NE(login->csrf_token, other->csrf_token);
}

TEST_F(DirectoryTest, RevocationAndDisablingEndSessions) {
  auto officer = Create("officer", "border_officer");
  auto donor = Create("donor1", "donor");
  auto a = Login("officer", kPassword);
  auto b = Login("officer", kPassword);
  auto d = Login("donor1", kPassword);
  ASSERT_TRUE(a && b && d);
  // A donor cannot revoke the officer's session, and learns nothing about it.
  EXPECT_EQ(directory_->RevokeSession(d->principal, a->principal.session_id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(directory_->RevokeSession(a->principal, a->principal.session_id));
  EXPECT_FALSE(directory_->Authenticate(a->token));
  EXPECT_TRUE(directory_->Authenticate(b->token));
  EXPECT_EQ(directory_->ListSessions(officer.user.id)->size(), 1u);

  UserPatch patch;
  patch.version = officer.user.version;
  patch.disabled = true;
  ASSERT_TRUE(directory_->UpdateUser(nullptr, officer.user.id, patch));
  EXPECT_FALSE(directory_->Authenticate(b->token));
  EXPECT_EQ(directory_->UpdateUser(nullptr, officer.user.id, patch).error().code, ErrorCode::kConflict);
}

TEST_F(DirectoryTest, PasswordResetEndsSessions) {
  Create("officer", "border_officer");
  auto a = Login("officer", kPassword);
  ASSERT_TRUE(directory_->ResetPassword("officer", "Another-good-passphrase"));
  EXPECT_FALSE(directory_->Authenticate(a->token));
  EXPECT_FALSE(Login("officer", kPassword));
  EXPECT_TRUE(Login("officer", "Another-good-passphrase"));
}

TEST_F(DirectoryTest, RoleChangeToTotpRoleIssuesSecret) {
  auto u = Create("officer", "border_officer");
  UserPatch patch;
  patch.version = u.user.version;
  patch.roles = std::vector<std::string>{"spu_supervisor"};
  auto r = directory_->UpdateUser(nullptr, u.user.id, patch);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->totp_secret);
  EXPECT_TRUE(r->user.totp_enabled);
  EXPECT_EQ(r->user.roles, std::vector<std::string>{"spu_supervisor"});
}

}  // namespace
}  // namespace nrm::directory
