#include "referral/consent.h"

#include "audit/entry.h"
#include "core/ids.h"
#include "referral/store.h"
#include "text/bounded.h"

namespace nrm::referral {

namespace {

using directory::Principal;

constexpr const char* kConsentColumns =
    "id, person_id, recipient_agency_id, field_classes, purpose, valid_until, status, recorded_by, "
    "recorded_by_agency_id, created_at, withdrawn_at, version";

Consent ConsentFromRow(const store::Row& r, int64_t now) {
  Consent c;
  c.id = r.Text(0);
  c.person_id = r.Text(1);
  c.recipient_agency_id = r.Text(2);
  c.field_classes = access::ParseFieldMask(r.Text(3)).value_or(access::FieldMask{});
  c.purpose = r.Text(4);
  c.valid_until = r.Int(5);
  // A CHECK constraint admits only active and withdrawn; expired is computed.
  c.status = ParseConsentStatus(r.Text(6)).value_or(ConsentStatus::kActive);
  if (c.status == ConsentStatus::kActive && c.valid_until <= now) c.status = ConsentStatus::kExpired;
  c.recorded_by = r.Text(7);
  c.recorded_by_agency_id = r.Text(8);
  c.created_at = r.Int(9);
  c.withdrawn_at = r.OptInt(10);
  c.version = r.Int(11);
  return c;
}

audit::Entry EntryFor(const Principal& who, const char* action, const std::string& id, const std::string& rid) {
  audit::Entry e;
  e.action = action;
  e.actor_user_id = who.user_id;
  e.actor_agency_id = who.agency_id;
  e.object_type = kConsentObject;
  e.object_id = id;
  e.request_id = rid;
  return e;
}

}  // namespace

ConsentService::ConsentService(store::Database& db, access::AccessService& access, directory::Directory& directory,
                               notify::Inbox& inbox, const Clock& clock)
    : db_(db), access_(access), dir_(directory), inbox_(inbox), clock_(clock) {}

Status ConsentService::RequireActOnPerson(store::Transaction& tx, const Principal& who, const std::string& person_id) {
  auto d = access_.policy().Decide(tx, who, "person", person_id, "edit");
  if (!d) return tl::unexpected(d.error());
  if (!d->allowed) return Fail(ErrorCode::kNotFound, "no such person");
  return {};
}

Result<std::optional<Consent>> ConsentService::FindLive(store::Transaction& tx, const std::string& person_id,
                                                        const std::string& agency_id, const access::FieldMask& classes,
                                                        const std::optional<std::string>& consent_id, int64_t now) {
  auto rows = tx.Query(std::string("SELECT ") + kConsentColumns +
                           " FROM consents WHERE person_id = ? AND recipient_agency_id = ? AND status = 'active' "
                           "AND valid_until > ? AND (CAST(? AS TEXT) IS NULL OR id = ?) ORDER BY created_at DESC",
                       {person_id, agency_id, now, store::Opt(consent_id), store::Opt(consent_id)});
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& r : *rows) {
    Consent c = ConsentFromRow(r, now);
    bool covers = true;
    for (auto cls : classes) covers = covers && c.field_classes.count(cls);
    if (covers) return std::optional<Consent>(c);
  }
  return std::optional<Consent>();
}

Result<Consent> ConsentService::Create(const Principal& who, const ConsentInput& in, const std::string& request_id) {
  if (!who.Can(kCapPlace)) return Fail(ErrorCode::kPermissionDenied, "your role does not record consents");
  if (in.field_classes.empty()) return Fail(ErrorCode::kInvalidArgument, "field_classes must name at least one class");
  for (auto c : in.field_classes)
    if (!IsSharableClass(c))
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(access::FieldClassName(c)) + " fields are never shared through a consent");
  auto purpose = text::CleanText(in.purpose, "purpose", 2000, kMinPurpose);
  if (!purpose) return tl::unexpected(purpose.error());
  const int64_t now = clock_.NowMillis();
  if (in.valid_until <= now) return Fail(ErrorCode::kInvalidArgument, "valid_until must be in the future");
  if (in.valid_until > now + 2 * 366LL * 24 * 3600'000)
    return Fail(ErrorCode::kInvalidArgument, "valid_until must be at most two years ahead");
  auto agency = dir_.FindAgency(in.recipient_agency);
  if (!agency || !agency->active) return Fail(ErrorCode::kInvalidArgument, "no such recipient agency");
  if (agency->id == who.agency_id)
    return Fail(ErrorCode::kInvalidArgument, "a consent names another agency than your own");

  Consent c;
  c.id = NewUuidV7(clock_);
  c.person_id = in.person_id;
  c.recipient_agency_id = agency->id;
  c.field_classes = in.field_classes;
  c.purpose = *purpose;
  c.valid_until = in.valid_until;
  c.status = ConsentStatus::kActive;
  c.recorded_by = who.user_id;
  c.recorded_by_agency_id = who.agency_id;
  c.created_at = now;
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  if (auto s = RequireActOnPerson(t, who, in.person_id); !s) return tl::unexpected(s.error());
  auto ins = t.Exec(
      "INSERT INTO consents (id, person_id, recipient_agency_id, field_classes, purpose, valid_until, status, "
      "recorded_by, recorded_by_agency_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
      {c.id, c.person_id, c.recipient_agency_id, access::FormatFieldMask(c.field_classes), c.purpose, c.valid_until,
       c.recorded_by, c.recorded_by_agency_id, c.created_at});
  if (!ins) return tl::unexpected(ins.error());
  audit::Entry e = EntryFor(who, "consent.create", c.id, request_id);
  for (auto cls : c.field_classes) e.field_classes.emplace_back(access::FieldClassName(cls));
  e.detail = {{"person", c.person_id},
              {"recipient_agency", c.recipient_agency_id},
              {"valid_until", FormatRfc3339(c.valid_until)}};
  if (auto s = access_.audit().Append(t, e); !s) return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return c;
}

