// Onward referral: consent, supervisor override, acceptance limited to the
// chosen classes, and revocation that ends access at once.
#include "referral_fixture.h"

namespace nrm::referral::testing {
namespace {

using access::FieldClass;

OnwardReferralInput ToShelter(const std::string& person) {
  OnwardReferralInput in;
  in.person_id = person;
  in.recipient_agency = "shelter";
  in.service = "shelter";
  in.field_classes = {FieldClass::kIdentity};
  in.purpose = "safe accommodation after identification";
  return in;
}

ConsentInput ConsentFor(const std::string& person, int64_t until) {
  return ConsentInput{
      person, "shelter", {FieldClass::kIdentity, FieldClass::kDetail}, "placement in the safe shelter", until};
}

TEST_P(ReferralTest, OnwardWithoutConsentIsRefusedUnlessASupervisorOverrides) {
  const Referral handed = Handed();
  const std::string person =
      handed.person_id.empty() ? referrals_->Get(investigator_, handed.id, "req")->person_id : handed.person_id;
  const int64_t before = Count("referrals");
  auto refused = referrals_->CreateOnward(investigator_, ToShelter(person), "req");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("consent"), std::string::npos);
  EXPECT_EQ(Count("referrals"), before) << "nothing written";
  // An investigator may not override; a supervisor must give a real reason.
  auto in = ToShelter(person);
  in.override_reason = "she is in danger tonight and cannot be asked now";
  EXPECT_EQ(referrals_->CreateOnward(investigator_, in, "req").error().code, ErrorCode::kPermissionDenied);
  auto shorter = in;
  shorter.override_reason = "urgent";
  EXPECT_EQ(referrals_->CreateOnward(supervisor_, shorter, "req").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Count("oversight_alerts"), 0);
  auto o = referrals_->CreateOnward(supervisor_, in, "req");
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->status, ReferralStatus::kPending);
  EXPECT_TRUE(o->consent_override);
  // Oversight sees an alert, and the audit log the override.
  auto alerts = access_->Alerts(oversight_, false);
  ASSERT_TRUE(alerts) << alerts.error().message;
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ((*alerts)[0].kind, "consent_override");
  EXPECT_EQ((*alerts)[0].actor_user_id, supervisor_.user_id);
  EXPECT_EQ((*alerts)[0].object_id, person);
  auto history = audit_->History("person", person, 200);
  ASSERT_TRUE(history);
  EXPECT_TRUE(std::any_of(history->begin(), history->end(), [&](const auto& e) {
    return e.entry.action == "consent.override" && e.entry.actor_user_id == supervisor_.user_id;
  }));
  EXPECT_EQ(Notices(shelter_, "referral.onward"), 1);
}

TEST_P(ReferralTest, ConsentedOnwardReferralOpensOnlyTheChosenClassesUntilRevoked) {
  const Referral handed = Handed();
  const std::string person = referrals_->Get(investigator_, handed.id, "req")->person_id;
  auto consent = consents_->Create(investigator_, ConsentFor(person, kStart + 30LL * 24 * 60 * kMinute), "req");
  ASSERT_TRUE(consent) << consent.error().message;
  // A consent covers only what it names.
  auto wider = ToShelter(person);
  wider.field_classes = {FieldClass::kIdentity, FieldClass::kHealth};
  EXPECT_EQ(referrals_->CreateOnward(investigator_, wider, "req").error().code, ErrorCode::kConflict);
  auto o = referrals_->CreateOnward(investigator_, ToShelter(person), "req");
  ASSERT_TRUE(o) << o.error().message;
  ASSERT_TRUE(o->consent_id);
  EXPECT_EQ(*o->consent_id, consent->id);
  EXPECT_EQ(persons_->Get(shelter_, person, "req").error().code, ErrorCode::kNotFound) << "not before acceptance";
  auto queue = referrals_->List(shelter_, ListQuery{"", true, 50});
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->box, "onward");
  ASSERT_EQ(queue->items.size(), 1u);
  EXPECT_EQ(queue->items[0].view, View::kRecipient);
  EXPECT_EQ(referrals_->Accept(hotline_, o->id, AcceptInput{o->version, {}, {}}, "req").error().code,
            ErrorCode::kNotFound);
  auto accepted = referrals_->Accept(shelter_, o->id, AcceptInput{o->version, {}, {}}, "req");
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(Notices(investigator_, "referral.accepted"), 1);
  auto seen = persons_->Get(shelter_, person, "req");
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_TRUE(seen->groups.count(FieldClass::kIdentity));
  EXPECT_FALSE(seen->groups.count(FieldClass::kContact)) << "contact was not in the packet";
  // Revocation ends the access for the very next read.
  EXPECT_EQ(referrals_->Revoke(shelter_, o->id, accepted->version, "the shelter may not revoke", "req").error().code,
            ErrorCode::kPermissionDenied);
  auto revoked = referrals_->Revoke(investigator_, o->id, accepted->version, "moved to another shelter", "req");
  ASSERT_TRUE(revoked) << revoked.error().message;
  EXPECT_EQ(revoked->status, ReferralStatus::kRevoked);
  EXPECT_EQ(persons_->Get(shelter_, person, "req").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Notices(shelter_, "referral.revoked"), 1);
  EXPECT_EQ(referrals_->Close(investigator_, o->id, revoked->version, "", "req").error().code, ErrorCode::kConflict);
}

