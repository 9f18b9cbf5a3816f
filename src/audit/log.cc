#include "audit/log.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <utility>

#include "audit/merkle.h"

namespace nrm::audit {
namespace {

using store::Row;
using store::TxMode;
using store::Value;

constexpr int64_t kPageRows = 10000;
constexpr int kMaxLimit = 10000;

constexpr const char* kInsertPrefix =
    "INSERT INTO audit_entries (seq, ts, entry_json, leaf_hash, actor_user_id, actor_agency_id, object_type, "
    "object_id, action, outcome, field_classes, entry_mac) VALUES ";
constexpr const char* kRowPlaceholders = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr size_t kColumns = 12;
// Multi-row INSERTs in a few fixed sizes, so each backend caches at most
// four statements for them.
constexpr size_t kChunkSizes[] = {64, 16, 4, 1};

const std::string& InsertSql(size_t rows) {
  static const auto kSql = [] {
    std::vector<std::pair<size_t, std::string>> out;
    for (size_t n : kChunkSizes) {
      std::string sql = kInsertPrefix;
      for (size_t i = 0; i < n; ++i) sql += (i ? ", " : "") + std::string(kRowPlaceholders);
      out.emplace_back(n, std::move(sql));
    }
    return out;
  }();
  for (const auto& [n, sql] : kSql) {
    if (n == rows) return sql;
  }
  return kSql.back().second;
}

tl::unexpected<Error> Damaged(const std::string& what) {
  return Fail(ErrorCode::kInternal, "the audit log is damaged; run `nrm audit verify`", "audit: " + what);
}

std::string LikeEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

Hash ToHash(const store::Blob& b) {
  Hash h{};
  if (b.size() == h.size()) std::copy(b.begin(), b.end(), h.begin());
  return h;
}

Result<std::vector<Checkpoint>> LoadCheckpoints(store::Transaction& tx) {
  auto rows = tx.Query(
      "SELECT id, tree_size, root_hash, signature, key_id, public_key, created_at FROM audit_checkpoints "
      "ORDER BY id");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Checkpoint> out;
  for (const Row& r : *rows) {
    Checkpoint c;
    c.id = r.Int(0);
    c.tree_size = r.Int(1);
    store::Blob root = r.Bytes(2);
    if (root.size() != c.root_hash.size()) return Damaged("checkpoint " + std::to_string(c.id) + ": bad root size");
    c.root_hash = ToHash(root);
    c.signature = r.Bytes(3);
    c.key_id = r.Text(4);
    c.public_key = r.Bytes(5);
    c.created_at = r.Int(6);
    out.push_back(std::move(c));
  }
  return out;
}

Result<int64_t> HeadNextSeq(store::Transaction& tx) {
  auto rows = tx.Query("SELECT next_seq FROM audit_head WHERE id = 1");
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Damaged("audit_head has no row");
  return rows->front().Int(0);
}

}  // namespace

AuditLog::AuditLog(store::Database& db, const Clock& clock) : AuditLog(db, clock, Options{}) {}

AuditLog::AuditLog(store::Database& db, const Clock& clock, Options options)
    : db_(db), clock_(clock), options_(options) {
  options_.max_queue = std::max<size_t>(options_.max_queue, 1);
  options_.max_batch = std::max<size_t>(options_.max_batch, 1);
}

AuditLog::~AuditLog() { Stop(); }

// The entries appended in one transaction, written when it commits.
class AuditLog::Pending final : public store::Transaction::CommitTask {
 public:
  explicit Pending(AuditLog& log) : log_(log) {}
  Status Run(store::Transaction& tx) override {
    std::vector<const Entry*> ptrs;
    ptrs.reserve(entries_.size());
    for (const Entry& e : entries_) ptrs.push_back(&e);
    return log_.Insert(tx, ptrs);
  }
  std::vector<Entry> entries_;

