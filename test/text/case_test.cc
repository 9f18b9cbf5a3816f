#include "text/case.h"

#include <gtest/gtest.h>

namespace nrm::text {
namespace {

TEST(CaseTest, FoldUsesAzerbaijaniDottedAndDotlessI) {
  EXPECT_EQ(FoldCaseAz("İSMAYILLI"), "ismayıllı");
  EXPECT_EQ(FoldCaseAz("İ"), "i");  // not i + U+0307 as in the root locale
  EXPECT_EQ(FoldCaseAz("I"), "ı");
  EXPECT_EQ(FoldCaseAz("ı"), "ı");
  EXPECT_EQ(FoldCaseAz("i"), "i");
}

TEST(CaseTest, FoldAzerbaijaniLetters) {
  EXPECT_EQ(FoldCaseAz("ŞƏKİ"), "şəki");
  EXPECT_EQ(FoldCaseAz("ĞÇÖÜ"), "ğçöü");
  EXPECT_EQ(FoldCaseAz("Gəncə"), "gəncə");
  EXPECT_EQ(FoldCaseAz("AĞCABƏDİ"), "ağcabədi");
  EXPECT_EQ(FoldCaseAz("XAÇMAZ"), "xaçmaz");
  EXPECT_EQ(FoldCaseAz("Straße"), "strasse");  // full folding
  EXPECT_EQ(FoldCaseAz("МОСКВА"), "москва");
  EXPECT_EQ(FoldCaseAz(""), "");
}

TEST(CaseTest, FoldNormalisesToNfc) {
  EXPECT_EQ(FoldCaseAz("C\xCC\xA7"), "ç");  // C + combining cedilla
  EXPECT_EQ(FoldCaseAz("S\xCC\xA7"), "ş");
  EXPECT_EQ(FoldCaseAz("O\xCC\x88"), "ö");
  EXPECT_EQ(FoldCaseAz("U\xCC\x88"), "ü");
  EXPECT_EQ(FoldCaseAz("G\xCC\x86"), "ğ");
  EXPECT_EQ(FoldCaseAz("I\xCC\x87"), "i");  // decomposed İ
}

TEST(CaseTest, EqualsIgnoreCase) {
  EXPECT_TRUE(EqualsIgnoreCaseAz("İSMAYILLI", "ismayıllı"));
  EXPECT_TRUE(EqualsIgnoreCaseAz("Şəki", "ŞƏKİ"));
  EXPECT_TRUE(EqualsIgnoreCaseAz("Çörək", "ÇÖRƏK"));
  EXPECT_TRUE(EqualsIgnoreCaseAz("çörək", "C\xCC\xA7O\xCC\x88RƏK"));
  // In Azerbaijani I and İ are different letters.
  EXPECT_FALSE(EqualsIgnoreCaseAz("ISMAYILLI", "ismayıllı"));
  EXPECT_FALSE(EqualsIgnoreCaseAz("İlham", "ılham"));
  EXPECT_FALSE(EqualsIgnoreCaseAz("Gəncə", "Gence"));
}

TEST(CaseTest, UpperAndLower) {
  EXPECT_EQ(UpperAz("ismayıllı"), "İSMAYILLI");
  EXPECT_EQ(UpperAz("şəki"), "ŞƏKİ");
  EXPECT_EQ(UpperAz("ağcabədi çörək üzüm"), "AĞCABƏDİ ÇÖRƏK ÜZÜM");
  EXPECT_EQ(UpperAz("c\xCC\xA7"), "Ç");
  EXPECT_EQ(LowerAz("İSMAYILLI"), "ismayıllı");
  EXPECT_EQ(LowerAz("Straße"), "straße");  // lower, not folded
}

}  // namespace
}  // namespace nrm::text
