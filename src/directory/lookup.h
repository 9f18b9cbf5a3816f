// Reads of the directory's tables (agencies, users, user_roles) for other
// modules, inside the caller's transaction. directory/ owns those tables
// (docs/architecture.md, "Tables and their owners"); a module that needs an
// agency's code or the users who hold a capability calls these instead of
// writing SQL against them, so the tables can change in one place.
//
// Every function reads only; none audits (the caller audits what it does
// with the answer). "Active user" means a user who is not disabled.
//
// Who calls it: access/ (who may decide an information request), notify/
// (recipients and their addresses), people/ (the agency holding a possible
// duplicate), plan/ and partners/ (agency codes, donor accounts).
//
// Thread-safety: plain functions; safe wherever the transaction may be used.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "directory/model.h"
#include "store/database.h"

namespace nrm::directory {

// Every active user holding at least one role, as the principal it would act
// as (user id, username, agency id, roles, capabilities; no session), in user
// id order. Disabled users are left out; the agency's own state is not read.
Result<std::vector<Principal>> ActivePrincipals(store::Transaction& tx);

// The active users of `agency_id` whose roles give `capability`, in id
// order; none when the agency is unknown or inactive. This is how a module
// addresses "the SPU's supervisors" or "the Coordinator's office".
Result<std::vector<std::string>> UsersWithCapability(store::Transaction& tx, std::string_view capability,
                                                     const std::string& agency_id);

// One user by id, roles included (disabled users too); kNotFound when there
// is none.
Result<User> UserById(store::Transaction& tx, const std::string& user_id);

// Every agency of the registry, active or not, in code order.
Result<std::vector<Agency>> ListAgencies(store::Transaction& tx);

// One agency by id (not by code); nullopt when there is none.
Result<std::optional<Agency>> AgencyById(store::Transaction& tx, const std::string& agency_id);

}  // namespace nrm::directory
