// The role catalogue: one role per kind of user in MISSION.md's table, each a
// fixed set of capabilities. Capabilities name actions ("users.manage",
// "referrals.create"); none of them grants access to a person's record.
//
// Thread-safety: immutable after static initialisation.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "directory/capabilities.h"

namespace nrm::directory {

struct RoleDefinition {
  std::string code;
  bool requires_totp;  // SPU, Coordinator and administrators
  std::vector<std::string> capabilities;
};

const std::vector<RoleDefinition>& Roles();
const RoleDefinition* FindRole(std::string_view code);
bool RolesRequireTotp(const std::vector<std::string>& roles);
std::set<std::string> CapabilitiesOf(const std::vector<std::string>& roles);

}  // namespace nrm::directory
