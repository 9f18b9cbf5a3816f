// Sign-in, sessions and throttling.
#include <mutex>

#include "core/ids.h"
#include "crypto/password.h"
#include "crypto/token.h"
#include "crypto/totp.h"
#include "directory/roles.h"
#include "directory/service.h"

namespace nrm::directory {

namespace {

constexpr int64_t kMinute = 60 * 1000;
// last_seen_at is written at most this often: a session's idle clock is
// accurate to the half-minute without a write on every request.
constexpr int64_t kTouchInterval = 30 * 1000;

Error SignInFailed() {
  return Error::Of(ErrorCode::kUnauthenticated,
                   "Sign-in failed: check the username, password and one-time code. After repeated "
                   "failures sign-in is paused for a while.");
}

// A real Argon2id hash to verify against when the user does not exist, so an
// unknown name costs the same time as a wrong password.
const std::string& DecoyHash() {
  static std::once_flag once;
  static std::string hash;
  std::call_once(once, [] {
    auto h = crypto::HashPassword(crypto::RandomToken(24));
    hash = h ? *h : std::string();
  });
  return hash;
}

std::string AsciiLower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

std::string Directory::CsrfTokenFor(const std::string& session_token) {
  return crypto::HashToken("csrf:" + session_token);
}

int64_t Directory::SessionExpiryOf(int64_t created_at, int64_t last_seen_at) const {
  return std::min(created_at + policy_.absolute_ms, last_seen_at + policy_.idle_ms);
}

Status Directory::RecordAddressAttempt(const std::string& address, bool& over_limit) {
  const int64_t window = clock_.NowMillis() / kMinute * kMinute;
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto r = t.Exec(
      "INSERT INTO login_throttle (address, window_start, attempts) VALUES (?, ?, 1) "
      "ON CONFLICT (address, window_start) DO UPDATE SET attempts = login_throttle.attempts + 1",
      {address, window});
  if (!r) return tl::unexpected(r.error());
  auto rows = t.Query("SELECT attempts FROM login_throttle WHERE address = ? AND window_start = ?", {address, window});
  if (!rows) return tl::unexpected(rows.error());
  over_limit = !rows->empty() && (*rows)[0].Int(0) > policy_.address_attempts_per_minute;
  // Old windows are of no use; drop them while we are here.
  if (auto d = t.Exec("DELETE FROM login_throttle WHERE window_start < ?", {window - 10 * kMinute}); !d)
    return tl::unexpected(d.error());
  return t.Commit();
}

Result<LoginResult> Directory::Login(const LoginRequest& req) {
  bool over_limit = false;
  if (auto s = RecordAddressAttempt(req.address, over_limit); !s) return tl::unexpected(s.error());
  if (over_limit)
    return Fail(ErrorCode::kTooManyRequests,
                "Too many sign-in attempts from this address; wait a minute and try again.");

  const std::string username = AsciiLower(req.username);
  const int64_t now = clock_.NowMillis();

  std::string password_hash, totp_secret, user_id;
  int64_t locked_until = 0, totp_last_step = 0, failed = 0;
  bool disabled = false, found = false;
  std::vector<std::string> roles;
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto rows = (*tx)->Query(
        "SELECT id, password_hash, totp_secret, totp_last_step, disabled, failed_logins, locked_until "
        "FROM users WHERE username = ?",
        {username});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) {
      const auto& r = (*rows)[0];
      found = true;
      user_id = r.Text(0);
      password_hash = r.Text(1);
      totp_secret = r.Text(2);
      totp_last_step = r.Int(3);
      disabled = r.Int(4) != 0;
      failed = r.Int(5);
      locked_until = r.Int(6);
      auto rl = LoadRoles(**tx, user_id);
      if (!rl) return tl::unexpected(rl.error());
      roles = std::move(*rl);
    }
  }
  const bool password_ok = crypto::VerifyPassword(found ? password_hash : DecoyHash(), req.password);
  if (!found) return tl::unexpected(SignInFailed());

