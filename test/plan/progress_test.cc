// Progress reports, review, history, internal narratives, overdue and
// silent detection with a ManualClock, meeting decisions as tasks, and
// findings.
#include <gtest/gtest.h>

#include <algorithm>

#include "plan_fixture.h"

namespace nrm::plan {
namespace {

using testing::kDayMs;
using testing::PlanTest;

class ProgressTest : public PlanTest {
 protected:
  // The seed's task `number` (e.g. "4.2").
  Task SeedTask(const std::string& plan_id, const std::string& number) {
    auto tasks = plans_->ListTasks(nullptr, TaskFilter{plan_id, std::nullopt, std::nullopt, std::nullopt});
    EXPECT_TRUE(tasks);
    for (const auto& t : *tasks)
      if (t.number == number) return t;
    ADD_FAILURE() << "no task " << number;
    return {};
  }

  std::string ImportSmallPlan() {
    const std::string csv =
        "plan_code,plan_title_en,period_start,item,measure_en,task,text_en,responsible,deadline_kind,due,cadence,"
        "internal\n"
        "p26,Plan 2026,2026-01-01,1,Measure,1.1,Build the shelter,labour,date,2026-06-30,,\n"
        "p26,Plan 2026,2026-01-01,1,Measure,1.2,Report on screenings,labour,ongoing,,quarterly,\n"
        "p26,Plan 2026,2026-01-01,1,Measure,1.3,Internal coordination,labour,ongoing,,monthly,1\n";
    auto admin = As("coordinator", "coordinator");
    auto out = plans_->Import(&admin, csv, PlanFormat::kCsv, false);
    EXPECT_TRUE(out && out->problems.empty() && out->plan);
    return out && out->plan ? out->plan->id : "";
  }

  Task Find(const std::string& plan_id, const std::string& number) { return SeedTask(plan_id, number); }
};

TEST_P(ProgressTest, AFocalPointReportsOnlyOnItsOwnAgencysTasks) {
  const std::string plan_id = LoadSeed();
  auto labour = As("ministry_focal", "labour");
  auto health = As("ministry_focal", "health");
  auto donor = As("donor", "donors");
  const Task own = SeedTask(plan_id, "4.2");    // labour is responsible for item 4
  const Task other = SeedTask(plan_id, "2.1");  // only the Ministry of Internal Affairs
  ReportInput in{std::nullopt, "in_progress", std::string("Repatriation agreed with two countries"), false, {}};
  auto ok = plans_->SubmitReport(labour, own.id, in);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->period, "2026-Q2");
  EXPECT_EQ(ok->agency, "labour");
  EXPECT_EQ(ok->state, ReportState::kSubmitted);

  auto refused = plans_->SubmitReport(labour, other.id, in);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  auto by_donor = plans_->SubmitReport(donor, own.id, in);
  ASSERT_FALSE(by_donor);
  EXPECT_EQ(by_donor.error().code, ErrorCode::kPermissionDenied);
  // Health shares item 4, so it may revise; a body outside the item may not.
  auto revise_other = plans_->ReviseReport(health, own.id, ok->id, ok->version, in);
  ASSERT_TRUE(revise_other) << revise_other.error().message;
  auto mfa = As("ministry_focal", "mfa");
  auto revise_outsider = plans_->ReviseReport(mfa, own.id, ok->id, revise_other->version, in);
  ASSERT_FALSE(revise_outsider);
  EXPECT_EQ(revise_outsider.error().code, ErrorCode::kPermissionDenied);
  auto attach_outsider = plans_->AddAttachment(mfa, own.id, ok->id, "a.pdf", "%PDF-1.4\n");
  ASSERT_FALSE(attach_outsider);
  EXPECT_EQ(attach_outsider.error().code, ErrorCode::kPermissionDenied);

  auto twice = plans_->SubmitReport(labour, own.id, in);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict) << "one report per task and period";
  auto future =
      plans_->SubmitReport(labour, own.id, ReportInput{std::string("2026-Q4"), "done", std::nullopt, false, {}});
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().code, ErrorCode::kInvalidArgument);
  auto wrong_cadence =
      plans_->SubmitReport(labour, own.id, ReportInput{std::string("2026-05"), "done", std::nullopt, false, {}});
  ASSERT_FALSE(wrong_cadence);
  EXPECT_EQ(Count("task_reports"), 1);
}

