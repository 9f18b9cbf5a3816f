// The plan sweep (PlanService::RemindAndFlag) with a ManualClock: report
// reminders to the responsible agency's focal points once per period, overdue
// tasks and silent agencies flagged to the Coordinator's office once, nothing
// sent twice, even by two sweepers at once.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "notify/service.h"
#include "plan_fixture.h"

namespace nrm::plan {
namespace {

using testing::kDayMs;
using testing::kMay6th2026;
using testing::PlanTest;

class SweepTest : public PlanTest {
 protected:
  void SetUp() override {
    PlanTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    inbox_ = std::make_unique<notify::Inbox>(*db_, clock_);
    // Plan p26 starts in Q2, so Q1 asks for no report.
    const std::string csv =
        "plan_code,plan_title_en,period_start,item,measure_en,task,text_en,responsible,deadline_kind,due,cadence,"
        "internal\n"
        "p26,Plan 2026,2026-04-01,1,Measure,1.1,Build the shelter,labour,date,2026-06-30,,\n"
        "p26,Plan 2026,2026-04-01,1,Measure,1.2,Report on screenings,labour,ongoing,,quarterly,\n"
        "p26,Plan 2026,2026-04-01,1,Measure,1.3,Train inspectors,health,date,2026-12-31,,\n"
        "p26,Plan 2026,2026-04-01,1,Measure,1.4,Old deadline,health,date,2026-04-01,,\n";
    auto admin = As("coordinator", "coordinator");
    auto out = plans_->Import(&admin, csv, PlanFormat::kCsv, false);
    ASSERT_TRUE(out && out->problems.empty() && out->plan);
    plan_id_ = out->plan->id;
  }

  void TearDown() override {
    inbox_.reset();
    PlanTest::TearDown();
  }