  std::optional<int64_t> step;
  const bool needs_totp = !totp_secret.empty() || RolesRequireTotp(roles);
  if (needs_totp && !totp_secret.empty()) step = crypto::VerifyTotp(totp_secret, req.otp, now / 1000);
  const bool totp_ok = !needs_totp || (step && *step > totp_last_step);
  const bool locked = locked_until > now;

  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  if (!password_ok || !totp_ok || locked || disabled) {
    if (!locked && !disabled) {
      ++failed;
      const bool lock = failed >= policy_.max_failures;
      auto r = t.Exec("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                      {lock ? int64_t{0} : failed, lock ? now + policy_.lockout_ms : locked_until, user_id});
      if (!r) return tl::unexpected(r.error());
      if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
    }
    return tl::unexpected(SignInFailed());
  }

  auto r = t.Exec("UPDATE users SET failed_logins = 0, locked_until = 0, totp_last_step = ? WHERE id = ?",
                  {step ? *step : totp_last_step, user_id});
  if (!r) return tl::unexpected(r.error());
  LoginResult out;
  out.token = crypto::RandomToken(32);
  out.csrf_token = CsrfTokenFor(out.token);
  const std::string session_id = NewUuidV7(clock_);
  auto ins = t.Exec(
      "INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      {session_id, crypto::HashToken(out.token), user_id, now, now, now + policy_.absolute_ms});
  if (!ins) return tl::unexpected(ins.error());
  auto user = LoadUser(t, "id = ?", user_id);
  if (!user) return tl::unexpected(user.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  out.user = *user;
  out.expires_at = SessionExpiryOf(now, now);
  out.principal =
      Principal{user->id, user->username, user->agency_id, session_id, user->roles, CapabilitiesOf(user->roles)};
  return out;
}

Result<Principal> Directory::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) return Fail(ErrorCode::kUnauthenticated, "sign in first");
  const int64_t now = clock_.NowMillis();
  Principal p;
  int64_t last_seen = 0;
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto rows = (*tx)->Query(
        "SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, u.username, "
        "u.agency_id, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
        {crypto::HashToken(token)});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return Fail(ErrorCode::kUnauthenticated, "sign in first");
    const auto& r = (*rows)[0];
    last_seen = r.Int(3);
    const bool expired = now >= r.Int(4) || now >= SessionExpiryOf(r.Int(2), last_seen);
    if (!r.IsNull(5) || expired || r.Int(8) != 0)
      return Fail(ErrorCode::kUnauthenticated, "your session has ended; sign in again");
    p.session_id = r.Text(0);
    p.user_id = r.Text(1);
    p.username = r.Text(6);
    p.agency_id = r.Text(7);
    auto roles = LoadRoles(**tx, p.user_id);
    if (!roles) return tl::unexpected(roles.error());
    p.roles = std::move(*roles);
  }
  p.capabilities = CapabilitiesOf(p.roles);
  if (now - last_seen >= kTouchInterval) {
    auto tx = db_.Begin(store::TxMode::kWrite);
    if (!tx) return tl::unexpected(tx.error());
    auto r =
        (*tx)->Exec("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?", {now, p.session_id, now});
    if (!r) return tl::unexpected(r.error());
    if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  }
  return p;
}

Result<int64_t> Directory::SessionExpiry(const std::string& session_id) {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query("SELECT created_at, last_seen_at FROM sessions WHERE id = ?", {session_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such session");
  return SessionExpiryOf((*rows)[0].Int(0), (*rows)[0].Int(1));
}

Status Directory::Logout(const std::string& token) {
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto r = (*tx)->Exec("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                       {clock_.NowMillis(), crypto::HashToken(token)});
  if (!r) return tl::unexpected(r.error());
  return (*tx)->Commit();
}

Result<std::vector<SessionInfo>> Directory::ListSessions(const std::string& user_id) {
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(
      "SELECT id, user_id, created_at, last_seen_at, expires_at FROM sessions WHERE user_id = ? AND "
      "revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC",
      {user_id, now});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SessionInfo> out;
  for (const auto& r : *rows) {
    const int64_t expiry = SessionExpiryOf(r.Int(2), r.Int(3));
    if (expiry <= now) continue;
    out.push_back(SessionInfo{r.Text(0), r.Text(1), r.Int(2), r.Int(3), expiry});
  }
  return out;
}

Status Directory::RevokeSession(const Principal& actor, const std::string& session_id) {
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query("SELECT user_id FROM sessions WHERE id = ?", {session_id});
  if (!rows) return tl::unexpected(rows.error());
  // Someone else's session is "not found" unless the actor may manage
  // sessions: its existence is not the actor's business.
  if (rows->empty() || ((*rows)[0].Text(0) != actor.user_id && !actor.Can(kSessionsManage)))
    return Fail(ErrorCode::kNotFound, "no such session");
  auto r = (*tx)->Exec("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                       {clock_.NowMillis(), session_id});
  if (!r) return tl::unexpected(r.error());
  if (auto a = AuditChange(**tx, &actor, "session.revoke", (*rows)[0].Text(0), {{"session", session_id}}); !a) return a;
  return (*tx)->Commit();
}

}  // namespace nrm::directory