TEST_P(ProgressTest, TheCoordinatorReturnsThenAcceptsAndEveryChangeIsInTheHistory) {
  const std::string plan_id = LoadSeed();
  auto labour = As("ministry_focal", "labour");
  auto coordinator = As("coordinator", "coordinator");
  const Task task = SeedTask(plan_id, "10.2");
  ReportInput in{std::string("2026-Q1"),
                 "in_progress",
                 std::string("Premises found"),
                 false,
                 {Indicator{"beds", std::string("beds"), 20.0, 8.0}}};
  auto rep = plans_->SubmitReport(labour, task.id, in);
  ASSERT_TRUE(rep) << rep.error().message;
  auto by_focal = plans_->ReviewReport(labour, task.id, rep->id, rep->version, true, std::nullopt);
  ASSERT_FALSE(by_focal);
  EXPECT_EQ(by_focal.error().code, ErrorCode::kPermissionDenied);
  auto no_reason = plans_->ReviewReport(coordinator, task.id, rep->id, rep->version, false, std::nullopt);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().code, ErrorCode::kInvalidArgument);
  auto returned =
      plans_->ReviewReport(coordinator, task.id, rep->id, rep->version, false, std::string("Attach the lease"));
  ASSERT_TRUE(returned) << returned.error().message;
  EXPECT_EQ(returned->state, ReportState::kReturned);
  auto stale = plans_->ReviseReport(labour, task.id, rep->id, rep->version, in);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  in.status = "done";
  auto revised = plans_->ReviseReport(labour, task.id, rep->id, returned->version, in);
  ASSERT_TRUE(revised) << revised.error().message;
  EXPECT_EQ(revised->state, ReportState::kSubmitted);
  auto pdf = plans_->AddAttachment(labour, task.id, rep->id, "../lease.pdf", "%PDF-1.7\n%\xE2\xE3\n1 0 obj\n");
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->media_type, "application/pdf");
  EXPECT_EQ(pdf->filename, "lease.pdf");
  auto exe = plans_->AddAttachment(labour, task.id, rep->id, "lease.pdf", "MZ\x90\x00 not a pdf");
  ASSERT_FALSE(exe);
  EXPECT_EQ(exe.error().code, ErrorCode::kUnsupportedMediaType);
  auto big = plans_->AddAttachment(labour, task.id, rep->id, "big.pdf", "%PDF-" + std::string(5 * 1024 * 1024, 'x'));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kPayloadTooLarge);
  auto accepted = plans_->ReviewReport(coordinator, task.id, rep->id, revised->version, true, std::string("Thank you"));
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->state, ReportState::kAccepted);
  ASSERT_EQ(accepted->attachments.size(), 1u);
  auto final_edit = plans_->ReviseReport(labour, task.id, rep->id, accepted->version, in);
  ASSERT_FALSE(final_edit);
  EXPECT_EQ(final_edit.error().code, ErrorCode::kConflict);
  auto after = plans_->GetTask(&coordinator, task.id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, TaskStatus::kDone);
  EXPECT_EQ(after->due_state, "done");
  auto file = plans_->GetAttachment(&coordinator, task.id, rep->id, pdf->id);
  ASSERT_TRUE(file);
  EXPECT_EQ(std::string(file->bytes.begin(), file->bytes.begin() + 5), "%PDF-");

  auto history = plans_->History(&coordinator, task.id);
  ASSERT_TRUE(history);
  std::vector<std::string> actions;
  for (const auto& h : *history) actions.push_back(h.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"task.create", "report.submit", "report.return", "report.revise",
                                               "attachment.add", "report.accept"}));
  EXPECT_EQ((*history)[2].comment.value_or(""), "Attach the lease");
  // The audit log holds the same changes.
  auto audited = audit_->History("task_report", rep->id, 100);
  ASSERT_TRUE(audited);
  EXPECT_EQ(audited->size(), 5u);
}

