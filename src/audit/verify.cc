#include "audit/verify.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "audit/entry.h"
#include "audit/merkle.h"
#include "audit/signer.h"

namespace nrm::audit {
namespace {

using store::Row;
using store::Value;

constexpr int64_t kPageRows = 5000;
// How far a renumbered entry is looked for from where it is stored.
constexpr int64_t kMaxRenumbering = 1024;

// Problems found at one position sort in this order.
enum Rank { kEntryRank = 0, kRootRank = 1, kCheckpointRank = 2, kHeadRank = 3 };

struct Found {
  VerifyProblem problem;
  int rank;
  size_t order;
  int64_t suspect_from = 0;  // set for root mismatches
};

class Collector {
 public:
  explicit Collector(size_t max) : max_(std::max<size_t>(max, 1)) {}

  void Add(int rank, int64_t position, int64_t seq, std::string message, int64_t suspect_from = 0) {
    // Entry problems arrive in log order: past the cap, later ones can
    // never be among the first. Others are few (one per checkpoint at most).
    if (rank == kEntryRank && entry_count_ >= max_) return;
    if (rank == kEntryRank) ++entry_count_;
    found_.push_back(Found{VerifyProblem{position, seq, std::move(message)}, rank, found_.size(), suspect_from});
  }

  void Finish(VerifyReport& report) {
    std::sort(found_.begin(), found_.end(), [](const Found& a, const Found& b) {
      if (a.problem.position != b.problem.position) return a.problem.position < b.problem.position;
      if (a.rank != b.rank) return a.rank < b.rank;
      return a.order < b.order;
    });
    if (found_.size() > max_) found_.resize(max_);
    if (!found_.empty()) {
      const Found& first = found_.front();
      report.first_bad_seq = first.problem.seq;
      if (first.rank == kRootRank) {
        report.suspect_from = first.suspect_from;
        report.suspect_to = first.problem.position;
      }
    }
    for (Found& f : found_) report.problems.push_back(std::move(f.problem));
  }

 private:
  size_t max_;
  size_t entry_count_ = 0;
  std::vector<Found> found_;
};

// A root to compare when the tree reaches `tree_size` leaves.
struct RootCheck {
  int64_t tree_size;
  std::optional<Hash> root;  // nullopt: the stored root is malformed
  std::string label;         // "checkpoint at size 40" / "exported checkpoint at size 40"
};

std::string Str(int64_t v) { return std::to_string(v); }

std::string ColumnMismatch(const Row& r, const StoredEntry& e) {
  std::vector<std::string> bad;
  if (r.Int(1) != e.ts) bad.push_back("ts");
  if (r.Text(4) != e.entry.actor_user_id) bad.push_back("actor_user_id");
  if (r.Text(5) != e.entry.actor_agency_id) bad.push_back("actor_agency_id");
  if (r.Text(6) != e.entry.object_type) bad.push_back("object_type");
  if (r.Text(7) != e.entry.object_id) bad.push_back("object_id");
  if (r.Text(8) != e.entry.action) bad.push_back("action");
  if (r.Text(9) != e.entry.outcome) bad.push_back("outcome");
  if (r.Text(10) != JoinFieldClasses(e.entry.field_classes)) bad.push_back("field_classes");
  std::string out;
  for (const auto& b : bad) out += (out.empty() ? "" : ", ") + b;
  return out;
}

struct Head {
  int64_t next_seq = 0;
  int64_t checkpoints = 0;
};

Result<std::optional<Head>> ReadHead(store::Transaction& tx) {
  auto rows = tx.Query("SELECT next_seq, checkpoints FROM audit_head WHERE id = 1");
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Head>();
  return std::optional<Head>(Head{rows->front().Int(0), rows->front().Int(1)});
}

}  // namespace

std::string VerifyReport::Summary() const {
  if (ok()) {
    std::string s = "audit log intact: " + Str(entries) + " entries, " + Str(checkpoints) + " checkpoints";
    if (external_checkpoints) s += ", " + Str(external_checkpoints) + " external checkpoints";
    return s;
  }
  return problems.front().message;
}

Result<VerifyReport> Verify(store::Database& db, const std::vector<uint8_t>* trusted_public_key) {
  VerifyOptions o;
  o.trusted_public_key = trusted_public_key;
  return Verify(db, o);
}

Result<VerifyReport> Verify(store::Database& db, const VerifyOptions& options) {
  VerifyReport report;
  Collector problems(options.max_problems);
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());

