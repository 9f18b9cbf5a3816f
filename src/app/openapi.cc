#include "app/openapi.h"

#include <nlohmann/json.hpp>

#include "app/embedded.h"

namespace nrm::app {
namespace {

Result<std::string> Merge() {
  using nlohmann::json;
  json doc = json::parse(embedded::OpenApiJson(), nullptr, false);
  if (doc.is_discarded()) return Fail(ErrorCode::kInternal, "app/openapi.json is not JSON");
  const std::pair<const char*, std::string_view> fragments[] = {
      {"notify", embedded::OpenApiNotifyJson()},
      {"referral", embedded::OpenApiReferralJson()},
      {"plan", embedded::OpenApiPlanJson()},
      {"partners", embedded::OpenApiPartnersJson()},
  };
  for (const auto& [module, text] : fragments) {
    json part = json::parse(text, nullptr, false);
    if (part.is_discarded() || !part.is_object())
      return Fail(ErrorCode::kInternal, std::string(module) + "/openapi.json is not a JSON object");
    // Named, not a temporary: items() of a temporary dangles in a range-for.
    const json paths = part.value("paths", json::object());
    for (const auto& [path, ops] : paths.items()) {
      if (doc["paths"].contains(path))
        return Fail(ErrorCode::kInternal, std::string(module) + "/openapi.json redefines " + path);
      doc["paths"][path] = ops;
    }
    const json schemas =
        part.contains("components") ? part["components"].value("schemas", json::object()) : json::object();
    for (const auto& [name, schema] : schemas.items()) {
      if (doc["components"]["schemas"].contains(name))
        return Fail(ErrorCode::kInternal, std::string(module) + "/openapi.json redefines schema " + name);
      doc["components"]["schemas"][name] = schema;
    }
  }
  return doc.dump();
}

}  // namespace

Result<std::string> OpenApiDocument() {
  static const Result<std::string> merged = Merge();
  return merged;
}

}  // namespace nrm::app