TEST_P(ProgressTest, DonorsNeverSeeInternalNarrativesOrInternalTasks) {
  const std::string plan_id = ImportSmallPlan();
  auto labour = As("ministry_focal", "labour");
  auto donor = As("donor", "donors");
  auto coordinator = As("coordinator", "coordinator");
  const Task open = Find(plan_id, "1.2");
  const Task hidden = Find(plan_id, "1.3");
  EXPECT_TRUE(hidden.internal);
  auto rep = plans_->SubmitReport(
      labour, open.id, ReportInput{std::nullopt, "in_progress", std::string("Names of informants withheld"), true, {}});
  ASSERT_TRUE(rep);
  auto public_rep = plans_->SubmitReport(
      labour, open.id, ReportInput{std::string("2026-Q1"), "in_progress", std::string("Public summary"), false, {}});
  ASSERT_TRUE(public_rep);
  auto seen = plans_->ListReports(&donor, open.id);
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->size(), 2u);
  for (const auto& r : *seen) {
    if (r.narrative_internal) {
      EXPECT_FALSE(r.narrative) << "internal narrative leaked to a donor";
    } else {
      EXPECT_EQ(r.narrative.value_or(""), "Public summary");
    }
  }
  auto history = plans_->History(&donor, open.id);
  ASSERT_TRUE(history);
  for (const auto& h : *history) {
    if (h.narrative) {
      EXPECT_EQ(*h.narrative, "Public summary");
    }
  }
  auto full = plans_->ListReports(&coordinator, open.id);
  ASSERT_TRUE(full);
  EXPECT_TRUE(
      std::any_of(full->begin(), full->end(), [](const Report& r) { return r.narrative && r.narrative_internal; }));
  auto hidden_task = plans_->GetTask(&donor, hidden.id);
  ASSERT_FALSE(hidden_task);
  EXPECT_EQ(hidden_task.error().code, ErrorCode::kNotFound);
  auto donor_tasks = plans_->ListTasks(&donor, TaskFilter{plan_id, std::nullopt, std::nullopt, std::nullopt});
  ASSERT_TRUE(donor_tasks);
  EXPECT_EQ(donor_tasks->size(), 2u);
  auto shelter = As("shelter_staff", "shelter");
  auto no_view = plans_->ListTasks(&shelter, TaskFilter{});
  ASSERT_FALSE(no_view);
  EXPECT_EQ(no_view.error().code, ErrorCode::kPermissionDenied);
}

TEST_P(ProgressTest, OverdueCadenceAndSilenceFollowTheClock) {
  const std::string plan_id = ImportSmallPlan();  // clock: 2026-05-06
  auto labour = As("ministry_focal", "labour");
  auto coordinator = As("coordinator", "coordinator");
  auto state = [&](const std::string& number) { return Find(plan_id, number).due_state; };
  EXPECT_EQ(state("1.1"), "on_track");  // due 2026-06-30: 55 days away
  EXPECT_EQ(state("1.2"), "overdue");   // 2026-Q1 closed without a report
  EXPECT_EQ(state("1.3"), "overdue");   // 2026-04 closed without a report
  EXPECT_EQ(Find(plan_id, "1.3").current_period.value_or(""), "2026-05");

  const Task quarterly = Find(plan_id, "1.2");
  ASSERT_TRUE(plans_->SubmitReport(labour, quarterly.id,
                                   ReportInput{std::string("2026-Q1"), "in_progress", std::nullopt, false, {}}));
  EXPECT_EQ(state("1.2"), "due");
  ASSERT_TRUE(
      plans_->SubmitReport(labour, quarterly.id, ReportInput{std::nullopt, "in_progress", std::nullopt, false, {}}));
  EXPECT_EQ(state("1.2"), "reported");

  auto board = plans_->Board(&coordinator, plan_id);
  ASSERT_TRUE(board);
  EXPECT_TRUE(board->silent_agencies.empty()) << "labour reported today";
  EXPECT_EQ(board->totals.total, 3);
  EXPECT_EQ(board->totals.overdue, 1);  // 1.3

  clock_.Set(testing::kMay6th2026 + 40 * kDayMs);  // 2026-06-15
  EXPECT_EQ(state("1.1"), "due_soon");
  clock_.Set(testing::kMay6th2026 + 56 * kDayMs);  // 2026-07-01
  EXPECT_EQ(state("1.1"), "overdue");
  EXPECT_EQ(state("1.2"), "due") << "Q2 was reported; Q3 is open";
  clock_.Set(testing::kMay6th2026 + 148 * kDayMs);  // 2026-10-01
  EXPECT_EQ(state("1.2"), "overdue") << "Q3 closed without a report";
  board = plans_->Board(&coordinator, plan_id);
  ASSERT_TRUE(board);
  ASSERT_EQ(board->silent_agencies.size(), 1u) << "no report for over 90 days";
  EXPECT_EQ(board->silent_agencies[0].agency, "labour");
  EXPECT_EQ(board->overdue.size(), 3u);
  ASSERT_FALSE(board->by_agency.empty());
  EXPECT_EQ(board->by_agency[0].agency, "labour");
  EXPECT_EQ(board->by_agency[0].counts.overdue, 3);
  auto focal_board = plans_->Board(&labour, plan_id);
  ASSERT_FALSE(focal_board);
  EXPECT_EQ(focal_board.error().code, ErrorCode::kPermissionDenied);

  // A done date task is no longer overdue.
  const Task dated = Find(plan_id, "1.1");
  ASSERT_TRUE(plans_->SubmitReport(labour, dated.id, ReportInput{std::nullopt, "done", std::nullopt, false, {}}));
  EXPECT_EQ(state("1.1"), "done");
}

