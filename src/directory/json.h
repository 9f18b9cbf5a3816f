// The JSON of the directory's resources, as the API sends them (one ToJson
// per resource; the schemas are in app/openapi.json). Other modules' routes
// use them for the agency names and users they embed.
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "directory/model.h"

namespace nrm::directory {

nlohmann::json ToJson(const LocalizedText& text);  // {"az", "en", "ru"}
nlohmann::json ToJson(const Agency& agency);
// With the capabilities the user's roles give.
nlohmann::json ToJson(const User& user);
// `current_id`: the caller's own session, marked "current".
nlohmann::json ToJson(const SessionInfo& session, const std::string& current_id);

}  // namespace nrm::directory
