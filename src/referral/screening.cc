#include "referral/screening.h"

#include <algorithm>
#include <set>

#include "core/ids.h"
#include "crypto/field_cipher.h"
#include "referral/store.h"
#include "store/reference.h"
#include "text/bounded.h"

namespace nrm::referral {

using directory::Principal;

ScreeningService::ScreeningService(store::Database& db, const crypto::Keyring& keyring, access::AccessService& access,
                                   std::shared_ptr<const IndicatorCatalogue> catalogue, const Clock& clock)
    : db_(db),
      keyring_(keyring),
      access_(access),
      catalogue_(std::move(catalogue)),
      clock_(clock),
      idempotency_(db, keyring, clock) {}

Result<Screening> ScreeningService::Create(const Principal& who, const ScreeningInput& in,
                                           const std::string& request_id, const IdempotencyClaim* idem) {
  if (!who.Can(kCapScreen)) return Fail(ErrorCode::kPermissionDenied, "your role does not allow screening");
  if (in.indicators.size() > 300) return Fail(ErrorCode::kInvalidArgument, "too many indicators");
  if (in.forms_of_exploitation.size() > 20) return Fail(ErrorCode::kInvalidArgument, "too many forms of exploitation");
  for (const auto& c : in.indicators)
    if (!catalogue_->IsIndicator(c)) return Fail(ErrorCode::kInvalidArgument, "unknown indicator: " + c.substr(0, 80));
  for (const auto& c : in.forms_of_exploitation)
    if (!catalogue_->IsFormOfExploitation(c))
      return Fail(ErrorCode::kInvalidArgument, "unknown form of exploitation: " + c.substr(0, 80));
  if (std::set<std::string>(in.indicators.begin(), in.indicators.end()).size() != in.indicators.size() ||
      std::set<std::string>(in.forms_of_exploitation.begin(), in.forms_of_exploitation.end()).size() !=
          in.forms_of_exploitation.size())
    return Fail(ErrorCode::kInvalidArgument, "a code is listed twice");
  if (!catalogue_->IsOutcome(in.outcome)) return Fail(ErrorCode::kInvalidArgument, "unknown outcome");
  auto notes = text::CleanText(in.notes, "notes", kMaxNotesBytes);
  if (!notes) return tl::unexpected(notes.error());

  Screening s;
  s.id = NewUuidV7(clock_);
  s.agency_id = who.agency_id;
  s.created_by = who.user_id;
  s.indicators = in.indicators;
  s.forms_of_exploitation = in.forms_of_exploitation;
  s.outcome = in.outcome;
  s.created_at = clock_.NowMillis();
  store::Value sealed = store::Null{};
  if (!notes->empty()) {
    auto blob = crypto::Seal(keyring_, "screenings", "notes_sealed", s.id, *notes);
    if (!blob) return tl::unexpected(blob.error());
    sealed = std::move(*blob);
    s.notes = *notes;
  }
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto ref = store::NextReference(t, "S", "screening", s.created_at);
  if (!ref) return tl::unexpected(ref.error());
  s.reference = *ref;
  auto ins = t.Exec(
      "INSERT INTO screenings (id, reference, agency_id, created_by, indicators, forms_of_exploitation, outcome, "
      "notes_sealed, referral_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
      {s.id, s.reference, s.agency_id, s.created_by, internal::CodesJson(s.indicators),
       internal::CodesJson(s.forms_of_exploitation), s.outcome, sealed, s.created_at});
  if (!ins) return tl::unexpected(ins.error());
  audit::Entry e;
  e.action = "screening.create";
  e.actor_user_id = who.user_id;
  e.actor_agency_id = who.agency_id;
  e.object_type = kScreeningObject;
  e.object_id = s.id;
  e.request_id = request_id;
  e.detail = {{"outcome", s.outcome}, {"indicators", std::to_string(s.indicators.size())}};
  if (auto st = access_.audit().Append(t, e); !st) return tl::unexpected(st.error());
  if (idem)
    if (auto st = idempotency_.Record(t, *idem, s.id, 201); !st) return tl::unexpected(st.error());
  if (auto st = t.Commit(); !st) return tl::unexpected(st.error());
  return s;
}

Result<Screening> ScreeningService::Get(const Principal& who, const std::string& id, const std::string& request_id) {
  Screening s;
  bool allowed = false;
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto rows = (*tx)->Query(
        "SELECT s.id, s.reference, s.agency_id, s.created_by, s.indicators, s.forms_of_exploitation, s.outcome, "
        "s.notes_sealed, s.referral_id, s.created_at, r.to_agency_id FROM screenings s "
        "LEFT JOIN referrals r ON r.id = s.referral_id WHERE s.id = ?",
        {id});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) {
      const auto& r = (*rows)[0];
      allowed = r.Text(2) == who.agency_id || (who.Can(kCapReceive) && r.Text(10) == who.agency_id);
      if (allowed) {
        s.id = r.Text(0);
        s.reference = r.Text(1);
        s.agency_id = r.Text(2);
        s.created_by = r.Text(3);
        s.indicators = internal::ParseCodes(r.Text(4));
        s.forms_of_exploitation = internal::ParseCodes(r.Text(5));
        s.outcome = r.Text(6);
        if (!r.IsNull(7)) {
          auto notes = crypto::Open(keyring_, "screenings", "notes_sealed", s.id, r.Bytes(7));
          if (!notes) return tl::unexpected(notes.error());
          s.notes = *notes;
        }
        s.referral_id = r.OptText(8);
        s.created_at = r.Int(9);
      }
    }
  }
  if (!allowed) {
    if (auto st = access_.AuditDenied(who, kScreeningObject, id, "view", request_id); !st)
      return tl::unexpected(st.error());
    return Fail(ErrorCode::kNotFound, "no such screening");
  }
  if (s.notes) {
    access::Decision d;
    d.allowed = true;
    d.fields = {access::FieldClass::kInvestigation};
    d.reason = "screening of the reader's agency";
    if (auto st = access_.AuditRead(who, kScreeningObject, id, d, request_id); !st) return tl::unexpected(st.error());
  }
  return s;
}

}  // namespace nrm::referral