 private:
  AuditLog& log_;
};

Status AuditLog::Append(store::Transaction& tx, const Entry& entry) { return AppendAll(tx, {entry}); }

Status AuditLog::AppendAll(store::Transaction& tx, const std::vector<Entry>& entries) {
  // Everything that can be wrong with an entry is found now, with the widest
  // seq and ts, so that the write at commit can fail only in the store.
  for (const Entry& e : entries) {
    if (auto s = CanonicalJson(e, std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::max()); !s) {
      return tl::unexpected(s.error());
    }
  }
  if (entries.empty()) return {};
  auto* pending = static_cast<Pending*>(tx.FindCommitTask(this));
  if (!pending) pending = &static_cast<Pending&>(tx.AddCommitTask(this, std::make_unique<Pending>(*this)));
  pending->entries_.insert(pending->entries_.end(), entries.begin(), entries.end());
  return {};
}

Status AuditLog::Insert(store::Transaction& tx, const std::vector<const Entry*>& entries) {
  if (entries.empty()) return {};
  for (const Entry* e : entries) {
    if (auto s = ValidateEntry(*e); !s) return s;
  }
  const auto k = static_cast<int64_t>(entries.size());
  // The head's row lock: held until the caller's transaction ends.
  auto head = tx.Query("UPDATE audit_head SET next_seq = next_seq + ? WHERE id = 1 RETURNING next_seq", {k});
  if (!head) return tl::unexpected(head.error());
  if (head->empty()) return Damaged("audit_head has no row (is migration 003 applied?)");
  const int64_t first = head->front().Int(0) - k;
  const int64_t ts = clock_.NowMillis();

  size_t done = 0;
  std::vector<Value> params;
  while (done < entries.size()) {
    size_t left = entries.size() - done;
    size_t chunk = 1;
    for (size_t n : kChunkSizes) {
      if (n <= left) {
        chunk = n;
        break;
      }
    }
    params.clear();
    params.reserve(chunk * kColumns);
    for (size_t i = 0; i < chunk; ++i) {
      const Entry& e = *entries[done + i];
      const int64_t seq = first + static_cast<int64_t>(done + i);
      auto text = CanonicalJson(e, seq, ts);
      if (!text) return tl::unexpected(text.error());
      Hash leaf = LeafHash(*text);
      params.emplace_back(seq);
      params.emplace_back(ts);
      params.emplace_back(std::move(*text));
      params.emplace_back(store::Blob(leaf.begin(), leaf.end()));
      params.emplace_back(e.actor_user_id);
      params.emplace_back(e.actor_agency_id);
      params.emplace_back(e.object_type);
      params.emplace_back(e.object_id);
      params.emplace_back(e.action);
      params.emplace_back(e.outcome);
      params.emplace_back(JoinFieldClasses(e.field_classes));
      if (entry_key_.empty()) {
        params.emplace_back(store::Null{});
      } else {
        params.emplace_back(store::Blob(EntryMac(entry_key_, leaf)));
      }
    }
    if (auto r = tx.Exec(InsertSql(chunk), params); !r) return tl::unexpected(r.error());
    done += chunk;
  }
  return {};
}

Status AuditLog::AppendRead(const Entry& entry) {
  // Checked here, with the widest seq and ts, so that one bad entry cannot
  // fail the whole batch it would have joined.
  if (auto s = CanonicalJson(entry, std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::max()); !s) {
    return tl::unexpected(s.error());
  }
  Waiter w{&entry, {}, false};
  std::unique_lock lock(mu_);
  if (stopping_) return Fail(ErrorCode::kUnavailable, "the audit log is shutting down");
  if (!started_) {
    writer_ = std::thread([this] { WriterLoop(); });
    started_ = true;
  }
  if (!room_cv_.wait_for(lock, std::chrono::milliseconds(options_.enqueue_timeout_ms),
                         [&] { return stopping_ || queue_.size() < options_.max_queue; })) {
    return Fail(ErrorCode::kUnavailable, "the audit log is overloaded; try again",
                "audit: group-commit queue full for " + std::to_string(options_.enqueue_timeout_ms) + " ms");
  }
  if (stopping_) return Fail(ErrorCode::kUnavailable, "the audit log is shutting down");
  queue_.push_back(&w);
  work_cv_.notify_one();
  done_cv_.wait(lock, [&] { return w.done; });
  return w.result;
}

void AuditLog::WriterLoop() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and drained
    std::vector<Waiter*> batch;
    while (!queue_.empty() && batch.size() < options_.max_batch) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    room_cv_.notify_all();
    lock.unlock();

