// Inbox: the two calls other modules make (Notify, UsersWith) and the
// reader's own listing and marking.
#include "notify/service.h"

#include <algorithm>
#include <set>

#include "core/ids.h"
#include "directory/lookup.h"

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
    auto user = directory::UserById(tx, user_id);
    if (!user && user.error().code == ErrorCode::kNotFound)
      return Fail(ErrorCode::kInternal, "notification failed", "notify: unknown recipient");
    if (!user) return tl::unexpected(user.error());
    const std::string notice_id = NewUuidV7(clock_);
    auto ins = tx.Exec(
        "INSERT INTO notices (id, user_id, kind, object_type, object_id, link, created_at, read_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
        {notice_id, user_id, notice.kind, notice.object_type, notice.object_id, notice.link, now});
    if (!ins) return tl::unexpected(ins.error());
    if (user->email.value_or("").empty()) continue;
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
  return directory::UsersWithCapability(tx, capability, agency_id);
}

namespace {

constexpr const char* kNoticeColumns = "id, kind, object_type, object_id, link, created_at, read_at";

StoredNotice NoticeFromRow(const store::Row& r) {
  StoredNotice n;
  n.id = r.Text(0);
  n.notice = Notice{r.Text(1), r.Text(2), r.Text(3), r.Text(4)};
  n.created_at = r.Int(5);
  n.read_at = r.OptInt(6);
  return n;
}

}  // namespace

Result<NoticePage> Inbox::List(const std::string& user_id, int limit, const std::optional<std::string>& before) {
  limit = std::clamp(limit, 1, 100);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  // Ids are UUIDv7, so id order is creation order.
  auto rows = (*tx)->Query(std::string("SELECT ") + kNoticeColumns +
                               " FROM notices WHERE user_id = ? AND (CAST(? AS TEXT) IS NULL OR id < ?) "
                               "ORDER BY id DESC LIMIT ?",
                           {user_id, store::Opt(before), store::Opt(before), static_cast<int64_t>(limit) + 1});
  if (!rows) return tl::unexpected(rows.error());
  NoticePage page;
  for (const auto& r : *rows) {
    if (page.items.size() == static_cast<size_t>(limit)) {
      page.next_before = page.items.back().id;
      break;
    }
    page.items.push_back(NoticeFromRow(r));
  }
  auto unread = (*tx)->Query("SELECT COUNT(*) FROM notices WHERE user_id = ? AND read_at IS NULL", {user_id});
  if (!unread) return tl::unexpected(unread.error());
  page.unread = unread->empty() ? 0 : (*unread)[0].Int(0);
  return page;
}

Result<StoredNotice> Inbox::MarkRead(const std::string& user_id, const std::string& notice_id) {
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto u = (*tx)->Exec("UPDATE notices SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL",
                       {clock_.NowMillis(), notice_id, user_id});
  if (!u) return tl::unexpected(u.error());
  auto rows = (*tx)->Query(std::string("SELECT ") + kNoticeColumns + " FROM notices WHERE id = ? AND user_id = ?",
                           {notice_id, user_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such notification");
  StoredNotice n = NoticeFromRow((*rows)[0]);
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  return n;
}

Result<int64_t> Inbox::MarkAllRead(const std::string& user_id) {
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto u = (*tx)->Exec("UPDATE notices SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
                       {clock_.NowMillis(), user_id});
  if (!u) return tl::unexpected(u.error());
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  return *u;
}

}  // namespace nrm::notify
