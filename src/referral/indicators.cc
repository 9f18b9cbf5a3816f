#include "referral/indicators.h"

#include <nlohmann/json.hpp>

namespace nrm::referral {

Result<std::shared_ptr<const IndicatorCatalogue>> IndicatorCatalogue::Load(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Fail(ErrorCode::kInternal, "the indicator catalogue is not JSON");
  auto c = std::make_shared<IndicatorCatalogue>();
  c->json_ = std::string(text);
  auto codes = [](const nlohmann::json& arr, std::set<std::string>& out) {
    if (!arr.is_array()) return;
    for (const auto& e : arr)
      if (e.is_object() && e.contains("code") && e["code"].is_string()) out.insert(e["code"].get<std::string>());
  };
  if (j.contains("sets") && j["sets"].is_array())
    for (const auto& set : j["sets"])
      if (set.is_object() && set.contains("indicators")) codes(set["indicators"], c->indicators_);
  if (j.contains("forms_of_exploitation")) codes(j["forms_of_exploitation"], c->forms_);
  if (j.contains("outcomes")) codes(j["outcomes"], c->outcomes_);
  if (c->indicators_.empty() || c->forms_.empty() || c->outcomes_.empty())
    return Fail(ErrorCode::kInternal, "the indicator catalogue lacks indicators, forms or outcomes");
  return std::shared_ptr<const IndicatorCatalogue>(std::move(c));
}

}  // namespace nrm::referral
