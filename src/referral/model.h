// Plain types of identification and referral: screenings (indicators
// observed, no name), referrals to the SPU and onward, their attachments, the
// SPU's minimal case record, and the person's consents to share.
//
// A referral to the SPU moves submitted -> acknowledged -> accepted |
// declined; an onward referral pending -> accepted | declined | revoked and
// accepted -> closed | revoked. Nothing else is a legal transition.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/model.h"
#include "directory/capabilities.h"
#include "people/service.h"

namespace nrm::referral {

inline constexpr const char* kReferralObject = "referral";
inline constexpr const char* kScreeningObject = "screening";
inline constexpr const char* kConsentObject = "consent";
inline constexpr const char* kCaseObject = "case";
inline constexpr const char* kSpuAgencyCode = "spu";
inline constexpr const char* kCoordinatorAgencyCode = "coordinator";

// Who is told what (capabilities of directory/roles.cc).
inline constexpr const char* kCapScreen = directory::kScreeningCreate;
inline constexpr const char* kCapRefer = directory::kReferralsCreate;
inline constexpr const char* kCapReceive = directory::kReferralsReceive;
inline constexpr const char* kCapReceiveOnward = directory::kReferralsReceiveOnward;
inline constexpr const char* kCapPlace = directory::kPlacementsCreate;
inline constexpr const char* kCapOverride = directory::kConsentOverride;
inline constexpr const char* kCapInvestigate = directory::kCasesInvestigate;
inline constexpr const char* kCapSupervise = directory::kCasesSupervise;
// The Coordinator's office is told of overdue referrals through plan.manage:
// an overdue referral is a matter of coordination (NAP §4: the Coordinator
// supervises the SPU), not of data protection; oversight.view is held by
// oversight officers who review reads, and would only add noise there.
inline constexpr const char* kCapCoordinate = directory::kPlanManage;

inline constexpr size_t kMaxNotesBytes = 20000;
inline constexpr size_t kMinDeclineReason = 10;
inline constexpr size_t kMinPurpose = 10;
inline constexpr size_t kMinOverrideReason = 20;

struct SlaSettings {
  int64_t ack_ms = 60LL * 60'000;         // config referral_ack_minutes
  int64_t decision_ms = 24LL * 3600'000;  // config referral_decision_hours
};

struct ScreeningInput {
  std::vector<std::string> indicators;             // catalogue codes
  std::vector<std::string> forms_of_exploitation;  // HTCDS TypeOfExploitation
  std::string outcome;                             // presumed_victim | not_a_victim | undetermined
  std::string notes;                               // sealed
};

struct Screening {
  std::string id;
  std::string reference;  // S-2026-000001
  std::string agency_id;
  std::string created_by;
  std::vector<std::string> indicators;
  std::vector<std::string> forms_of_exploitation;
  std::string outcome;
  std::optional<std::string> notes;  // only when the reader may see them
  std::optional<std::string> referral_id;
  int64_t created_at = 0;
};

struct AttachmentInput {
  std::string filename;
  std::string content_type;
  std::string data_base64;
};

// The photo of a new person sent with a referral to the SPU.
struct PhotoInput {
  std::string content_type;  // image/jpeg or image/png
  std::string data_base64;
};

// An attachment after decoding and checking (attachment.h).
struct AttachmentFile {
  std::string filename;
  std::string content_type;
  std::vector<uint8_t> bytes;
};

struct AttachmentInfo {
  std::string id;
  std::string filename;
  std::string content_type;
  int64_t size_bytes = 0;
};

struct ReferralToSpuInput {
  std::string screening_id;
  std::optional<std::string> person_id;       // an existing person...
  std::optional<people::PersonInput> person;  // ...or a new one
  std::string circumstances;                  // sealed
  std::vector<AttachmentInput> attachments;
  std::optional<PhotoInput> photo;  // only with `person`
};

struct OnwardReferralInput {
  std::string person_id;
  std::string recipient_agency;  // id or code
  std::string service;           // shelter, medical, ...
  access::FieldMask field_classes;
  std::string purpose;
  std::optional<std::string> consent_id;
  std::optional<std::string> override_reason;
};

struct AcceptInput {
  int64_t version = 0;
  std::optional<std::string> case_id;
  std::optional<std::string> assignee_user_id;
};

// The two state machines and the referral kinds. The names (Name/Parse) are
// the values of the `status`/`kind` columns and of the JSON fields; Parse
// gives nullopt for any other text.
enum class ReferralKind { kSpu, kOnward };
enum class ReferralStatus { kSubmitted, kAcknowledged, kPending, kAccepted, kDeclined, kRevoked, kClosed };
// active | withdrawn are stored; expired is computed from valid_until.
enum class ConsentStatus { kActive, kExpired, kWithdrawn };

const char* Name(ReferralKind k);
const char* Name(ReferralStatus s);
const char* Name(ConsentStatus s);
std::optional<ReferralKind> ParseReferralKind(std::string_view name);
std::optional<ReferralStatus> ParseReferralStatus(std::string_view name);
std::optional<ConsentStatus> ParseConsentStatus(std::string_view name);

// Which fields a reader gets: the SPU (and the onward sender) all, the
// referring agency the status of its own referral, the onward recipient what
// it needs to act.
enum class View { kFull, kStatus, kRecipient };

struct ScreeningSummary {
  std::string id;
  std::string reference;
  std::vector<std::string> indicators;
  std::vector<std::string> forms_of_exploitation;
  std::string outcome;
};

struct Referral {
  std::string id;
  std::string reference;  // R-2026-000001
  ReferralKind kind = ReferralKind::kSpu;
  ReferralStatus status = ReferralStatus::kSubmitted;
  View view = View::kStatus;
  int64_t version = 1;
  std::string from_agency_id;
  std::string to_agency_id;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // SLA (kind spu)
  std::optional<int64_t> ack_due_at, decision_due_at, acknowledged_at, decided_at, ack_escalated_at,
      decision_escalated_at;
  bool ack_overdue = false;
  bool decision_overdue = false;
  std::optional<std::string> decline_reason;
  // full / recipient views
  std::string person_id;
  std::string person_reference;
  std::optional<ScreeningSummary> screening;
  std::optional<std::string> circumstances;
  std::vector<AttachmentInfo> attachments;
  std::optional<std::string> case_id;
  std::optional<std::string> case_reference;
  std::optional<std::string> assignee_user_id;
  // onward
  std::string service;
  access::FieldMask field_classes;
  std::string purpose;
  std::optional<std::string> consent_id;
  bool consent_override = false;
  std::optional<std::string> end_reason;
  // On creation only: the duplicate check's answer for a new person ("a
  // possible match is held by agency X"), nothing more of the match.
  std::vector<people::PossibleMatch> possible_matches;
};

struct ConsentInput {
  std::string person_id;
  std::string recipient_agency;  // id or code
  access::FieldMask field_classes;
  std::string purpose;
  int64_t valid_until = 0;
};

struct Consent {
  std::string id;
  std::string person_id;
  std::string recipient_agency_id;
  access::FieldMask field_classes;
  std::string purpose;
  int64_t valid_until = 0;
  ConsentStatus status = ConsentStatus::kActive;
  std::string recorded_by;
  std::string recorded_by_agency_id;
  int64_t created_at = 0;
  std::optional<int64_t> withdrawn_at;
  int64_t version = 1;
  std::vector<std::string> revoked_referral_ids;  // filled by Withdraw
};

// The services an onward referral may be for.
const std::vector<std::string>& OnwardServices();
// Field classes an onward referral or a consent may share (never
// investigation, never the bare reference).
bool IsSharableClass(access::FieldClass c);

}  // namespace nrm::referral