  auto head_before = ReadHead(**tx);
  if (!head_before) return tl::unexpected(head_before.error());
  if (!*head_before) problems.Add(kHeadRank, 0, 0, "the audit head is missing");

  // Checkpoints: numbering, order, signatures, keys; roots are compared
  // during the pass over the entries.
  std::vector<RootCheck> roots;
  auto cp_rows = (*tx)->Query(
      "SELECT id, tree_size, root_hash, signature, key_id, public_key, created_at FROM audit_checkpoints "
      "ORDER BY id");
  if (!cp_rows) return tl::unexpected(cp_rows.error());
  int64_t expected_id = 1, previous_size = 0, max_id = 0;
  auto check_signature = [&](const Checkpoint& c, const std::optional<Hash>& root, const std::string& name) {
    if (!root || !CheckpointSignatureValid(c)) {
      problems.Add(kCheckpointRank, c.tree_size, 0, name + ": bad signature");
    } else if (options.trusted_public_key && c.public_key != *options.trusted_public_key) {
      problems.Add(kCheckpointRank, c.tree_size, 0, name + ": signed by an untrusted key (" + c.key_id + ")");
    }
  };
  for (const Row& r : *cp_rows) {
    Checkpoint c;
    c.id = r.Int(0);
    c.tree_size = r.Int(1);
    store::Blob root_blob = r.Bytes(2);
    std::optional<Hash> root;
    if (root_blob.size() == Hash{}.size()) {
      root.emplace();
      std::copy(root_blob.begin(), root_blob.end(), root->begin());
      c.root_hash = *root;
    }
    c.signature = r.Bytes(3);
    c.key_id = r.Text(4);
    c.public_key = r.Bytes(5);
    c.created_at = r.Int(6);
    ++report.checkpoints;
    max_id = std::max(max_id, c.id);
    if (c.id != expected_id) {
      std::string msg;
      if (c.id < expected_id) {
        msg = "unexpected checkpoint number " + Str(c.id);
      } else {
        msg = c.id == expected_id + 1 ? "checkpoint " + Str(expected_id) + " missing"
                                      : "checkpoints " + Str(expected_id) + ".." + Str(c.id - 1) + " missing";
        msg += expected_id == 1 ? " (the first stored is checkpoint " + Str(c.id) + ")"
                                : " (gap after checkpoint " + Str(expected_id - 1) + ")";
      }
      problems.Add(kCheckpointRank, c.tree_size, 0, std::move(msg));
    }
    expected_id = c.id + 1;
    if (c.tree_size < previous_size) {
      problems.Add(kCheckpointRank, c.tree_size, 0,
                   "checkpoints out of order at checkpoint " + Str(c.id) + " (size " + Str(c.tree_size) +
                       " after size " + Str(previous_size) + ")");
    }
    previous_size = std::max(previous_size, c.tree_size);
    check_signature(c, root, "checkpoint " + Str(c.id));
    roots.push_back(RootCheck{c.tree_size, root, "checkpoint at size " + Str(c.tree_size)});
  }
  if (options.external_checkpoints) {
    for (const Checkpoint& c : *options.external_checkpoints) {
      ++report.external_checkpoints;
      const std::string name = "exported checkpoint at size " + Str(c.tree_size);
      check_signature(c, c.root_hash, name);
      roots.push_back(RootCheck{c.tree_size, c.root_hash, name});
    }
  }
  std::stable_sort(roots.begin(), roots.end(),
                   [](const RootCheck& a, const RootCheck& b) { return a.tree_size < b.tree_size; });

  // One pass over the entries.
  TreeBuilder tree;
  size_t next_root = 0;
  int64_t matched_size = 0;  // the largest checkpoint size whose root matched
  auto check_roots = [&] {
    const auto size = static_cast<int64_t>(tree.size());
    while (next_root < roots.size() && roots[next_root].tree_size < size) ++next_root;  // negative sizes
    for (; next_root < roots.size() && roots[next_root].tree_size == size; ++next_root) {
      const RootCheck& rc = roots[next_root];
      if (rc.root && *rc.root == tree.Root()) {
        matched_size = std::max(matched_size, size);
        continue;
      }
      std::string msg = rc.label + ": root mismatch — entries up to " + Str(size) + " were changed";
      if (size > 0) {
        msg += " (the first change is among entries " + Str(matched_size + 1) + ".." + Str(size);
        msg += matched_size > 0 ? "; the checkpoint at size " + Str(matched_size) + " matches)" : ")";
      }
      problems.Add(kRootRank, size, 0, std::move(msg), matched_size + 1);
    }
  };
  check_roots();

