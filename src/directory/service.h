// The directory service: agencies, users, roles, sessions and sign-in.
//
// Rules it holds:
//  - usernames are lower-case ASCII [a-z0-9._-], 3..64 characters, unique;
//  - passwords are Argon2id hashes; strength is checked on every set;
//  - users with an SPU, Coordinator or administrator role must pass TOTP;
//  - session tokens are random, stored only as hashes; sessions expire after
//    `idle` without use and after `absolute` in any case; disabling a user
//    ends all of its sessions at their next request;
//  - failed sign-ins are throttled per client address and lock the account
//    after `max_failures`; the answer is the same for an unknown user, a wrong
//    password, a wrong code and a locked account, and an unknown user costs
//    the same Argon2id work, so neither text nor timing tells them apart.
//  - the CSRF token is derived from the session token, so it needs no storage
//    and cannot be known by a page that cannot read the HttpOnly cookie.
//
// Who calls it: directory/routes.cc, the CLI (user and demo commands) and
// app/ (to authenticate every request). `actor` null means the local CLI.
//
// Thread-safety: safe for concurrent use; all state is in the Database.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/log.h"
#include "core/clock.h"
#include "core/error.h"
#include "directory/model.h"
#include "store/database.h"

namespace nrm::directory {

struct SessionPolicy {
  int64_t idle_ms = 30 * 60 * 1000;
  int64_t absolute_ms = 12 * 3600 * 1000;
  int max_failures = 5;
  int64_t lockout_ms = 15 * 60 * 1000;
  int address_attempts_per_minute = 30;
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string agency_id;  // id or agency code
  std::vector<std::string> roles;
  std::string password;
  std::optional<std::string> email;  // notification address (validated: ValidateEmail)
};

struct CreatedUser {
  User user;
  std::optional<std::string> totp_secret;  // shown once, when a role needs TOTP
};

struct UserPatch {
  int64_t version = 0;  // must equal the stored version
  std::optional<std::string> display_name;
  std::optional<std::vector<std::string>> roles;
  std::optional<bool> disabled;
  std::optional<std::string> agency_id;
  std::optional<std::string> email;  // "" clears the address
};

struct UpdatedUser {
  User user;
  std::optional<std::string> totp_secret;  // when a role change first needs TOTP
};

struct LoginRequest {
  std::string username;
  std::string password;
  std::string otp;
  std::string address;  // client IP, for throttling
};

struct LoginResult {
  std::string token;  // goes into the HttpOnly cookie only
  std::string csrf_token;
  int64_t expires_at = 0;
  User user;
  Principal principal;
};

class Directory {
 public:
  Directory(store::Database& db, const Clock& clock, SessionPolicy policy, audit::AuditLog* audit = nullptr);

  // Agencies. ImportAgencies upserts by code from the JSON format of
  // data/agencies.json; it is idempotent and keeps ids stable.
  Status ImportAgencies(const std::string& json_text);
  Result<std::vector<Agency>> ListAgencies();
  // Changes whenever any agency row changes (count, versions, times): a cheap
  // key for caching what is derived from the registry.
  Result<std::string> AgenciesVersion();
  Result<Agency> FindAgency(const std::string& id_or_code);

  // Users.
  Result<CreatedUser> CreateUser(const Principal* actor, const NewUser& user);
  Result<std::vector<User>> ListUsers();
  Result<User> GetUser(const std::string& id);
  Result<User> FindUserByName(const std::string& username);
  Result<UpdatedUser> UpdateUser(const Principal* actor, const std::string& id, const UserPatch& patch);
  Status ResetPassword(const std::string& username, const std::string& password);
  // Creates or replaces a user's TOTP secret and returns it.
  Result<std::string> ResetTotp(const std::string& username);

  // Sessions.
  Result<LoginResult> Login(const LoginRequest& request);
  // Resolves a session token to its principal, or kUnauthenticated.
  Result<Principal> Authenticate(const std::string& token);
  static std::string CsrfTokenFor(const std::string& session_token);
  Result<int64_t> SessionExpiry(const std::string& session_id);
  Status Logout(const std::string& token);
  Result<std::vector<SessionInfo>> ListSessions(const std::string& user_id);
  // The owner or a holder of sessions.manage may revoke.
  Status RevokeSession(const Principal& actor, const std::string& session_id);

  const Clock& clock() const { return clock_; }

 private:
  Result<std::vector<std::string>> LoadRoles(store::Transaction& tx, const std::string& user_id);
  Result<User> LoadUser(store::Transaction& tx, const std::string& where_sql, const std::string& key);
  Status RecordAddressAttempt(const std::string& address, bool& over_limit);
  // Audits an account change in `tx` (no-op without an audit log).
  Status AuditChange(store::Transaction& tx, const Principal* actor, const std::string& action,
                     const std::string& user_id, std::map<std::string, std::string> detail = {});
  int64_t SessionExpiryOf(int64_t created_at, int64_t last_seen_at) const;

  store::Database& db_;
  const Clock& clock_;
  SessionPolicy policy_;
  audit::AuditLog* audit_;
};

// Validation shared by the service and the HTTP edge.
// A notification address: one plain ASCII mailbox (local@domain.tld), at most
// 254 bytes, nothing an SMTP header could be split with.
Status ValidateEmail(const std::string& email);
Status ValidateUsername(const std::string& username);

}  // namespace nrm::directory
