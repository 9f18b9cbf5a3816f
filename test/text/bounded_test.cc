#include "text/bounded.h"

#include <gtest/gtest.h>

#include <string>

namespace nrm::text {
namespace {

TEST(IsValidUtf8, AcceptsWellFormed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("Əliyev Qasım oğlu"));
  EXPECT_TRUE(IsValidUtf8("Иванов"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBD"));      // U+FFFD
}

TEST(IsValidUtf8, RefusesMalformed) {
  EXPECT_FALSE(IsValidUtf8("\x80"));                  // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xC3"));                  // truncated at end
  EXPECT_FALSE(IsValidUtf8("\xC3x"));                 // truncated before ASCII
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));              // truncated 3-byte
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));              // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));          // overlong 3-byte
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));      // overlong 4-byte
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));          // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));      // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));  // 5-byte form
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("ok\xC3(ok"));
}

TEST(IsValidUtf8, Nul) {
  const std::string with_nul("a\0b", 3);
  EXPECT_TRUE(IsValidUtf8(with_nul));
  EXPECT_FALSE(IsValidUtf8(with_nul, Nul::kRefused));
  EXPECT_TRUE(IsValidUtf8("ab", Nul::kRefused));
}

TEST(IsValidUtf8, LongInput) {
  std::string s;
  for (int i = 0; i < 100000; ++i) s += "ə";
  EXPECT_TRUE(IsValidUtf8(s));
  s.back() = 'x';  // breaks the last two-byte sequence
  EXPECT_FALSE(IsValidUtf8(s));
}

TEST(CountCodePoints, CountsCharactersNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("əşç"), 3u);
  EXPECT_EQ(CountCodePoints("\xF0\x9F\x98\x80"), 1u);
}

TEST(CleanText, NormalisesAndTrims) {
  auto t = CleanText("  Gəncə \r\nşəhəri  ", "place", 100);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(*t, "Gəncə \nşəhəri");
  // NFC: e + combining acute becomes é.
  auto n = CleanText("e\xCC\x81", "x", 10);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, "\xC3\xA9");
}

TEST(CleanText, BytesBoundIsOnTheCleanedText) {
  EXPECT_TRUE(CleanText("   abcd   ", "note", 4));
  auto e = CleanText("abcde", "note", 4);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.error().message, "note is longer than 4 bytes");
  // Two characters of two bytes each: 4 bytes fit, 5 do not.
  EXPECT_TRUE(CleanText("əə", "note", 4));
  EXPECT_FALSE(CleanText("əəa", "note", 4));
}

TEST(CleanText, MinimumInCharacters) {
  auto req = CleanText("   ", "title", 100, 1);
  ASSERT_FALSE(req);
  EXPECT_EQ(req.error().message, "title is required");
  EXPECT_TRUE(CleanText("", "note", 100, 0));
  auto shortr = CleanText("əşç", "reason", 100, 5);
  ASSERT_FALSE(shortr);
  EXPECT_EQ(shortr.error().message, "reason must be at least 5 characters");
  EXPECT_TRUE(CleanText("əşçöü", "reason", 100, 5));  // 5 characters, 10 bytes
}

TEST(CleanText, RefusesBadInputWithoutEchoingIt) {
  auto bad = CleanText("secret\xC3", "name", 100);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message.rfind("name: ", 0), 0u);
  EXPECT_EQ(bad.error().message.find("secret"), std::string::npos);
  EXPECT_FALSE(CleanText("a\x01b", "name", 100));
  EXPECT_FALSE(
      CleanText("a\xE2\x80\xAE"
                "b",
                "name", 100));  // U+202E
}

}  // namespace
}  // namespace nrm::text
