#include "referral/model.h"

#include "core/enum_names.h"

namespace nrm::referral {

namespace {

constexpr EnumNames<ReferralKind, 2> kKinds = {{
    {ReferralKind::kSpu, "spu"},
    {ReferralKind::kOnward, "onward"},
}};

constexpr EnumNames<ReferralStatus, 7> kStatuses = {{
    {ReferralStatus::kSubmitted, "submitted"},
    {ReferralStatus::kAcknowledged, "acknowledged"},
    {ReferralStatus::kPending, "pending"},
    {ReferralStatus::kAccepted, "accepted"},
    {ReferralStatus::kDeclined, "declined"},
    {ReferralStatus::kRevoked, "revoked"},
    {ReferralStatus::kClosed, "closed"},
}};

constexpr EnumNames<ConsentStatus, 3> kConsentStatuses = {{
    {ConsentStatus::kActive, "active"},
    {ConsentStatus::kExpired, "expired"},
    {ConsentStatus::kWithdrawn, "withdrawn"},
}};

}  // namespace

const char* Name(ReferralKind k) { return NameIn(kKinds, k); }
const char* Name(ReferralStatus s) { return NameIn(kStatuses, s); }
const char* Name(ConsentStatus s) { return NameIn(kConsentStatuses, s); }
std::optional<ReferralKind> ParseReferralKind(std::string_view n) { return ParseIn(kKinds, n); }
std::optional<ReferralStatus> ParseReferralStatus(std::string_view n) { return ParseIn(kStatuses, n); }
std::optional<ConsentStatus> ParseConsentStatus(std::string_view n) { return ParseIn(kConsentStatuses, n); }

}  // namespace nrm::referral
