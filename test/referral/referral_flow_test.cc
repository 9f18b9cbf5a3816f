// Referral to the SPU: the state machine, the SLA clock and the handover.
#include "referral_fixture.h"

namespace nrm::referral::testing {
namespace {

using store::testing::ParamName;

TEST_P(ReferralTest, StateMachineRefusesIllegalTransitionsAndStaleVersions) {
  auto s = Screen(border_);
  auto r = referrals_->CreateToSpu(border_, ToSpu(s.id), "req");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, ReferralStatus::kSubmitted);
  EXPECT_EQ(r->view, View::kStatus);  // the referrer sees the status only
  EXPECT_TRUE(r->person_id.empty());
  // Deciding before acknowledging, or from the wrong side, is refused.
  EXPECT_EQ(referrals_->Accept(investigator_, r->id, AcceptInput{r->version, {}, {}}, "req").error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(referrals_->Decline(investigator_, r->id, r->version, "not our competence", "req").error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(referrals_->Acknowledge(border_, r->id, r->version, "req").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(referrals_->Acknowledge(hotline_, r->id, r->version, "req").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(referrals_->Acknowledge(investigator_, r->id, r->version + 1, "req").error().code, ErrorCode::kConflict);
  auto a = referrals_->Acknowledge(investigator_, r->id, r->version, "req");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->status, ReferralStatus::kAcknowledged);
  EXPECT_EQ(a->version, r->version + 1);
  EXPECT_EQ(referrals_->Acknowledge(investigator_, r->id, a->version, "req").error().code, ErrorCode::kConflict);
  // A decline needs a real reason; a stale version is refused.
  EXPECT_EQ(referrals_->Decline(investigator_, r->id, a->version, "short", "req").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(referrals_->Accept(investigator_, r->id, AcceptInput{r->version, {}, {}}, "req").error().code,
            ErrorCode::kConflict);
  auto c = referrals_->Accept(investigator_, r->id, AcceptInput{a->version, {}, {}}, "req");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->status, ReferralStatus::kAccepted);
  ASSERT_TRUE(c->case_reference);
  EXPECT_EQ(c->case_reference->rfind("C-2026-", 0), 0u);
  EXPECT_EQ(referrals_->Decline(investigator_, r->id, c->version, "changed our mind", "req").error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(referrals_->Revoke(supervisor_, r->id, c->version, "not an onward referral", "req").error().code,
            ErrorCode::kPermissionDenied);
  // The referrer was told; the audit log holds each step.
  EXPECT_EQ(Notices(border_, "referral.accepted"), 1);
  auto history = audit_->History("referral", r->id, 100);
  ASSERT_TRUE(history);
  std::set<std::string> actions;
  for (const auto& e : *history) actions.insert(e.entry.action);
  for (const char* a : {"referral.create", "referral.acknowledge", "referral.accept"})
    EXPECT_TRUE(actions.count(a)) << a;
}

TEST_P(ReferralTest, DeclineEndsTheSpuIntakeAccessAndTellsTheReferrer) {
  auto s = Screen(border_);
  auto r = referrals_->CreateToSpu(border_, ToSpu(s.id), "req");
  ASSERT_TRUE(r);
  auto full = referrals_->Get(investigator_, r->id, "req");
  ASSERT_TRUE(full) << full.error().message;
  ASSERT_TRUE(full->circumstances);
  EXPECT_EQ(*full->circumstances, "Found without documents, says her passport was taken.");
  ASSERT_TRUE(full->screening);
  EXPECT_EQ(full->screening->indicators, std::vector<std::string>{"adult-labour.d1.deceived-nature-of-job"});
  EXPECT_TRUE(persons_->Get(investigator_, full->person_id, "req")) << "the SPU reads what it is handed";
  auto a = referrals_->Acknowledge(investigator_, r->id, r->version, "req");
  ASSERT_TRUE(a);
  auto d = referrals_->Decline(investigator_, r->id, a->version, "no indicators of trafficking", "req");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->status, ReferralStatus::kDeclined);
  EXPECT_EQ(persons_->Get(investigator_, full->person_id, "req").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(persons_->Get(border_, full->person_id, "req")) << "the referrer keeps its own record";
  EXPECT_EQ(Notices(border_, "referral.declined"), 1);
  auto seen = referrals_->Get(border_, r->id, "req");
  ASSERT_TRUE(seen);
  ASSERT_TRUE(seen->decline_reason);
}

TEST_P(ReferralTest, HandoverLeavesTheReferrerOnlyTheStatus) {
  auto s = Screen(border_);
  auto r = referrals_->CreateToSpu(border_, ToSpu(s.id), "req");
  ASSERT_TRUE(r);
  auto full = referrals_->Get(investigator_, r->id, "req");
  ASSERT_TRUE(full);
  const std::string person = full->person_id;
  ASSERT_TRUE(persons_->Get(border_, person, "req")) << "before the handover the referrer is the assignee";
  auto a = referrals_->Acknowledge(investigator_, r->id, r->version, "req");
  ASSERT_TRUE(a);
  auto c = referrals_->Accept(investigator_, r->id, AcceptInput{a->version, {}, {}}, "req");
  ASSERT_TRUE(c) << c.error().message;
  // The referring user's access ends; the SPU holds the person.
  EXPECT_EQ(persons_->Get(border_, person, "req").error().code, ErrorCode::kNotFound);
  auto p = persons_->Get(investigator_, person, "req");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->owner_agency_id, investigator_.agency_id);
  EXPECT_EQ(p->groups[access::FieldClass::kIdentity]["family_name"], "Məmmədova");
  EXPECT_TRUE(persons_->Get(supervisor_, person, "req")) << "the owner agency's supervisor";
  // The referrer sees the status of its referral, never the case or person.
  auto seen = referrals_->Get(border_, r->id, "req");
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->view, View::kStatus);
  EXPECT_EQ(seen->status, ReferralStatus::kAccepted);
  EXPECT_TRUE(seen->person_id.empty());
  EXPECT_FALSE(seen->case_id);
  EXPECT_FALSE(seen->circumstances);
  auto list = referrals_->List(border_, ListQuery{"sent", false, 50});
  ASSERT_TRUE(list);
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_TRUE(list->items[0].person_id.empty());
  // Bystanders see nothing.
  EXPECT_EQ(referrals_->Get(hotline_, r->id, "req").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(referrals_->Get(shelter_, r->id, "req").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(referrals_->Get(coordinator_, r->id, "req").error().code, ErrorCode::kNotFound);
  // The SPU case record exists and is the SPU's.
  auto cases = Select("SELECT owner_agency_id, assignee_user_id, person_id FROM cases WHERE id = ?", {*c->case_id});
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].Text(0), investigator_.agency_id);
  EXPECT_EQ(cases[0].Text(1), investigator_.user_id);
  EXPECT_EQ(cases[0].Text(2), person);
}

TEST_P(ReferralTest, SlaEscalatesOncePerStageWithTheInjectedClock) {
  auto s = Screen(border_);
  auto r = referrals_->CreateToSpu(border_, ToSpu(s.id), "req");
  ASSERT_TRUE(r);
  EXPECT_EQ(Notices(investigator_, "referral.new"), 1);
  EXPECT_EQ(Notices(supervisor_, "referral.new"), 1);
  ASSERT_TRUE(r->ack_due_at);
  EXPECT_EQ(*r->ack_due_at, kStart + 60 * kMinute);
  EXPECT_EQ(*r->decision_due_at, kStart + 24 * 60 * kMinute);

  clock_.Set(kStart + 59 * kMinute);
  auto n = referrals_->EscalateOverdue(clock_.NowMillis());
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 0);
  EXPECT_FALSE(referrals_->Get(investigator_, r->id, "req")->ack_overdue);
  EXPECT_EQ(Notices(supervisor_, "referral.overdue"), 0);

  clock_.Set(kStart + 61 * kMinute);
  EXPECT_TRUE(referrals_->Get(investigator_, r->id, "req")->ack_overdue);
  n = referrals_->EscalateOverdue(clock_.NowMillis());
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(Notices(supervisor_, "referral.overdue"), 1);
  EXPECT_EQ(Notices(coordinator_, "referral.overdue"), 1);
  EXPECT_EQ(Notices(investigator_, "referral.overdue"), 0) << "supervisors, not every investigator";
  EXPECT_EQ(Notices(oversight_, "referral.overdue"), 0);
  // A second sweep (or a second process) does not notify again.
  clock_.Set(kStart + 62 * kMinute);
  n = referrals_->EscalateOverdue(clock_.NowMillis());
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(Notices(supervisor_, "referral.overdue"), 1);

  // Acknowledged late; the decision clock still runs.
  auto a = referrals_->Acknowledge(investigator_, r->id, r->version, "req");
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->ack_overdue);
  clock_.Set(kStart + 24 * 60 * kMinute - kMinute);
  EXPECT_EQ(*referrals_->EscalateOverdue(clock_.NowMillis()), 0);
  clock_.Set(kStart + 24 * 60 * kMinute + kMinute);
  EXPECT_TRUE(referrals_->Get(investigator_, r->id, "req")->decision_overdue);
  EXPECT_EQ(*referrals_->EscalateOverdue(clock_.NowMillis()), 1);
  EXPECT_EQ(Notices(supervisor_, "referral.overdue"), 2);
  EXPECT_EQ(Notices(coordinator_, "referral.overdue"), 2);
  EXPECT_EQ(*referrals_->EscalateOverdue(clock_.NowMillis() + kMinute), 0);
  auto history = audit_->History("referral", r->id, 100);
  ASSERT_TRUE(history);
  int overdue = 0;
  for (const auto& e : *history) overdue += e.entry.action == "referral.overdue";
  EXPECT_EQ(overdue, 2);
  // A decided referral is never escalated.
  auto c = referrals_->Accept(investigator_, r->id, AcceptInput{a->version, {}, {}}, "req");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->decision_overdue);
}

