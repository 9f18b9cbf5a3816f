// Who reads the Coordinator's board: plan.review holders and the analyst
// (statistics.view), who monitors but never sees internal tasks; focal points
// and donors are refused.
#include <gtest/gtest.h>

#include "plan_fixture.h"

namespace nrm::plan {
namespace {

using testing::PlanTest;

class BoardTest : public PlanTest {};

TEST_P(BoardTest, TheAnalystReadsTheBoardWithoutInternalTasks) {
  const std::string csv =
      "plan_code,plan_title_en,period_start,item,measure_en,task,text_en,responsible,deadline_kind,due,cadence,"
      "internal\n"
      "p26,Plan 2026,2026-01-01,1,Measure,1.1,Build the shelter,labour,date,2026-03-31,,\n"
      "p26,Plan 2026,2026-01-01,1,Measure,1.2,Internal coordination,labour,date,2026-04-30,,1\n"
      "p26,Plan 2026,2026-01-01,1,Measure,1.3,Vet the hotline staff,health,date,2026-04-15,,1\n";
  auto coordinator = As("coordinator", "coordinator");
  auto out = plans_->Import(&coordinator, csv, PlanFormat::kCsv, false);
  ASSERT_TRUE(out && out->problems.empty() && out->plan);
  const std::string plan_id = out->plan->id;

  auto full = plans_->Board(&coordinator, plan_id);
  ASSERT_TRUE(full) << full.error().message;
  EXPECT_EQ(full->totals.total, 3);
  EXPECT_EQ(full->overdue.size(), 3u);
  EXPECT_EQ(full->silent_agencies.size(), 2u);

  auto analyst = As("analyst", "coordinator");
  auto seen = plans_->Board(&analyst, plan_id);
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_EQ(seen->totals.total, 1);
  ASSERT_EQ(seen->overdue.size(), 1u);
  EXPECT_EQ(seen->overdue[0].number, "1.1");
  ASSERT_EQ(seen->silent_agencies.size(), 1u) << "health has only an internal task";
  EXPECT_EQ(seen->silent_agencies[0].agency, "labour");

  for (const auto& [role, agency] : {std::pair{"ministry_focal", "labour"}, std::pair{"donor", "donors"}}) {
    auto p = As(role, agency);
    auto refused = plans_->Board(&p, plan_id);
    ASSERT_FALSE(refused) << role;
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, BoardTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::plan
