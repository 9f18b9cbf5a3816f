// The JSON of the need-to-know resources as the API sends them: information
// requests, relations (grants), oversight alerts and access-history lines.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "access/service.h"

namespace nrm::access {

nlohmann::json ToJson(const InformationRequest& request);
nlohmann::json ToJson(const Relation& relation);
nlohmann::json ToJson(const Alert& alert);
nlohmann::json ToJson(const HistoryLine& line);

}  // namespace nrm::access
