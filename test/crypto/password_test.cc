#include "crypto/password.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace nrm::crypto {
namespace {

class PasswordTest : public ::testing::Test {
 protected:
  void SetUp() override { SetPasswordHashCostForTests(true); }
  void TearDown() override { SetPasswordHashCostForTests(false); }
};

TEST_F(PasswordTest, HashAndVerify) {
  auto h = HashPassword("correct horse battery staple");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->rfind("$argon2id$v=19$", 0), 0u) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword(*h, "Correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*h, ""));
}

TEST_F(PasswordTest, HashesAreSalted) {
  auto a = HashPassword("same password twice");
  auto b = HashPassword("same password twice");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*a, "same password twice"));
  EXPECT_TRUE(VerifyPassword(*b, "same password twice"));
}

TEST_F(PasswordTest, UnicodeIsNormalisedBeforeHashing) {
  // "Şəkili çörək" precomposed vs decomposed (S + U+0327 cedilla, c + U+0327, o + U+0308).
  const std::string nfc = "\xC5\x9E\xC9\x99kili \xC3\xA7\xC3\xB6r\xC9\x99k";
  const std::string nfd = "S\xCC\xA7\xC9\x99kili c\xCC\xA7o\xCC\x88r\xC9\x99k";
  auto h = HashPassword(nfc);
  ASSERT_TRUE(h.has_value());
  EXPECT_TRUE(VerifyPassword(*h, nfd));
  EXPECT_TRUE(VerifyPassword(*h, nfc));
}

TEST_F(PasswordTest, RejectsUnusableInput) {
  EXPECT_EQ(HashPassword("bad \xFF utf8").error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(HashPassword(std::string("nul\0inside", 10)).has_value());
  EXPECT_FALSE(HashPassword(std::string(kMaxPasswordBytes + 1, 'a')).has_value());
  EXPECT_TRUE(HashPassword(std::string(kMaxPasswordBytes, 'a')).has_value());
}

TEST_F(PasswordTest, VerifyRejectsMalformedHashes) {
  EXPECT_FALSE(VerifyPassword("", "whatever"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "whatever"));
  EXPECT_FALSE(VerifyPassword("plaintext password", "plaintext password"));
  EXPECT_FALSE(VerifyPassword(std::string(500, 'x'), "x"));
}

TEST_F(PasswordTest, NeedsRehashTracksCost) {
  auto light = HashPassword("a long enough passphrase");
  ASSERT_TRUE(light.has_value());
  EXPECT_FALSE(PasswordNeedsRehash(*light));
  SetPasswordHashCostForTests(false);
  EXPECT_TRUE(PasswordNeedsRehash(*light));
  EXPECT_TRUE(PasswordNeedsRehash("not a hash"));
  EXPECT_TRUE(PasswordNeedsRehash(""));
}

TEST(PasswordDefaultCostTest, InteractiveCostHashVerifies) {
  SetPasswordHashCostForTests(false);
  auto h = HashPassword("default cost passphrase");
  ASSERT_TRUE(h.has_value());
  EXPECT_NE(h->find("$m=65536,t=2,p=1$"), std::string::npos) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "default cost passphrase"));
  EXPECT_FALSE(PasswordNeedsRehash(*h));
}

// ---- strength -------------------------------------------------------------

std::string Why(std::string_view pw, const std::vector<std::string>& ctx = {}) {
  auto s = CheckPasswordStrength(pw, ctx);
  if (s) return "ok";
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  if (!pw.empty()) {
    EXPECT_EQ(s.error().message.find(std::string(pw)), std::string::npos) << "echoes the password";
  }
  return s.error().message;
}

bool Ok(std::string_view pw, const std::vector<std::string>& ctx = {}) { return Why(pw, ctx) == "ok"; }

TEST(PasswordStrengthTest, AcceptsReasonablePasswords) {
  EXPECT_TRUE(Ok("correct horse battery staple"));
  EXPECT_TRUE(Ok("Xəzər dənizi sahilində"));
  EXPECT_TRUE(Ok("tr7#Kp2!vQ9z"));
  EXPECT_TRUE(Ok("mavi qapının arxasında"));
  EXPECT_TRUE(Ok("синий дом у реки"));
}

