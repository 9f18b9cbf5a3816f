#include "text/script.h"

#include <gtest/gtest.h>

namespace nrm::text {
namespace {

TEST(ScriptTest, Latin) {
  EXPECT_EQ(DetectScript("Məmmədova"), NameScript::kLatin);
  EXPECT_EQ(DetectScript("Mammadova"), NameScript::kLatin);
  EXPECT_EQ(DetectScript("ŞÜKÜROVA İsmayılov"), NameScript::kLatin);
  EXPECT_EQ(DetectScript("Ali Hasan oglu, 1990"), NameScript::kLatin);
}

TEST(ScriptTest, AzerbaijaniCyrillicByItsLetters) {
  // Each of ә ғ һ ј ө ү ҹ (and ҝ), lower and upper case, marks a word as az.
  for (const char* s : {"ә", "Ә", "ғ", "Ғ", "һ", "Һ", "ј", "Ј", "ө", "Ө", "ү", "Ү", "ҹ", "Ҹ", "ҝ", "Ҝ"}) {
    EXPECT_EQ(DetectScript(s), NameScript::kAzCyrillic) << s;
    EXPECT_TRUE(ContainsAzCyrillicLetter(s)) << s;
  }
  EXPECT_EQ(DetectScript("Мәммәдова"), NameScript::kAzCyrillic);
  EXPECT_EQ(DetectScript("Әлијев"), NameScript::kAzCyrillic);
  EXPECT_EQ(DetectScript("Һүсејнов"), NameScript::kAzCyrillic);
  EXPECT_EQ(DetectScript("Исмајылов"), NameScript::kAzCyrillic);
  EXPECT_EQ(DetectScript("Али Һәсән оглы"), NameScript::kAzCyrillic);  // one az word is enough
}

TEST(ScriptTest, RussianCyrillic) {
  EXPECT_EQ(DetectScript("Мамедова"), NameScript::kRuCyrillic);
  EXPECT_EQ(DetectScript("Али Гасан оглы"), NameScript::kRuCyrillic);
  EXPECT_EQ(DetectScript("ЭЛЬЧИН"), NameScript::kRuCyrillic);
  EXPECT_EQ(DetectScript("Щукин Ёлкин"), NameScript::kRuCyrillic);
  EXPECT_FALSE(ContainsAzCyrillicLetter("Мамедова"));
  // Latin j is not Cyrillic ј.
  EXPECT_FALSE(ContainsAzCyrillicLetter("Aliyev Jala"));
}

TEST(ScriptTest, Mixed) {
  EXPECT_EQ(DetectScript("Ali Гасанов"), NameScript::kMixed);
  EXPECT_EQ(DetectScript("\xD0\x90li"), NameScript::kMixed);  // Cyrillic А look-alike
  EXPECT_EQ(DetectScript("Жалə"), NameScript::kMixed);        // Latin ə in a Cyrillic word
  EXPECT_EQ(DetectScript("Ali علي"), NameScript::kMixed);
  EXPECT_EQ(DetectScript("Али Ὀδυσσεύς"), NameScript::kMixed);
}

TEST(ScriptTest, OtherAndNoLetters) {
  EXPECT_EQ(DetectScript(""), NameScript::kOther);
  EXPECT_EQ(DetectScript("   "), NameScript::kOther);
  EXPECT_EQ(DetectScript("123-456, !?"), NameScript::kOther);
  EXPECT_EQ(DetectScript("علي"), NameScript::kOther);
  EXPECT_EQ(DetectScript("გიორგი"), NameScript::kOther);
  EXPECT_FALSE(ContainsAzCyrillicLetter(""));
}

TEST(ScriptTest, IgnoresMarksPunctuationAndBadBytes) {
  EXPECT_EQ(DetectScript("I\xCC\x87smay\xC4\xB1l"), NameScript::kLatin);  // I + U+0307
  EXPECT_EQ(DetectScript("Эльчин 1985 (Баку)"), NameScript::kRuCyrillic);
  EXPECT_EQ(DetectScript("Ali\xFF\xFE"), NameScript::kLatin);
  EXPECT_EQ(DetectScript("\xC0\xAF"), NameScript::kOther);  // overlong '/'
  EXPECT_EQ(DetectScript("Ilʹya"), NameScript::kLatin);     // U+02B9 is Common
}

}  // namespace
}  // namespace nrm::text
