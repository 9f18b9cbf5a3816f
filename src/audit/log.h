// The audit log: appends entries, answers "who has seen this person" and the
// anomaly queries, and writes signed checkpoints.
//
// Two ways in:
//  - Append(tx, entry) for changes: inside the caller's WRITE transaction, so
//    the change and its record commit together or not at all. Append only
//    checks the entry and keeps it with the transaction; the entries are
//    written when the transaction commits, as its last statements
//    (store::Transaction::CommitTask): that takes the audit head's row lock
//    (UPDATE audit_head ... RETURNING, which locks the row exactly as
//    SELECT ... FOR UPDATE would) and holds it only for the insert and the
//    COMMIT. So the head is the last lock of every audited transaction, in
//    whatever order the caller appends and takes its other locks (reference
//    numbers, rows), and no two audited transactions can deadlock over it.
//    A write error of the entries is returned by Commit(); the entries are
//    not visible to queries inside the transaction before it commits.
//  - AppendRead(entry) for reads of personal data: returns only once the
//    entry is committed, so the caller sends the data after the record is
//    durable. Concurrent callers are batched by one writer thread (group
//    commit): it takes everything queued, writes it in ONE transaction, then
//    wakes those callers with the outcome. The queue is bounded; a caller
//    that finds it full waits (up to Options::enqueue_timeout_ms, then
//    kUnavailable). Stop() (and the destructor) lets the writer drain the
//    queue, then refuses new entries with kUnavailable.
//    Never call AppendRead while the calling thread holds a write
//    transaction: on SQLite the writer waits for that transaction (until the
//    store's writer timeout). End the transaction first.
//
// Invariants (held by construction, checked by audit/verify.h):
//  - seq runs 1..n without gaps: seqs are taken from audit_head in the same
//    transaction as the insert, under its row lock, so a rollback returns
//    them and commits happen in seq order;
//  - ts comes from the Clock after the lock is taken, so it does not
//    decrease with seq unless the clock does;
//  - entry_json is CanonicalJson(entry, seq, ts) and leaf_hash is its
//    RFC 6962 leaf hash; the indexed columns repeat the JSON's fields;
//  - rows are never updated or deleted (triggers refuse it).
//
// Durability: "committed" means what the store's commit means. On SQLite
// with synchronous=NORMAL in WAL mode a commit survives a process crash but
// not a power cut; on PostgreSQL it depends on synchronous_commit.
//
// Entry MACs: with SetEntryKey, each row also stores entry_mac, a keyed
// BLAKE2b-256 of its leaf hash under a key derived from the audit signing
// key (signer.h), which is sealed under the master key and never stored in
// the database. Someone who can write the database file (drop the triggers,
// insert a well-formed entry with a correct hash, move the head) cannot
// compute it: verify reports the entry, and WriteCheckpoint refuses to sign
// it. Entries written before entry MACs existed (a prefix of the log) have
// none.
//
// Cost of checkpoints: WriteCheckpoint reads every stored leaf hash (32 bytes
// a row) and folds them in O(n); entries added since the previous checkpoint
// are also re-hashed from their JSON, and the roots of all earlier
// checkpoints are re-checked on the way, so a checkpoint never signs over a
// log that no longer matches an earlier checkpoint. See bench/RESULTS.md
// ("Audit appends") for the measured time at 1e5 and 1e6 entries.
//
// The AuditLog must be destroyed (or stopped) before its Database, and must
// outlive every transaction it appended to until that commits or rolls back.
//
// Thread-safety: every method is safe to call concurrently; Append uses the
// caller's transaction only on the calling thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "audit/checkpoint.h"
#include "audit/entry.h"
#include "audit/signer.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"

namespace nrm::audit {

// A filter for Find and Count; unset members match everything.
struct Filter {
  std::optional<std::string> actor_user_id;
  std::optional<std::string> object_type;
  std::optional<std::string> object_id;
  std::optional<std::string> action;
  std::optional<std::string> outcome;
  std::optional<std::string> field_class;                  // entries that name this class
  int64_t since_ms = 0;                                    // ts >= since_ms
  int64_t until_ms = std::numeric_limits<int64_t>::max();  // ts < until_ms
};

class AuditLog {
 public:
  struct Options {
    size_t max_queue = 8192;         // AppendRead entries waiting at most
    size_t max_batch = 1024;         // entries per group-commit transaction
    int enqueue_timeout_ms = 10000;  // waiting for room in a full queue
  };

