#include "directory/routes.h"

#include <memory>
#include <mutex>

#include "crypto/token.h"
#include "crypto/totp.h"
#include "directory/endpoint.h"
#include "directory/json.h"
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

bool IsMutating(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
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

namespace {

// The registry is read on every page and changes rarely: its JSON is kept
// and rebuilt only when AgenciesVersion() moves (in any process).
struct AgencyCache {
  std::mutex mu;
  // State below is protected by mu.
  std::string version;
  std::string body;
};

struct Deps {
  Directory& dir;
  RouteSettings settings;
  std::shared_ptr<AgencyCache> agencies;
  std::string Cookie() const { return SessionCookieName(settings.behind_tls); }
};

json SessionBody(const User& user, const std::string& csrf, int64_t expires_at) {
  return json{{"user", ToJson(user)}, {"csrf_token", csrf}, {"expires_at", FormatRfc3339(expires_at)}};
}

// The TOTP secret of a user who was just given one (shown once).
void AddTotpSecret(json& out, const User& user, const std::optional<std::string>& totp_secret) {
  if (!totp_secret) return;
  out["totp_secret"] = *totp_secret;
  out["totp_uri"] = crypto::TotpUri("OpenNRM", user.username, *totp_secret);
}

Result<Response> SignIn(const Deps& d, Call& c) {
  auto body = c.in.Body();
  LoginRequest login{body.Text("username", 64), body.Text("password", 1024), body.OptText("otp", 16).value_or(""),
                     c.req.remote_address};
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto result, d.dir.Login(login));
  Response res = JsonResponse(200, SessionBody(result.user, result.csrf_token, result.expires_at));
  http::CookieOptions o;
  o.secure = d.settings.behind_tls;
  res.AddHeader("Set-Cookie", http::FormatSetCookie(d.Cookie(), result.token, o));
  return res;
}

Result<Response> GetSession(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto user, d.dir.GetUser(c.who.user_id));
  NRM_TRY(auto expiry, d.dir.SessionExpiry(c.who.session_id));
  return JsonResponse(200, SessionBody(user, Directory::CsrfTokenFor(*c.req.Cookie(d.Cookie())), expiry));
}

Result<Response> SignOut(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  NRM_CHECK(d.dir.Logout(*c.req.Cookie(d.Cookie())));
  Response res = Response::NoContent();
  http::CookieOptions o;
  o.secure = d.settings.behind_tls;
  o.max_age_seconds = 0;
  res.AddHeader("Set-Cookie", http::FormatSetCookie(d.Cookie(), "", o));
  return res;
}

Result<Response> ListSessions(const Deps& d, Call& c) {
  std::string user_id = c.in.Query().Uuid("user_id").value_or(c.who.user_id);
  NRM_CHECK(c.in.Finish());
  if (user_id != c.who.user_id && !c.who.Can(kSessionsManage))
    return Fail(ErrorCode::kPermissionDenied, "your role does not allow this action");
  NRM_TRY(auto sessions, d.dir.ListSessions(user_id));
  return http::Items(sessions, [&](const SessionInfo& s) { return ToJson(s, c.who.session_id); });
}

Result<Response> RevokeSession(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  NRM_CHECK(d.dir.RevokeSession(c.who, c.req.Param("id")));
  return Response::NoContent();
}

Result<Response> ListAgencies(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  AgencyCache& cache = *d.agencies;
  NRM_TRY(auto version, d.dir.AgenciesVersion());
  {
    std::lock_guard lock(cache.mu);
    if (cache.version == version) return Response::Json(200, cache.body);
  }
  NRM_TRY(auto agencies, d.dir.ListAgencies());
  json items = json::array();
  for (const auto& a : agencies) items.push_back(ToJson(a));
  std::string body = json{{"items", items}}.dump();
  std::lock_guard lock(cache.mu);
  cache.version = version;
  cache.body = body;
  return Response::Json(200, std::move(body));
}

Result<Response> ListRoles(const Deps&, Call& c) {
  NRM_CHECK(c.in.Finish());
  return http::Items(Roles(), [](const RoleDefinition& r) {
    return json{{"code", r.code}, {"requires_totp", r.requires_totp}, {"capabilities", r.capabilities}};
  });
}

Result<Response> ListUsers(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto users, d.dir.ListUsers());
  return http::Items(users, [](const User& u) { return ToJson(u); });
}

Result<Response> CreateUser(const Deps& d, Call& c) {
  auto body = c.in.Body();
  NewUser nu{body.Text("username", 64),   body.Text("display_name", 400),
             body.Text("agency_id", 64),  body.TextList("roles", 32, 64, true),
             body.Text("password", 1024), body.OptText("email", 254)};
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto created, d.dir.CreateUser(&c.who, nu));
  json out{{"user", ToJson(created.user)}};
  AddTotpSecret(out, created.user, created.totp_secret);
  return http::Created(out, "/api/v1/users/" + created.user.id);
}

Result<Response> UpdateUser(const Deps& d, Call& c) {
  auto body = c.in.Body();
  UserPatch patch;
  patch.version = body.Version();
  patch.display_name = body.OptText("display_name", 400);
  patch.agency_id = body.OptText("agency_id", 64);
  patch.email = body.OptText("email", 254);
  if (body.Has("roles")) patch.roles = body.TextList("roles", 32, 64, true);
  patch.disabled = body.OptBool("disabled");
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto updated, d.dir.UpdateUser(&c.who, c.req.Param("id"), patch));
  json out = ToJson(updated.user);
  AddTotpSecret(out, updated.user, updated.totp_secret);
  return JsonResponse(200, out);
}

const Endpoint<Deps> kEndpoints[] = {
    {"POST", "/api/v1/session", Public(), 8 * 1024, SignIn},
    {"GET", "/api/v1/session", SignedIn(), kNoBody, GetSession},
    {"DELETE", "/api/v1/session", SignedIn(), kNoBody, SignOut},
    {"GET", "/api/v1/sessions", SignedIn(), kNoBody, ListSessions},
    {"DELETE", "/api/v1/sessions/{id}", SignedIn(), kNoBody, RevokeSession},
    {"GET", "/api/v1/agencies", SignedIn(), kNoBody, ListAgencies},
    {"GET", "/api/v1/roles", SignedIn(), kNoBody, ListRoles},
    {"GET", "/api/v1/users", Holding(kUsersManage), kNoBody, ListUsers},
    {"POST", "/api/v1/users", Holding(kUsersManage), 8 * 1024, CreateUser},
    {"PATCH", "/api/v1/users/{id}", Holding(kUsersManage), 8 * 1024, UpdateUser},
};

}  // namespace

void RegisterRoutes(http::Router& router, Directory& dir, RouteSettings settings) {
  RegisterEndpoints(router, dir, Deps{dir, settings, std::make_shared<AgencyCache>()}, kEndpoints);
}

}  // namespace nrm::directory
