// The state changes of a referral: acknowledge, accept, decline, revoke,
// close. Each loads the referral in a write transaction, checks the caller's
// part and the state machine, bumps the version it was given, and audits and
// notifies in the same transaction.
#include <algorithm>

#include "core/ids.h"
#include "directory/roles.h"
#include "referral/consent.h"
#include "referral/service.h"
#include "referral/store.h"
#include "store/reference.h"
#include "text/bounded.h"

namespace nrm::referral {

using directory::Principal;

namespace {

tl::unexpected<Error> IllegalFrom(const Referral& r, const char* action) {
  return Fail(ErrorCode::kConflict, std::string("a referral in state ") + Name(r.status) + " cannot be " + action);
}

// A referral to the SPU is decided (accepted or declined) only once the
// intake has acknowledged it.
Status DecidableBySpu(const Referral& r, const char* action) {
  if (r.status == ReferralStatus::kAcknowledged) return {};
  if (r.status == ReferralStatus::kSubmitted)
    return Fail(ErrorCode::kConflict, "acknowledge the referral before deciding on it");
  return IllegalFrom(r, action);
}

}  // namespace

Result<Referral> ReferralService::LoadForChange(store::Transaction& tx, const Principal& who, const std::string& id,
                                                View& view) {
  if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such referral");
  auto r = internal::LoadReferral(tx, id, clock_.NowMillis());
  if (!r) return tl::unexpected(r.error());
  if (!*r) return Fail(ErrorCode::kNotFound, "no such referral");
  auto v = ViewOf(who, **r);
  if (!v) return Fail(ErrorCode::kNotFound, "no such referral");
  view = *v;
  return **r;
}

Result<Referral> ReferralService::Acknowledge(const Principal& who, const std::string& id, int64_t version,
                                              const std::string& request_id) {
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  View view;
  auto r = LoadForChange(t, who, id, view);
  if (!r) return tl::unexpected(r.error());
  if (r->kind != ReferralKind::kSpu || view != View::kFull)
    return Fail(ErrorCode::kPermissionDenied, "only the SPU intake acknowledges a referral to the SPU");
  if (r->status != ReferralStatus::kSubmitted) return IllegalFrom(*r, "acknowledged");
  if (auto s = internal::UpdateReferral(
          t, id, version, "status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?", {now, who.user_id}, now);
      !s)
    return tl::unexpected(s.error());
  if (auto s = Audit(t, &who, "referral.acknowledge", *r, request_id,
                     {{"late", r->ack_due_at && now > *r->ack_due_at ? "yes" : "no"}});
      !s)
    return tl::unexpected(s.error());
  return Finish(t, who, id);
}

Result<std::string> ReferralService::OpenCase(store::Transaction& t, const Principal& who, const Referral& r,
                                              const std::string& assignee, const std::string& request_id) {
  const int64_t now = clock_.NowMillis();
  const std::string id = NewUuidV7(clock_);
  auto reference = store::NextReference(t, "C", "case", now);
  if (!reference) return tl::unexpected(reference.error());
  auto ins = t.Exec(
      "INSERT INTO cases (id, reference, person_id, owner_agency_id, assignee_user_id, status, created_by, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)",
      {id, *reference, r.person_id, r.to_agency_id, assignee, who.user_id, now, now});
  if (!ins) return tl::unexpected(ins.error());
  access::Relation owner;
  owner.object_type = kCaseObject;
  owner.object_id = id;
  owner.relation = "owner_agency";
  owner.subject_type = "agency";
  owner.subject_id = r.to_agency_id;
  owner.kind = access::GrantKind::kOwner;
  owner.purpose = "case holder";
  if (auto rel = access_.AddRelation(t, &who, owner, request_id); !rel) return tl::unexpected(rel.error());
  access::Relation a;
  a.object_type = kCaseObject;
  a.object_id = id;
  a.relation = "assignee";
  a.subject_type = "user";
  a.subject_id = assignee;
  a.field_classes = access::FieldMask(access::AllFieldClasses().begin(), access::AllFieldClasses().end());
  a.kind = access::GrantKind::kAssignment;
  a.purpose = "investigator of an accepted referral";
  if (auto rel = access_.AddRelation(t, &who, a, request_id); !rel) return tl::unexpected(rel.error());
  audit::Entry e;
  e.action = "case.create";
  e.actor_user_id = who.user_id;
  e.actor_agency_id = who.agency_id;
  e.object_type = kCaseObject;
  e.object_id = id;
  e.request_id = request_id;
  e.detail = {{"referral", r.id}, {"person", r.person_id}};
  if (auto s = access_.audit().Append(t, e); !s) return tl::unexpected(s.error());
  return id;
}

Result<Referral> ReferralService::Accept(const Principal& who, const std::string& id, const AcceptInput& in,
                                         const std::string& request_id) {
  if (in.case_id && !IsUuid(*in.case_id)) return Fail(ErrorCode::kInvalidArgument, "no such case");
  // The assignee must be an investigator of the accepting agency.
  std::string assignee = who.user_id;
  if (in.assignee_user_id) {
    auto u = IsUuid(*in.assignee_user_id) ? dir_.GetUser(*in.assignee_user_id)
                                          : Result<directory::User>(Fail(ErrorCode::kNotFound, "no such user"));
    if (!u || u->disabled || u->agency_id != who.agency_id ||
        !directory::CapabilitiesOf(u->roles).count(kCapInvestigate))
      return Fail(ErrorCode::kInvalidArgument, "assignee_user_id must be an active investigator of your agency");
    assignee = u->id;
  }
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  View view;
  auto r = LoadForChange(t, who, id, view);
  if (!r) return tl::unexpected(r.error());

  if (r->kind == ReferralKind::kSpu) {
    if (view != View::kFull) return Fail(ErrorCode::kPermissionDenied, "only the SPU intake accepts a referral");
    if (!who.Can(kCapInvestigate)) return Fail(ErrorCode::kPermissionDenied, "your role does not take cases");
    if (auto s = DecidableBySpu(*r, "accepted"); !s) return tl::unexpected(s.error());
    std::string case_id;
    if (in.case_id) {
      auto c = t.Query("SELECT owner_agency_id FROM cases WHERE id = ?", {*in.case_id});
      if (!c) return tl::unexpected(c.error());
      if (c->empty() || (*c)[0].Text(0) != r->to_agency_id) return Fail(ErrorCode::kInvalidArgument, "no such case");
      case_id = *in.case_id;
    } else {
      auto c = OpenCase(t, who, *r, assignee, request_id);
      if (!c) return tl::unexpected(c.error());
      case_id = *c;
    }
    // The intake relation gives way to the SPU's own, and the referring
    // agency's relations to the person end with the handover.
    if (auto s = access_.RevokeRelationsBySource(t, &who, id, request_id); !s) return tl::unexpected(s.error());
    if (auto s = persons_.HandOver(t, who, r->person_id, r->to_agency_id, assignee, id, request_id); !s)
      return tl::unexpected(s.error());
    if (auto s = internal::UpdateReferral(
            t, id, in.version, "status = 'accepted', decided_at = ?, decided_by = ?, case_id = ?, assignee_user_id = ?",
            {now, who.user_id, case_id, assignee}, now);
        !s)
      return tl::unexpected(s.error());
    if (auto s = Tell(t, {r->created_by}, "referral.accepted", id); !s) return tl::unexpected(s.error());
    if (auto s = Audit(t, &who, "referral.accept", *r, request_id,
                       {{"case", case_id}, {"assignee", assignee}, {"person", r->person_id}});
        !s)
      return tl::unexpected(s.error());
    return Finish(t, who, id);
  }

  // Onward: the recipient takes the person on, seeing only the chosen classes.
  if (view != View::kRecipient)
    return Fail(ErrorCode::kPermissionDenied, "only the recipient agency accepts an onward referral");
  if (in.case_id || in.assignee_user_id)
    return Fail(ErrorCode::kInvalidArgument, "case_id and assignee_user_id are for referrals to the SPU");
  if (r->status != ReferralStatus::kPending) return IllegalFrom(*r, "accepted");
  std::optional<int64_t> expires;
  if (!r->consent_override) {
    auto consent = ConsentService::FindLive(t, r->person_id, r->to_agency_id, r->field_classes, r->consent_id, now);
    if (!consent) return tl::unexpected(consent.error());
    if (!*consent) return Fail(ErrorCode::kConflict, "the person's consent for this referral is no longer live");
    expires = (*consent)->valid_until;
  }
  access::Relation rel;
  rel.object_type = people::kObjectType;
  rel.object_id = r->person_id;
  rel.relation = "referral_recipient";
  rel.subject_type = "agency";
  rel.subject_id = r->to_agency_id;
  rel.field_classes = r->field_classes;
  rel.expires_at = expires;
  rel.kind = access::GrantKind::kReferral;
  rel.purpose = "onward referral: " + r->service;
  rel.source_id = id;
  auto granted = access_.AddRelation(t, &who, rel, request_id);
  if (!granted) return tl::unexpected(granted.error());
  if (auto s = internal::UpdateReferral(t, id, in.version, "status = 'accepted', decided_at = ?, decided_by = ?",
                                        {now, who.user_id}, now);
      !s)
    return tl::unexpected(s.error());
  if (auto s = Tell(t, {r->created_by}, "referral.accepted", id); !s) return tl::unexpected(s.error());
  if (auto s = Audit(t, &who, "referral.accept", *r, request_id, {{"grant", granted->id}}, r->field_classes); !s)
    return tl::unexpected(s.error());
  return Finish(t, who, id);
}

Result<Referral> ReferralService::Decline(const Principal& who, const std::string& id, int64_t version,
                                          const std::string& reason, const std::string& request_id) {
  auto why = text::CleanText(reason, "reason", 2000, kMinDeclineReason);
  if (!why) return tl::unexpected(why.error());
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  View view;
  auto r = LoadForChange(t, who, id, view);
  if (!r) return tl::unexpected(r.error());
  if (r->kind == ReferralKind::kSpu) {
    if (view != View::kFull) return Fail(ErrorCode::kPermissionDenied, "only the SPU intake declines a referral");
    if (auto s = DecidableBySpu(*r, "declined"); !s) return tl::unexpected(s.error());
  } else {
    if (view != View::kRecipient)
      return Fail(ErrorCode::kPermissionDenied, "only the recipient agency declines an onward referral");
    if (r->status != ReferralStatus::kPending) return IllegalFrom(*r, "declined");
  }
  if (auto s = internal::UpdateReferral(t, id, version,
                                        "status = 'declined', decided_at = ?, decided_by = ?, decline_reason = ?",
                                        {now, who.user_id, *why}, now);
      !s)
    return tl::unexpected(s.error());
  if (auto s = access_.RevokeRelationsBySource(t, &who, id, request_id); !s) return tl::unexpected(s.error());
  if (auto s = Tell(t, {r->created_by}, "referral.declined", id); !s) return tl::unexpected(s.error());
  if (auto s = Audit(t, &who, "referral.decline", *r, request_id); !s) return tl::unexpected(s.error());
  return Finish(t, who, id);
}

Result<Referral> ReferralService::Revoke(const Principal& who, const std::string& id, int64_t version,
                                         const std::string& reason, const std::string& request_id) {
  auto why = text::CleanText(reason, "reason", 2000, kMinDeclineReason);
  if (!why) return tl::unexpected(why.error());
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  View view;
  auto r = LoadForChange(t, who, id, view);
  if (!r) return tl::unexpected(r.error());
  if (r->kind != ReferralKind::kOnward || view != View::kFull)
    return Fail(ErrorCode::kPermissionDenied, "only the referring SPU revokes an onward referral");
  if (r->status != ReferralStatus::kPending && r->status != ReferralStatus::kAccepted)
    return IllegalFrom(*r, "revoked");
  if (auto s =
          internal::UpdateReferral(t, id, version, "status = 'revoked', end_reason = ?, ended_at = ?, ended_by = ?",
                                   {*why, now, who.user_id}, now);
      !s)
    return tl::unexpected(s.error());
  if (auto s = access_.RevokeRelationsBySource(t, &who, id, request_id); !s) return tl::unexpected(s.error());
  if (auto s = TellAgency(t, r->to_agency_id, kCapReceiveOnward, "referral.revoked", id); !s)
    return tl::unexpected(s.error());
  if (auto s = Audit(t, &who, "referral.revoke", *r, request_id); !s) return tl::unexpected(s.error());
  return Finish(t, who, id);
}

Result<Referral> ReferralService::Close(const Principal& who, const std::string& id, int64_t version,
                                        const std::string& reason, const std::string& request_id) {
  auto why = text::CleanText(reason, "reason", 2000);
  if (!why) return tl::unexpected(why.error());
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  View view;
  auto r = LoadForChange(t, who, id, view);
  if (!r) return tl::unexpected(r.error());
  if (r->kind != ReferralKind::kOnward)
    return Fail(ErrorCode::kConflict, "a referral to the SPU ends by acceptance or refusal");
  if (r->status != ReferralStatus::kAccepted) return IllegalFrom(*r, "closed");
  if (auto s = internal::UpdateReferral(
          t, id, version, "status = 'closed', end_reason = ?, ended_at = ?, ended_by = ?",
          {why->empty() ? store::Value(store::Null{}) : store::Value(*why), now, who.user_id}, now);
      !s)
    return tl::unexpected(s.error());
  if (auto s = access_.RevokeRelationsBySource(t, &who, id, request_id); !s) return tl::unexpected(s.error());
  // The other party learns of it.
  if (view == View::kRecipient) {
    if (auto s = Tell(t, {r->created_by}, "referral.closed", id); !s) return tl::unexpected(s.error());
  } else if (auto s = TellAgency(t, r->to_agency_id, kCapReceiveOnward, "referral.closed", id); !s) {
    return tl::unexpected(s.error());
  }
  if (auto s = Audit(t, &who, "referral.close", *r, request_id); !s) return tl::unexpected(s.error());
  return Finish(t, who, id);
}

Result<std::optional<access::ObjectInfo>> ReferralService::DescribeCase(store::Transaction& tx,
                                                                        const std::string& key) {
  auto rows = tx.Query("SELECT id, reference, owner_agency_id FROM cases WHERE id = ? OR reference = ?", {key, key});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<access::ObjectInfo>();
  const auto& r = (*rows)[0];
  return std::optional<access::ObjectInfo>(access::ObjectInfo{kCaseObject, r.Text(0), r.Text(1), r.Text(2)});
}

}  // namespace nrm::referral
