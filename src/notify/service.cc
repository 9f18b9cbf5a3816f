// Inbox: the two calls other modules make (Notify, UsersWith) and the
// reader's own listing and marking.
#include "notify/service.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/ids.h"
#include "directory/roles.h"

namespace nrm::notify {

namespace {

bool ValidNotice(const Notice& n) {
  auto bounded = [](const std::string& s, size_t max) { return !s.empty() && s.size() <= max; };
  // A link is a path inside the web UI; anything else (a scheme, a host, a
  // query that could carry data) is refused so e-mails stay link-only.
  bool link_ok = bounded(n.link, 256) && n.link[0] == '/' && n.link.find("//") == std::string::npos &&
                 n.link.find_first_of("?#@\\ \r\n\t") == std::string::npos;
  return bounded(n.kind, 64) && bounded(n.object_type, 64) && bounded(n.object_id, 64) && link_ok;
}

}  // namespace

Inbox::Inbox(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
Inbox::~Inbox() = default;

Status Inbox::Notify(store::Transaction& tx, const std::vector<std::string>& user_ids, const Notice& notice) {
  if (!ValidNotice(notice)) return Fail(ErrorCode::kInternal, "notification failed", "notify: malformed notice");
  std::set<std::string> seen;
  const int64_t now = clock_.NowMillis();
  for (const auto& user_id : user_ids) {
    if (!seen.insert(user_id).second) continue;
    auto user = tx.Query("SELECT email FROM users WHERE id = ?", {user_id});
    if (!user) return tl::unexpected(user.error());
    if (user->empty()) return Fail(ErrorCode::kInternal, "notification failed", "notify: unknown recipient");
    const std::string notice_id = NewUuidV7(clock_);
    auto ins = tx.Exec(
        "INSERT INTO notices (id, user_id, kind, object_type, object_id, link, created_at, read_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
        {notice_id, user_id, notice.kind, notice.object_type, notice.object_id, notice.link, now});
    if (!ins) return tl::unexpected(ins.error());
    if (user->front().OptText(0).value_or("").empty()) continue;
    auto mail = tx.Exec(
        "INSERT INTO mail_outbox (id, notice_id, user_id, attempts, next_attempt_at, sent_at, created_at) "
        "VALUES (?, ?, ?, 0, ?, NULL, ?)",
        {NewUuidV7(clock_), notice_id, user_id, now, now});
    if (!mail) return tl::unexpected(mail.error());
  }
  return {};
}

Result<std::vector<std::string>> Inbox::UsersWith(store::Transaction& tx, const std::string& agency_id,
                                                  const std::string& capability) {
  auto rows = tx.Query(
      "SELECT u.id, r.role FROM users u JOIN user_roles r ON r.user_id = u.id "
      "JOIN agencies a ON a.id = u.agency_id "
      "WHERE u.agency_id = ? AND u.disabled = 0 AND a.active = 1 ORDER BY u.id",
      {agency_id});
  if (!rows) return tl::unexpected(rows.error());
  std::map<std::string, std::vector<std::string>> roles_of;
  for (const auto& row : *rows) roles_of[row.Text(0)].push_back(row.Text(1));
  std::vector<std::string> out;
  for (const auto& [user_id, roles] : roles_of) {
    if (directory::CapabilitiesOf(roles).count(capability)) out.push_back(user_id);
  }
  return out;
}

}  // namespace nrm::notify
