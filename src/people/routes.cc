#include "people/routes.h"

#include <cstdlib>

#include "core/ids.h"
#include "directory/routes.h"
#include "http/json.h"
#include "http/problem.h"
#include "people/picklists.h"

namespace nrm::people {

namespace {

using access::FieldClass;
using http::Request;
using http::Response;
using nlohmann::json;

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

// {"identity": {"given_names": "..."}, "contact": {...}} -> PersonInput.
Result<PersonInput> InputFrom(const json& body, std::initializer_list<const char*> extra) {
  PersonInput in;
  for (const auto& [key, value] : body.items()) {
    bool is_extra = false;
    for (const char* e : extra) is_extra = is_extra || key == e;
    if (is_extra) continue;
    auto cls = access::ParseFieldClass(key);
    if (!cls || *cls == FieldClass::kReference)
      return Fail(ErrorCode::kInvalidArgument, "unknown field: " + key.substr(0, 40));
    if (!value.is_object()) return Fail(ErrorCode::kInvalidArgument, key + " must be an object of text fields");
    FieldGroup g;
    for (const auto& [k, v] : value.items()) {
      if (*cls == FieldClass::kIdentity && k == "documents") {
        if (!v.is_array()) return Fail(ErrorCode::kInvalidArgument, "identity.documents must be an array of documents");
        g[k] = v.dump();  // checked and normalised by ValidateGroup
        continue;
      }
      if (!v.is_string()) return Fail(ErrorCode::kInvalidArgument, key + "." + k.substr(0, 40) + " must be text");
      g[k] = v.get<std::string>();
    }
    in.groups[*cls] = std::move(g);
  }
  return in;
}

json LabelJson(const directory::LocalizedText& t) { return json{{"az", t.az}, {"en", t.en}, {"ru", t.ru}}; }

json EntriesJson(const std::vector<PicklistEntry>& entries) {
  json out = json::array();
  for (const auto& e : entries) out.push_back(json{{"code", e.code}, {"label", LabelJson(e.label)}});
  return out;
}

// Serialised once: the tables never change while the process runs.
const std::string& PicklistsBody() {
  static const std::string body = [] {
    const Picklists& p = AllPicklists();
    json legacy = json::object();
    for (const auto& [from, to] : p.legacy_genders) legacy[from] = to;
    return json{{"genders", EntriesJson(p.genders)},
                {"legacy_genders", legacy},
                {"document_types", EntriesJson(p.document_types)},
                {"countries", EntriesJson(p.countries)},
                {"languages", EntriesJson(p.languages)}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
  }();
  return body;
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
             }),
             limits);

