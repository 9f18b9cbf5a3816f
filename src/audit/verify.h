// Verifies the audit log: recomputes everything from the stored JSON and
// names the first thing that is wrong.
//
// What is checked, in one pass over the entries in seq order:
//  - seq runs 1..n without gaps ("entry 18 missing (gap after 17)");
//  - each entry's JSON parses, and its leaf hash, recomputed from the JSON,
//    equals the stored leaf_hash ("entry 17: content does not match its
//    hash");
//  - the JSON's own seq equals the row's seq ("entries out of order at 20");
//  - the JSON is in canonical form, and the indexed columns (ts, actor,
//    object, action, outcome, field classes) repeat it;
//  - with the entry MAC key, each entry's MAC (see below);
//  - at every checkpoint's tree size the Merkle root of the entries so far
//    equals the checkpoint's root, and every checkpoint's Ed25519 signature
//    verifies (under the trusted key when one is given);
//  - checkpoints are numbered 1..m without gaps with non-decreasing sizes,
//    and the head (next seq, checkpoint count) agrees with what is stored.
//
// What each check catches. Someone who edits the database file can rewrite
// an entry's JSON AND its leaf hash consistently; no per-entry check sees
// that. The signed checkpoints do: the root at every later checkpoint
// changes. The report then says "checkpoint at size 40: root mismatch" and
// names the range that holds the change: after the newest checkpoint whose
// root still matches, up to 40 ("among entries 21..40"). The exact entry
// cannot be named from the database alone (the original leaf hashes are gone
// with the edit); frequent checkpoints keep the range short.
//
// The same attacker can also delete the newest checkpoints (and entries
// after them) or re-sign everything with a key of their own. Hence:
//  - pass the installation's public key as `trusted_public_key`: a checkpoint
//    signed by any other key is reported;
//  - pass checkpoints exported earlier (and kept by another agency) as
//    `external_checkpoints`: each must still match the log, so truncation
//    and rewrites before them are caught even when the stored checkpoints
//    were removed or replaced.
// Entries appended after the newest checkpoint, by someone writing rows that
// are internally consistent and moving the head, are caught by the entry
// MACs when `entry_key` is given: such a row has no MAC or one that does not
// verify ("entry 41: its MAC does not verify ..."). The MAC covers the
// entry's position, so a deletion hidden by renumbering the entries after it
// is named exactly: the first moved entry's MAC verifies at its old position
// ("entry 72 is missing: the entries after it were renumbered ...").
// Without the key (or for entries older than entry MACs) such appends cannot
// be told from genuine ones until an external party compares a later
// checkpoint.
//
// Verify reads in one read transaction and may run while the log is in use.
//
// Thread-safety: free functions; safe to call concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/checkpoint.h"
#include "core/error.h"
#include "store/database.h"

namespace nrm::audit {

struct VerifyOptions {
  const std::vector<uint8_t>* trusted_public_key = nullptr;
  const std::vector<Checkpoint>* external_checkpoints = nullptr;
  // The entry MAC key (DeriveEntryMacKey, signer.h): when given, every entry
  // from the first one with a MAC on must carry a MAC that verifies.
  const std::vector<uint8_t>* entry_key = nullptr;
  size_t max_problems = 100;  // the report keeps the first ones
};

struct VerifyProblem {
  int64_t position = 0;  // where in the log it shows (a seq or a tree size)
  int64_t seq = 0;       // the entry at fault when known exactly, else 0
  std::string message;
};

struct VerifyReport {
  int64_t entries = 0;               // rows read
  int64_t checkpoints = 0;           // stored checkpoints checked
  int64_t external_checkpoints = 0;  // external checkpoints checked
  // The first problem: an exact entry (first_bad_seq), or only a range
  // (suspect_from..suspect_to) when a checkpoint root is what failed.
  int64_t first_bad_seq = 0;
  int64_t suspect_from = 0;
  int64_t suspect_to = 0;
  std::vector<VerifyProblem> problems;  // in log order

  bool ok() const { return problems.empty(); }
  // "audit log intact: 40 entries, 2 checkpoints", or the first problem.
  std::string Summary() const;
};

// Errors only when the store cannot be read; a damaged log is a report.
Result<VerifyReport> Verify(store::Database& db, const std::vector<uint8_t>* trusted_public_key);
Result<VerifyReport> Verify(store::Database& db, const VerifyOptions& options);

}  // namespace nrm::audit
