#include "text/name_skeleton.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace nrm::text {
namespace {

using Tokens = std::vector<std::string>;

// Every spelling in `group` gives the same tokens, and those are `want`.
void ExpectMeet(const std::vector<std::string>& group, const Tokens& want) {
  for (const std::string& s : group) {
    EXPECT_EQ(NameSkeletonTokens(s), want) << "spelling: " << s;
  }
}

TEST(NameSkeletonTest, TransliteratorsAreAvailable) { EXPECT_TRUE(NameTransliteratorsAvailable()); }

TEST(NameSkeletonTest, Mammadova) {
  ExpectMeet({"Məmmədova", "Mammadova", "Мамедова", "Mamedova", "Мәммәдова", "MƏMMƏDOVA"}, {"mamadova"});
}

TEST(NameSkeletonTest, Aliyev) {
  ExpectMeet({"Əliyev", "Aliyev", "Алиев", "Aliev", "Әлијев", "ƏLİYEV", "ALIYEV", "Әлиев"}, {"aliov"});
}

TEST(NameSkeletonTest, Huseynov) {
  ExpectMeet({"Hüseynov", "Huseynov", "Гусейнов", "Guseynov", "Һүсејнов", "Һүсейнов"}, {"gusainov"});
}

TEST(NameSkeletonTest, Chalabiyeva) {
  ExpectMeet({"Çələbiyeva", "Chalabiyeva", "Челебиева", "Chelebieva", "Чәләбијева"}, {"calabiova"});
}

TEST(NameSkeletonTest, Gasimov) {
  ExpectMeet({"Qasımov", "Gasimov", "Гасымов", "Gasymov", "QASIMOV", "Гасымов", "Гасымов"}, {"gasimov"});
}

TEST(NameSkeletonTest, Ismayilov) {
  ExpectMeet({"İsmayılov", "Ismayilov", "Исмаилов", "Ismailov", "Исмајылов", "İSMAYILOV", "Исмайлов", "Ismaylov"},
             {"ismailov"});
}

TEST(NameSkeletonTest, Shukurova) {
  ExpectMeet({"Şükürova", "Shukurova", "Шукюрова", "Shukyurova", "Шүкүрова"}, {"sugurova"});
}

TEST(NameSkeletonTest, Rashad) { ExpectMeet({"Rəşad", "Rashad", "Рашад", "Reshad", "Рәшад"}, {"rasad"}); }

TEST(NameSkeletonTest, Orkhan) { ExpectMeet({"Orxan", "Orkhan", "Орхан", "ORXAN"}, {"organ"}); }

TEST(NameSkeletonTest, Elchin) { ExpectMeet({"Elçin", "Elchin", "Эльчин", "ELÇİN", "Елчин"}, {"alcin"}); }

TEST(NameSkeletonTest, PatronymicPhrase) {
  ExpectMeet(
      {"Əli Həsən oğlu", "Ali Hasan oglu", "Али Гасан оглы", "Әли Һәсән оғлу", "ali hasan ogly", "ƏLİ HƏSƏN OĞLU"},
      {"ali", "gasan", "oglu"});
}

TEST(NameSkeletonTest, DaughterParticle) {
  ExpectMeet({"Leyla Rəşad qızı", "Leyla Rashad gizi", "Лейла Рашад кызы", "Leyla Rashad kyzy", "Leyla Reshad kizi",
              "Лејла Рәшад гызы"},
             {"laila", "rasad", "gizi"});
}

TEST(NameSkeletonTest, MoreAzerbaijaniRussianPairs) {
  EXPECT_EQ(NameSkeleton("Quliyev"), NameSkeleton("Кулиев"));  // Russian К for q
  EXPECT_EQ(NameSkeleton("Quliyev"), NameSkeleton("Guliyev"));
  EXPECT_EQ(NameSkeleton("Cavid"), NameSkeleton("Джавид"));  // az c = дж
  EXPECT_EQ(NameSkeleton("Cavid"), NameSkeleton("Javid"));
  EXPECT_EQ(NameSkeleton("Jalə"), NameSkeleton("Жала"));  // az j = ж
  EXPECT_EQ(NameSkeleton("Jalə"), NameSkeleton("Zhala"));
  EXPECT_EQ(NameSkeleton("Aydın"), NameSkeleton("Айдын"));
  EXPECT_EQ(NameSkeleton("Eyvaz"), NameSkeleton("Ейваз"));  // initial Е -> ye
  EXPECT_EQ(NameSkeleton("Yeganə"), NameSkeleton("Егана"));
  EXPECT_EQ(NameSkeleton("İlyas"), NameSkeleton("Ильяс"));
  EXPECT_EQ(NameSkeleton("Xəlilov"), NameSkeleton("Халилов"));
  EXPECT_EQ(NameSkeleton("Xəlilov"), NameSkeleton("Khalilov"));
  EXPECT_EQ(NameSkeleton("Əlizadə"), NameSkeleton("Ализаде"));
  EXPECT_EQ(NameSkeleton("Əlizadə"), NameSkeleton("Alizade"));
  EXPECT_EQ(NameSkeleton("Yusif"), NameSkeleton("Юсиф"));
  EXPECT_EQ(NameSkeleton("Yaşar"), NameSkeleton("Яшар"));
  EXPECT_EQ(NameSkeleton("Gözəl"), NameSkeleton("Гёзал"));  // Russian ё for ö
}

TEST(NameSkeletonTest, MustNotMeet) {
  EXPECT_NE(NameSkeleton("Məmmədov"), NameSkeleton("Mahmudov"));
  EXPECT_NE(NameSkeleton("Мамедов"), NameSkeleton("Махмудов"));
  EXPECT_NE(NameSkeleton("Aliyev"), NameSkeleton("Alizade"));
  EXPECT_NE(NameSkeleton("Алиев"), NameSkeleton("Ализаде"));
  EXPECT_NE(NameSkeleton("Hüseynov"), NameSkeleton("Həsənov"));
  EXPECT_NE(NameSkeleton("Qasımov"), NameSkeleton("Kərimov"));
  EXPECT_NE(NameSkeleton("Elçin"), NameSkeleton("Elşən"));
  EXPECT_NE(NameSkeleton("Cavid"), NameSkeleton("Çingiz"));
  EXPECT_NE(NameSkeleton("Leyla"), NameSkeleton("Lalə"));
  EXPECT_NE(NameSkeleton("Aytən"), NameSkeleton("Aynur"));
}

TEST(NameSkeletonTest, DocumentedChoices) {
  // Gender is kept: a man and a woman of one family do not meet.
  EXPECT_EQ(NameSkeleton("Əliyev"), "aliov");
  EXPECT_EQ(NameSkeleton("Əliyeva"), "aliova");
  EXPECT_NE(NameSkeleton("Əliyev"), NameSkeleton("Əliyeva"));
  EXPECT_NE(NameSkeleton("Mamedov"), NameSkeleton("Mamedova"));
  // a and i are kept apart: Rəşad and Rəşid do not meet.
  EXPECT_NE(NameSkeleton("Rəşad"), NameSkeleton("Rəşid"));
  EXPECT_EQ(NameSkeleton("Rəşid"), NameSkeleton("Рашид"));
  // One velar class: Orxan and Orhan meet.
  EXPECT_EQ(NameSkeleton("Orxan"), NameSkeleton("Orhan"));
  EXPECT_EQ(NameSkeleton("Kamal"), NameSkeleton("Qamal"));
  // Latin c is Azerbaijani c (= j), so an English c misses Russian к.
  EXPECT_NE(NameSkeleton("Victor"), NameSkeleton("Виктор"));
  // Short words are not taken for surname suffixes.
  EXPECT_EQ(NameSkeleton("Həvva"), "gava");
}

TEST(NameSkeletonTest, SingleWordMatchesTokens) {
  EXPECT_EQ(NameSkeleton("Məmmədova"), "mamadova");
  EXPECT_EQ(NameSkeleton("oğlu"), "oglu");
  EXPECT_EQ(NameSkeleton("оглы"), "oglu");
  EXPECT_EQ(NameSkeleton("qızı"), "gizi");
  EXPECT_EQ(NameSkeleton("кызы"), "gizi");
  EXPECT_EQ(NameSkeleton("O'Neil"), NameSkeleton("ONeil"));  // inner non-letters dropped
  EXPECT_EQ(NameSkeleton(""), "");
  EXPECT_EQ(NameSkeleton("123"), "");
}

TEST(NameSkeletonTest, EmptyAndNoLetters) {
  EXPECT_TRUE(NameSkeletonTokens("").empty());
  EXPECT_TRUE(NameSkeletonTokens("   ").empty());
  EXPECT_TRUE(NameSkeletonTokens("123 - 456, ...").empty());
  EXPECT_TRUE(NameSkeletonTokens("\xFF\xFE").empty());
}

TEST(NameSkeletonTest, DigitsAndPunctuationSeparateWords) {
  EXPECT_EQ(NameSkeletonTokens("  Məmmədova,  Aygün\t(1990)  "), (Tokens{"mamadova", "aigun"}));
  EXPECT_EQ(NameSkeletonTokens("Əliyeva-Hüseynova"), (Tokens{"aliova", "gusainova"}));
  EXPECT_EQ(NameSkeletonTokens("Ali2Hasan"), (Tokens{"ali", "gasan"}));
  EXPECT_EQ(NameSkeletonTokens("Mə'mun"), NameSkeletonTokens("Məmun"));  // apostrophe in a word
  EXPECT_EQ(NameSkeletonTokens("Ali Ali"), (Tokens{"ali", "ali"}));      // duplicates kept
}

TEST(NameSkeletonTest, MixedScripts) {
  // Each word by its own script.
  EXPECT_EQ(NameSkeletonTokens("Ali Гасанов qızı"), (Tokens{"ali", "gasanov", "gizi"}));
  EXPECT_EQ(NameSkeletonTokens("Һәсән Алиев"), (Tokens{"gasan", "aliov"}));
  // Look-alike letters inside a word: Cyrillic А in "Аli", Latin ə in "Жалə".
  EXPECT_EQ(NameSkeleton("\xD0\x90liyev"), NameSkeleton("Aliyev"));
  EXPECT_EQ(NameSkeleton("Жалə"), NameSkeleton("Jalə"));
  // Other scripts go through Any-Latin and still yield a token.
  EXPECT_EQ(NameSkeletonTokens("Ὀδυσσεύς").size(), 1u);
  EXPECT_EQ(NameSkeletonTokens("გიორგი").size(), 1u);
}

TEST(NameSkeletonTest, DecomposedInput) {
  // I + U+0307 (İ), c + U+0327 (ç), u + U+0308 (ü).
  EXPECT_EQ(NameSkeleton("I\xCC\x87smay\xC4\xB1lov"), "ismailov");
  EXPECT_EQ(NameSkeleton("Elc\xCC\xA7in"), "alcin");
  EXPECT_EQ(NameSkeleton("Hu\xCC\x88seynov"), "gusainov");
}

TEST(NameSkeletonTest, ConcurrentUse) {
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&bad] {
      for (int i = 0; i < 200; ++i) {
        if (NameSkeletonTokens("Мәммәдова Али Гасан оглы") != Tokens{"mamadova", "ali", "gasan", "oglu"}) {
          ++bad;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace nrm::text