    std::vector<const Entry*> entries;
    entries.reserve(batch.size());
    for (Waiter* w : batch) entries.push_back(w->entry);
    Status result;
    // Retried only while nothing can have been committed (Begin or a
    // statement failed with a transient error); never after COMMIT was sent.
    for (int attempt = 0;; ++attempt) {
      auto tx = db_.Begin(TxMode::kWrite);
      Status s = tx ? Insert(**tx, entries) : Status(tl::unexpected(tx.error()));
      if (s) {
        result = (*tx)->Commit();
        if (result) {
          batches_.fetch_add(1);
          batched_entries_.fetch_add(entries.size());
        }
        break;
      }
      bool transient = s.error().code == ErrorCode::kConflict || s.error().code == ErrorCode::kUnavailable;
      if (!transient || attempt >= 2) {
        result = s;
        break;
      }
    }

    lock.lock();
    for (Waiter* w : batch) {
      w->result = result;
      w->done = true;
    }
    done_cv_.notify_all();
  }
}

void AuditLog::Stop() {
  std::lock_guard stop_lock(stop_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  room_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

Result<std::vector<StoredEntry>> AuditLog::Select(const std::string& where, const std::vector<Value>& params,
                                                  int limit) {
  if (limit < 1 || limit > kMaxLimit) {
    return Fail(ErrorCode::kInvalidArgument, "limit must be between 1 and " + std::to_string(kMaxLimit));
  }
  auto tx = db_.Begin(TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  std::vector<Value> p = params;
  p.emplace_back(int64_t{limit});
  auto rows =
      (*tx)->Query("SELECT seq, ts, entry_json FROM audit_entries WHERE " + where + " ORDER BY seq DESC LIMIT ?", p);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<StoredEntry> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) {
    auto parsed = ParseEntryJson(r.Text(2));
    if (!parsed || parsed->seq != r.Int(0) || parsed->ts != r.Int(1)) {
      return Damaged("entry " + std::to_string(r.Int(0)) + " does not parse or disagrees with its row");
    }
    out.push_back(std::move(*parsed));
  }
  return out;
}

namespace {

void BuildWhere(const Filter& f, int64_t before_seq, std::string* where, std::vector<Value>* params) {
  *where = "ts >= ? AND ts < ?";
  params->emplace_back(f.since_ms);
  params->emplace_back(f.until_ms);
  auto eq = [&](const std::optional<std::string>& v, const char* column) {
    if (!v) return;
    *where += std::string(" AND ") + column + " = ?";
    params->emplace_back(*v);
  };
  eq(f.actor_user_id, "actor_user_id");
  eq(f.object_type, "object_type");
  eq(f.object_id, "object_id");
  eq(f.action, "action");
  eq(f.outcome, "outcome");
  if (f.field_class) {
    *where += " AND field_classes LIKE ? ESCAPE '\\'";
    params->emplace_back("%," + LikeEscape(*f.field_class) + ",%");
  }
  if (before_seq > 0) {
    *where += " AND seq < ?";
    params->emplace_back(before_seq);
  }
}

}  // namespace

Result<std::vector<StoredEntry>> AuditLog::Find(const Filter& filter, int limit, int64_t before_seq) {
  std::string where;
  std::vector<Value> params;
  BuildWhere(filter, before_seq, &where, &params);
  return Select(where, params, limit);
}

Result<std::vector<StoredEntry>> AuditLog::History(const std::string& object_type, const std::string& object_id,
                                                   int limit, int64_t before_seq) {
  Filter f;
  f.object_type = object_type;
  f.object_id = object_id;
  return Find(f, limit, before_seq);
}

Result<std::vector<StoredEntry>> AuditLog::Recent(const std::string& actor_user_id, int64_t since_ms, int limit) {
  Filter f;
  f.actor_user_id = actor_user_id;
  f.since_ms = since_ms;
  return Find(f, limit);
}

Result<int64_t> AuditLog::Count(const Filter& filter) {
  std::string where;
  std::vector<Value> params;
  BuildWhere(filter, 0, &where, &params);
  auto tx = db_.Begin(TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query("SELECT count(*) FROM audit_entries WHERE " + where, params);
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? 0 : rows->front().Int(0);
}

Result<int64_t> AuditLog::CountSince(const std::string& actor_user_id, int64_t since_ms, const std::string& action,
                                     const std::string& outcome, const std::string& field_class) {
  Filter f;
  f.actor_user_id = actor_user_id;
  f.since_ms = since_ms;
  if (!action.empty()) f.action = action;
  if (!outcome.empty()) f.outcome = outcome;
  if (!field_class.empty()) f.field_class = field_class;
  return Count(f);
}

Result<int64_t> AuditLog::Size() {
  auto tx = db_.Begin(TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto next = HeadNextSeq(**tx);
  if (!next) return tl::unexpected(next.error());
  return *next - 1;
}

Result<std::vector<Checkpoint>> AuditLog::Checkpoints() {
  auto tx = db_.Begin(TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  return LoadCheckpoints(**tx);
}

Result<std::string> AuditLog::ExportCheckpoints() {
  auto cps = Checkpoints();
  if (!cps) return tl::unexpected(cps.error());
  return ExportCheckpointsJson(*cps);
}

Result<Checkpoint> AuditLog::WriteCheckpoint(const Signer& signer) {
  int64_t n = 0;
  Hash root{};
  {
    // Every seq below the committed head is committed (appends commit in seq
    // order under the head lock), so a later statement sees at least those.
    auto tx = db_.Begin(TxMode::kRead);
    if (!tx) return tl::unexpected(tx.error());
    auto next = HeadNextSeq(**tx);
    if (!next) return tl::unexpected(next.error());
    n = *next - 1;
    auto cps = LoadCheckpoints(**tx);
    if (!cps) return tl::unexpected(cps.error());
    std::vector<Checkpoint> earlier = std::move(*cps);
    std::stable_sort(earlier.begin(), earlier.end(),
                     [](const Checkpoint& a, const Checkpoint& b) { return a.tree_size < b.tree_size; });
    const int64_t signed_upto = earlier.empty() ? 0 : earlier.back().tree_size;
    if (signed_upto > n) return Damaged("a checkpoint covers more entries than the head");
    if (!earlier.empty() && signed_upto == n) return earlier.back();

    TreeBuilder tree;
    size_t next_cp = 0;
    auto check_checkpoints = [&]() -> Status {
      for (; next_cp < earlier.size() && earlier[next_cp].tree_size == static_cast<int64_t>(tree.size()); ++next_cp) {
        if (earlier[next_cp].root_hash != tree.Root()) {
          return Damaged("root mismatch at checkpoint " + std::to_string(earlier[next_cp].id));
        }
      }
      return {};
    };
    if (auto s = check_checkpoints(); !s) return tl::unexpected(s.error());
    // Entries before the first one with a MAC predate entry MACs; after it,
    // every entry must carry a valid one.
    int64_t first_mac_seq = std::numeric_limits<int64_t>::max();
    if (!entry_key_.empty()) {
      auto first = (*tx)->Query("SELECT MIN(seq) FROM audit_entries WHERE entry_mac IS NOT NULL");
      if (!first) return tl::unexpected(first.error());
      if (!first->empty() && !first->front().IsNull(0)) first_mac_seq = first->front().Int(0);
    }
    // Up to the newest checkpoint: the stored leaf hashes (the checkpoint
    // roots vouch for them). After it: re-hash the JSON as well.
    for (int64_t cursor = 0; cursor < n;) {
      const bool tail = cursor >= signed_upto;
      const int64_t upto = tail ? n : signed_upto;
      auto rows = (*tx)->Query(tail ? "SELECT seq, leaf_hash, entry_json, entry_mac FROM audit_entries WHERE seq > ? "
                                      "AND seq <= ? ORDER BY seq LIMIT ?"
                                    : "SELECT seq, leaf_hash FROM audit_entries WHERE seq > ? AND seq <= ? "
                                      "ORDER BY seq LIMIT ?",
                               {cursor, upto, kPageRows});
      if (!rows) return tl::unexpected(rows.error());
      if (rows->empty()) return Damaged("entry " + std::to_string(cursor + 1) + " is missing");
      for (const Row& r : *rows) {
        const int64_t seq = r.Int(0);
        if (seq != cursor + 1) return Damaged("entry " + std::to_string(cursor + 1) + " is missing");
        store::Blob stored = r.Bytes(1);
        if (stored.size() != Hash{}.size()) return Damaged("entry " + std::to_string(seq) + ": bad hash size");
        Hash leaf = ToHash(stored);
        if (tail) {
          std::string text = r.Text(2);
          auto parsed = ParseEntryJson(text);
          if (LeafHash(text) != leaf || !parsed || parsed->seq != seq) {
            return Damaged("entry " + std::to_string(seq) + " does not match its hash or position");
          }
          if (!entry_key_.empty() && (!r.IsNull(3) || seq >= first_mac_seq) &&
              r.Bytes(3) != EntryMac(entry_key_, leaf)) {
            // Never signed: a row someone wrote around the log.
            return Damaged("entry " + std::to_string(seq) + ": its MAC does not verify (not written by this log)");
          }
        }
        tree.Add(leaf);
        cursor = seq;
        if (auto s = check_checkpoints(); !s) return tl::unexpected(s.error());
      }
    }
    root = tree.Root();
  }

  const int64_t created_at = clock_.NowMillis();
  Checkpoint cp;
  cp.tree_size = n;
  cp.root_hash = root;
  cp.created_at = created_at;
  cp.signature = signer.Sign(CheckpointMessage(n, root, created_at));
  cp.public_key = signer.PublicKey();
  cp.key_id = signer.KeyId();
  if (!CheckpointSignatureValid(cp)) {
    return Fail(ErrorCode::kInternal, "the audit signing key produced an invalid signature",
                "audit: signature of key " + cp.key_id + " does not verify");
  }

  auto tx = db_.Begin(TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto id = (*tx)->Query("UPDATE audit_head SET checkpoints = checkpoints + 1 WHERE id = 1 RETURNING checkpoints");
  if (!id) return tl::unexpected(id.error());
  if (id->empty()) return Damaged("audit_head has no row");
  cp.id = id->front().Int(0);
  auto stats = (*tx)->Query("SELECT COALESCE(MAX(tree_size), 0), count(*) FROM audit_checkpoints");
  if (!stats) return tl::unexpected(stats.error());
  if (stats->front().Int(1) != cp.id - 1) return Damaged("checkpoint rows do not match the head's count");
  if (stats->front().Int(1) > 0 && stats->front().Int(0) > n) {
    return Fail(ErrorCode::kConflict, "a newer audit checkpoint was written meanwhile; try again");
  }
  auto ins = (*tx)->Exec(
      "INSERT INTO audit_checkpoints (id, tree_size, root_hash, signature, key_id, public_key, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {cp.id, cp.tree_size, store::Blob(root.begin(), root.end()), store::Blob(cp.signature), cp.key_id,
       store::Blob(cp.public_key), cp.created_at});
  if (!ins) return tl::unexpected(ins.error());
  if (auto s = (*tx)->Commit(); !s) return tl::unexpected(s.error());
  return cp;
}

}  // namespace nrm::audit
