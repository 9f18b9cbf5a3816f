#include "audit/merkle.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

namespace nrm::audit {
namespace {

bool SodiumReady() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

Hash Finish(crypto_hash_sha256_state& st) {
  Hash out;
  crypto_hash_sha256_final(&st, out.data());
  return out;
}

// Largest power of two strictly smaller than n (n >= 2).
uint64_t SplitPoint(uint64_t n) {
  uint64_t k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

void Path(std::span<const Hash> d, uint64_t m, std::vector<Hash>& out) {
  uint64_t n = d.size();
  if (n <= 1) return;
  uint64_t k = SplitPoint(n);
  if (m < k) {
    Path(d.subspan(0, k), m, out);
    out.push_back(RootOf(d.subspan(k)));
  } else {
    Path(d.subspan(k), m - k, out);
    out.push_back(RootOf(d.subspan(0, k)));
  }
}

void SubProof(std::span<const Hash> d, uint64_t m, bool complete, std::vector<Hash>& out) {
  uint64_t n = d.size();
  if (m == n) {
    if (!complete) out.push_back(RootOf(d));
    return;
  }
  uint64_t k = SplitPoint(n);
  if (m <= k) {
    SubProof(d.subspan(0, k), m, complete, out);
    out.push_back(RootOf(d.subspan(k)));
  } else {
    SubProof(d.subspan(k), m - k, false, out);
    out.push_back(RootOf(d.subspan(0, k)));
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Hash Sha256(std::string_view data) {
  if (!SodiumReady()) std::abort();
  Hash out;
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return out;
}

Hash LeafHash(std::string_view data) {
  if (!SodiumReady()) std::abort();
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  const unsigned char prefix = 0x00;
  crypto_hash_sha256_update(&st, &prefix, 1);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return Finish(st);
}

Hash NodeHash(const Hash& left, const Hash& right) {
  if (!SodiumReady()) std::abort();
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  const unsigned char prefix = 0x01;
  crypto_hash_sha256_update(&st, &prefix, 1);
  crypto_hash_sha256_update(&st, left.data(), left.size());
  crypto_hash_sha256_update(&st, right.data(), right.size());
  return Finish(st);
}

Hash EmptyRoot() { return Sha256(""); }

Hash RootOf(std::span<const Hash> leaves) {
  if (leaves.empty()) return EmptyRoot();
  if (leaves.size() == 1) return leaves[0];
  uint64_t k = SplitPoint(leaves.size());
  return NodeHash(RootOf(leaves.subspan(0, k)), RootOf(leaves.subspan(k)));
}

void TreeBuilder::Add(const Hash& leaf_hash) {
  // Merge equal-height subtrees: one merge per trailing 1-bit of size_.
  Hash h = leaf_hash;
  for (uint64_t s = size_; s & 1; s >>= 1) {
    h = NodeHash(stack_.back(), h);
    stack_.pop_back();
  }
  stack_.push_back(h);
  ++size_;
}

Hash TreeBuilder::Root() const {
  if (stack_.empty()) return EmptyRoot();
  // The rightmost subtree is the smallest; fold right to left.
  Hash r = stack_.back();
  for (size_t i = stack_.size() - 1; i-- > 0;) r = NodeHash(stack_[i], r);
  return r;
}

std::vector<Hash> InclusionProof(std::span<const Hash> leaves, uint64_t index) {
  std::vector<Hash> out;
  if (index >= leaves.size()) return out;
  Path(leaves, index, out);
  return out;
}

bool VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t tree_size, std::span<const Hash> proof,
                     const Hash& root) {
  if (index >= tree_size) return false;
  uint64_t fn = index, sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

std::vector<Hash> ConsistencyProof(std::span<const Hash> leaves, uint64_t old_size) {
  std::vector<Hash> out;
  if (old_size == 0 || old_size >= leaves.size()) return out;
  SubProof(leaves, old_size, true, out);
  return out;
}

bool VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root, const Hash& new_root,
                       std::span<const Hash> proof) {
  if (old_size > new_size) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (old_size == 0) return proof.empty();  // the empty tree is a prefix of every tree
  if (proof.empty()) return false;
  std::vector<Hash> path;
  if (IsPowerOfTwo(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == new_root && sn == 0;
}

std::string ToHex(std::span<const uint8_t> bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::optional<std::vector<uint8_t>> BytesFromHex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  std::vector<uint8_t> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = HexDigit(hex[2 * i]), lo = HexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

std::optional<Hash> HashFromHex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  auto bytes = BytesFromHex(hex);
  if (!bytes) return std::nullopt;
  Hash h{};
  std::copy(bytes->begin(), bytes->end(), h.begin());
  return h;
}

}  // namespace nrm::audit