TEST_P(ReferralTest, ScreeningValidatesCodesAndKeepsNotesToItsAgency) {
  ScreeningInput in;
  in.indicators = {"no-such-indicator"};
  in.outcome = "presumed_victim";
  EXPECT_EQ(screenings_->Create(border_, in, "req").error().code, ErrorCode::kInvalidArgument);
  in.indicators = {"adult-labour.d1.deceived-nature-of-job"};
  in.forms_of_exploitation = {"NotAForm"};
  EXPECT_EQ(screenings_->Create(border_, in, "req").error().code, ErrorCode::kInvalidArgument);
  in.forms_of_exploitation = {"SexualExploitation"};
  in.outcome = "maybe";
  EXPECT_EQ(screenings_->Create(border_, in, "req").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Count("screenings"), 0);
  auto s = Screen(border_);
  EXPECT_EQ(s.reference.rfind("S-2026-", 0), 0u);
  auto mine = screenings_->Get(border_, s.id, "req");
  ASSERT_TRUE(mine);
  ASSERT_TRUE(mine->notes);
  EXPECT_EQ(*mine->notes, "met at the border post");
  EXPECT_EQ(screenings_->Get(hotline_, s.id, "req").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(screenings_->Create(donor_, in, "req").error().code, ErrorCode::kPermissionDenied);
  // The notes are sealed at rest.
  auto rows = Select("SELECT notes_sealed FROM screenings WHERE id = ?", {s.id});
  ASSERT_EQ(rows.size(), 1u);
  const auto blob = rows[0].Bytes(0);
  EXPECT_EQ(std::string(blob.begin(), blob.end()).find("border post"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReferralTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         ParamName);

}  // namespace
}  // namespace nrm::referral::testing

namespace nrm::referral::testing {
namespace {

TEST_P(ReferralTest, ANewPersonIsCheckedForDuplicatesAndOnlyTheHolderIsNamed) {
  auto first = referrals_->CreateToSpu(border_, ToSpu(Screen(border_).id), "req");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->possible_matches.empty());
  auto police = User("t.police", "police_liaison", "police");
  auto in = ToSpu(Screen(police).id);
  in.person->groups[access::FieldClass::kIdentity] = {{"given_names", "Aynur"}, {"family_name", "Мамедова"}};
  auto second = referrals_->CreateToSpu(police, in, "req");
  ASSERT_TRUE(second) << second.error().message;
  ASSERT_EQ(second->possible_matches.size(), 1u);
  EXPECT_EQ(second->possible_matches[0].agency_code, "border");
  EXPECT_FALSE(second->possible_matches[0].match_token.empty());
}

}  // namespace
}  // namespace nrm::referral::testing