Result<std::vector<Consent>> ConsentService::List(const Principal& who, const std::string& person_id,
                                                  const std::string& request_id) {
  if (!who.Can(kCapPlace)) return Fail(ErrorCode::kPermissionDenied, "your role does not record consents");
  std::vector<Consent> out;
  bool allowed = true;
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    if (auto s = RequireActOnPerson(**tx, who, person_id); !s) {
      if (s.error().code != ErrorCode::kNotFound) return tl::unexpected(s.error());
      allowed = false;
    } else {
      auto rows = (*tx)->Query(
          std::string("SELECT ") + kConsentColumns + " FROM consents WHERE person_id = ? ORDER BY created_at DESC",
          {person_id});
      if (!rows) return tl::unexpected(rows.error());
      for (const auto& r : *rows) out.push_back(ConsentFromRow(r, clock_.NowMillis()));
    }
  }
  if (!allowed) {
    (void)access_.AuditDenied(who, "person", person_id, "consents", request_id);
    return Fail(ErrorCode::kNotFound, "no such person");
  }
  return out;
}

Result<Consent> ConsentService::Withdraw(const Principal& who, const std::string& id, int64_t version,
                                         const std::string& reason, const std::string& request_id) {
  if (!who.Can(kCapPlace)) return Fail(ErrorCode::kPermissionDenied, "your role does not record consents");
  auto why = text::CleanText(reason, "reason", 2000);
  if (!why) return tl::unexpected(why.error());
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto rows = t.Query(std::string("SELECT ") + kConsentColumns + " FROM consents WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such consent");
  Consent c = ConsentFromRow((*rows)[0], now);
  if (auto s = RequireActOnPerson(t, who, c.person_id); !s) {
    if (s.error().code == ErrorCode::kNotFound) return Fail(ErrorCode::kNotFound, "no such consent");
    return tl::unexpected(s.error());
  }
  if (c.status == ConsentStatus::kWithdrawn) return Fail(ErrorCode::kConflict, "the consent is already withdrawn");
  auto u = t.Exec(
      "UPDATE consents SET status = 'withdrawn', withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ?, "
      "version = version + 1 WHERE id = ? AND version = ? AND status = 'active'",
      {now, who.user_id, *why, id, version});
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kConflict, "the consent was changed by someone else; reload and try again");
  c.status = ConsentStatus::kWithdrawn;
  c.withdrawn_at = now;
  c.version += 1;

  // Every onward referral that relied on this consent ends now, and with it
  // the recipient's access.
  auto deps = t.Query(
      "SELECT id, to_agency_id, version FROM referrals WHERE consent_id = ? AND kind = 'onward' "
      "AND status IN ('pending', 'accepted')",
      {id});
  if (!deps) return tl::unexpected(deps.error());
  for (const auto& d : *deps) {
    const std::string rid = d.Text(0);
    if (auto s =
            internal::UpdateReferral(t, rid, d.Int(2), "status = 'revoked', end_reason = ?, ended_at = ?, ended_by = ?",
                                     {std::string("consent withdrawn"), now, who.user_id}, now);
        !s)
      return tl::unexpected(s.error());
    if (auto s = access_.RevokeRelationsBySource(t, &who, rid, request_id); !s) return tl::unexpected(s.error());
    auto users = inbox_.UsersWith(t, d.Text(1), kCapReceiveOnward);
    if (!users) return tl::unexpected(users.error());
    if (auto s =
            inbox_.Notify(t, *users, notify::Notice{"referral.revoked", kReferralObject, rid, "/referrals/" + rid});
        !s)
      return tl::unexpected(s.error());
    audit::Entry e;
    e.action = "referral.revoke";
    e.actor_user_id = who.user_id;
    e.actor_agency_id = who.agency_id;
    e.object_type = kReferralObject;
    e.object_id = rid;
    e.request_id = request_id;
    e.detail = {{"cause", "consent_withdrawn"}, {"consent", id}};
    if (auto s = access_.audit().Append(t, e); !s) return tl::unexpected(s.error());
    c.revoked_referral_ids.push_back(rid);
  }
  audit::Entry e = EntryFor(who, "consent.withdraw", id, request_id);
  e.detail = {{"person", c.person_id}, {"revoked_referrals", std::to_string(c.revoked_referral_ids.size())}};
  if (auto s = access_.audit().Append(t, e); !s) return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return c;
}

}  // namespace nrm::referral
