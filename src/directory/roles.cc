#include "directory/roles.h"

namespace nrm::directory {

const std::vector<RoleDefinition>& Roles() {
  // The administrator administers accounts and agencies and has no capability
  // of any personal-data module, by design (MISSION.md: "must never see any
  // personal data at all").
  static const std::vector<RoleDefinition> roles = {
      {"admin", true, {kUsersManage, kAgenciesManage, kSessionsManage, "system.health"}},
      {"coordinator",
       true,
       {"plan.manage", "plan.review", "meetings.manage", "findings.view", "needs.manage", "info_requests.approve",
        "oversight.view", "reports.produce"}},
      {"spu_investigator",
       true,
       {"screening.create", "referrals.receive", "cases.investigate", "persons.create", "placements.create",
        "info_requests.create", "break_glass"}},
      {"spu_supervisor",
       true,
       {"screening.create", "referrals.receive", "cases.investigate", "cases.supervise", "persons.create",
        "placements.create", "consent.override", "info_requests.create", "break_glass"}},
      {"border_officer", false, {"screening.create", "referrals.create", "info_requests.create"}},
      {"police_liaison", false, {"screening.create", "referrals.create", "info_requests.create"}},
      {"hotline_operator", false, {"contacts.log", "screening.create", "referrals.create", "info_requests.create"}},
      {"shelter_staff", false, {"shelter.manage", "referrals.receive_onward", "info_requests.create"}},
      {"ngo_caseworker", false, {"services.deliver", "referrals.receive_onward", "info_requests.create"}},
      {"ministry_focal", false, {"plan.report", "findings.create"}},
      {"donor", false, {"needs.view", "pledges.manage"}},
      {"analyst", false, {"statistics.view", "findings.create"}},
      // Reviews who read what (access histories, alerts); reads no record.
      {"oversight_officer", true, {"oversight.view"}},
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
