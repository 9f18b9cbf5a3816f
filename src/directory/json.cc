#include "directory/json.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "directory/roles.h"

namespace nrm::directory {

using nlohmann::json;

json ToJson(const LocalizedText& t) { return json{{"az", t.az}, {"en", t.en}, {"ru", t.ru}}; }

json ToJson(const Agency& a) {
  return json{{"id", a.id},
              {"code", a.code},
              {"kind", a.kind},
              {"parent_id", a.parent_id ? json(*a.parent_id) : json(nullptr)},
              {"name", ToJson(a.name)},
              {"short", ToJson(a.short_name)},
              {"active", a.active}};
}

json ToJson(const User& u) {
  const auto caps = CapabilitiesOf(u.roles);
  return json{{"id", u.id},
              {"username", u.username},
              {"display_name", u.display_name},
              {"agency_id", u.agency_id},
              {"roles", u.roles},
              {"capabilities", std::vector<std::string>(caps.begin(), caps.end())},
              {"disabled", u.disabled},
              {"totp_enabled", u.totp_enabled},
              {"email", u.email ? json(*u.email) : json(nullptr)},
              {"created_at", FormatRfc3339(u.created_at)},
              {"updated_at", FormatRfc3339(u.updated_at)},
              {"version", u.version}};
}

json ToJson(const SessionInfo& s, const std::string& current_id) {
  return json{{"id", s.id},
              {"user_id", s.user_id},
              {"created_at", FormatRfc3339(s.created_at)},
              {"last_seen_at", FormatRfc3339(s.last_seen_at)},
              {"expires_at", FormatRfc3339(s.expires_at)},
              {"current", s.id == current_id}};
}

}  // namespace nrm::directory