TEST_P(ReferralTest, ClosingOrWithdrawingConsentEndsTheRecipientsAccess) {
  const Referral handed = Handed();
  const std::string person = referrals_->Get(investigator_, handed.id, "req")->person_id;
  auto consent = consents_->Create(investigator_, ConsentFor(person, kStart + 30LL * 24 * 60 * kMinute), "req");
  ASSERT_TRUE(consent);
  // Closed by the recipient when the service is done.
  auto first = referrals_->CreateOnward(investigator_, ToShelter(person), "req");
  ASSERT_TRUE(first);
  auto a1 = referrals_->Accept(shelter_, first->id, AcceptInput{first->version, {}, {}}, "req");
  ASSERT_TRUE(a1);
  ASSERT_TRUE(persons_->Get(shelter_, person, "req"));
  auto closed = referrals_->Close(shelter_, first->id, a1->version, "left the shelter", "req");
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(persons_->Get(shelter_, person, "req").error().code, ErrorCode::kNotFound);
  // Withdrawn consent revokes the dependent referral at once.
  auto second = referrals_->CreateOnward(investigator_, ToShelter(person), "req");
  ASSERT_TRUE(second);
  auto a2 = referrals_->Accept(shelter_, second->id, AcceptInput{second->version, {}, {}}, "req");
  ASSERT_TRUE(a2);
  ASSERT_TRUE(persons_->Get(shelter_, person, "req"));
  auto listed = consents_->List(investigator_, person, "req");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(consents_->List(shelter_, person, "req").error().code, ErrorCode::kPermissionDenied);
  auto w = consents_->Withdraw(investigator_, consent->id, consent->version, "the person withdrew it", "req");
  ASSERT_TRUE(w) << w.error().message;
  EXPECT_EQ(w->status, ConsentStatus::kWithdrawn);
  ASSERT_EQ(w->revoked_referral_ids, std::vector<std::string>{second->id});
  EXPECT_EQ(persons_->Get(shelter_, person, "req").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(referrals_->Get(investigator_, second->id, "req")->status, ReferralStatus::kRevoked);
  EXPECT_EQ(consents_->Withdraw(investigator_, consent->id, w->version, "", "req").error().code, ErrorCode::kConflict);
  // Without a live consent a new onward referral is refused again.
  EXPECT_EQ(referrals_->CreateOnward(investigator_, ToShelter(person), "req").error().code, ErrorCode::kConflict);
}

TEST_P(ReferralTest, ConsentExpiresWithItsDateAndChecksItsInput) {
  const Referral handed = Handed();
  const std::string person = referrals_->Get(investigator_, handed.id, "req")->person_id;
  EXPECT_EQ(consents_->Create(investigator_, ConsentFor(person, kStart - 1), "req").error().code,
            ErrorCode::kInvalidArgument);
  auto bad = ConsentFor(person, kStart + kMinute * 60);
  bad.field_classes = {FieldClass::kInvestigation};
  EXPECT_EQ(consents_->Create(investigator_, bad, "req").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(consents_->Create(border_, ConsentFor(person, kStart + kMinute * 60), "req").error().code,
            ErrorCode::kPermissionDenied);
  auto c = consents_->Create(investigator_, ConsentFor(person, kStart + kMinute * 60), "req");
  ASSERT_TRUE(c);
  auto o = referrals_->CreateOnward(investigator_, ToShelter(person), "req");
  ASSERT_TRUE(o);
  clock_.Set(kStart + 2 * 60 * kMinute);
  EXPECT_EQ(referrals_->Accept(shelter_, o->id, AcceptInput{o->version, {}, {}}, "req").error().code,
            ErrorCode::kConflict)
      << "an expired consent does not open the person";
  EXPECT_EQ(referrals_->CreateOnward(investigator_, ToShelter(person), "req").error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace nrm::referral::testing
