#include "directory/routes.h"

#include <memory>
#include <mutex>

#include "crypto/token.h"
#include "crypto/totp.h"
#include "directory/roles.h"
#include "http/json.h"
#include "http/problem.h"

namespace nrm::directory {

namespace {

using http::JsonResponse;
using http::Problem;
using http::Request;
using http::Response;
using nlohmann::json;

json LocalizedJson(const LocalizedText& t) { return json{{"az", t.az}, {"en", t.en}, {"ru", t.ru}}; }

json AgencyJson(const Agency& a) {
  return json{{"id", a.id},
              {"code", a.code},
              {"kind", a.kind},
              {"parent_id", a.parent_id ? json(*a.parent_id) : json(nullptr)},
              {"name", LocalizedJson(a.name)},
              {"short", LocalizedJson(a.short_name)},
              {"active", a.active}};
}

json UserJson(const User& u) {
  const auto caps = CapabilitiesOf(u.roles);
  return json{{"id", u.id},
              {"username", u.username},
              {"display_name", u.display_name},
              {"agency_id", u.agency_id},
              {"roles", u.roles},
              {"capabilities", std::vector<std::string>(caps.begin(), caps.end())},
              {"disabled", u.disabled},
              {"totp_enabled", u.totp_enabled},
              {"email", u.email ? json(*u.email) : json(nullptr)},
              {"created_at", FormatRfc3339(u.created_at)},
              {"updated_at", FormatRfc3339(u.updated_at)},
              {"version", u.version}};
}

json SessionJson(const SessionInfo& s, const std::string& current_id) {
  return json{{"id", s.id},
              {"user_id", s.user_id},
              {"created_at", FormatRfc3339(s.created_at)},
              {"last_seen_at", FormatRfc3339(s.last_seen_at)},
              {"expires_at", FormatRfc3339(s.expires_at)},
              {"current", s.id == current_id}};
}

bool IsMutating(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

Result<std::vector<std::string>> StringArray(const json& o, const char* field) {
  if (!o.contains(field) || !o.at(field).is_array())
    return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be an array of strings");
  std::vector<std::string> out;
  for (const auto& v : o.at(field)) {
    if (!v.is_string()) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be an array of strings");
    out.push_back(v.get<std::string>());
  }
  if (out.size() > 32) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " has too many entries");
  return out;
}

}  // namespace

std::string SessionCookieName(bool behind_tls) { return behind_tls ? "__Host-nrm_session" : "nrm_session"; }

Result<Principal> RequirePrincipal(Directory& directory, const Request& request, const char* capability) {
  const auto token = request.Cookie(SessionCookieName(request.secure));
  if (!token) return Fail(ErrorCode::kUnauthenticated, "sign in first");
  auto p = directory.Authenticate(*token);
  if (!p) return p;
  if (IsMutating(request.method)) {
    const std::string sent = request.Header("X-CSRF-Token");
    if (sent.empty() || !crypto::ConstantTimeEquals(sent, Directory::CsrfTokenFor(*token)))
      return Fail(ErrorCode::kCsrfRejected, "the request lacks a valid X-CSRF-Token header; reload the page");
  }
  if (capability && !p->Can(capability))
    return Fail(ErrorCode::kPermissionDenied, "your role does not allow this action");
  return p;
}

void RegisterRoutes(http::Router& router, Directory& dir, RouteSettings settings) {
  const std::string cookie = SessionCookieName(settings.behind_tls);
  http::RouteLimits small{.max_body_bytes = 8 * 1024, .max_header_bytes = 16 * 1024};

  auto session_body = [&dir](const User& user, const std::string& csrf, int64_t expires_at) {
    return json{{"user", UserJson(user)}, {"csrf_token", csrf}, {"expires_at", FormatRfc3339(expires_at)}};
  };

  router.Add("POST", "/api/v1/session", http::ResultHandler([&dir, cookie, settings](Request& req) -> Result<Response> {
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               if (auto s = http::RejectUnknownFields(*body, {"username", "password", "otp"}); !s)
                 return tl::unexpected(s.error());
               auto username = http::RequiredString(*body, "username", 64);
               if (!username) return tl::unexpected(username.error());
               auto password = http::RequiredString(*body, "password", 1024);
               if (!password) return tl::unexpected(password.error());
               auto otp = http::OptionalString(*body, "otp", 16);
               if (!otp) return tl::unexpected(otp.error());
               auto result = dir.Login(LoginRequest{*username, *password, otp->value_or(""), req.remote_address});
               if (!result) return tl::unexpected(result.error());
               Response res = JsonResponse(200, json{{"user", UserJson(result->user)},
                                                     {"csrf_token", result->csrf_token},
                                                     {"expires_at", FormatRfc3339(result->expires_at)}});
               http::CookieOptions o;
               o.secure = settings.behind_tls;
               res.AddHeader("Set-Cookie", http::FormatSetCookie(cookie, result->token, o));
               return res;
             }),
             small);

  router.Add("GET", "/api/v1/session",
             http::ResultHandler([&dir, cookie, session_body](Request& req) -> Result<Response> {
               auto p = RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto user = dir.GetUser(p->user_id);
               if (!user) return tl::unexpected(user.error());
               auto expiry = dir.SessionExpiry(p->session_id);
               if (!expiry) return tl::unexpected(expiry.error());
               return JsonResponse(200, session_body(*user, Directory::CsrfTokenFor(*req.Cookie(cookie)), *expiry));
             }),
             small);

  router.Add("DELETE", "/api/v1/session",
             http::ResultHandler([&dir, cookie, settings](Request& req) -> Result<Response> {
               auto p = RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               if (auto s = dir.Logout(*req.Cookie(cookie)); !s) return tl::unexpected(s.error());
               Response res = Response::NoContent();
               http::CookieOptions o;
               o.secure = settings.behind_tls;
               o.max_age_seconds = 0;
               res.AddHeader("Set-Cookie", http::FormatSetCookie(cookie, "", o));
               return res;
             }),
             small);

  router.Add("GET", "/api/v1/sessions", http::ResultHandler([&dir](Request& req) -> Result<Response> {
               auto p = RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               std::string user_id = p->user_id;
               if (auto q = req.QueryParam("user_id"); q && *q != p->user_id) {
                 if (!p->Can(kSessionsManage))
                   return Fail(ErrorCode::kPermissionDenied, "your role does not allow this action");
                 user_id = *q;
               }
               auto sessions = dir.ListSessions(user_id);
               if (!sessions) return tl::unexpected(sessions.error());
               json items = json::array();
               for (const auto& s : *sessions) items.push_back(SessionJson(s, p->session_id));
               return JsonResponse(200, json{{"items", items}});
             }),
             small);

  router.Add("DELETE", "/api/v1/sessions/{id}", http::ResultHandler([&dir](Request& req) -> Result<Response> {
               auto p = RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               if (auto s = dir.RevokeSession(*p, req.Param("id")); !s) return tl::unexpected(s.error());
               return Response::NoContent();
             }),
             small);

  // The registry is read on every page and changes rarely: its JSON is kept
  // and rebuilt only when AgenciesVersion() moves (in any process).
  struct AgencyCache {
    std::mutex mu;
    std::string version;
    std::string body;
  };
  auto cache = std::make_shared<AgencyCache>();
  router.Add("GET", "/api/v1/agencies", http::ResultHandler([&dir, cache](Request& req) -> Result<Response> {
               auto p = RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto version = dir.AgenciesVersion();
               if (!version) return tl::unexpected(version.error());
               {
                 std::lock_guard lock(cache->mu);
                 if (cache->version == *version) return Response::Json(200, cache->body);
               }
               auto agencies = dir.ListAgencies();
               if (!agencies) return tl::unexpected(agencies.error());
               json items = json::array();
               for (const auto& a : *agencies) items.push_back(AgencyJson(a));
               std::string body = json{{"items", items}}.dump();
               std::lock_guard lock(cache->mu);
               cache->version = *version;
               cache->body = body;
               return Response::Json(200, std::move(body));
             }),
             small);

  router.Add(
      "GET", "/api/v1/roles", http::ResultHandler([&dir](Request& req) -> Result<Response> {
        auto p = RequirePrincipal(dir, req, nullptr);
        if (!p) return tl::unexpected(p.error());
        json items = json::array();
        for (const auto& r : Roles())
          items.push_back(json{{"code", r.code}, {"requires_totp", r.requires_totp}, {"capabilities", r.capabilities}});
        return JsonResponse(200, json{{"items", items}});
      }),
      small);

  router.Add("GET", "/api/v1/users", http::ResultHandler([&dir](Request& req) -> Result<Response> {
               auto p = RequirePrincipal(dir, req, kUsersManage);
               if (!p) return tl::unexpected(p.error());
               auto users = dir.ListUsers();
               if (!users) return tl::unexpected(users.error());
               json items = json::array();
               for (const auto& u : *users) items.push_back(UserJson(u));
               return JsonResponse(200, json{{"items", items}});
             }),
             small);

  router.Add("POST", "/api/v1/users", http::ResultHandler([&dir](Request& req) -> Result<Response> {
               auto p = RequirePrincipal(dir, req, kUsersManage);
               if (!p) return tl::unexpected(p.error());
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               if (auto s = http::RejectUnknownFields(
                       *body, {"username", "display_name", "agency_id", "roles", "password", "email"});
                   !s)
                 return tl::unexpected(s.error());
               NewUser nu;
               auto username = http::RequiredString(*body, "username", 64);
               if (!username) return tl::unexpected(username.error());
               auto display = http::RequiredString(*body, "display_name", 400);
               if (!display) return tl::unexpected(display.error());
               auto agency = http::RequiredString(*body, "agency_id", 64);
               if (!agency) return tl::unexpected(agency.error());
               auto password = http::RequiredString(*body, "password", 1024);
               if (!password) return tl::unexpected(password.error());
               auto roles = StringArray(*body, "roles");
               if (!roles) return tl::unexpected(roles.error());
               auto email = http::OptionalString(*body, "email", 254);
               if (!email) return tl::unexpected(email.error());
               auto created = dir.CreateUser(&*p, NewUser{*username, *display, *agency, *roles, *password, *email});
               if (!created) return tl::unexpected(created.error());
               json out{{"user", UserJson(created->user)}};
               if (created->totp_secret) {
                 out["totp_secret"] = *created->totp_secret;
                 out["totp_uri"] = crypto::TotpUri("OpenNRM", created->user.username, *created->totp_secret);
               }
               Response res = JsonResponse(201, out);
               res.AddHeader("Location", "/api/v1/users/" + created->user.id);
               return res;
             }),
             small);

  router.Add("PATCH", "/api/v1/users/{id}", http::ResultHandler([&dir](Request& req) -> Result<Response> {
               auto p = RequirePrincipal(dir, req, kUsersManage);
               if (!p) return tl::unexpected(p.error());
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               if (auto s = http::RejectUnknownFields(
                       *body, {"version", "display_name", "roles", "disabled", "agency_id", "email"});
                   !s)
                 return tl::unexpected(s.error());
               UserPatch patch;
               if (!body->contains("version") || !(*body)["version"].is_number_integer())
                 return Fail(ErrorCode::kInvalidArgument, "version is required (the version you last read)");
               patch.version = (*body)["version"].get<int64_t>();
               auto display = http::OptionalString(*body, "display_name", 400);
               if (!display) return tl::unexpected(display.error());
               patch.display_name = *display;
               auto agency = http::OptionalString(*body, "agency_id", 64);
               if (!agency) return tl::unexpected(agency.error());
               patch.agency_id = *agency;
               auto email = http::OptionalString(*body, "email", 254);
               if (!email) return tl::unexpected(email.error());
               patch.email = *email;
               if (body->contains("roles")) {
                 auto roles = StringArray(*body, "roles");
                 if (!roles) return tl::unexpected(roles.error());
                 patch.roles = *roles;
               }
               if (body->contains("disabled")) {
                 if (!(*body)["disabled"].is_boolean())
                   return Fail(ErrorCode::kInvalidArgument, "disabled must be true or false");
                 patch.disabled = (*body)["disabled"].get<bool>();
               }
               auto updated = dir.UpdateUser(&*p, req.Param("id"), patch);
               if (!updated) return tl::unexpected(updated.error());
               json out = UserJson(updated->user);
               if (updated->totp_secret) {
                 out["totp_secret"] = *updated->totp_secret;
                 out["totp_uri"] = crypto::TotpUri("OpenNRM", updated->user.username, *updated->totp_secret);
               }
               return JsonResponse(200, out);
             }),
             small);
}

}  // namespace nrm::directory
