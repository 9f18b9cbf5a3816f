// Notifications: every user's in-app inbox, and e-mail through the configured
// SMTP server.
//
// Invariants:
//  - a notice carries no personal data: a kind, the object's type and id, and
//    a link into the UI; the reader opens the object through the
//    need-to-know policy like any other read;
//  - Notify() writes in the caller's transaction, so a notice exists exactly
//    when the event that caused it was committed; e-mail goes out afterwards
//    from an outbox (retried; a dead SMTP server loses nothing);
//  - a user sees and marks only their own notices.
//
// Who calls it: referral/ (new, overdue, accepted, declined…), access/
// (information requests) through app/, and notify/routes.cc.
// Thread-safety: safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"

namespace nrm::notify {

struct Notice {
  std::string kind;         // "referral.new", "referral.overdue", "referral.accepted", "referral.declined",
                            // "referral.onward", "referral.revoked", "info_request.new", "info_request.decided"…
  std::string object_type;  // "referral", "information_request"…
  std::string object_id;
  std::string link;  // a path of the web UI, e.g. "/referrals/<id>"; never personal data
};

// A notice as its recipient reads it.
struct StoredNotice {
  std::string id;
  Notice notice;
  int64_t created_at = 0;
  std::optional<int64_t> read_at;
};

struct NoticePage {
  std::vector<StoredNotice> items;         // newest first
  int64_t unread = 0;                      // all unread notices of the user, not just this page
  std::optional<std::string> next_before;  // pass as `before` for the next page
};

// The contract other modules code against; the notify module may add members
// (listing, marking read, the e-mail outbox) but keeps these two as they are.
class Inbox {
 public:
  Inbox(store::Database& db, const Clock& clock);
  ~Inbox();

  // Adds `notice` to each user's inbox inside `tx` (repeated ids count once)
  // and queues one e-mail per recipient who has an address.
  Status Notify(store::Transaction& tx, const std::vector<std::string>& user_ids, const Notice& notice);

  // Active users of `agency_id` whose role holds `capability`: how a module
  // addresses "the SPU's intake desk" or "the Coordinator's office".
  Result<std::vector<std::string>> UsersWith(store::Transaction& tx, const std::string& agency_id,
                                             const std::string& capability);

  // The reader's own notices, newest first; `before` is a notice id from an
  // earlier page. limit is clamped to 1..100.
  Result<NoticePage> List(const std::string& user_id, int limit, const std::optional<std::string>& before);
  // Marks one of the reader's notices read (idempotent); another user's
  // notice is kNotFound, like one that does not exist.
  Result<StoredNotice> MarkRead(const std::string& user_id, const std::string& notice_id);
  // Marks all the reader's notices read; returns how many changed.
  Result<int64_t> MarkAllRead(const std::string& user_id);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace nrm::notify
