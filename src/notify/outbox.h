// The e-mail outbox: Inbox::Notify() queues a row in the caller's
// transaction; the sender (DrainOnce, run by `nrm serve` on a thread) sends
// what is due and records the outcome.
//
// Invariants:
//  - a row leaves the queue only when the SMTP server accepted the message,
//    or when there is no one to send it to (address removed, user disabled);
//    any failure keeps it and backs off (first_retry_ms doubling up to
//    max_retry_ms), however long the server stays down;
//  - a row is claimed with a lease before sending, so two processes on one
//    store do not both send it; a sender that dies mid-send leaves the lease
//    to expire and the message is sent again (at least once);
//  - the recipient's address is read at send time and is never stored in the
//    queue, logged or put in an error.
//
// Who calls it: cli/serve.cc (the sender thread), tests.
// Thread-safety: DrainOnce may run concurrently in several processes; within
// one process, call it from one thread.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "notify/smtp.h"
#include "store/database.h"

namespace nrm::notify {

struct OutboxSettings {
  std::string from;        // smtp_from
  std::string public_url;  // links are public_url + notice.link
  int batch = 20;
  int64_t lease_ms = 5 * 60'000;
  int64_t first_retry_ms = 30'000;
  int64_t max_retry_ms = 3600'000;
};

struct DrainReport {
  int sent = 0;
  int failed = 0;   // kept for a later attempt
  int dropped = 0;  // no one to send to
};

class MailOutbox {
 public:
  MailOutbox(store::Database& db, const Clock& clock, MailTransport& transport, OutboxSettings settings);

  // Sends every message due now (up to `batch`).
  Result<DrainReport> DrainOnce();
  // Messages not yet sent (due or backing off).
  Result<int64_t> Pending();

 private:
  int64_t Backoff(int64_t attempts) const;

  store::Database& db_;
  const Clock& clock_;
  MailTransport& transport_;
  OutboxSettings settings_;
};

}  // namespace nrm::notify