TEST_P(ProgressTest, AMeetingDecisionBecomesATaskThatIsReportedAndAccepted) {
  auto coordinator = As("coordinator", "coordinator");
  auto labour = As("ministry_focal", "labour");
  auto mia = As("ministry_focal", "mia");
  MeetingInput in{"Quarterly coordination meeting",
                  testing::kMay6th2026 + 10 * 3600 * 1000,
                  std::string("Baku"),
                  {"Shelter capacity", "Hotline staffing"},
                  {"labour", "mia"}};
  auto meeting = meetings_->Create(coordinator, in);
  ASSERT_TRUE(meeting) << meeting.error().message;
  auto by_focal = meetings_->Create(labour, in);
  ASSERT_FALSE(by_focal);
  EXPECT_EQ(by_focal.error().code, ErrorCode::kPermissionDenied);
  auto decision = meetings_->AddDecision(
      coordinator, meeting->id,
      DecisionInput{Text{std::string("Sığınacağa 10 çarpayı"), std::string("Add 10 shelter beds")}, "labour",
                    "2026-06-15", false});
  ASSERT_TRUE(decision) << decision.error().message;
  EXPECT_EQ(decision->number, "1.1");
  auto task = plans_->GetTask(&coordinator, decision->task_id);
  ASSERT_TRUE(task);
  EXPECT_EQ(task->plan_code, "meetings-2026");
  EXPECT_EQ(task->responsible, (std::vector<std::string>{"labour"}));
  EXPECT_EQ(task->deadline.due.value_or(""), "2026-06-15");
  EXPECT_EQ(task->meeting_id.value_or(""), meeting->id);
  auto not_owner = plans_->SubmitReport(mia, task->id, ReportInput{std::nullopt, "done", std::nullopt, false, {}});
  ASSERT_FALSE(not_owner);
  EXPECT_EQ(not_owner.error().code, ErrorCode::kPermissionDenied);
  auto rep = plans_->SubmitReport(
      labour, task->id,
      ReportInput{std::nullopt,
                  "done",
                  std::string("Beds delivered"),
                  false,
                  {Indicator{"beds", std::string("beds"), 10.0, 10.0}, Indicator{"rooms", std::nullopt, 4.0, 3.0}}});
  ASSERT_TRUE(rep) << rep.error().message;
  ASSERT_TRUE(plans_->ReviewReport(coordinator, task->id, rep->id, rep->version, true, std::nullopt));
  auto held = meetings_->Update(coordinator, meeting->id,
                                MeetingPatch{meeting->version + 1,
                                             std::nullopt,
                                             std::nullopt,
                                             std::nullopt,
                                             std::string("held"),
                                             std::nullopt,
                                             std::nullopt,
                                             std::string("Minutes"),
                                             {Invitee{"labour", "present"}, Invitee{"mia", "absent"}}});
  ASSERT_TRUE(held) << held.error().message;
  EXPECT_EQ(held->status, "held");
  ASSERT_EQ(held->decisions.size(), 1u);
  EXPECT_EQ(held->decisions[0].task_status, TaskStatus::kDone);
  // The focal point of an invited agency sees the meeting; others do not.
  EXPECT_TRUE(meetings_->Get(labour, meeting->id));
  auto health = As("ministry_focal", "health");
  auto not_invited = meetings_->Get(health, meeting->id);
  ASSERT_FALSE(not_invited);
  EXPECT_EQ(not_invited.error().code, ErrorCode::kPermissionDenied);
  auto summary = plans_->Summary(&coordinator, task->plan_id, 2026);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->meetings.held, 1);
  EXPECT_EQ(summary->meetings.decisions, 1);
  EXPECT_EQ(summary->meetings.decisions_done, 1);
  ASSERT_EQ(summary->agencies.size(), 1u);
  EXPECT_EQ(summary->agencies[0].counts.done, 1);
  EXPECT_EQ(summary->agencies[0].reports_accepted, 1);
  // The report's indicators, under the decision's item, in the order given.
  ASSERT_EQ(summary->items.size(), 1u);
  ASSERT_EQ(summary->items[0].indicators.size(), 2u);
  EXPECT_EQ(summary->items[0].indicators[0].name, "beds");
  EXPECT_EQ(summary->items[0].indicators[0].task_number, "1.1");
  EXPECT_EQ(summary->items[0].indicators[0].agency, "labour");
  EXPECT_EQ(summary->items[0].indicators[1].name, "rooms");
  EXPECT_EQ(summary->items[0].indicators[1].value, 3.0);
}

