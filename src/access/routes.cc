#include "access/routes.h"

#include <algorithm>
#include <cctype>

#include "core/ids.h"
#include "directory/routes.h"
#include "http/json.h"
#include "http/problem.h"

namespace nrm::access {

namespace {

using http::JsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

std::optional<std::string> Ts(const std::optional<int64_t>& t) {
  if (!t) return std::nullopt;
  return FormatRfc3339(*t);
}

json OptJson(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json ClassesJson(const FieldMask& m) {
  json a = json::array();
  for (FieldClass c : m) a.push_back(std::string(FieldClassName(c)));
  return a;
}

json RequestJson(const InformationRequest& q) {
  return json{{"id", q.id},
              {"object_type", q.object_type},
              {"object_id", q.object_id},
              {"object_reference", q.object_reference},
              {"requester_user_id", q.requester_user_id},
              {"requester_agency_id", q.requester_agency_id},
              {"fields", ClassesJson(q.fields)},
              {"purpose", q.purpose},
              {"status", std::string(RequestStatusName(q.status))},
              {"decided_by", OptJson(q.decided_by)},
              {"decided_at", OptJson(Ts(q.decided_at))},
              {"decision_reason", q.decision_reason},
              {"grant_id", OptJson(q.grant_id)},
              {"grant_expires_at", OptJson(Ts(q.grant_expires_at))},
              {"created_at", FormatRfc3339(q.created_at)},
              {"version", q.version}};
}

json RelationJson(const Relation& r) {
  return json{{"id", r.id},
              {"object_type", r.object_type},
              {"object_id", r.object_id},
              {"relation", r.relation},
              {"kind", std::string(GrantKindName(r.kind))},
              {"fields", ClassesJson(r.field_classes)},
              {"purpose", r.purpose},
              {"expires_at", OptJson(Ts(r.expires_at))},
              {"created_at", FormatRfc3339(r.created_at)}};
}

Result<FieldMask> FieldsFrom(const json& body, const char* field) {
  if (!body.contains(field) || !body[field].is_array())
    return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be an array of field classes");
  FieldMask m;
  for (const auto& v : body[field]) {
    if (!v.is_string()) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must hold strings");
    auto c = ParseFieldClass(v.get<std::string>());
    if (!c) return Fail(ErrorCode::kInvalidArgument, "unknown field class: " + v.get<std::string>().substr(0, 32));
    m.insert(*c);
  }
  return m;
}

Result<int64_t> VersionFrom(const json& body) {
  if (!body.contains("version") || !body["version"].is_number_integer())
    return Fail(ErrorCode::kInvalidArgument, "version is required (the version you last read)");
  return body["version"].get<int64_t>();
}

Result<std::string> IdParam(const Request& req) {
  std::string id = req.Param("id");
  if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such record");
  return id;
}

// A record id, or its reference code (P-2026-000123): emergency access may
// start from a reference read out over the phone.
Result<std::string> IdOrReferenceParam(const Request& req) {
  std::string id = req.Param("id");
  if (IsUuid(id)) return id;
  const bool ref = id.size() >= 8 && id.size() <= 32 && std::all_of(id.begin(), id.end(), [](char c) {
                     return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
                   });
  if (!ref) return Fail(ErrorCode::kNotFound, "no such record");
  return id;
}

}  // namespace

void RegisterRoutes(http::Router& router, AccessService& access, directory::Directory& dir,
                    const std::vector<std::pair<std::string, std::string>>& object_paths) {
  http::RouteLimits small{.max_body_bytes = 16 * 1024, .max_header_bytes = 16 * 1024};

  router.Add(
      "POST", "/api/v1/information-requests", http::ResultHandler([&](Request& req) -> Result<Response> {
        auto p = directory::RequirePrincipal(dir, req, nullptr);
        if (!p) return tl::unexpected(p.error());
        auto body = http::ParseJsonObject(req);
        if (!body) return tl::unexpected(body.error());
        if (auto s = http::RejectUnknownFields(*body, {"object_type", "object", "fields", "purpose"}); !s)
          return tl::unexpected(s.error());
        auto type = http::RequiredString(*body, "object_type", 32);
        if (!type) return tl::unexpected(type.error());
        auto object = http::RequiredString(*body, "object", 64);
        if (!object) return tl::unexpected(object.error());
        auto fields = FieldsFrom(*body, "fields");
        if (!fields) return tl::unexpected(fields.error());
        auto purpose = http::RequiredString(*body, "purpose", 4000);
        if (!purpose) return tl::unexpected(purpose.error());
        auto q = access.CreateRequest(*p, NewInformationRequest{*type, *object, *fields, *purpose}, req.request_id);
        if (!q) return tl::unexpected(q.error());
        return JsonResponse(201, RequestJson(*q));
      }),
      small);

  router.Add("GET", "/api/v1/information-requests", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto list = access.ListRequests(*p, req.QueryParam("box").value_or("mine"));
               if (!list) return tl::unexpected(list.error());
               json items = json::array();
               for (const auto& q : *list) items.push_back(RequestJson(q));
               return JsonResponse(200, json{{"items", items}});
             }),
             small);

