// Signed checkpoints of the audit log's Merkle root.
//
// A checkpoint says: "the first `tree_size` entries of this log have the
// Merkle root `root_hash`", signed with Ed25519 over the ASCII message
//
//   opennrm-audit-checkpoint|v1|<tree_size>|<root_hash hex>|<created_at>
//
// (tree_size and created_at in decimal; created_at in ms since the epoch;
// hex lower-case). Anyone holding the public key can check it; an agency that
// keeps exported checkpoints can later prove that the log it is shown still
// has the same first `tree_size` entries.
//
// Export format (ExportCheckpointsJson): a JSON array, oldest first, of
//   {"created_at": int, "id": int, "key_id": str, "public_key": hex,
//    "root_hash": hex, "signature": hex, "tree_size": int}
// with keys sorted and no whitespace.
//
// Invariants: a stored checkpoint's signature verifies under its public_key
// over CheckpointMessage(tree_size, root_hash, created_at); ids run 1..m and
// tree sizes never decrease with the id.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/merkle.h"
#include "core/error.h"

namespace nrm::audit {

struct Checkpoint {
  int64_t id = 0;  // 1, 2, 3, ... in the order written
  int64_t tree_size = 0;
  Hash root_hash{};
  std::vector<uint8_t> signature;
  std::string key_id;
  std::vector<uint8_t> public_key;
  int64_t created_at = 0;

  bool operator==(const Checkpoint&) const = default;
};

// The signed message.
std::string CheckpointMessage(int64_t tree_size, const Hash& root_hash, int64_t created_at);

// True if the signature verifies under the checkpoint's own public key.
bool CheckpointSignatureValid(const Checkpoint& checkpoint);

std::string ExportCheckpointsJson(const std::vector<Checkpoint>& checkpoints);
// Parses ExportCheckpointsJson's output (kInvalidArgument if malformed).
Result<std::vector<Checkpoint>> ParseCheckpointsJson(std::string_view json);

}  // namespace nrm::audit