TEST_P(ProgressTest, FindingsAreAnsweredByTheAddressedBodyAndAgedOnTheBoard) {
  auto analyst = As("analyst", "coordinator");
  auto labour = As("ministry_focal", "labour");
  auto mia = As("ministry_focal", "mia");
  auto coordinator = As("coordinator", "coordinator");
  auto donor = As("donor", "donors");
  auto f = findings_->Create(
      analyst, FindingInput{"Shelter referrals slow", "Referrals wait over a week", "labour", std::nullopt});
  ASSERT_TRUE(f) << f.error().message;
  auto by_donor = findings_->Create(donor, FindingInput{"x", "y", "labour", std::nullopt});
  ASSERT_FALSE(by_donor);
  EXPECT_EQ(by_donor.error().code, ErrorCode::kPermissionDenied);
  clock_.Advance(45 * kDayMs);
  auto board = plans_->Board(&coordinator, std::nullopt);
  ASSERT_TRUE(board);
  ASSERT_EQ(board->open_findings.size(), 1u);
  EXPECT_EQ(board->open_findings[0].agency, "labour");
  EXPECT_EQ(board->open_findings[0].days_31_90, 1);
  EXPECT_EQ(board->open_findings[0].oldest_days, 45);
  auto wrong_body = findings_->Answer(mia, f->id, f->version, "Not ours");
  ASSERT_FALSE(wrong_body);
  auto answered = findings_->Answer(labour, f->id, f->version, "Two more staff assigned");
  ASSERT_TRUE(answered) << answered.error().message;
  EXPECT_EQ(answered->status, "answered");
  auto closed = findings_->Close(coordinator, f->id, answered->version, std::nullopt);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->status, "closed");
  auto mine = findings_->List(mia, FindingFilter{});
  ASSERT_TRUE(mine);
  EXPECT_TRUE(mine->empty()) << "mia neither recorded nor must answer it";
  board = plans_->Board(&coordinator, std::nullopt);
  ASSERT_TRUE(board);
  EXPECT_TRUE(board->open_findings.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ProgressTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::plan
