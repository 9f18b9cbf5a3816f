// Plain types of the directory: agencies (the bodies of the NAP), users who
// belong to one agency and hold roles, and the principal a request acts as.
//
// Roles are capabilities -- what a user may do -- never access to records.
// Whether a user may read a given person or case is decided by access/ from
// relations to that record, not from the role.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace nrm::directory {

struct LocalizedText {
  std::string az, en, ru;
};

struct Agency {
  std::string id;
  std::string code;  // stable ASCII code from data/agencies.json
  std::string kind;  // coordinator, ministry, ngo, ...
  std::optional<std::string> parent_id;
  LocalizedText name;
  LocalizedText short_name;
  bool active = true;
  int64_t version = 1;
};

struct User {
  std::string id;
  std::string username;
  std::string display_name;
  std::string agency_id;
  std::vector<std::string> roles;  // sorted role codes
  bool disabled = false;
  bool totp_enabled = false;
  std::optional<std::string> email;  // for notifications only; set by an administrator
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t version = 1;
};

// Who a request acts as: resolved from the session cookie on every request.
struct Principal {
  std::string user_id;
  std::string username;
  std::string agency_id;
  std::string session_id;
  std::vector<std::string> roles;
  std::set<std::string> capabilities;

  bool Can(const std::string& capability) const { return capabilities.count(capability) > 0; }
};

struct SessionInfo {
  std::string id;
  std::string user_id;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;  // the earlier of idle and absolute expiry
};

}  // namespace nrm::directory
