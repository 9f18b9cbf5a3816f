// The RFC 6962 Merkle tree: against a naive recursive definition written
// here, against the Certificate Transparency reference roots, and the proofs.
#include "audit/merkle.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

namespace nrm::audit {
namespace {

// Independent of merkle.cc: SHA-256 straight from libsodium over explicitly
// built byte strings, and MTH spelled out as RFC 6962 §2.1 states it.
std::string RawSha(const std::string& bytes) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

std::string NaiveMth(const std::vector<std::string>& d, size_t from, size_t to) {
  size_t n = to - from;
  if (n == 0) return RawSha("");
  if (n == 1) return RawSha(std::string(1, '\0') + d[from]);
  size_t k = 1;
  while (k * 2 < n) k *= 2;  // the largest power of two smaller than n
  return RawSha(std::string(1, '\x01') + NaiveMth(d, from, from + k) + NaiveMth(d, from + k, to));
}

std::string Hex(const std::string& raw) {
  return ToHex(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(raw.data()), raw.size()));
}

std::vector<std::string> Data(size_t n) {
  std::vector<std::string> d;
  for (size_t i = 0; i < n; ++i) d.push_back("entry-" + std::to_string(i) + std::string(i % 3, '\0'));
  return d;
}

std::vector<Hash> Leaves(const std::vector<std::string>& d) {
  std::vector<Hash> out;
  for (const auto& s : d) out.push_back(LeafHash(s));
  return out;
}

TEST(MerkleTest, EmptyTreeIsSha256OfNothing) {
  EXPECT_EQ(ToHex(EmptyRoot()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(RootOf({})), ToHex(EmptyRoot()));
  EXPECT_EQ(ToHex(TreeBuilder().Root()), ToHex(EmptyRoot()));
}

TEST(MerkleTest, LeafAndNodeHashesUseTheirPrefixes) {
  EXPECT_EQ(ToHex(LeafHash("abc")), Hex(RawSha(std::string("\0abc", 4))));
  Hash a = LeafHash("a"), b = LeafHash("b");
  std::string raw = "\x01" + std::string(a.begin(), a.end()) + std::string(b.begin(), b.end());
  EXPECT_EQ(ToHex(NodeHash(a, b)), Hex(RawSha(raw)));
  EXPECT_NE(ToHex(NodeHash(a, b)), ToHex(NodeHash(b, a)));
}

TEST(MerkleTest, SmallTreesMatchTheNaiveDefinition) {
  for (size_t n : {0u, 1u, 2u, 3u, 5u, 7u}) {
    auto d = Data(n);
    const std::string want = Hex(NaiveMth(d, 0, n));
    EXPECT_EQ(ToHex(RootOf(Leaves(d))), want) << n << " leaves";
    TreeBuilder t;
    for (const Hash& h : Leaves(d)) t.Add(h);
    EXPECT_EQ(ToHex(t.Root()), want) << n << " leaves (builder)";
  }
}

TEST(MerkleTest, ThreeLeavesByHand) {
  // MTH(d0,d1,d2) = NODE(NODE(L0, L1), L2): the split is at 2.
  auto d = Data(3);
  Hash l0 = LeafHash(d[0]), l1 = LeafHash(d[1]), l2 = LeafHash(d[2]);
  EXPECT_EQ(ToHex(RootOf(Leaves(d))), ToHex(NodeHash(NodeHash(l0, l1), l2)));
  // Five leaves: NODE(NODE(NODE(L0,L1),NODE(L2,L3)), L4).
  auto e = Data(5);
  auto L = Leaves(e);
  EXPECT_EQ(ToHex(RootOf(L)), ToHex(NodeHash(NodeHash(NodeHash(L[0], L[1]), NodeHash(L[2], L[3])), L[4])));
}

TEST(MerkleTest, BuilderAgreesAtEverySize) {
  auto d = Data(70);
  auto leaves = Leaves(d);
  TreeBuilder t;
  EXPECT_EQ(t.size(), 0u);
  for (size_t n = 1; n <= leaves.size(); ++n) {
    t.Add(leaves[n - 1]);
    ASSERT_EQ(t.size(), n);
    ASSERT_EQ(ToHex(t.Root()), Hex(NaiveMth(d, 0, n))) << n;
  }
}

// The reference inputs and roots of the Certificate Transparency test suite
// (public test data for RFC 6962).
const std::vector<std::string> kCtInputs = {
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
const std::vector<std::string> kCtRoots = {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                                           "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                                           "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                                           "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                                           "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                                           "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                                           "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                                           "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

std::vector<Hash> CtLeaves() {
  std::vector<Hash> out;
  for (const auto& hex : kCtInputs) {
    auto bytes = BytesFromHex(hex);
    EXPECT_TRUE(bytes.has_value());
    out.push_back(LeafHash(std::string(bytes->begin(), bytes->end())));
  }
  return out;
}

TEST(MerkleTest, CertificateTransparencyReferenceRoots) {
  auto leaves = CtLeaves();
  for (size_t n = 1; n <= leaves.size(); ++n) {
    EXPECT_EQ(ToHex(RootOf(std::span<const Hash>(leaves).first(n))), kCtRoots[n - 1]) << n;
  }
  auto proof = InclusionProof(leaves, 0);
  ASSERT_EQ(proof.size(), 3u);
  EXPECT_EQ(ToHex(proof[0]), "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
  EXPECT_EQ(ToHex(proof[1]), "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e");
  EXPECT_EQ(ToHex(proof[2]), "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
}

TEST(MerkleTest, InclusionProofsVerifyAndDetectTampering) {
  auto leaves = Leaves(Data(21));
  for (size_t n = 1; n <= leaves.size(); ++n) {
    std::span<const Hash> tree(leaves.data(), n);
    Hash root = RootOf(tree);
    for (size_t i = 0; i < n; ++i) {
      auto proof = InclusionProof(tree, i);
      ASSERT_TRUE(VerifyInclusion(leaves[i], i, n, proof, root)) << i << " in " << n;
      if (n > 1) {
        EXPECT_FALSE(VerifyInclusion(leaves[(i + 1) % n], i, n, proof, root)) << i << " in " << n;
        auto bad = proof;
        bad[0][0] ^= 1;
        EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, bad, root));
      }
      EXPECT_FALSE(VerifyInclusion(leaves[i], n, n, proof, root));
    }
  }
}

TEST(MerkleTest, ConsistencyProofsVerifyAndDetectTampering) {
  auto leaves = Leaves(Data(19));
  for (size_t n = 1; n <= leaves.size(); ++n) {
    std::span<const Hash> tree(leaves.data(), n);
    Hash new_root = RootOf(tree);
    for (size_t m = 1; m <= n; ++m) {
      Hash old_root = RootOf(tree.first(m));
      auto proof = ConsistencyProof(tree, m);
      ASSERT_TRUE(VerifyConsistency(m, n, old_root, new_root, proof)) << m << " -> " << n;
      if (m < n) {
        Hash wrong = old_root;
        wrong[5] ^= 0x80;
        EXPECT_FALSE(VerifyConsistency(m, n, wrong, new_root, proof)) << m << " -> " << n;
        EXPECT_FALSE(VerifyConsistency(m, n, old_root, wrong, proof)) << m << " -> " << n;
        auto bad = proof;
        bad.back()[0] ^= 1;
        EXPECT_FALSE(VerifyConsistency(m, n, old_root, new_root, bad)) << m << " -> " << n;
      }
    }
  }
  // A log whose early entries changed is not an extension of the old tree.
  auto changed = leaves;
  changed[2] = LeafHash("forged");
  Hash old_root = RootOf(std::span<const Hash>(leaves).first(8));
  auto proof = ConsistencyProof(changed, 8);
  EXPECT_FALSE(VerifyConsistency(8, changed.size(), old_root, RootOf(changed), proof));
}

TEST(MerkleTest, HexRoundTrip) {
  Hash h = LeafHash("x");
  auto back = HashFromHex(ToHex(h));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, h);
  EXPECT_FALSE(HashFromHex("abc").has_value());
  EXPECT_FALSE(HashFromHex(std::string(64, 'g')).has_value());
  EXPECT_FALSE(BytesFromHex("0").has_value());
  EXPECT_EQ(BytesFromHex("00ff10")->size(), 3u);
  EXPECT_EQ(*BytesFromHex("A0"), std::vector<uint8_t>{0xa0});
}

}  // namespace
}  // namespace nrm::audit
