#include "referral/store.h"

#include <nlohmann/json.hpp>

namespace nrm::referral {

const std::vector<std::string>& OnwardServices() {
  static const std::vector<std::string> v = {"shelter",     "medical", "psychological", "legal",
                                             "interpreter", "social",  "repatriation"};
  return v;
}

bool IsSharableClass(access::FieldClass c) {
  return c != access::FieldClass::kReference && c != access::FieldClass::kInvestigation;
}

}  // namespace nrm::referral

namespace nrm::referral::internal {

std::string CodesJson(const std::vector<std::string>& codes) { return nlohmann::json(codes).dump(); }

std::vector<std::string> ParseCodes(const std::string& text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

const char* const kReferralColumns =
    "id, reference, kind, status, version, from_agency_id, to_agency_id, created_by, created_at, updated_at, "
    "ack_due_at, decision_due_at, acknowledged_at, decided_at, ack_escalated_at, decision_escalated_at, "
    "decline_reason, person_id, screening_id, case_id, assignee_user_id, service, field_classes, purpose, "
    "consent_id, consent_override, end_reason";

Referral ReferralFromRow(const store::Row& r, int64_t now) {
  Referral x;
  x.id = r.Text(0);
  x.reference = r.Text(1);
  // CHECK constraints on kind and status admit only the names of model.h.
  x.kind = ParseReferralKind(r.Text(2)).value_or(ReferralKind::kSpu);
  x.status = ParseReferralStatus(r.Text(3)).value_or(ReferralStatus::kSubmitted);
  x.version = r.Int(4);
  x.from_agency_id = r.Text(5);
  x.to_agency_id = r.Text(6);
  x.created_by = r.Text(7);
  x.created_at = r.Int(8);
  x.updated_at = r.Int(9);
  x.ack_due_at = r.OptInt(10);
  x.decision_due_at = r.OptInt(11);
  x.acknowledged_at = r.OptInt(12);
  x.decided_at = r.OptInt(13);
  x.ack_escalated_at = r.OptInt(14);
  x.decision_escalated_at = r.OptInt(15);
  x.decline_reason = r.OptText(16);
  x.person_id = r.Text(17);
  if (auto s = r.OptText(18)) x.screening = ScreeningSummary{*s, "", {}, {}, ""};
  x.case_id = r.OptText(19);
  x.assignee_user_id = r.OptText(20);
  x.service = r.Text(21);
  x.field_classes = access::ParseFieldMask(r.Text(22)).value_or(access::FieldMask{});
  x.purpose = r.Text(23);
  x.consent_id = r.OptText(24);
  x.consent_override = r.Int(25) != 0;
  x.end_reason = r.OptText(26);
  if (x.kind == ReferralKind::kSpu) {
    x.ack_overdue = x.status == ReferralStatus::kSubmitted && x.ack_due_at && now > *x.ack_due_at;
    x.decision_overdue = (x.status == ReferralStatus::kSubmitted || x.status == ReferralStatus::kAcknowledged) &&
                         x.decision_due_at && now > *x.decision_due_at;
  }
  return x;
}

Result<std::optional<Referral>> LoadReferral(store::Transaction& tx, const std::string& id, int64_t now) {
  auto rows = tx.Query(std::string("SELECT ") + kReferralColumns + " FROM referrals WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Referral>();
  return std::optional<Referral>(ReferralFromRow((*rows)[0], now));
}

Status UpdateReferral(store::Transaction& tx, const std::string& id, int64_t version, const std::string& sets,
                      std::vector<store::Value> params, int64_t now) {
  params.push_back(now);
  params.push_back(id);
  params.push_back(version);
  auto u = tx.Exec("UPDATE referrals SET " + sets + (sets.empty() ? "" : ", ") +
                       "updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                   params);
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kConflict, "the referral was changed by someone else; reload and try again");
  return {};
}

}  // namespace nrm::referral::internal