  router.Add("POST", "/api/v1/information-requests/{id}/approve",
             http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req);
               if (!id) return tl::unexpected(id.error());
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               if (auto s = http::RejectUnknownFields(*body, {"version", "fields", "valid_for_days"}); !s)
                 return tl::unexpected(s.error());
               Approval a;
               auto v = VersionFrom(*body);
               if (!v) return tl::unexpected(v.error());
               a.version = *v;
               if (body->contains("fields")) {
                 auto f = FieldsFrom(*body, "fields");
                 if (!f) return tl::unexpected(f.error());
                 a.fields = *f;
               }
               if (body->contains("valid_for_days")) {
                 if (!(*body)["valid_for_days"].is_number_integer())
                   return Fail(ErrorCode::kInvalidArgument, "valid_for_days must be a whole number of days");
                 const int64_t days = (*body)["valid_for_days"].get<int64_t>();
                 if (days < 1 || days > 90)
                   return Fail(ErrorCode::kInvalidArgument, "valid_for_days must be between 1 and 90");
                 a.valid_for_ms = days * 24 * 3600'000;
               }
               auto q = access.Approve(*p, *id, a, req.request_id);
               if (!q) return tl::unexpected(q.error());
               return JsonResponse(200, RequestJson(*q));
             }),
             small);

  router.Add("POST", "/api/v1/information-requests/{id}/refuse",
             http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req);
               if (!id) return tl::unexpected(id.error());
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               if (auto s = http::RejectUnknownFields(*body, {"version", "reason"}); !s)
                 return tl::unexpected(s.error());
               auto v = VersionFrom(*body);
               if (!v) return tl::unexpected(v.error());
               auto reason = http::RequiredString(*body, "reason", 4000);
               if (!reason) return tl::unexpected(reason.error());
               auto q = access.Refuse(*p, *id, *v, *reason, req.request_id);
               if (!q) return tl::unexpected(q.error());
               return JsonResponse(200, RequestJson(*q));
             }),
             small);

  router.Add("POST", "/api/v1/information-requests/{id}/withdraw",
             http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req);
               if (!id) return tl::unexpected(id.error());
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               if (auto s = http::RejectUnknownFields(*body, {"version"}); !s) return tl::unexpected(s.error());
               auto v = VersionFrom(*body);
               if (!v) return tl::unexpected(v.error());
               auto q = access.Withdraw(*p, *id, *v, req.request_id);
               if (!q) return tl::unexpected(q.error());
               return JsonResponse(200, RequestJson(*q));
             }),
             small);

  router.Add("GET", "/api/v1/grants", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto grants = access.GrantsOf(*p);
               if (!grants) return tl::unexpected(grants.error());
               json items = json::array();
               for (const auto& g : *grants) {
                 json j = RelationJson(g.relation);
                 j["object_reference"] = g.object_reference;
                 items.push_back(j);
               }
               return JsonResponse(200, json{{"items", items}});
             }),
             small);

  router.Add("POST", "/api/v1/grants/{id}/revoke", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req);
               if (!id) return tl::unexpected(id.error());
               if (auto s = access.Revoke(*p, *id, req.request_id); !s) return tl::unexpected(s.error());
               return Response::NoContent();
             }),
             small);

  router.Add("GET", "/api/v1/alerts", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, kOversightCapability);
               if (!p) return tl::unexpected(p.error());
               auto alerts = access.Alerts(*p, req.QueryParam("all").value_or("") == "true");
               if (!alerts) return tl::unexpected(alerts.error());
               json items = json::array();
               for (const auto& a : *alerts)
                 items.push_back(json{{"id", a.id},
                                      {"kind", a.kind},
                                      {"actor_user_id", a.actor_user_id},
                                      {"object_type", a.object_type},
                                      {"object_id", a.object_id},
                                      {"detail", a.detail},
                                      {"created_at", FormatRfc3339(a.created_at)},
                                      {"acknowledged_by", OptJson(a.acknowledged_by)},
                                      {"acknowledged_at", OptJson(Ts(a.acknowledged_at))}});
               return JsonResponse(200, json{{"items", items}});
             }),
             small);

  router.Add("POST", "/api/v1/alerts/{id}/acknowledge", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, kOversightCapability);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req);
               if (!id) return tl::unexpected(id.error());
               if (auto s = access.AcknowledgeAlert(*p, *id); !s) return tl::unexpected(s.error());
               return Response::NoContent();
             }),
             small);

  for (const auto& [type, base] : object_paths) {
    const std::string t = type;
    router.Add("POST", base + "/{id}/break-glass",
               http::ResultHandler([&access, &dir, t](Request& req) -> Result<Response> {
                 auto p = directory::RequirePrincipal(dir, req, nullptr);
                 if (!p) return tl::unexpected(p.error());
                 auto key = IdOrReferenceParam(req);
                 if (!key) return tl::unexpected(key.error());
                 auto body = http::ParseJsonObject(req);
                 if (!body) return tl::unexpected(body.error());
                 if (auto s = http::RejectUnknownFields(*body, {"reason"}); !s) return tl::unexpected(s.error());
                 auto reason = http::RequiredString(*body, "reason", 4000);
                 if (!reason) return tl::unexpected(reason.error());
                 auto rel = access.BreakGlass(*p, t, *key, *reason, req.request_id);
                 if (!rel) return tl::unexpected(rel.error());
                 return JsonResponse(201, RelationJson(*rel));
               }),
               small);

    router.Add("POST", base + "/{id}/assignments",
               http::ResultHandler([&access, &dir, t](Request& req) -> Result<Response> {
                 auto p = directory::RequirePrincipal(dir, req, nullptr);
                 if (!p) return tl::unexpected(p.error());
                 auto id = IdParam(req);
                 if (!id) return tl::unexpected(id.error());
                 auto body = http::ParseJsonObject(req);
                 if (!body) return tl::unexpected(body.error());
                 if (auto s = http::RejectUnknownFields(*body, {"user_id"}); !s) return tl::unexpected(s.error());
                 auto user_id = http::RequiredString(*body, "user_id", 64);
                 if (!user_id) return tl::unexpected(user_id.error());
                 auto user = dir.GetUser(*user_id);
                 if (!user) return Fail(ErrorCode::kInvalidArgument, "no such user");
                 if (user->disabled) return Fail(ErrorCode::kInvalidArgument, "the user is disabled");
                 auto rel = access.Assign(*p, t, *id, user->id, user->agency_id, req.request_id);
                 if (!rel) return tl::unexpected(rel.error());
                 return JsonResponse(201, RelationJson(*rel));
               }),
               small);

    router.Add("GET", base + "/{id}/access-history",
               http::ResultHandler([&access, &dir, t](Request& req) -> Result<Response> {
                 auto p = directory::RequirePrincipal(dir, req, nullptr);
                 if (!p) return tl::unexpected(p.error());
                 auto id = IdParam(req);
                 if (!id) return tl::unexpected(id.error());
                 auto lines = access.History(*p, t, *id, req.request_id);
                 if (!lines) return tl::unexpected(lines.error());
                 json items = json::array();
                 for (const auto& h : *lines)
                   items.push_back(json{{"seq", h.seq},
                                        {"at", FormatRfc3339(h.ts)},
                                        {"action", h.action},
                                        {"actor_user_id", h.actor_user_id},
                                        {"actor_agency_id", h.actor_agency_id},
                                        {"fields", h.field_classes},
                                        {"grant_ids", h.grant_ids},
                                        {"purpose", h.purpose},
                                        {"outcome", h.outcome}});
                 return JsonResponse(200, json{{"items", items}});
               }),
               small);
  }
}

}  // namespace nrm::access