  // A stored user (notices need a users row) and their principal.
  directory::Principal User(const std::string& name, const std::string& role, const std::string& agency) {
    auto u = directory_->CreateUser(nullptr, directory::NewUser{name, name, agency, {role}, "a-long-test-password-1"});
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

  Task Find(const std::string& number) {
    auto tasks = plans_->ListTasks(nullptr, TaskFilter{plan_id_, std::nullopt, std::nullopt, std::nullopt});
    EXPECT_TRUE(tasks);
    if (tasks)
      for (const auto& t : *tasks)
        if (t.number == number) return t;
    ADD_FAILURE() << "no task " << number;
    return {};
  }

  SweepOutcome Sweep() {
    auto r = plans_->RemindAndFlag(*inbox_, clock_.NowMillis());
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : SweepOutcome{-1, -1, -1};
  }

  // The user's notices of `kind`, as "object_id link".
  std::multiset<std::string> Notices(const directory::Principal& p, const std::string& kind) {
    auto page = inbox_->List(p.user_id, 100, std::nullopt);
    EXPECT_TRUE(page);
    std::multiset<std::string> out;
    if (page)
      for (const auto& n : page->items)
        if (n.notice.kind == kind) out.insert(n.notice.object_id + " " + n.notice.link);
    return out;
  }

  void SetDay(int days_after_may_6th) { clock_.Set(kMay6th2026 + days_after_may_6th * kDayMs); }

  std::unique_ptr<notify::Inbox> inbox_;
  std::string plan_id_;
};

TEST_P(SweepTest, AReportIsAskedOncePerPeriodOfTheResponsibleAgencyOnly) {
  auto labour = User("focal.labour", "ministry_focal", "labour");
  auto health = User("focal.health", "ministry_focal", "health");
  const Task ongoing = Find("1.2");
  const std::string entry = ongoing.id + " /plan/tasks/" + ongoing.id;

  // 2026-05-06: Q2 ends in 55 days; the reminder window (30 days) is not open.
  EXPECT_EQ(Sweep().report_due, 0);
  EXPECT_TRUE(Notices(labour, "plan.report_due").empty());

  SetDay(26);  // 2026-06-01: Q2 ends in 29 days
  EXPECT_EQ(Sweep().report_due, 1);
  EXPECT_EQ(Notices(labour, "plan.report_due"), std::multiset<std::string>{entry});
  EXPECT_TRUE(Notices(health, "plan.report_due").empty()) << "health is not responsible for 1.2";
  EXPECT_EQ(Sweep().report_due, 0) << "a second sweep sends nothing";
  SetDay(40);
  EXPECT_EQ(Sweep().report_due, 0) << "still Q2: already asked";
  EXPECT_EQ(Notices(labour, "plan.report_due").size(), 1u);

  // Q3: labour reports before the window opens; the sweep asks nothing.
  SetDay(110);  // 2026-08-24
  ASSERT_TRUE(
      plans_->SubmitReport(labour, ongoing.id, ReportInput{std::nullopt, "in_progress", std::nullopt, false, {}}));
  SetDay(118);  // 2026-09-01: Q3 ends in 29 days
  EXPECT_EQ(Sweep().report_due, 0) << "Q3 is reported";
  EXPECT_EQ(Notices(labour, "plan.report_due").size(), 1u);

  SetDay(210);  // 2026-12-02: Q4 ends in 29 days, unreported
  EXPECT_EQ(Sweep().report_due, 1);
  EXPECT_EQ(Notices(labour, "plan.report_due").size(), 2u);
  EXPECT_TRUE(Notices(health, "plan.report_due").empty());
}

TEST_P(SweepTest, OverdueTasksAndSilentAgenciesAreFlaggedToTheCoordinatorOnce) {
  auto coordinator = User("coord", "coordinator", "coordinator");
  auto labour = User("focal.labour", "ministry_focal", "labour");
  auto analyst = User("analyst", "analyst", "coordinator");
  const Task dated = Find("1.1"), ongoing = Find("1.2"), old = Find("1.4");
  const std::string labour_id = labour.agency_id;
  const std::string health_id = directory_->FindAgency("health")->id;

  // 2026-05-06: nobody has ever reported: both agencies are silent. 1.4 is
  // overdue on the board but became so 35 days ago: old news, not flagged.
  EXPECT_EQ(Find("1.4").due_state, "overdue");
  SweepOutcome first = Sweep();
  EXPECT_EQ(first.task_overdue, 0);
  EXPECT_EQ(first.agency_silent, 2);
  EXPECT_EQ(Notices(coordinator, "plan.agency_silent"),
            (std::multiset<std::string>{labour_id + " /desk", health_id + " /desk"}));
  EXPECT_TRUE(Notices(labour, "plan.agency_silent").empty());
  EXPECT_TRUE(Notices(analyst, "plan.agency_silent").empty());
  SweepOutcome again = Sweep();
  EXPECT_EQ(again.agency_silent + again.task_overdue + again.report_due, 0);

  // 2026-07-01: 1.1 is past its deadline and Q2 of 1.2 closed unreported.
  SetDay(56);
  EXPECT_EQ(Sweep().task_overdue, 2);
  EXPECT_EQ(
      Notices(coordinator, "plan.task_overdue"),
      (std::multiset<std::string>{dated.id + " /plan/tasks/" + dated.id, ongoing.id + " /plan/tasks/" + ongoing.id}));
  EXPECT_TRUE(Notices(labour, "plan.task_overdue").empty());
  EXPECT_EQ(Sweep().task_overdue, 0);
  for (const auto& n : Notices(coordinator, "plan.task_overdue")) EXPECT_EQ(n.find(old.id), std::string::npos);

  // A report ends labour's silence; 91 days without one starts a new episode.
  ASSERT_TRUE(plans_->SubmitReport(labour, ongoing.id,
                                   ReportInput{std::string("2026-Q2"), "in_progress", std::nullopt, false, {}}));
  EXPECT_EQ(Sweep().agency_silent, 0) << "health's silence was already flagged";
  SetDay(56 + 91);
  EXPECT_EQ(Sweep().agency_silent, 1);
  EXPECT_EQ(Notices(coordinator, "plan.agency_silent").count(labour_id + " /desk"), 2u);
  EXPECT_EQ(Notices(coordinator, "plan.agency_silent").count(health_id + " /desk"), 1u);
}

TEST_P(SweepTest, TwoSweepersAtOnceSendEachReminderOnce) {
  auto labour = User("focal.labour", "ministry_focal", "labour");
  auto coordinator = User("coord", "coordinator", "coordinator");
  SetDay(56);  // 2026-07-01: Q3 due in 91 days; 1.1 and Q2 of 1.2 overdue; both agencies silent
  PlanService other(*db_, *audit_, clock_);
  notify::Inbox other_inbox(*db_, clock_);
  Result<SweepOutcome> a = SweepOutcome{}, b = SweepOutcome{};
  std::thread t1([&] { a = plans_->RemindAndFlag(*inbox_, clock_.NowMillis()); });
  std::thread t2([&] { b = other.RemindAndFlag(other_inbox, clock_.NowMillis()); });
  t1.join();
  t2.join();
  // A sweeper may lose the race by a busy database; it is retried next time.
  int overdue = 0, silent = 0;
  for (const auto* r : {&a, &b})
    if (*r) overdue += (*r)->task_overdue, silent += (*r)->agency_silent;
  overdue += Sweep().task_overdue;
  silent += Sweep().agency_silent;
  EXPECT_EQ(overdue, 2);
  EXPECT_EQ(silent, 2);
  EXPECT_EQ(Notices(coordinator, "plan.task_overdue").size(), 2u);
  EXPECT_EQ(Notices(coordinator, "plan.agency_silent").size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, SweepTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::plan
