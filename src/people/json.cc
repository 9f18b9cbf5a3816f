#include "people/json.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace nrm::people {

namespace {

using access::FieldClass;
using nlohmann::json;

json ToJson(const directory::LocalizedText& t) { return json{{"az", t.az}, {"en", t.en}, {"ru", t.ru}}; }

json ToJson(const std::vector<PicklistEntry>& entries) {
  json out = json::array();
  for (const auto& e : entries) out.push_back(json{{"code", e.code}, {"label", ToJson(e.label)}});
  return out;
}

}  // namespace

json ToJson(const Person& p) {
  json j{{"id", p.id},
         {"reference", p.reference},
         {"status", p.status},
         {"owner_agency_id", p.owner_agency_id},
         {"created_at", FormatRfc3339(p.created_at)},
         {"updated_at", FormatRfc3339(p.updated_at)},
         {"version", p.version}};
  json visible = json::array();
  for (FieldClass c : p.visible) visible.push_back(std::string(access::FieldClassName(c)));
  j["fields"] = visible;
  for (const auto& [c, g] : p.groups) {
    json o = json::object();
    for (const auto& [k, v] : g) {
      // documents are kept as JSON text inside the sealed group (identity.h).
      if (c == FieldClass::kIdentity && k == "documents") {
        auto docs = json::parse(v, nullptr, false);
        o[k] = docs.is_array() ? docs : json::array();
      } else {
        o[k] = v;
      }
    }
    j[std::string(access::FieldClassName(c))] = o;
  }
  if (p.visible.count(FieldClass::kIdentity)) j["photo"] = p.has_photo;
  return j;
}

json ToJson(const PossibleMatch& m) {
  return json{{"agency_id", m.agency_id},
              {"agency_code", m.agency_code},
              {"agency_name", ToJson(m.agency_name)},
              {"match_token", m.match_token}};
}

json ToJson(const Picklists& p) {
  json legacy = json::object();
  for (const auto& [from, to] : p.legacy_genders) legacy[from] = to;
  return json{{"genders", ToJson(p.genders)},
              {"legacy_genders", legacy},
              {"document_types", ToJson(p.document_types)},
              {"countries", ToJson(p.countries)},
              {"languages", ToJson(p.languages)}};
}

}  // namespace nrm::people