  AuditLog(store::Database& db, const Clock& clock);
  AuditLog(store::Database& db, const Clock& clock, Options options);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Sets the key of entry MACs (DeriveEntryMacKey, signer.h): from then on
  // every entry is written with its MAC, and WriteCheckpoint refuses to sign
  // an entry after the newest checkpoint whose MAC is missing or wrong.
  // Call once, before the log is used from several threads.
  void SetEntryKey(std::vector<uint8_t> key) { entry_key_ = std::move(key); }
  // The key set above (empty if none), for Verify (VerifyOptions::entry_key).
  const std::vector<uint8_t>& entry_key() const { return entry_key_; }

  // Appends inside `tx` (a write transaction): the entry is written when
  // `tx` commits, as its last statements, in the order of the Append calls.
  // kInvalidArgument if the entry does not validate (entry.h), checked now;
  // `tx` stays usable. A store error writing the entries fails Commit().
  Status Append(store::Transaction& tx, const Entry& entry);
  // Several entries in one go, in order, inside `tx`.
  Status AppendAll(store::Transaction& tx, const std::vector<Entry>& entries);

  // Appends through the group-commit writer; returns once committed.
  Status AppendRead(const Entry& entry);

  // Drains the queue and stops the writer thread. Idempotent.
  void Stop();

  // Group-commit counters since construction (for /metrics and tests).
  struct Stats {
    uint64_t batches = 0;  // transactions the writer committed
    uint64_t entries = 0;  // entries in them
  };
  Stats stats() const { return Stats{batches_.load(), batched_entries_.load()}; }

  // Entries about one object, newest first: seq < before_seq (0 = from the
  // newest), at most `limit` (1..10000).
  Result<std::vector<StoredEntry>> History(const std::string& object_type, const std::string& object_id, int limit,
                                           int64_t before_seq = 0);
  // An actor's entries with ts >= since_ms, newest first, at most `limit`.
  Result<std::vector<StoredEntry>> Recent(const std::string& actor_user_id, int64_t since_ms, int limit = 1000);
  // Entries matching `filter`, newest first.
  Result<std::vector<StoredEntry>> Find(const Filter& filter, int limit, int64_t before_seq = 0);
  // How many entries match (e.g. an actor's identity reads, or denials, in
  // the last hour).
  Result<int64_t> Count(const Filter& filter);
  // Count() of an actor's entries with ts >= since_ms; an empty `action`,
  // `outcome` or `field_class` matches any.
  Result<int64_t> CountSince(const std::string& actor_user_id, int64_t since_ms, const std::string& action = "",
                             const std::string& outcome = "", const std::string& field_class = "");

  // Entries committed so far (the tree size).
  Result<int64_t> Size();

  // Computes the root over all committed entries, signs it and stores the
  // checkpoint. If nothing was appended since the newest checkpoint, returns
  // that one unchanged. kInternal if the stored log no longer matches an
  // earlier checkpoint (it never signs over a tampered log); kConflict if a
  // concurrent checkpoint got further first.
  Result<Checkpoint> WriteCheckpoint(const Signer& signer);
  // All checkpoints, oldest first.
  Result<std::vector<Checkpoint>> Checkpoints();
  // ExportCheckpointsJson(Checkpoints()).
  Result<std::string> ExportCheckpoints();

 private:
  struct Waiter {
    const Entry* entry;
    Status result;
    bool done = false;
  };

  class Pending;
  Status Insert(store::Transaction& tx, const std::vector<const Entry*>& entries);
  void WriterLoop();
  Result<std::vector<StoredEntry>> Select(const std::string& where, const std::vector<store::Value>& params, int limit);

  store::Database& db_;
  const Clock& clock_;
  Options options_;
  std::vector<uint8_t> entry_key_;  // empty: entries carry no MAC

  std::mutex mu_;
  std::condition_variable work_cv_;  // writer waits for entries or stop
  std::condition_variable done_cv_;  // callers wait for their batch
  std::condition_variable room_cv_;  // callers wait for queue space
  std::deque<Waiter*> queue_;
  bool stopping_ = false;
  bool started_ = false;
  std::thread writer_;
  std::mutex stop_mu_;  // one Stop() at a time
  std::atomic<uint64_t> batches_{0};
  std::atomic<uint64_t> batched_entries_{0};
};

}  // namespace nrm::audit