  router.Add("GET", "/api/v1/persons", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               // Search terms are personal data: they come in the body of a POST to
               // /api/v1/persons/search, never in the URL. GET lists without a query.
               SearchQuery q;
               if (auto l = req.QueryParam("limit")) {
                 char* end = nullptr;
                 const long v = std::strtol(l->c_str(), &end, 10);
                 if (l->empty() || *end || v < 1 || v > 200)
                   return Fail(ErrorCode::kInvalidArgument, "limit must be 1..200");
                 q.limit = static_cast<int>(v);
               }
               auto list = persons.List(*p, q, req.request_id);
               if (!list) return tl::unexpected(list.error());
               json items = json::array();
               for (const auto& person : *list) items.push_back(PersonJson(person));
               return http::JsonResponse(200, json{{"items", items}});
             }),
             limits);

  // Reference data only (no personal data, nothing audited): the value lists
  // person fields are validated against, so forms offer exactly those.
  router.Add("GET", "/api/v1/persons/picklists", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               Response res = Response::Json(200, PicklistsBody());
               res.AddHeader("Cache-Control", "private, max-age=3600");
               return res;
             }),
             limits);

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
                 return Fail(ErrorCode::kInvalidArgument,
                             "give a name, a document number or a phone number to search for");
               auto list = persons.List(*p, q, req.request_id);
               if (!list) return tl::unexpected(list.error());
               json items = json::array();
               for (const auto& person : *list) items.push_back(PersonJson(person));
               return http::JsonResponse(200, json{{"items", items}});
             }),
             limits);

  router.Add("POST", "/api/v1/persons/duplicate-check", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               if (auto s = http::RejectUnknownFields(*body, {"names", "birth_year"}); !s)
                 return tl::unexpected(s.error());
               DuplicateQuery q;
               if (!body->contains("names") || !(*body)["names"].is_array())
                 return Fail(ErrorCode::kInvalidArgument, "names must be an array of text");
               for (const auto& n : (*body)["names"]) {
                 if (!n.is_string()) return Fail(ErrorCode::kInvalidArgument, "names must be an array of text");
                 q.names.push_back(n.get<std::string>());
               }
               if (body->contains("birth_year") && !(*body)["birth_year"].is_null()) {
                 if (!(*body)["birth_year"].is_number_integer())
                   return Fail(ErrorCode::kInvalidArgument, "birth_year must be a whole number");
                 const int64_t y = (*body)["birth_year"].get<int64_t>();
                 if (y < 1900 || y > 2100) return Fail(ErrorCode::kInvalidArgument, "birth_year must be 1900..2100");
                 q.birth_year = static_cast<int>(y);
               }
               auto matches = persons.CheckDuplicates(*p, q, req.request_id);
               if (!matches) return tl::unexpected(matches.error());
               json items = json::array();
               for (const auto& m : *matches)
                 items.push_back(json{
                     {"agency_id", m.agency_id},
                     {"agency_code", m.agency_code},
                     {"agency_name", {{"az", m.agency_name.az}, {"en", m.agency_name.en}, {"ru", m.agency_name.ru}}},
                     {"match_token", m.match_token}});
               return http::JsonResponse(200, json{{"matches", items}});
             }),
             limits);

  http::RouteLimits photo_limits{.max_body_bytes = kMaxPhotoBytes + 1024, .max_header_bytes = 16 * 1024};
  router.Add(
      "PUT", "/api/v1/persons/{id}/photo", http::ResultHandler([&](Request& req) -> Result<Response> {
        auto p = directory::RequirePrincipal(dir, req, nullptr);
        if (!p) return tl::unexpected(p.error());
        const std::string id = req.Param("id");
        if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such record");
        std::string type = req.Header("Content-Type");
        type = type.substr(0, type.find(';'));
        if (type != "image/jpeg" && type != "image/png")
          return Fail(ErrorCode::kUnsupportedMediaType, "send the photo as image/jpeg or image/png");
        auto v = req.QueryParam("version");
        char* end = nullptr;
        const long long version = v ? std::strtoll(v->c_str(), &end, 10) : 0;
        if (!v || v->empty() || *end || version < 1)
          return Fail(ErrorCode::kInvalidArgument, "version is required (the version you last read), as ?version=N");
        if (PhotoMediaType(req.body) != type)
          return Fail(ErrorCode::kUnsupportedMediaType, "the file is not the " + type + " image it claims to be");
        auto person = persons.SetPhoto(*p, id, version, req.body, req.request_id);
        if (!person) return tl::unexpected(person.error());
        return http::JsonResponse(200, PersonJson(*person));
      }),
      photo_limits);

  router.Add("GET", "/api/v1/persons/{id}/photo", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               const std::string id = req.Param("id");
               if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such photo");
               auto photo = persons.GetPhoto(*p, id, req.request_id);
               if (!photo) return tl::unexpected(photo.error());
               Response res;
               res.status = 200;
               res.content_type = photo->media_type;
               res.body = std::move(photo->bytes);
               res.AddHeader("Cache-Control", "no-store");
               res.AddHeader("X-Content-Type-Options", "nosniff");
               res.AddHeader("Content-Disposition", "inline");
               return res;
             }),
             limits);

  router.Add("GET", "/api/v1/persons/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               const std::string id = req.Param("id");
               if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such record");
               auto person = persons.Get(*p, id, req.request_id);
               if (!person) return tl::unexpected(person.error());
               return http::JsonResponse(200, PersonJson(*person));
             }),
             limits);

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
             }),
             limits);
}

}  // namespace nrm::people
