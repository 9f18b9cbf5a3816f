// A store fixture for the plan module: a migrated database (SQLite and
// PostgreSQL, via StoreTest), the agency registry from data/agencies.json, a
// ManualClock, and the plan services. Principals are built from roles'
// capabilities directly: the plan tables hold user ids, not user rows.
#pragma once

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "audit/log.h"
#include "core/clock.h"
#include "core/ids.h"
#include "directory/roles.h"
#include "directory/service.h"
#include "plan/findings.h"
#include "plan/meetings.h"
#include "plan/service.h"
#include "store/store_fixture.h"

namespace nrm::plan::testing {

inline std::string SourcePath(const std::string& relative) {
  const char* root = std::getenv("NRM_SOURCE_DIR");
  return std::string(root ? root : ".") + "/" + relative;
}

inline std::string ReadSource(const std::string& relative) {
  std::ifstream in(SourcePath(relative), std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// 2026-05-06T00:00:00Z
inline constexpr int64_t kMay6th2026 = 1778025600000;
inline constexpr int64_t kDayMs = 86'400'000;

class PlanTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(db_->Migrate());
    audit_ = std::make_unique<audit::AuditLog>(*db_, clock_);
    directory_ = std::make_unique<directory::Directory>(*db_, clock_, directory::SessionPolicy{}, audit_.get());
    const std::string agencies = ReadSource("data/agencies.json");
    ASSERT_FALSE(agencies.empty()) << "set NRM_SOURCE_DIR";
    ASSERT_TRUE(directory_->ImportAgencies(agencies));
    plans_ = std::make_unique<PlanService>(*db_, *audit_, clock_);
    meetings_ = std::make_unique<MeetingService>(*db_, *audit_, clock_);
    findings_ = std::make_unique<FindingService>(*db_, *audit_, clock_);
  }

  void TearDown() override {
    findings_.reset();
    meetings_.reset();
    plans_.reset();
    directory_.reset();
    if (audit_) audit_->Stop();
    audit_.reset();
    StoreTest::TearDown();
  }

  // A user of agency `code` with the capabilities of `role`.
  directory::Principal As(const std::string& role, const std::string& code) {
    directory::Principal p;
    p.user_id = NewUuidV7(clock_);
    p.username = role + "." + code;
    auto agency = directory_->FindAgency(code);
    EXPECT_TRUE(agency) << code;
    if (agency) p.agency_id = agency->id;
    p.roles = {role};
    p.capabilities = directory::CapabilitiesOf({role});
    return p;
  }

  std::string LoadSeed() {
    auto s = plans_->LoadSeedPlan(ReadSource("data/plan-2004.json"));
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    auto plan = plans_->FindPlan(kPlan2004Code);
    EXPECT_TRUE(plan);
    return plan ? plan->id : "";
  }

  ManualClock clock_{kMay6th2026};
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<directory::Directory> directory_;
  std::unique_ptr<PlanService> plans_;
  std::unique_ptr<MeetingService> meetings_;
  std::unique_ptr<FindingService> findings_;
};

}  // namespace nrm::plan::testing
