// The people module on a real store (both backends): directory, keyring,
// audit log, access service and PersonService, as the app wires them.
#pragma once

#include <memory>
#include <string>

#include "access/schema.h"
#include "access/service.h"
#include "audit/log.h"
#include "crypto/keyring.h"
#include "crypto/password.h"
#include "directory/roles.h"
#include "directory/service.h"
#include "people/service.h"
#include "store/store_fixture.h"

namespace nrm::people::testing {

inline constexpr const char* kAgencies = R"({"agencies": [
  {"code": "spu", "kind": "police_unit", "parent": null, "name": {"az": "Xüsusi polis qurumu", "en": "Special Police Unit", "ru": "Специальное полицейское подразделение"}},
  {"code": "border", "kind": "state_service", "parent": null, "name": {"az": "Dövlət Sərhəd Xidməti", "en": "State Border Service", "ru": "Государственная пограничная служба"}},
  {"code": "shelter", "kind": "ngo", "parent": null, "name": {"az": "Sığınacaq", "en": "Shelter", "ru": "Приют"}}
]})";

class PeopleTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    crypto::SetPasswordHashCostForTests(true);
    ASSERT_TRUE(db_->Migrate());
    auto master = crypto::MasterKey::Generate();
    ASSERT_TRUE(master) << master.error().message;
    auto keyring = crypto::Keyring::Open(*db_, clock_, std::move(*master));
    ASSERT_TRUE(keyring) << keyring.error().message;
    keyring_ = std::move(*keyring);
    audit_ = std::make_unique<audit::AuditLog>(*db_, clock_);
    directory_ = std::make_unique<directory::Directory>(*db_, clock_, directory::SessionPolicy{}, audit_.get());
    ASSERT_TRUE(directory_->ImportAgencies(kAgencies));
    auto schema = access::Schema::Compile(access::Schema::DefaultText());
    ASSERT_TRUE(schema);
    access_ = std::make_unique<access::AccessService>(*db_, *audit_, *schema, clock_, access::AlertThresholds{});
    persons_ = std::make_unique<PersonService>(*db_, *keyring_, *access_, clock_);
    PersonService* persons = persons_.get();
    access_->RegisterObjectType(
        kObjectType, [persons](store::Transaction& tx, const std::string& key) { return persons->Describe(tx, key); });
  }

  void TearDown() override {
    if (audit_) audit_->Stop();
    persons_.reset();
    access_.reset();
    directory_.reset();
    audit_.reset();
    keyring_.reset();
    StoreTest::TearDown();
  }

  // A principal of a real user (so foreign keys hold).
  directory::Principal User(const std::string& name, const std::string& role, const std::string& agency) {
    directory::NewUser nu{name, "Test " + name, agency, {role}, "Correct-horse-battery-9"};
    auto u = directory_->CreateUser(nullptr, nu);
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

  Result<Person> Record(const directory::Principal& who, const std::string& given, const std::string& family,
                        const std::string& birth_date = "") {
    PersonInput in;
    in.groups[access::FieldClass::kIdentity] = {{"given_names", given}, {"family_name", family}};
    if (!birth_date.empty()) in.groups[access::FieldClass::kIdentity]["birth_date"] = birth_date;
    return persons_->Create(who, in, "test");
  }

  ManualClock clock_{1'800'000'000'000};  // 2027-01-15
  std::unique_ptr<crypto::Keyring> keyring_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<directory::Directory> directory_;
  std::unique_ptr<access::AccessService> access_;
  std::unique_ptr<PersonService> persons_;
};

}  // namespace nrm::people::testing
