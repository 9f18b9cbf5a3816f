// The JSON form of this module's resources, as the API sends them
// (openapi.json in this folder documents each), and the one date-time
// parser of its input.
//
// Who calls it: referral/routes.cc.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "referral/model.h"

namespace nrm::referral {

// A referral as `r.view` allows; `now` is sent as server_time (the SLA
// clocks are shown against it).
nlohmann::json ToJson(const Referral& r, int64_t now);
nlohmann::json ToJson(const Screening& s);
nlohmann::json ToJson(const Consent& c);

// RFC 3339 date-time ("...Z" or with an offset) or a date (the end of that
// day, UTC), in milliseconds; nullopt when malformed or outside 2000..2200.
// (To be replaced by core/civil_date.h.)
std::optional<int64_t> ParseInstant(const std::string& s);

}  // namespace nrm::referral
