#include "text/normalize.h"

#include <gtest/gtest.h>

namespace nrm::text {
namespace {

std::string Ok(std::string_view in) {
  auto r = NormalizeUserText(in);
  EXPECT_TRUE(r.has_value()) << in;
  return r ? *r : std::string("<error>");
}

void Rejected(std::string_view in) {
  auto r = NormalizeUserText(in);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  if (!in.empty()) {
    EXPECT_EQ(r.error().message.find(std::string(in)), std::string::npos);
  }
}

TEST(NormalizeTest, KeepsAzerbaijaniLetters) {
  EXPECT_EQ(Ok("Əli Məmmədov"), "Əli Məmmədov");
  EXPECT_EQ(Ok("İsmayıllı ığ ŞşÇçÖöÜüĞğ"), "İsmayıllı ığ ŞşÇçÖöÜüĞğ");
  EXPECT_EQ(Ok("Мамедов Али"), "Мамедов Али");
}

TEST(NormalizeTest, ComposesToNfc) {
  EXPECT_EQ(Ok("S\xCC\xA7\xC9\x99ki"), "Şəki");  // S + cedilla
  EXPECT_EQ(Ok("c\xCC\xA7o\xCC\x88rək"), "çörək");
  EXPECT_EQ(Ok("g\xCC\x86u\xCC\x88l"), "ğül");
  EXPECT_EQ(Ok("I\xCC\x87smay\xC4\xB1ll\xC4\xB1"), "İsmayıllı");
}

TEST(NormalizeTest, TrimsUnicodeWhitespaceOnly) {
  EXPECT_EQ(Ok("  Əli  Məmmədov \n\t"), "Əli  Məmmədov");
  EXPECT_EQ(Ok("\xC2\xA0Gəncə\xE3\x80\x80"), "Gəncə");  // NBSP, ideographic space
  EXPECT_EQ(Ok("line one\nline\ttwo"), "line one\nline\ttwo");
  EXPECT_EQ(Ok("   "), "");
  EXPECT_EQ(Ok(""), "");
}

TEST(NormalizeTest, CrLfBecomesLf) {
  EXPECT_EQ(Ok("a\r\nb\r\n"), "a\nb");
  Rejected("a\rb");
}

TEST(NormalizeTest, RejectsInvalidUtf8) {
  Rejected("\xC3\x28");          // bad continuation
  Rejected("ab\xC9");            // truncated ə
  Rejected("\xC0\xAF");          // overlong '/'
  Rejected("\xE0\x80\xAF");      // overlong
  Rejected("\xED\xA0\x80");      // UTF-16 surrogate
  Rejected("\xF4\x90\x80\x80");  // past U+10FFFF
  Rejected("\xFF");
  EXPECT_EQ(NormalizeUserText("\xFF").error().message, "Text is not valid UTF-8.");
}

TEST(NormalizeTest, RejectsControlCharacters) {
  Rejected(std::string("Əli\0x", 6));
  Rejected("bell\x07");
  Rejected("esc\x1B[31m");
  Rejected("del\x7F");
  Rejected("c1\xC2\x85");  // NEL
  Rejected(
      "abc\xE2\x80\xAE"
      "cba");                             // RIGHT-TO-LEFT OVERRIDE
  Rejected("\xE2\x81\xA6x\xE2\x81\xA9");  // isolates
  Rejected("\xEF\xBF\xBE");               // noncharacter U+FFFE
  EXPECT_EQ(NormalizeUserText("bell\x07").error().message, "Text contains control characters.");
}

}  // namespace
}  // namespace nrm::text
