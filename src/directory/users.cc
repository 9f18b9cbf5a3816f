// Users: creation, listing, updates with optimistic locking, password and
// second-factor resets.
#include <algorithm>
#include <map>

#include "core/ids.h"
#include "crypto/password.h"
#include "crypto/totp.h"
#include "directory/lookup.h"
#include "directory/roles.h"
#include "directory/service.h"
#include "text/normalize.h"

namespace nrm::directory {

namespace {

constexpr const char* kUserColumns =
    "id, username, display_name, agency_id, totp_secret, disabled, created_at, updated_at, version, email";

User UserFromRow(const store::Row& r) {
  User u;
  u.id = r.Text(0);
  u.username = r.Text(1);
  u.display_name = r.Text(2);
  u.agency_id = r.Text(3);
  u.totp_enabled = !r.IsNull(4);
  u.disabled = r.Int(5) != 0;
  u.created_at = r.Int(6);
  u.updated_at = r.Int(7);
  u.version = r.Int(8);
  u.email = r.OptText(9);
  return u;
}

Result<std::vector<std::string>> RolesOf(store::Transaction& tx, const std::string& user_id) {
  auto rows = tx.Query("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role", {user_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::string> roles;
  for (const auto& r : *rows) roles.push_back(r.Text(0));
  return roles;
}

Result<User> UserWhere(store::Transaction& tx, const std::string& where_sql, const std::string& key) {
  auto rows = tx.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where_sql, {key});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such user");
  User u = UserFromRow((*rows)[0]);
  auto roles = RolesOf(tx, u.id);
  if (!roles) return tl::unexpected(roles.error());
  u.roles = std::move(*roles);
  return u;
}

// Rows (user id, username, agency id, role), ordered by user id, as one
// principal per user with the capabilities its roles give: the one place
// "which users hold capability X" is computed.
Result<std::vector<Principal>> PrincipalsFrom(Result<std::vector<store::Row>> rows) {
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Principal> out;
  for (const auto& r : *rows) {
    if (out.empty() || out.back().user_id != r.Text(0)) {
      Principal p;
      p.user_id = r.Text(0);
      p.username = r.Text(1);
      p.agency_id = r.Text(2);
      out.push_back(std::move(p));
    }
    out.back().roles.push_back(r.Text(3));
  }
  for (auto& p : out) p.capabilities = CapabilitiesOf(p.roles);
  return out;
}

Result<std::string> ValidateDisplayName(const std::string& name) {
  auto n = text::NormalizeUserText(name);
  if (!n) return Fail(ErrorCode::kInvalidArgument, "display name: " + n.error().message);
  if (n->empty()) return Fail(ErrorCode::kInvalidArgument, "display name must not be empty");
  if (n->size() > 200) return Fail(ErrorCode::kInvalidArgument, "display name is longer than 200 bytes");
  return *n;
}

Result<std::vector<std::string>> ValidateRoles(std::vector<std::string> roles) {
  if (roles.empty()) return Fail(ErrorCode::kInvalidArgument, "a user needs at least one role");
  for (const auto& r : roles)
    if (!FindRole(r)) return Fail(ErrorCode::kInvalidArgument, "unknown role: " + r.substr(0, 40));
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  return roles;
}

Status WriteRoles(store::Transaction& tx, const std::string& user_id, const std::vector<std::string>& roles) {
  if (auto r = tx.Exec("DELETE FROM user_roles WHERE user_id = ?", {user_id}); !r) return tl::unexpected(r.error());
  for (const auto& role : roles)
    if (auto r = tx.Exec("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", {user_id, role}); !r)
      return tl::unexpected(r.error());
  return {};
}

}  // namespace

Status ValidateEmail(const std::string& e) {
  const auto at = e.find('@');
  bool ok = !e.empty() && e.size() <= 254 && at != std::string::npos && at > 0 && at <= 64 &&
            e.find('@', at + 1) == std::string::npos;
  const std::string domain = ok ? e.substr(at + 1) : std::string();
  ok = ok && domain.size() >= 3 && domain.find('.') != std::string::npos && domain.front() != '.' &&
       domain.back() != '.' && domain.find("..") == std::string::npos && e.front() != '.';
  for (size_t i = 0; ok && i < e.size(); ++i) {
    const char c = e[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    ok = alnum || c == '.' || c == '-' || c == '@' || (i < at && (c == '_' || c == '+'));
  }
  if (!ok) return Fail(ErrorCode::kInvalidArgument, "email must be a plain address such as name@agency.gov.az");
  return {};
}

Status ValidateUsername(const std::string& u) {
  if (u.size() < 3 || u.size() > 64) return Fail(ErrorCode::kInvalidArgument, "username must be 3 to 64 characters");
  for (char c : u) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok)
      return Fail(ErrorCode::kInvalidArgument,
                  "username may hold only lower-case letters a-z, digits, '.', '_' and '-'");
  }
  if (u.front() == '.' || u.front() == '-' || u.front() == '_')
    return Fail(ErrorCode::kInvalidArgument, "username must start with a letter or digit");
  return {};
}

Directory::Directory(store::Database& db, const Clock& clock, SessionPolicy policy, audit::AuditLog* audit)
    : db_(db), clock_(clock), policy_(policy), audit_(audit) {}

Status Directory::AuditChange(store::Transaction& tx, const Principal* actor, const std::string& action,
                              const std::string& user_id, std::map<std::string, std::string> detail) {
  if (!audit_) return {};
  audit::Entry e;
  e.action = action;
  if (actor) {
    e.actor_user_id = actor->user_id;
    e.actor_agency_id = actor->agency_id;
  } else {
    detail["via"] = "cli";
  }
  e.object_type = "user";
  e.object_id = user_id;
  e.detail = std::move(detail);
  return audit_->Append(tx, e);
}

Result<std::vector<std::string>> Directory::LoadRoles(store::Transaction& tx, const std::string& user_id) {
  return RolesOf(tx, user_id);
}

Result<User> Directory::LoadUser(store::Transaction& tx, const std::string& where_sql, const std::string& key) {
  return UserWhere(tx, where_sql, key);
}

Result<User> UserById(store::Transaction& tx, const std::string& user_id) { return UserWhere(tx, "id = ?", user_id); }

Result<std::vector<Principal>> ActivePrincipals(store::Transaction& tx) {
  return PrincipalsFrom(
      tx.Query("SELECT u.id, u.username, u.agency_id, r.role FROM users u JOIN user_roles r ON r.user_id = u.id "
               "WHERE u.disabled = 0 ORDER BY u.id, r.role"));
}

Result<std::vector<std::string>> UsersWithCapability(store::Transaction& tx, std::string_view capability,
                                                     const std::string& agency_id) {
  auto principals = PrincipalsFrom(
      tx.Query("SELECT u.id, u.username, u.agency_id, r.role FROM users u JOIN user_roles r ON r.user_id = u.id "
               "JOIN agencies a ON a.id = u.agency_id WHERE u.agency_id = ? AND u.disabled = 0 AND a.active = 1 "
               "ORDER BY u.id, r.role",
               {agency_id}));
  if (!principals) return tl::unexpected(principals.error());
  std::vector<std::string> out;
  const std::string wanted(capability);
  for (const auto& p : *principals)
    if (p.Can(wanted)) out.push_back(p.user_id);
  return out;
}

Result<CreatedUser> Directory::CreateUser(const Principal* actor, const NewUser& user) {
  // Every bad field is named at once, so the form can mark them all.
  std::vector<FieldError> bad;
  auto check = [&bad](const char* field, const Error* e) {
    if (e) bad.push_back(FieldError{field, "invalid", e->message});
  };
  auto username = ValidateUsername(user.username);
  check("username", username ? nullptr : &username.error());
  auto display = ValidateDisplayName(user.display_name);
  check("display_name", display ? nullptr : &display.error());
  auto roles = ValidateRoles(user.roles);
  check("roles", roles ? nullptr : &roles.error());
  auto strong = crypto::CheckPasswordStrength(user.password, {user.username, display.value_or(user.display_name)});
  check("password", strong ? nullptr : &strong.error());
  auto agency = FindAgency(user.agency_id);
  if (!agency && agency.error().code != ErrorCode::kNotFound) return tl::unexpected(agency.error());
  if (!agency) bad.push_back(FieldError{"agency_id", "unknown", "unknown agency"});
  std::optional<std::string> email;
  if (user.email && !user.email->empty()) {
    auto valid = ValidateEmail(*user.email);
    check("email", valid ? nullptr : &valid.error());
    email = *user.email;
  }
  if (!bad.empty()) return FailFields(std::move(bad));
  auto hash = crypto::HashPassword(user.password);
  if (!hash) return tl::unexpected(hash.error());

  std::optional<std::string> secret;
  if (RolesRequireTotp(*roles)) secret = crypto::NewTotpSecret();

  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  const int64_t now = clock_.NowMillis();
  const std::string id = NewUuidV7(clock_);
  auto r = t.Exec(
      "INSERT INTO users (id, username, display_name, agency_id, password_hash, totp_secret, created_at, "
      "updated_at, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, user.username, *display, agency->id, *hash, store::Opt(secret), now, now, store::Opt(email)});
  if (!r) {
    if (r.error().code == ErrorCode::kAlreadyExists)
      return Fail(ErrorCode::kAlreadyExists, "a user with this username already exists");
    return tl::unexpected(r.error());
  }
  if (auto s = WriteRoles(t, id, *roles); !s) return tl::unexpected(s.error());
  auto stored = LoadUser(t, "id = ?", id);
  if (!stored) return tl::unexpected(stored.error());
  std::string role_list;
  for (const auto& r : *roles) role_list += (role_list.empty() ? "" : ",") + r;
  if (auto s = AuditChange(t, actor, "user.create", id, {{"roles", role_list}, {"agency_id", agency->id}}); !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return CreatedUser{std::move(*stored), secret};
}

Result<std::vector<User>> Directory::ListUsers() {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY username");
  if (!rows) return tl::unexpected(rows.error());
  auto role_rows = (*tx)->Query("SELECT user_id, role FROM user_roles ORDER BY user_id, role");
  if (!role_rows) return tl::unexpected(role_rows.error());
  std::map<std::string, std::vector<std::string>> roles;
  for (const auto& r : *role_rows) roles[r.Text(0)].push_back(r.Text(1));
  std::vector<User> out;
  for (const auto& r : *rows) {
    User u = UserFromRow(r);
    u.roles = roles[u.id];
    out.push_back(std::move(u));
  }
  return out;
}

Result<User> Directory::GetUser(const std::string& id) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  return LoadUser(**tx, "id = ?", id);
}

Result<User> Directory::FindUserByName(const std::string& username) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  return LoadUser(**tx, "username = ?", username);
}

Result<UpdatedUser> Directory::UpdateUser(const Principal* actor, const std::string& id, const UserPatch& patch) {
  std::optional<std::string> display;
  if (patch.display_name) {
    auto d = ValidateDisplayName(*patch.display_name);
    if (!d) return tl::unexpected(d.error());
    display = *d;
  }
  std::optional<std::vector<std::string>> roles;
  if (patch.roles) {
    auto r = ValidateRoles(*patch.roles);
    if (!r) return tl::unexpected(r.error());
    roles = *r;
  }
  if (actor && actor->user_id == id) {
    // An administrator who locks themselves out needs the CLI to recover;
    // refuse the two edits that do it.
    if (patch.disabled && *patch.disabled) return Fail(ErrorCode::kConflict, "you cannot disable your own account");
    if (roles && !CapabilitiesOf(*roles).count(kUsersManage))
      return Fail(ErrorCode::kConflict, "you cannot remove your own user administration role");
  }
  if (patch.email && !patch.email->empty())
    if (auto s = ValidateEmail(*patch.email); !s) return tl::unexpected(s.error());
  std::optional<std::string> agency_id;
  if (patch.agency_id) {
    auto a = FindAgency(*patch.agency_id);
    if (!a) return Fail(ErrorCode::kInvalidArgument, "unknown agency");
    agency_id = a->id;
  }

  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto current = LoadUser(t, "id = ?", id);
  if (!current) return tl::unexpected(current.error());
  if (current->version != patch.version)
    return Fail(ErrorCode::kConflict, "the user was changed by someone else; reload and try again");

  std::optional<std::string> new_secret;
  if (roles && RolesRequireTotp(*roles) && !current->totp_enabled) new_secret = crypto::NewTotpSecret();

  const int64_t now = clock_.NowMillis();
  auto r = t.Exec(
      "UPDATE users SET display_name = COALESCE(?, display_name), agency_id = COALESCE(?, agency_id), "
      "disabled = COALESCE(?, disabled), totp_secret = COALESCE(?, totp_secret), "
      "email = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE email END, version = version + 1, "
      "updated_at = ? WHERE id = ? AND version = ?",
      {store::Opt(display), store::Opt(agency_id),
       patch.disabled ? store::Value(static_cast<int64_t>(*patch.disabled ? 1 : 0)) : store::Value(store::Null{}),
       store::Opt(new_secret), static_cast<int64_t>(patch.email ? 1 : 0),
       patch.email && !patch.email->empty() ? store::Value(*patch.email) : store::Value(store::Null{}), now, id,
       patch.version});
  if (!r) return tl::unexpected(r.error());
  if (*r == 0) return Fail(ErrorCode::kConflict, "the user was changed by someone else; reload and try again");
  if (roles)
    if (auto s = WriteRoles(t, id, *roles); !s) return tl::unexpected(s.error());
  auto user = LoadUser(t, "id = ?", id);
  if (!user) return tl::unexpected(user.error());
  std::map<std::string, std::string> detail;
  if (patch.disabled) detail["disabled"] = *patch.disabled ? "true" : "false";
  if (roles) {
    std::string role_list;
    for (const auto& r : *roles) role_list += (role_list.empty() ? "" : ",") + r;
    detail["roles"] = role_list;
  }
  if (agency_id) detail["agency_id"] = *agency_id;
  if (display) detail["display_name"] = "changed";
  if (patch.email) detail["email"] = patch.email->empty() ? "cleared" : "changed";
  if (auto s = AuditChange(t, actor, "user.update", id, detail); !s) return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return UpdatedUser{std::move(*user), new_secret};
}

Status Directory::ResetPassword(const std::string& username, const std::string& password) {
  auto user = FindUserByName(username);
  if (!user) return tl::unexpected(user.error());
  if (auto s = crypto::CheckPasswordStrength(password, {username, user->display_name}); !s) return s;
  auto hash = crypto::HashPassword(password);
  if (!hash) return tl::unexpected(hash.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto r = (*tx)->Exec(
      "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0, version = version + 1, "
      "updated_at = ? WHERE id = ?",
      {*hash, clock_.NowMillis(), user->id});
  if (!r) return tl::unexpected(r.error());
  // A new password ends every session opened with the old one.
  auto s = (*tx)->Exec("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                       {clock_.NowMillis(), user->id});
  if (!s) return tl::unexpected(s.error());
  if (auto a = AuditChange(**tx, nullptr, "user.reset_password", user->id); !a) return a;
  return (*tx)->Commit();
}

Result<std::string> Directory::ResetTotp(const std::string& username) {
  auto user = FindUserByName(username);
  if (!user) return tl::unexpected(user.error());
  const std::string secret = crypto::NewTotpSecret();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto r = (*tx)->Exec(
      "UPDATE users SET totp_secret = ?, totp_last_step = 0, version = version + 1, updated_at = ? WHERE id = ?",
      {secret, clock_.NowMillis(), user->id});
  if (!r) return tl::unexpected(r.error());
  if (auto a = AuditChange(**tx, nullptr, "user.reset_totp", user->id); !a) return tl::unexpected(a.error());
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  return secret;
}

}  // namespace nrm::directory
