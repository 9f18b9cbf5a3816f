#include "notify/outbox.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "directory/lookup.h"
#include "notify/mail.h"

namespace nrm::notify {

MailOutbox::MailOutbox(store::Database& db, const Clock& clock, MailTransport& transport, OutboxSettings settings)
    : db_(db), clock_(clock), transport_(transport), settings_(std::move(settings)) {}

int64_t MailOutbox::Backoff(int64_t attempts) const {
  int64_t d = settings_.first_retry_ms;
  for (int64_t i = 1; i < attempts && d < settings_.max_retry_ms; ++i) d *= 2;
  return std::min(d, settings_.max_retry_ms);
}

Result<int64_t> MailOutbox::Pending() {
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL");
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? 0 : (*rows)[0].Int(0);
}

Result<DrainReport> MailOutbox::DrainOnce() {
  struct Due {
    std::string id;
    int64_t next_attempt_at;
  };
  std::vector<Due> due;
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto rows = (*tx)->Query(
        "SELECT id, next_attempt_at FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= ? "
        "ORDER BY next_attempt_at, id LIMIT ?",
        {clock_.NowMillis(), static_cast<int64_t>(std::clamp(settings_.batch, 1, 500))});
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : *rows) due.push_back(Due{r.Text(0), r.Int(1)});
  }
  DrainReport report;
  for (const auto& d : due) {
    // Claim: only one sender wins the row for the lease.
    std::string kind, link, user_id;
    std::optional<std::string> email;
    bool disabled = false;
    int64_t attempts = 0;
    {
      auto tx = db_.Begin(store::TxMode::kWrite);
      if (!tx) return tl::unexpected(tx.error());
      const int64_t now = clock_.NowMillis();
      auto claimed = (*tx)->Exec(
          "UPDATE mail_outbox SET next_attempt_at = ?, attempts = attempts + 1 "
          "WHERE id = ? AND sent_at IS NULL AND next_attempt_at = ?",
          {now + settings_.lease_ms, d.id, d.next_attempt_at});
      if (!claimed) return tl::unexpected(claimed.error());
      if (*claimed == 0) continue;  // another sender has it
      auto rows = (*tx)->Query(
          "SELECT o.attempts, n.kind, n.link, o.user_id FROM mail_outbox o "
          "JOIN notices n ON n.id = o.notice_id WHERE o.id = ?",
          {d.id});
      if (!rows) return tl::unexpected(rows.error());
      if (rows->empty()) return Fail(ErrorCode::kInternal, "outbox row vanished");
      const auto& r = (*rows)[0];
      attempts = r.Int(0);
      kind = r.Text(1);
      link = r.Text(2);
      // The address is looked up now, not when the notice was queued, so a
      // changed or cleared address and a disabled account take effect.
      auto user = directory::UserById(**tx, r.Text(3));
      if (!user && user.error().code == ErrorCode::kNotFound) return Fail(ErrorCode::kInternal, "outbox row vanished");
      if (!user) return tl::unexpected(user.error());
      email = user->email;
      disabled = user->disabled;
      if (disabled || !email || email->empty()) {
        auto u = (*tx)->Exec("UPDATE mail_outbox SET sent_at = ?, outcome = ? WHERE id = ?",
                             {now, std::string(disabled ? "user_disabled" : "no_address"), d.id});
        if (!u) return tl::unexpected(u.error());
      }
      if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
      if (disabled || !email || email->empty()) {
        ++report.dropped;
        continue;
      }
    }
    Envelope env{settings_.from, *email, d.id + "@opennrm", clock_.NowMillis()};
    const std::string message = FormatMessage(env, ComposeMail(kind, JoinLink(settings_.public_url, link)));
    Status sent = transport_.Send(settings_.from, *email, message);

    auto tx = db_.Begin(store::TxMode::kWrite);
    if (!tx) return tl::unexpected(tx.error());
    const int64_t now = clock_.NowMillis();
    Result<int64_t> u = sent ? (*tx)->Exec(
                                   "UPDATE mail_outbox SET sent_at = ?, outcome = 'sent', last_error = NULL "
                                   "WHERE id = ?",
                                   {now, d.id})
                             : (*tx)->Exec("UPDATE mail_outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?",
                                           {now + Backoff(attempts), sent.error().message.substr(0, 200), d.id});
    if (!u) return tl::unexpected(u.error());
    if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
    if (sent)
      ++report.sent;
    else
      ++report.failed;
  }
  return report;
}

}  // namespace nrm::notify
