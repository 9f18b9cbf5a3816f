#include "people/routes.h"

#include <nlohmann/json.hpp>

#include "directory/capabilities.h"
#include "directory/endpoint.h"
#include "http/json.h"
#include "people/json.h"

namespace nrm::people {

namespace {

using access::FieldClass;
using directory::Call;
using http::Response;
using nlohmann::json;

struct Deps {
  PersonService& persons;
};

constexpr size_t kPersonBody = 128 * 1024;  // two 20,000-byte notes, escaped, and the rest

// {"identity": {"given_names": "..."}, "contact": {...}}: the groups of
// FieldsByClass(), their fields text (identity.documents as its JSON text). The field rules are the service's; they are
// asked here too, so that one 400 names every bad field, wrong in type or in rule.
PersonInput ReadPerson(http::JsonReader body) {
  PersonInput in;
  for (const auto& [cls, fields] : FieldsByClass()) {
    bool present = false;
    http::JsonReader group = body.Object(std::string(access::FieldClassName(cls)).c_str(), false, &present);
    if (!present) continue;
    FieldGroup& g = in.groups[cls];
    for (const std::string& f : fields) {
      if (cls != FieldClass::kIdentity || f != "documents") {
        if (auto v = group.OptText(f.c_str(), kPersonBody)) g[f] = std::move(*v);
      } else if (const json* docs = group.Raw("documents"); docs && !docs->is_null()) {
        g[f] = docs->dump();  // the service checks that it is a list of documents
      }
    }
  }
  if (auto checked = ValidatePerson(in); !checked)
    for (const FieldError& e : checked.error().fields) body.Invalid(e.field, e.code.c_str(), e.detail);
  return in;
}

Result<Response> CreatePerson(const Deps& d, Call& c) {
  const PersonInput in = ReadPerson(c.in.Body());
  NRM_CHECK(c.in.Finish());
  NRM_TRY(Person p, d.persons.Create(c.who, in, c.req.request_id));
  return http::Created(ToJson(p), "/api/v1/persons/" + p.id);
}

// Search terms are personal data: they come in the body of a POST to
// /api/v1/persons/search, never in the URL. GET lists without a query.
Result<Response> ListPersons(const Deps& d, Call& c) {
  SearchQuery q;
  q.limit = static_cast<int>(c.in.Query().Int("limit", 1, 200).value_or(q.limit));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto list, d.persons.List(c.who, q, c.req.request_id));
  return http::Items(list, [](const Person& p) { return ToJson(p); });
}

Result<Response> SearchPersons(const Deps& d, Call& c) {
  auto body = c.in.Body();
  SearchQuery q;
  q.name = body.OptText("name", 400).value_or("");
  q.document_number = body.OptText("document_number", 100).value_or("");
  q.phone = body.OptText("phone", 100).value_or("");
  q.limit = static_cast<int>(body.OptInt("limit", 1, 200).value_or(q.limit));
  if (q.name.empty() && q.document_number.empty() && q.phone.empty() && !c.in.HasErrors())
    body.Invalid("", "required", "give a name, a document number or a phone number to search for");
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto list, d.persons.List(c.who, q, c.req.request_id));
  return http::Items(list, [](const Person& p) { return ToJson(p); });
}

// Reference data only (no personal data, nothing audited): the value lists
// person fields are validated against, so forms offer exactly those.
Result<Response> GetPicklists(const Deps&, Call& c) {
  NRM_CHECK(c.in.Finish());
  // Serialised once: the tables never change while the process runs.
  static const std::string body = ToJson(AllPicklists()).dump(-1, ' ', false, json::error_handler_t::replace);
  Response res = Response::Json(200, body);
  res.AddHeader("Cache-Control", "private, max-age=3600");
  return res;
}

Result<Response> CheckDuplicates(const Deps& d, Call& c) {
  auto body = c.in.Body();
  DuplicateQuery q;
  q.names = body.TextList("names", 10, 200, /*required=*/true);
  if (auto y = body.OptInt("birth_year", 1900, 2100)) q.birth_year = static_cast<int>(*y);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto matches, d.persons.CheckDuplicates(c.who, q, c.req.request_id));
  json items = json::array();
  for (const auto& m : matches) items.push_back(ToJson(m));
  return http::JsonResponse(200, json{{"matches", items}});
}

Result<Response> PutPhoto(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  std::string type = c.req.Header("Content-Type");
  type = type.substr(0, type.find(';'));
  if (type != "image/jpeg" && type != "image/png")
    return Fail(ErrorCode::kUnsupportedMediaType, "send the photo as image/jpeg or image/png");
  const auto version = c.in.Query().Int("version", 1, INT64_MAX);
  const std::string_view bytes = c.in.RawBody();
  NRM_CHECK(c.in.Finish());
  if (!version)
    return FailFields({{"version", "required", "version is required (the version you last read), as ?version=N"}});
  if (PhotoMediaType(std::string(bytes)) != type)
    return Fail(ErrorCode::kUnsupportedMediaType, "the file is not the " + type + " image it claims to be");
  NRM_TRY(Person p, d.persons.SetPhoto(c.who, id, *version, std::string(bytes), c.req.request_id));
  return http::JsonResponse(200, ToJson(p));
}

Result<Response> GetPhoto(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "photo"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(Photo photo, d.persons.GetPhoto(c.who, id, c.req.request_id));
  Response res;
  res.status = 200;
  res.content_type = photo.media_type;
  res.body = std::move(photo.bytes);
  res.AddHeader("Cache-Control", "no-store");
  res.AddHeader("X-Content-Type-Options", "nosniff");
  res.AddHeader("Content-Disposition", "inline");
  return res;
}

Result<Response> GetPerson(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(Person p, d.persons.Get(c.who, id, c.req.request_id));
  return http::JsonResponse(200, ToJson(p));
}

Result<Response> UpdatePerson(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  auto body = c.in.Body();
  const int64_t version = body.Version();
  const PersonInput in = ReadPerson(body);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(Person p, d.persons.Update(c.who, id, version, in, c.req.request_id));
  return http::JsonResponse(200, ToJson(p));
}

using directory::kNoBody;
using directory::SignedIn;
// What may be done to a record is the need-to-know policy's (access/), asked
// by the service; so is the duplicate check's (any of three capabilities).
const directory::Endpoint<Deps> kEndpoints[] = {
    {"POST", "/api/v1/persons", directory::HoldingAny(directory::kPersonsCreate, directory::kScreeningCreate),
     kPersonBody, CreatePerson},
    {"GET", "/api/v1/persons", SignedIn(), kNoBody, ListPersons},
    {"GET", "/api/v1/persons/picklists", SignedIn(), kNoBody, GetPicklists},
    {"POST", "/api/v1/persons/search", SignedIn(), 4 * 1024, SearchPersons},
    {"POST", "/api/v1/persons/duplicate-check", SignedIn(), 16 * 1024, CheckDuplicates},
    {"PUT", "/api/v1/persons/{id}/photo", SignedIn(), kMaxPhotoBytes + 1024, PutPhoto},
    {"GET", "/api/v1/persons/{id}/photo", SignedIn(), kNoBody, GetPhoto},
    {"GET", "/api/v1/persons/{id}", SignedIn(), kNoBody, GetPerson},
    {"PATCH", "/api/v1/persons/{id}", SignedIn(), kPersonBody, UpdatePerson},
};

}  // namespace

void RegisterRoutes(http::Router& router, PersonService& persons, directory::Directory& dir) {
  directory::RegisterEndpoints(router, dir, Deps{persons}, kEndpoints);
}

}  // namespace nrm::people
