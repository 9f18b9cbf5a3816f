#include "text/collation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

namespace nrm::text {
namespace {

const std::vector<std::string> kAzAlphabet = {"a", "b", "c", "ç", "d", "e", "ə", "f", "g", "ğ", "h",
                                              "x", "ı", "i", "j", "k", "q", "l", "m", "n", "o", "ö",
                                              "p", "r", "s", "ş", "t", "u", "ü", "v", "y", "z"};

TEST(CollationTest, AzerbaijaniAlphabetOrder) {
  const Collation& az = Collation::Az();
  for (size_t i = 0; i + 1 < kAzAlphabet.size(); ++i) {
    EXPECT_LT(az.Compare(kAzAlphabet[i], kAzAlphabet[i + 1]), 0) << kAzAlphabet[i] << " < " << kAzAlphabet[i + 1];
    EXPECT_GT(az.Compare(kAzAlphabet[i + 1], kAzAlphabet[i]), 0);
  }
  std::vector<std::string> shuffled = kAzAlphabet;
  std::mt19937 rng(42);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  SortAz(shuffled);
  EXPECT_EQ(shuffled, kAzAlphabet);
}

TEST(CollationTest, AzerbaijaniUpperCaseAlphabetOrder) {
  const std::vector<std::string> upper = {"A", "B", "C", "Ç", "D", "E", "Ə", "F", "G", "Ğ", "H",
                                          "X", "I", "İ", "J", "K", "Q", "L", "M", "N", "O", "Ö",
                                          "P", "R", "S", "Ş", "T", "U", "Ü", "V", "Y", "Z"};
  std::vector<std::string> v(upper.rbegin(), upper.rend());
  SortAz(v);
  EXPECT_EQ(v, upper);
}

TEST(CollationTest, SortsAzerbaijaniNames) {
  std::vector<std::string> names = {"Zaqatala", "Əli",    "Ağcabədi", "Çinar", "İsmayıllı", "Ismayıl", "Şəki",
                                    "Ucar",     "Üzeyir", "Xaçmaz",   "Hacı",  "Qax",       "Gəncə"};
  SortAz(names);
  const std::vector<std::string> expected = {"Ağcabədi",  "Çinar", "Əli",  "Gəncə", "Hacı",   "Xaçmaz",  "Ismayıl",
                                             "İsmayıllı", "Qax",   "Şəki", "Ucar",  "Üzeyir", "Zaqatala"};
  EXPECT_EQ(names, expected);
}

TEST(CollationTest, CaseAndAccentsAreLowerLevels) {
  const Collation& az = Collation::Az();
  EXPECT_EQ(az.Compare("Əli", "Əli"), 0);
  EXPECT_NE(az.Compare("əli", "Əli"), 0);
  EXPECT_LT(az.Compare("əli", "Əli"), 0);   // lower case first at tertiary level
  EXPECT_LT(az.Compare("Əli", "əlif"), 0);  // letters decide before case
  EXPECT_TRUE(az.Less("Gəncə", "Göyçay"));
  EXPECT_EQ(az.Compare("ç", "c\xCC\xA7"), 0);  // NFC and NFD are the same text
}

TEST(CollationTest, SortKeyOrderMatchesCompare) {
  const Collation& az = Collation::Az();
  std::vector<std::string> words = {"",    "a",   "A",    "ağ",   "Ağcabədi", "ç",        "Çinar",      "ə",
                                    "Əli", "əli", "ı",    "I",    "i",        "İ",        "ismayıl",    "İsmayıllı",
                                    "qax", "Qax", "şəki", "Şəki", "üzeyir",   "zaqatala", "Zaqatala 2", "zz"};
  for (const auto& a : words) {
    EXPECT_EQ(az.SortKey(a).find('\0'), std::string::npos) << a;
    for (const auto& b : words) {
      const int by_compare = az.Compare(a, b);
      const int by_key = az.SortKey(a).compare(az.SortKey(b));
      EXPECT_EQ(by_compare < 0, by_key < 0) << a << " vs " << b;
      EXPECT_EQ(by_compare == 0, by_key == 0) << a << " vs " << b;
    }
  }
  const std::string long_text(5000, 'x');
  EXPECT_FALSE(az.SortKey(long_text).empty());
}

TEST(CollationTest, OtherLocales) {
  auto en = Collation::ForLocale("en");
  ASSERT_TRUE(en.has_value());
  EXPECT_EQ(en->locale(), "en");
  std::vector<std::string> v = {"zebra", "Banana", "Apple", "apple"};
  std::sort(v.begin(), v.end(), [&](const std::string& a, const std::string& b) { return en->Less(a, b); });
  EXPECT_EQ(v, (std::vector<std::string>{"apple", "Apple", "Banana", "zebra"}));

  auto ru = Collation::ForLocale("ru");
  ASSERT_TRUE(ru.has_value());
  std::vector<std::string> r = {"Яков", "Борис", "Ёжиков", "Алексей", "Жанна"};
  std::sort(r.begin(), r.end(), [&](const std::string& a, const std::string& b) { return ru->Less(a, b); });
  EXPECT_EQ(r, (std::vector<std::string>{"Алексей", "Борис", "Ёжиков", "Жанна", "Яков"}));
  // x follows h in Azerbaijani but comes late in English.
  EXPECT_LT(Collation::Az().Compare("xaçmaz", "ismayıl"), 0);
  EXPECT_GT(en->Compare("xaçmaz", "ismayıl"), 0);
}

TEST(CollationTest, RejectsUnknownLocale) {
  for (const char* loc : {"", "tr", "xx", "az_Cyrl", "../../etc"}) {
    auto c = Collation::ForLocale(loc);
    ASSERT_FALSE(c.has_value()) << loc;
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(CollationTest, MovedCollationStillWorks) {
  auto c = Collation::ForLocale("az");
  ASSERT_TRUE(c.has_value());
  Collation moved = std::move(*c);
  EXPECT_LT(moved.Compare("h", "x"), 0);
}

TEST(CollationTest, SharedInstanceIsSafeAcrossThreads) {
  const Collation& az = Collation::Az();
  const std::string expected_key = az.SortKey("İsmayıllı");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (az.Compare("Hacı", "Xaçmaz") >= 0) ++failures;
        if (az.Compare("Ismayıl", "İsmayıllı") >= 0) ++failures;
        if (az.SortKey("İsmayıllı") != expected_key) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace nrm::text
