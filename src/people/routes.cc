#include "people/routes.h"

#include "core/ids.h"
#include "directory/routes.h"
#include "http/json.h"
#include "http/problem.h"

namespace nrm::people {

namespace {

using access::FieldClass;
using nlohmann::json;
using http::Request;
using http::Response;


json PersonJson(const Person& p) {
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
    for (const auto& [k, v] : g) o[k] = v;
    j[std::string(access::FieldClassName(c))] = o;
  }
  return j;
}

// {"identity": {"given_names": "..."}, "contact": {...}} -> PersonInput.
Result<PersonInput> InputFrom(const json& body, std::initializer_list<const char*> extra) {
  PersonInput in;
  for (const auto& [key, value] : body.items()) {
    bool is_extra = false;
    for (const char* e : extra) is_extra = is_extra || key == e;
    if (is_extra) continue;
    auto cls = access::ParseFieldClass(key);
    if (!cls || *cls == FieldClass::kReference) return Fail(ErrorCode::kInvalidArgument, "unknown field: " + key.substr(0, 40));
    if (!value.is_object()) return Fail(ErrorCode::kInvalidArgument, key + " must be an object of text fields");
    FieldGroup g;
    for (const auto& [k, v] : value.items()) {
      if (!v.is_string()) return Fail(ErrorCode::kInvalidArgument, key + "." + k.substr(0, 40) + " must be text");
      g[k] = v.get<std::string>();
    }
    in.groups[*cls] = std::move(g);
  }
  return in;
}

}  // namespace

void RegisterRoutes(http::Router& router, PersonService& persons, directory::Directory& dir) {
  http::RouteLimits limits{.max_body_bytes = 128 * 1024, .max_header_bytes = 16 * 1024};

  router.Add("POST", "/api/v1/persons", http::ResultHandler([&](Request& req) -> Result<Response> {
    auto p = directory::RequirePrincipal(dir, req, nullptr);
    if (!p) return tl::unexpected(p.error());
    auto body = http::ParseJsonObject(req);
    if (!body) return tl::unexpected(body.error());
    auto in = InputFrom(*body, {});
    if (!in) return tl::unexpected(in.error());
    auto person = persons.Create(*p, *in, req.request_id);
    if (!person) return tl::unexpected(person.error());
    Response res = http::JsonResponse(201, PersonJson(*person));
    res.AddHeader("Location", "/api/v1/persons/" + person->id);
    return res;
  }), limits);

  router.Add("GET", "/api/v1/persons", http::ResultHandler([&](Request& req) -> Result<Response> {
    auto p = directory::RequirePrincipal(dir, req, nullptr);
    if (!p) return tl::unexpected(p.error());
    // Search terms are personal data: they come in the body of a POST to
    // /api/v1/persons/search, never in the URL. GET lists without a query.
    SearchQuery q;
    if (auto l = req.QueryParam("limit")) {
      char* end = nullptr;
      const long v = std::strtol(l->c_str(), &end, 10);
      if (l->empty() || *end || v < 1 || v > 200) return Fail(ErrorCode::kInvalidArgument, "limit must be 1..200");
      q.limit = static_cast<int>(v);
    }
    auto list = persons.List(*p, q, req.request_id);
    if (!list) return tl::unexpected(list.error());
    json items = json::array();
    for (const auto& person : *list) items.push_back(PersonJson(person));
    return http::JsonResponse(200, json{{"items", items}});
  }), limits);

  router.Add("POST", "/api/v1/persons/search", http::ResultHandler([&](Request& req) -> Result<Response> {
    auto p = directory::RequirePrincipal(dir, req, nullptr);
    if (!p) return tl::unexpected(p.error());
    auto body = http::ParseJsonObject(req);
    if (!body) return tl::unexpected(body.error());
    if (auto s = http::RejectUnknownFields(*body, {"name", "document_number", "phone", "limit"}); !s)
      return tl::unexpected(s.error());
    SearchQuery q;
    auto name = http::OptionalString(*body, "name", 400);
    auto doc = http::OptionalString(*body, "document_number", 100);
    auto phone = http::OptionalString(*body, "phone", 100);
    if (!name) return tl::unexpected(name.error());
    if (!doc) return tl::unexpected(doc.error());
    if (!phone) return tl::unexpected(phone.error());
    q.name = name->value_or("");
    q.document_number = doc->value_or("");
    q.phone = phone->value_or("");
    if (q.name.empty() && q.document_number.empty() && q.phone.empty())
      return Fail(ErrorCode::kInvalidArgument, "give a name, a document number or a phone number to search for");
    auto list = persons.List(*p, q, req.request_id);
    if (!list) return tl::unexpected(list.error());
    json items = json::array();
    for (const auto& person : *list) items.push_back(PersonJson(person));
    return http::JsonResponse(200, json{{"items", items}});
  }), limits);

  router.Add("GET", "/api/v1/persons/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
    auto p = directory::RequirePrincipal(dir, req, nullptr);
    if (!p) return tl::unexpected(p.error());
    const std::string id = req.Param("id");
    if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such record");
    auto person = persons.Get(*p, id, req.request_id);
    if (!person) return tl::unexpected(person.error());
    return http::JsonResponse(200, PersonJson(*person));
  }), limits);

  router.Add("PATCH", "/api/v1/persons/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
    auto p = directory::RequirePrincipal(dir, req, nullptr);
    if (!p) return tl::unexpected(p.error());
    const std::string id = req.Param("id");
    if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such record");
    auto body = http::ParseJsonObject(req);
    if (!body) return tl::unexpected(body.error());
    if (!body->contains("version") || !(*body)["version"].is_number_integer())
      return Fail(ErrorCode::kInvalidArgument, "version is required (the version you last read)");
    auto in = InputFrom(*body, {"version"});
    if (!in) return tl::unexpected(in.error());
    auto person = persons.Update(*p, id, (*body)["version"].get<int64_t>(), *in, req.request_id);
    if (!person) return tl::unexpected(person.error());
    return http::JsonResponse(200, PersonJson(*person));
  }), limits);
}

}  // namespace nrm::people
