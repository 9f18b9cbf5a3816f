#include "access/routes.h"

#include <algorithm>
#include <cctype>

#include "access/json.h"
#include "core/ids.h"
#include "directory/endpoint.h"
#include "http/json.h"

namespace nrm::access {

namespace {

using directory::Call;
using http::JsonResponse;
using http::Request;
using http::Response;
using nlohmann::json;

FieldMask FieldsFrom(http::JsonReader& body, const char* field, bool required) {
  FieldMask m;
  const auto names = body.TextList(field, 16, 32, required);
  for (size_t i = 0; i < names.size(); ++i) {
    auto c = ParseFieldClass(names[i]);
    if (!c)
      body.Invalid(std::string(field) + "." + std::to_string(i), "enum", "unknown field class: " + names[i]);
    else
      m.insert(*c);
  }
  return m;
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

struct Deps {
  AccessService& access;
  directory::Directory& dir;
  std::string object_type;  // for the routes under one kind of record
};

Result<Response> AskForInformation(const Deps& d, Call& c) {
  auto body = c.in.Body();
  NewInformationRequest in{body.Text("object_type", 32), body.Text("object", 64), FieldsFrom(body, "fields", true),
                           body.Text("purpose", 4000)};
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto q, d.access.CreateRequest(c.who, in, c.req.request_id));
  return JsonResponse(201, ToJson(q));
}

Result<Response> ListInformationRequests(const Deps& d, Call& c) {
  const std::string box = c.in.Query().Text("box", 32).value_or("mine");
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto list, d.access.ListRequests(c.who, box));
  return http::Items(list, [](const InformationRequest& q) { return ToJson(q); });
}

Result<Response> ApproveInformationRequest(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  auto body = c.in.Body();
  Approval a;
  a.version = body.Version();
  if (body.Has("fields")) a.fields = FieldsFrom(body, "fields", true);
  if (auto days = body.OptInt("valid_for_days", 1, 90)) a.valid_for_ms = *days * 24 * 3600'000;
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto q, d.access.Approve(c.who, id, a, c.req.request_id));
  return JsonResponse(200, ToJson(q));
}

Result<Response> RefuseInformationRequest(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  auto body = c.in.Body();
  const int64_t version = body.Version();
  const std::string reason = body.Text("reason", 4000);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto q, d.access.Refuse(c.who, id, version, reason, c.req.request_id));
  return JsonResponse(200, ToJson(q));
}

Result<Response> WithdrawInformationRequest(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  const int64_t version = c.in.Body().Version();
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto q, d.access.Withdraw(c.who, id, version, c.req.request_id));
  return JsonResponse(200, ToJson(q));
}

Result<Response> ListGrants(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto grants, d.access.GrantsOf(c.who));
  return http::Items(grants, [](const auto& g) {
    json j = ToJson(g.relation);
    j["object_reference"] = g.object_reference;
    return j;
  });
}

Result<Response> RevokeGrant(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  NRM_CHECK(c.in.Finish());
  NRM_CHECK(d.access.Revoke(c.who, id, c.req.request_id));
  return Response::NoContent();
}

Result<Response> ListAlerts(const Deps& d, Call& c) {
  const bool all = c.in.Query().Bool("all").value_or(false);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto alerts, d.access.Alerts(c.who, all));
  return http::Items(alerts, [](const Alert& a) { return ToJson(a); });
}

Result<Response> AcknowledgeAlert(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  NRM_CHECK(c.in.Finish());
  NRM_CHECK(d.access.AcknowledgeAlert(c.who, id));
  return Response::NoContent();
}

Result<Response> BreakGlass(const Deps& d, Call& c) {
  NRM_TRY(auto key, IdOrReferenceParam(c.req));
  const std::string reason = c.in.Body().Text("reason", 4000);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto rel, d.access.BreakGlass(c.who, d.object_type, key, reason, c.req.request_id));
  return JsonResponse(201, ToJson(rel));
}

Result<Response> Assign(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  const std::string user_id = c.in.Body().Text("user_id", 64);
  NRM_CHECK(c.in.Finish());
  auto user = d.dir.GetUser(user_id);
  if (!user) return Fail(ErrorCode::kInvalidArgument, "no such user");
  if (user->disabled) return Fail(ErrorCode::kInvalidArgument, "the user is disabled");
  NRM_TRY(auto rel, d.access.Assign(c.who, d.object_type, id, user->id, user->agency_id, c.req.request_id));
  return JsonResponse(201, ToJson(rel));
}

Result<Response> AccessHistory(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto lines, d.access.History(c.who, d.object_type, id, c.req.request_id));
  return http::Items(lines, [](const HistoryLine& h) { return ToJson(h); });
}

using directory::Holding;
using directory::kNoBody;
using directory::SignedIn;
constexpr size_t kBody = 16 * 1024;

const directory::Endpoint<Deps> kEndpoints[] = {
    {"POST", "/api/v1/information-requests", SignedIn(), kBody, AskForInformation},
    {"GET", "/api/v1/information-requests", SignedIn(), kNoBody, ListInformationRequests},
    {"POST", "/api/v1/information-requests/{id}/approve", SignedIn(), kBody, ApproveInformationRequest},
    {"POST", "/api/v1/information-requests/{id}/refuse", SignedIn(), kBody, RefuseInformationRequest},
    {"POST", "/api/v1/information-requests/{id}/withdraw", SignedIn(), kBody, WithdrawInformationRequest},
    {"GET", "/api/v1/grants", SignedIn(), kNoBody, ListGrants},
    {"POST", "/api/v1/grants/{id}/revoke", SignedIn(), kBody, RevokeGrant},
    {"GET", "/api/v1/alerts", Holding(kOversightCapability), kNoBody, ListAlerts},
    {"POST", "/api/v1/alerts/{id}/acknowledge", Holding(kOversightCapability), kBody, AcknowledgeAlert},
};

// Under each kind of record's collection path.
const directory::Endpoint<Deps> kObjectEndpoints[] = {
    {"POST", "/{id}/break-glass", SignedIn(), kBody, BreakGlass},
    {"POST", "/{id}/assignments", SignedIn(), kBody, Assign},
    {"GET", "/{id}/access-history", SignedIn(), kNoBody, AccessHistory},
};

}  // namespace

void RegisterRoutes(http::Router& router, AccessService& access, directory::Directory& dir,
                    const std::vector<std::pair<std::string, std::string>>& object_paths) {
  directory::RegisterEndpoints(router, dir, Deps{access, dir, ""}, kEndpoints);
  for (const auto& [type, base] : object_paths)
    directory::RegisterEndpoints(router, dir, Deps{access, dir, type}, kObjectEndpoints, base);
}

}  // namespace nrm::access
