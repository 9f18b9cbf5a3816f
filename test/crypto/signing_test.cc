// Ed25519 detached signatures: RFC 8032 vectors, tampering, key ids.
#include "crypto/signing.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

namespace nrm::crypto {
namespace {

std::vector<uint8_t> FromHex(const std::string& hex) {
  std::vector<uint8_t> out(hex.size() / 2);
  size_t len = 0;
  EXPECT_EQ(sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr), 0);
  out.resize(len);
  return out;
}

std::string Hex(std::span<const uint8_t> b) {
  std::string out(2 * b.size() + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), b.data(), b.size());
  out.pop_back();
  return out;
}

// RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
TEST(SigningTest, Rfc8032Vectors) {
  struct Vector {
    const char* seed;
    const char* pub;
    std::string message;
    const char* sig;
  };
  const Vector vectors[] = {
      {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe2"
       "4655141438e7a100b"},
      {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "\x72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302ae"
       "eb00d291612bb0c00"},
  };
  for (const auto& v : vectors) {
    auto key = SigningKey::FromSeed(FromHex(v.seed));
    ASSERT_TRUE(key);
    EXPECT_EQ(Hex(key->public_key()), v.pub);
    const store::Blob sig = Sign(*key, v.message);
    EXPECT_EQ(Hex(sig), v.sig);
    EXPECT_TRUE(Verify(key->public_key(), v.message, sig));
  }
}

TEST(SigningTest, TamperingFails) {
  auto key = SigningKey::Generate();
  ASSERT_TRUE(key);
  const std::string message = R"({"root":"ab12","size":42})";
  const store::Blob sig = Sign(*key, message);
  ASSERT_EQ(sig.size(), kSignatureBytes);
  EXPECT_TRUE(Verify(key->public_key(), message, sig));
  EXPECT_FALSE(Verify(key->public_key(), message + " ", sig));
  for (size_t i = 0; i < sig.size(); ++i) {
    store::Blob bad = sig;
    bad[i] ^= 0x01;
    EXPECT_FALSE(Verify(key->public_key(), message, bad)) << i;
  }
  auto other = SigningKey::Generate();
  ASSERT_TRUE(other);
  EXPECT_FALSE(Verify(other->public_key(), message, sig));
}

TEST(SigningTest, WrongSizesAreFalse) {
  auto key = SigningKey::Generate();
  ASSERT_TRUE(key);
  const store::Blob sig = Sign(*key, "m");
  const std::vector<uint8_t> pub(key->public_key().begin(), key->public_key().end());
  EXPECT_FALSE(Verify(std::span(pub).first(31), "m", sig));
  EXPECT_FALSE(Verify(pub, "m", std::span(sig).first(63)));
  EXPECT_FALSE(Verify({}, "m", {}));
  EXPECT_FALSE(SigningKey::FromSeed(std::vector<uint8_t>(31)));
}

TEST(SigningTest, SeedDeterminesTheKey) {
  const std::vector<uint8_t> seed(32, 7);
  auto a = SigningKey::FromSeed(seed);
  auto b = SigningKey::FromSeed(seed);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(Hex(a->public_key()), Hex(b->public_key()));
  EXPECT_EQ(Sign(*a, "m"), Sign(*b, "m"));  // Ed25519 is deterministic
}

TEST(SigningTest, KeyIdIsTruncatedBlake2b256OfThePublicKey) {
  auto key = SigningKey::Generate();
  ASSERT_TRUE(key);
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, key->public_key().data(), key->public_key().size(), nullptr, 0);
  const std::string expected = Hex(std::span<const uint8_t>(digest, 8));
  EXPECT_EQ(KeyId(key->public_key()), expected);
  EXPECT_EQ(key->key_id(), expected);
  EXPECT_EQ(expected.size(), 16u);
  auto other = SigningKey::Generate();
  ASSERT_TRUE(other);
  EXPECT_NE(other->key_id(), key->key_id());
}

}  // namespace
}  // namespace nrm::crypto