  // Entry MACs: entries before the first one that has a MAC predate them;
  // from it on, each must carry a MAC that verifies under the key.
  const bool check_macs = options.entry_key && !options.entry_key->empty();
  int64_t first_mac_seq = std::numeric_limits<int64_t>::max();
  if (check_macs) {
    auto first = (*tx)->Query("SELECT MIN(seq) FROM audit_entries WHERE entry_mac IS NOT NULL");
    if (!first) return tl::unexpected(first.error());
    if (!first->empty() && !first->front().IsNull(0)) first_mac_seq = first->front().Int(0);
  }
  // The position each entry was written at, as its MAC tells (renumbering
  // after a deletion shifts it); the previous entry's, to find the gap.
  int64_t last_original = 0;
  int64_t current_shift = 0;

  int64_t expected = 1, max_seq = 0;
  int64_t cursor = std::numeric_limits<int64_t>::min();
  for (;;) {
    auto rows = (*tx)->Query(
        "SELECT seq, ts, entry_json, leaf_hash, actor_user_id, actor_agency_id, object_type, object_id, action, "
        "outcome, field_classes, entry_mac FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT ?",
        {cursor, kPageRows});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) break;
    for (const Row& r : *rows) {
      const int64_t seq = r.Int(0);
      cursor = seq;
      max_seq = std::max(max_seq, seq);
      ++report.entries;
      if (seq < 1) {
        problems.Add(kEntryRank, 0, seq, "entry " + Str(seq) + ": not a valid position (the log starts at 1)");
      } else if (seq != expected) {
        std::string msg = seq == expected + 1 ? "entry " + Str(expected) + " missing"
                                              : "entries " + Str(expected) + ".." + Str(seq - 1) + " missing";
        msg += expected == 1 ? " (the log starts at " + Str(seq) + ")" : " (gap after " + Str(expected - 1) + ")";
        problems.Add(kEntryRank, expected, expected, std::move(msg));
      }
      if (seq >= 1) expected = seq + 1;

      const std::string text = r.Text(2);
      const Hash leaf = LeafHash(text);
      const store::Blob stored = r.Bytes(3);
      const auto position = std::max<int64_t>(seq, 0);
      auto parsed = ParseEntryJson(text);
      if (!std::equal(leaf.begin(), leaf.end(), stored.begin(), stored.end())) {
        problems.Add(kEntryRank, position, seq, "entry " + Str(seq) + ": content does not match its hash");
      } else if (!parsed) {
        problems.Add(kEntryRank, position, seq, "entry " + Str(seq) + ": content is not a valid audit entry");
      } else if (parsed->seq != seq) {
        if (parsed->seq >= 1 && parsed->seq < seq) {
          // An earlier entry, moved up: the log changed at parsed->seq (an
          // entry was inserted there, or this one was moved).
          problems.Add(kEntryRank, parsed->seq, parsed->seq,
                       "entries out of order at " + Str(parsed->seq) + ": the entry stored as " + Str(seq) +
                           " says it is " + Str(parsed->seq) + " (an entry was inserted or moved before it)");
        } else {
          problems.Add(kEntryRank, position, seq,
                       "entries out of order at " + Str(seq) + " (the entry stored as " + Str(seq) + " says it is " +
                           Str(parsed->seq) + ")");
        }
      } else if (auto canon = CanonicalJson(parsed->entry, parsed->seq, parsed->ts); !canon || *canon != text) {
        problems.Add(kEntryRank, position, seq, "entry " + Str(seq) + ": content is not in canonical form");
      } else if (std::string cols = ColumnMismatch(r, *parsed); !cols.empty()) {
        problems.Add(kEntryRank, position, seq,
                     "entry " + Str(seq) + ": indexed columns do not match its content (" + cols + ")");
      }
      if (check_macs && seq >= 1 && (!r.IsNull(11) || seq >= first_mac_seq)) {
        const store::Blob mac = r.Bytes(11);
        int64_t original = 0;  // 0: the MAC fits no position
        if (r.IsNull(11)) {
          problems.Add(kEntryRank, position, seq,
                       "entry " + Str(seq) + " has no MAC although earlier entries have one (it was not written " +
                           "through the log)");
        } else if (mac == EntryMac(*options.entry_key, leaf)) {
          original = seq;
        } else if (parsed && parsed->seq == seq) {
          // Written at a later position and moved down, as when entries
          // before it are deleted and the rest renumbered to hide the gap.
          for (int64_t k = std::max<int64_t>(current_shift, 1); k <= current_shift + kMaxRenumbering; ++k) {
            auto text_then = CanonicalJson(parsed->entry, seq + k, parsed->ts);
            if (text_then && EntryMac(*options.entry_key, LeafHash(*text_then)) == mac) {
              original = seq + k;
              break;
            }
          }
        }
        if (original > last_original + 1 && last_original + 1 >= seq && original != seq) {
          const int64_t from = last_original + 1, to = original - 1;
          problems.Add(kEntryRank, from, from,
                       (from == to ? "entry " + Str(from) + " is missing"
                                   : "entries " + Str(from) + ".." + Str(to) + " are missing") +
                           ": the entries after it were renumbered to hide the gap (entry " + Str(seq) +
                           " was written as " + Str(original) + ")");
        } else if (original == 0 && !r.IsNull(11)) {
          problems.Add(kEntryRank, position, seq,
                       "entry " + Str(seq) + ": its MAC does not verify (it was written or changed outside the log)");
        }
        if (original > 0) {
          current_shift = original - seq;
          last_original = original;
        } else {
          last_original = seq + current_shift;
        }
      }
      // The tree is built over the content actually stored.
      tree.Add(leaf);
      check_roots();
    }
  }
  const auto n = static_cast<int64_t>(tree.size());
  for (; next_root < roots.size(); ++next_root) {
    const RootCheck& rc = roots[next_root];
    problems.Add(kRootRank, n + 1, 0,
                 rc.label + " covers " + Str(rc.tree_size) + " entries but the log holds " + Str(n) +
                     ": entries after " + Str(n) + " were removed",
                 n + 1);
  }

  // The head: every seq below next_seq (read first) was committed, and no
  // entry or checkpoint may exist that the head (read last) does not count.
  auto head_after = ReadHead(**tx);
  if (!head_after) return tl::unexpected(head_after.error());
  if (*head_before && *head_after) {
    const Head& before = **head_before;
    const Head& after = **head_after;
    if (max_seq < before.next_seq - 1) {
      problems.Add(kHeadRank, max_seq + 1, max_seq + 1,
                   max_seq + 1 == before.next_seq - 1
                       ? "entry " + Str(max_seq + 1) + " missing (the head says " + Str(before.next_seq - 1) +
                             " entries were written)"
                       : "entries " + Str(max_seq + 1) + ".." + Str(before.next_seq - 1) + " missing (the head says " +
                             Str(before.next_seq - 1) + " entries were written)");
    }
    if (max_seq > after.next_seq - 1) {
      problems.Add(kHeadRank, after.next_seq, after.next_seq,
                   "entry " + Str(after.next_seq) + " was not appended through the log (the head says " +
                       Str(after.next_seq - 1) + " entries were written)");
    }
    if (max_id < before.checkpoints) {
      std::string msg = max_id + 1 == before.checkpoints
                            ? "checkpoint " + Str(before.checkpoints) + " missing"
                            : "checkpoints " + Str(max_id + 1) + ".." + Str(before.checkpoints) + " missing";
      problems.Add(kHeadRank, n + 1, 0, msg + " (the head counts " + Str(before.checkpoints) + " checkpoints)");
    }
    if (max_id > after.checkpoints) {
      problems.Add(kHeadRank, n + 1, 0,
                   "checkpoint " + Str(max_id) + " was not written through the log (the head counts " +
                       Str(after.checkpoints) + ")");
    }
  }
  (*tx)->Rollback();
  problems.Finish(report);
  return report;
}

}  // namespace nrm::audit
