#include "directory/roles.h"

#include "directory/capabilities.h"

namespace nrm::directory {

const std::vector<RoleDefinition>& Roles() {
  // The administrator administers accounts and agencies and has no capability
  // of any personal-data module, by design (MISSION.md: "must never see any
  // personal data at all").
  static const std::vector<RoleDefinition> roles = {
      {"admin", true, {kUsersManage, kAgenciesManage, kSessionsManage, kSystemHealth}},
      {"coordinator",
       true,
       {kPlanManage, kPlanReview, kMeetingsManage, kFindingsView, kNeedsManage, kInfoRequestsApprove, kOversightView,
        kReportsProduce}},
      {"spu_investigator",
       true,
       {kScreeningCreate, kReferralsReceive, kCasesInvestigate, kPersonsCreate, kPlacementsCreate, kInfoRequestsCreate,
        kBreakGlass}},
      {"spu_supervisor",
       true,
       {kScreeningCreate, kReferralsReceive, kCasesInvestigate, kCasesSupervise, kPersonsCreate, kPlacementsCreate,
        kConsentOverride, kInfoRequestsCreate, kBreakGlass}},
      {"border_officer", false, {kScreeningCreate, kReferralsCreate, kInfoRequestsCreate}},
      {"police_liaison", false, {kScreeningCreate, kReferralsCreate, kInfoRequestsCreate}},
      {"hotline_operator", false, {kContactsLog, kScreeningCreate, kReferralsCreate, kInfoRequestsCreate}},
      {"shelter_staff", false, {kShelterManage, kReferralsReceiveOnward, kInfoRequestsCreate}},
      {"ngo_caseworker", false, {kServicesDeliver, kReferralsReceiveOnward, kInfoRequestsCreate}},
      {"ministry_focal", false, {kPlanReport, kFindingsCreate}},
      {"donor", false, {kNeedsView, kPledgesManage}},
      {"analyst", false, {kStatisticsView, kFindingsCreate}},
      // Reviews who read what (access histories, alerts); reads no record.
      {"oversight_officer", true, {kOversightView}},
  };
  return roles;
}

const RoleDefinition* FindRole(std::string_view code) {
  for (const auto& r : Roles())
    if (r.code == code) return &r;
  return nullptr;
}

bool RolesRequireTotp(const std::vector<std::string>& roles) {
  for (const auto& code : roles)
    if (const auto* r = FindRole(code); r && r->requires_totp) return true;
  return false;
}

std::set<std::string> CapabilitiesOf(const std::vector<std::string>& roles) {
  std::set<std::string> caps;
  for (const auto& code : roles)
    if (const auto* r = FindRole(code)) caps.insert(r->capabilities.begin(), r->capabilities.end());
  return caps;
}

}  // namespace nrm::directory
