// Files compiled into the binary by cmake/embed.cmake.
#pragma once
#include <string_view>
namespace nrm::embedded {
std::string_view AgenciesJson();         // data/agencies.json
std::string_view OpenApiJson();          // src/app/openapi.json (the base; see app/openapi.h)
std::string_view OpenApiNotifyJson();    // src/notify/openapi.json
std::string_view OpenApiReferralJson();  // src/referral/openapi.json
std::string_view OpenApiPlanJson();      // src/plan/openapi.json
std::string_view OpenApiPartnersJson();  // src/partners/openapi.json
std::string_view Plan2004Json();         // data/plan-2004.json
std::string_view IndicatorsJson();       // data/indicators.json
}  // namespace nrm::embedded
