// Files compiled into the binary by cmake/embed.cmake.
#pragma once
#include <string_view>
namespace nrm::embedded {
std::string_view AgenciesJson();   // data/agencies.json
std::string_view OpenApiJson();    // src/app/openapi.json
}  // namespace nrm::embedded
