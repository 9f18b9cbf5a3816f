// Capability names: the one place where each is spelt. A role (roles.cc)
// grants a fixed set of these; code checks them with Principal::Can or
// RequirePrincipal. A capability names an action ("needs.manage"); none of
// them opens a person's record (need-to-know lives in access/).
//
// The names are stored in sessions and compared as text, and the web client
// receives them as text, so a constant's value never changes; kAllCapabilities
// lists every constant (test/directory/capabilities_test.cc holds it equal to
// what the roles grant).
//
// Thread-safety: compile-time constants.
#pragma once

#include <array>

namespace nrm::directory {

inline constexpr const char* kAgenciesManage = "agencies.manage";
inline constexpr const char* kBreakGlass = "break_glass";
inline constexpr const char* kCasesInvestigate = "cases.investigate";
inline constexpr const char* kCasesSupervise = "cases.supervise";
inline constexpr const char* kConsentOverride = "consent.override";
inline constexpr const char* kContactsLog = "contacts.log";
inline constexpr const char* kFindingsCreate = "findings.create";
inline constexpr const char* kFindingsView = "findings.view";
inline constexpr const char* kInfoRequestsApprove = "info_requests.approve";
inline constexpr const char* kInfoRequestsCreate = "info_requests.create";
inline constexpr const char* kMeetingsManage = "meetings.manage";
inline constexpr const char* kNeedsManage = "needs.manage";
inline constexpr const char* kNeedsView = "needs.view";
inline constexpr const char* kOversightView = "oversight.view";
inline constexpr const char* kPersonsCreate = "persons.create";
inline constexpr const char* kPlacementsCreate = "placements.create";
inline constexpr const char* kPlanManage = "plan.manage";
inline constexpr const char* kPlanReport = "plan.report";
inline constexpr const char* kPlanReview = "plan.review";
inline constexpr const char* kPledgesManage = "pledges.manage";
inline constexpr const char* kReferralsCreate = "referrals.create";
inline constexpr const char* kReferralsReceive = "referrals.receive";
inline constexpr const char* kReferralsReceiveOnward = "referrals.receive_onward";
inline constexpr const char* kReportsProduce = "reports.produce";
inline constexpr const char* kScreeningCreate = "screening.create";
inline constexpr const char* kServicesDeliver = "services.deliver";
inline constexpr const char* kSessionsManage = "sessions.manage";
inline constexpr const char* kShelterManage = "shelter.manage";
inline constexpr const char* kStatisticsView = "statistics.view";
inline constexpr const char* kSystemHealth = "system.health";
inline constexpr const char* kUsersManage = "users.manage";

inline constexpr std::array<const char*, 31> kAllCapabilities = {
    kAgenciesManage,
    kBreakGlass,
    kCasesInvestigate,
    kCasesSupervise,
    kConsentOverride,
    kContactsLog,
    kFindingsCreate,
    kFindingsView,
    kInfoRequestsApprove,
    kInfoRequestsCreate,
    kMeetingsManage,
    kNeedsManage,
    kNeedsView,
    kOversightView,
    kPersonsCreate,
    kPlacementsCreate,
    kPlanManage,
    kPlanReport,
    kPlanReview,
    kPledgesManage,
    kReferralsCreate,
    kReferralsReceive,
    kReferralsReceiveOnward,
    kReportsProduce,
    kScreeningCreate,
    kServicesDeliver,
    kSessionsManage,
    kShelterManage,
    kStatisticsView,
    kSystemHealth,
    kUsersManage,
};

}  // namespace nrm::directory
