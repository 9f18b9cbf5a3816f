#include "crypto/token.h"

#include <gtest/gtest.h>

#include <set>

namespace nrm::crypto {
namespace {

bool IsBase64Url(const std::string& s) {
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

TEST(TokenTest, RandomTokenIsBase64UrlWithoutPadding) {
  const std::string t = RandomToken();
  EXPECT_EQ(t.size(), 43u);  // 32 bytes -> ceil(256 / 6)
  EXPECT_TRUE(IsBase64Url(t)) << t;
  EXPECT_EQ(RandomToken(48).size(), 64u);
  EXPECT_EQ(RandomToken(16).size(), 22u);
}

TEST(TokenTest, RandomTokenNeverShorterThan128Bits) {
  EXPECT_EQ(RandomToken(0).size(), 22u);
  EXPECT_EQ(RandomToken(4).size(), 22u);
}

TEST(TokenTest, RandomTokensDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(RandomToken());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(TokenTest, HashTokenIsBlake2b256Hex) {
  // BLAKE2b-256 of the empty string and of "abc" (unkeyed, 32-byte output).
  EXPECT_EQ(HashToken(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(HashToken("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  const std::string t = RandomToken();
  EXPECT_EQ(HashToken(t), HashToken(t));
  EXPECT_NE(HashToken(t), HashToken(t + "x"));
  EXPECT_EQ(HashToken(t).size(), 64u);
}

TEST(TokenTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  const std::string with_nul("a\0b", 3);
  EXPECT_FALSE(ConstantTimeEquals(with_nul, std::string("a\0c", 3)));
  EXPECT_TRUE(ConstantTimeEquals(with_nul, std::string("a\0b", 3)));
}

}  // namespace
}  // namespace nrm::crypto
