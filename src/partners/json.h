// The JSON form of the resources desk's records, one ToJson per resource,
// as the API sends them (partners/openapi.json): bilingual titles and names
// as {"az", "en"}, times as RFC 3339, absent optionals as null.
//
// Who calls it: partners/routes.cc.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "partners/catalogue.h"
#include "partners/model.h"

namespace nrm::partners {

nlohmann::json ToJson(const CodeLabel& c);  // {"code", "label": {"az", "en", "ru"}}
nlohmann::json ToJson(const Need& n);
nlohmann::json ToJson(const GapLine& l);
nlohmann::json ToJson(const Gaps& g);  // {"by_plan_item": [...], "totals": [...]}
nlohmann::json ToJson(const Donor& d);
nlohmann::json ToJson(const DonorMember& m);
nlohmann::json ToJson(const Pledge& p);
nlohmann::json ToJson(const Delivery& d);
nlohmann::json ToJson(const TrainingNeed& n);
nlohmann::json ToJson(const TrainingEvent& e);  // participants as counts per agency, never names
nlohmann::json ToJson(const TrainingEvaluation& v);
nlohmann::json ToJson(const AwarenessActivity& a);
// A list shows campaigns without their activities; one campaign with them.
nlohmann::json ToJson(const AwarenessCampaign& c, bool with_activities = true);

// ToJson as one function object, for http::Items.
inline constexpr auto kToJson = [](const auto& x) { return ToJson(x); };

}  // namespace nrm::partners
