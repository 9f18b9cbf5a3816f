// The Merkle tree of the audit log, as RFC 6962 §2.1 defines it.
//
//   leaf hash  = SHA-256(0x00 || entry bytes)
//   node hash  = SHA-256(0x01 || left || right)
//   MTH({})    = SHA-256("")
//   MTH(D[n])  = NODE(MTH(D[0:k]), MTH(D[k:n])) with k the largest power of
//                two smaller than n.
//
// The 0x00/0x01 prefixes keep a leaf from ever being read as an inner node
// (second-preimage resistance). The root at a tree size commits to every leaf
// up to that size and to their order; a signed checkpoint of it (checkpoint.h)
// is what makes the log tamper-evident.
//
// TreeBuilder folds leaves one at a time, keeping only the roots of the
// perfect subtrees that cover the leaves so far (at most log2(n)+1 hashes):
// appending is amortised O(1), Root() is O(log n), so a verifier gets the
// root at every checkpoint size in one O(n) pass over the log.
//
// Inclusion and consistency proofs (RFC 6962 §2.1.1 and §2.1.2) are computed
// over a full vector of leaf hashes and checked with the RFC 9162 §2.1.3.2 and
// §2.1.4.2 algorithms; they let another agency that kept a checkpoint check
// that a later one extends it, or that an entry is in the log.
//
// Invariants: hashes are 32 bytes; TreeBuilder::Root() after adding leaves
// L[0..n) equals RootOf(L[0..n)) for every n; proofs verify exactly for the
// leaves and roots they were computed from.
//
// Thread-safety: free functions are safe from any thread; a TreeBuilder is a
// plain value (one thread at a time).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nrm::audit {

using Hash = std::array<uint8_t, 32>;

Hash Sha256(std::string_view data);
// SHA-256(0x00 || data).
Hash LeafHash(std::string_view data);
// SHA-256(0x01 || left || right).
Hash NodeHash(const Hash& left, const Hash& right);
// The root of the empty tree: SHA-256 of the empty string.
Hash EmptyRoot();

// MTH over `leaves` (already leaf hashes), recursive definition; O(n).
Hash RootOf(std::span<const Hash> leaves);

class TreeBuilder {
 public:
  void Add(const Hash& leaf_hash);
  uint64_t size() const { return size_; }
  // MTH of the leaves added so far.
  Hash Root() const;

 private:
  // Roots of perfect subtrees, left to right; the heights strictly decrease
  // and are the set bits of size_.
  std::vector<Hash> stack_;
  uint64_t size_ = 0;
};

// PATH(m, D[n]): the audit path of leaf `index` in the tree of all `leaves`.
// Empty if index >= leaves.size().
std::vector<Hash> InclusionProof(std::span<const Hash> leaves, uint64_t index);
bool VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t tree_size, std::span<const Hash> proof,
                     const Hash& root);

// PROOF(m, D[n]): proves that the tree of the first `old_size` leaves is a
// prefix of the tree of all `leaves`. Empty for old_size 0 or == n.
std::vector<Hash> ConsistencyProof(std::span<const Hash> leaves, uint64_t old_size);
bool VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root, const Hash& new_root,
                       std::span<const Hash> proof);

// Lower-case hex, and back (nullopt unless exactly 64 hex digits).
std::string ToHex(std::span<const uint8_t> bytes);
std::optional<Hash> HashFromHex(std::string_view hex);
// Any even-length hex string; nullopt if malformed.
std::optional<std::vector<uint8_t>> BytesFromHex(std::string_view hex);

}  // namespace nrm::audit
