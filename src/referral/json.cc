#include "referral/json.h"

#include "core/civil_date.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace nrm::referral {

namespace {

using nlohmann::json;

json Opt(const std::optional<int64_t>& t) { return t ? json(FormatRfc3339(*t)) : json(nullptr); }
json Opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json Classes(const access::FieldMask& m) {
  json a = json::array();
  for (auto c : m) a.push_back(std::string(access::FieldClassName(c)));
  return a;
}

const char* ViewName(View v) {
  switch (v) {
    case View::kFull: return "full";
    case View::kRecipient: return "recipient";
    case View::kStatus: return "status";
  }
  return "status";
}

}  // namespace

json ToJson(const Referral& r, int64_t now) {
  json j{{"id", r.id},
         {"reference", r.reference},
         {"kind", Name(r.kind)},
         {"status", Name(r.status)},
         {"view", ViewName(r.view)},
         {"version", r.version},
         {"from_agency_id", r.from_agency_id},
         {"to_agency_id", r.to_agency_id},
         {"created_by", r.created_by},
         {"created_at", FormatRfc3339(r.created_at)},
         {"updated_at", FormatRfc3339(r.updated_at)},
         {"server_time", FormatRfc3339(now)},
         {"decline_reason", Opt(r.decline_reason)},
         {"decided_at", Opt(r.decided_at)}};
  if (r.kind == ReferralKind::kSpu) {
    j["ack_due_at"] = Opt(r.ack_due_at);
    j["decision_due_at"] = Opt(r.decision_due_at);
    j["acknowledged_at"] = Opt(r.acknowledged_at);
    j["ack_overdue"] = r.ack_overdue;
    j["decision_overdue"] = r.decision_overdue;
    j["ack_escalated_at"] = Opt(r.ack_escalated_at);
    j["decision_escalated_at"] = Opt(r.decision_escalated_at);
  } else {
    j["end_reason"] = Opt(r.end_reason);
  }
  if (!r.possible_matches.empty()) {
    json m = json::array();
    for (const auto& x : r.possible_matches)
      m.push_back({{"agency_id", x.agency_id},
                   {"agency_code", x.agency_code},
                   {"agency_name", {{"az", x.agency_name.az}, {"en", x.agency_name.en}, {"ru", x.agency_name.ru}}},
                   {"match_token", x.match_token}});
    j["possible_matches"] = m;
  }
  if (r.view == View::kStatus) return j;
  j["person_id"] = r.person_id;
  j["person_reference"] = r.person_reference;
  if (r.kind == ReferralKind::kOnward) {
    j["service"] = r.service;
    j["field_classes"] = Classes(r.field_classes);
    j["purpose"] = r.purpose;
    if (r.view == View::kFull) {
      j["consent_id"] = Opt(r.consent_id);
      j["consent_override"] = r.consent_override;
    }
    return j;
  }
  if (r.screening)
    j["screening"] = json{{"id", r.screening->id},
                          {"reference", r.screening->reference},
                          {"indicators", r.screening->indicators},
                          {"forms_of_exploitation", r.screening->forms_of_exploitation},
                          {"outcome", r.screening->outcome}};
  j["case_id"] = Opt(r.case_id);
  j["case_reference"] = Opt(r.case_reference);
  j["assignee_user_id"] = Opt(r.assignee_user_id);
  if (r.circumstances) j["circumstances"] = *r.circumstances;
  if (r.circumstances || !r.attachments.empty()) {
    json files = json::array();
    for (const auto& a : r.attachments)
      files.push_back(
          {{"id", a.id}, {"filename", a.filename}, {"content_type", a.content_type}, {"size_bytes", a.size_bytes}});
    j["attachments"] = files;
  }
  return j;
}

json ToJson(const Screening& s) {
  json j{{"id", s.id},
         {"reference", s.reference},
         {"agency_id", s.agency_id},
         {"created_by", s.created_by},
         {"indicators", s.indicators},
         {"forms_of_exploitation", s.forms_of_exploitation},
         {"outcome", s.outcome},
         {"referral_id", Opt(s.referral_id)},
         {"created_at", FormatRfc3339(s.created_at)}};
  if (s.notes) j["notes"] = *s.notes;
  return j;
}

json ToJson(const Consent& c) {
  json j{{"id", c.id},
         {"person_id", c.person_id},
         {"recipient_agency_id", c.recipient_agency_id},
         {"field_classes", Classes(c.field_classes)},
         {"purpose", c.purpose},
         {"valid_until", FormatRfc3339(c.valid_until)},
         {"status", Name(c.status)},
         {"recorded_by", c.recorded_by},
         {"recorded_by_agency_id", c.recorded_by_agency_id},
         {"created_at", FormatRfc3339(c.created_at)},
         {"withdrawn_at", Opt(c.withdrawn_at)},
         {"version", c.version}};
  if (!c.revoked_referral_ids.empty() || c.status == ConsentStatus::kWithdrawn)
    j["revoked_referral_ids"] = c.revoked_referral_ids;
  return j;
}

std::optional<int64_t> ParseInstant(const std::string& s) { return civil::ParseInstantOrDate(s); }

}  // namespace nrm::referral