TEST(PasswordStrengthTest, LengthCountsCodePointsNotBytes) {
  // 11 letters of two bytes each: 22 bytes but only 11 characters.
  EXPECT_EQ(Why("əşçğöüıəşçğ"), "Password must be at least 12 characters long.");
  EXPECT_TRUE(Ok("əşçğöüıəşçğx"));
  EXPECT_EQ(Why("short"), "Password must be at least 12 characters long.");
  EXPECT_EQ(Why(""), "Password must be at least 12 characters long.");
  // 256 varied characters, every fifth one the two-byte letter ə.
  std::string longest;
  for (int i = 0; i < 256; ++i) {
    longest += (i % 5 == 0) ? std::string("\xC9\x99") : std::string(1, static_cast<char>('a' + (i * i + 3 * i) % 26));
  }
  EXPECT_TRUE(Ok(longest));
  EXPECT_EQ(Why(longest + "x"), "Password must be at most 256 characters long.");
}

TEST(PasswordStrengthTest, RejectsInvalidText) {
  EXPECT_NE(Why("valid prefix \xC3\x28 suffix"), "ok");
  EXPECT_NE(Why(std::string("has a nul \0 inside", 18)), "ok");
  EXPECT_NE(Why("control\x07 character here"), "ok");
}

TEST(PasswordStrengthTest, RejectsCommonPasswords) {
  for (const char* pw : {"123456789012",     "qwertyuiop123", "password1234",  "Password2024!",   "P@ssw0rd12345",
                         "passwordpassword", "qwertyqwerty",  "iloveyou1234",  "Azerbaijan2024",  "AZƏRBAYCAN1918",
                         "azerbaycan!!!",    "baku12345678",  "Bakı12345678!", "1q2w3e4r5t6y",    "1qaz2wsx3edc",
                         "ghbdtn123456",     "пароль123456",  "sevgilim1234",  "Qarabağ20201993", "OpenNRM12345"}) {
    EXPECT_NE(Why(pw), "ok") << pw;
  }
}

TEST(PasswordStrengthTest, RejectsTrivialPatterns) {
  EXPECT_NE(Why("aaaaaaaaaaaa"), "ok");
  EXPECT_NE(Why("ababababababab"), "ok");
  EXPECT_NE(Why("abcdefghijklm"), "ok");
  EXPECT_NE(Why("zyxwvutsrqpo"), "ok");
  EXPECT_NE(Why("890123456789"), "ok");
  EXPECT_NE(Why("987654321098"), "ok");
  EXPECT_NE(Why("asdfghjklzxc"), "ok");  // keyboard walk
  EXPECT_NE(Why("mnbvcxzlkjhg"), "ok");  // walk backwards
  EXPECT_NE(Why("ЙЦУКЕНГШЩЗХЪ"), "ok");
}

TEST(PasswordStrengthTest, RejectsContextWordsCaseInsensitively) {
  const std::vector<std::string> ctx = {"ismayil.mammadov", "İsmayıl Məmmədov", "ismayil@example.az"};
  EXPECT_NE(Why("my name is ISMAYIL ok", ctx), "ok");
  EXPECT_NE(Why("xxMƏMMƏDOVxxyy", ctx), "ok");
  EXPECT_NE(Why("mammadov rules 2024", ctx), "ok");  // ə typed as a
  EXPECT_NE(Why("memmedov rules 2024", ctx), "ok");  // ə typed as e
  EXPECT_NE(Why("1sm4y1l forever and", ctx), "ok");  // digit swaps
  EXPECT_NE(Why("example blue sky", ctx), "ok");
  // Parts shorter than four characters are not checked: "az" is fine.
  EXPECT_TRUE(Ok("az blue sky over hills", ctx));
  EXPECT_TRUE(Ok("correct horse battery staple", ctx));
}

}  // namespace
}  // namespace nrm::crypto
