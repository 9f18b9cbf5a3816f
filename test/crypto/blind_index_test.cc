// Blind indexes: keyed, deterministic, separated by domain; the normalisers.
#include "crypto/blind_index.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <memory>
#include <set>
#include <vector>

#include "store/database.h"
#include "support/temp_dir.h"

namespace nrm::crypto {
namespace {

std::vector<uint8_t> RandomKey() {
  std::vector<uint8_t> k(32);
  randombytes_buf(k.data(), k.size());
  return k;
}

std::string Index(const std::vector<uint8_t>& key, std::string_view domain, std::string_view value) {
  auto r = BlindIndex(key, domain, value);
  EXPECT_TRUE(r) << r.error().message << " " << r.error().internal;
  return r ? *r : "";
}

TEST(BlindIndexTest, IsLowerHexBlake2b256) {
  const auto key = RandomKey();
  const std::string idx = Index(key, kPhoneDomain, "+994501234567");
  EXPECT_EQ(idx.size(), 64u);
  EXPECT_EQ(idx.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(BlindIndexTest, KnownAnswer) {
  // keyed BLAKE2b-256, key = 00 01 .. 1f, message "phone\0+994501234567";
  // computed independently with one-shot crypto_generichash.
  std::vector<uint8_t> key(32);
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i);
  const std::string msg = std::string("phone") + '\0' + "+994501234567";
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), key.data(),
                     key.size());
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  EXPECT_EQ(Index(key, "phone", "+994501234567"), std::string(hex));
}

TEST(BlindIndexTest, DeterministicPerKey) {
  const auto key = RandomKey();
  EXPECT_EQ(Index(key, kDocumentNumberDomain, "AA1234567"), Index(key, kDocumentNumberDomain, "AA1234567"));
  const auto copy = key;
  EXPECT_EQ(Index(copy, kDocumentNumberDomain, "AA1234567"), Index(key, kDocumentNumberDomain, "AA1234567"));
}

TEST(BlindIndexTest, DiffersPerKeyDomainAndValue) {
  const auto k1 = RandomKey();
  const auto k2 = RandomKey();
  std::set<std::string> seen = {
      Index(k1, kPhoneDomain, "123456"),          Index(k2, kPhoneDomain, "123456"),
      Index(k1, kDocumentNumberDomain, "123456"), Index(k1, kNameTokenDomain, "123456"),
      Index(k1, kPhoneDomain, "123457"),          Index(k1, kPhoneDomain, "+123456"),
  };
  EXPECT_EQ(seen.size(), 6u);
}

TEST(BlindIndexTest, DomainAndValueCannotBeShiftedIntoEachOther) {
  // Domains hold no NUL, so the first NUL ends the domain: moving bytes
  // between domain and value changes the index.
  const auto key = RandomKey();
  EXPECT_NE(Index(key, "name_token", "a"), Index(key, "name", std::string_view("_token\0a", 8)));
  EXPECT_NE(Index(key, "phone",
                  std::string("\0"
                              "1",
                              2)),
            Index(key, "phone", "1"));
  auto bad = BlindIndex(key, std::string_view("pho\0ne", 6), "1");
  EXPECT_FALSE(bad);
}

TEST(BlindIndexTest, RefusesBadDomainsKeysAndEmptyValues) {
  const auto key = RandomKey();
  for (std::string_view d : {std::string_view(""), std::string_view("Phone"), std::string_view("pho ne"),
                             std::string_view("phone-number"), std::string_view("ph|one")}) {
    EXPECT_FALSE(BlindIndex(key, d, "1")) << d;
  }
  EXPECT_FALSE(BlindIndex(std::vector<uint8_t>(8, 1), kPhoneDomain, "1"));
  auto empty = BlindIndex(key, kPhoneDomain, "");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
}

TEST(BlindIndexTest, UsesTheKeyringsKey) {
  testing::TempDir dir;
  auto db = store::Database::Open("sqlite:" + dir.File("nrm.db"));
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->Migrate());
  ManualClock clock(1'790'000'000'000);
  auto master = MasterKey::Generate();
  ASSERT_TRUE(master);
  auto keyring = Keyring::Open(**db, clock, std::move(*master));
  ASSERT_TRUE(keyring) << keyring.error().message;
  const auto& k = **keyring;
  const std::vector<uint8_t> key(k.BlindIndexKey().begin(), k.BlindIndexKey().end());
  auto via_keyring = BlindIndex(k, kPhoneDomain, "+994501234567");
  ASSERT_TRUE(via_keyring);
  EXPECT_EQ(*via_keyring, Index(key, kPhoneDomain, "+994501234567"));
  // The field key is a different key.
  const std::vector<uint8_t> field(k.CurrentFieldKey().key.begin(), k.CurrentFieldKey().key.end());
  EXPECT_NE(*via_keyring, Index(field, kPhoneDomain, "+994501234567"));
}

TEST(NormalizePhoneTest, KeepsDigitsAndALeadingPlus) {
  EXPECT_EQ(NormalizePhone("+994 (50) 123-45-67"), "+994501234567");
  EXPECT_EQ(NormalizePhone("  +994501234567 "), "+994501234567");
  EXPECT_EQ(NormalizePhone("050 123 45 67"), "0501234567");
  EXPECT_EQ(NormalizePhone("00994.50.123.45.67"), "00994501234567");
  EXPECT_EQ(NormalizePhone("994+50"), "99450");        // a '+' later on is dropped
  EXPECT_EQ(NormalizePhone("tel: +994 50"), "99450");  // not leading
  EXPECT_EQ(NormalizePhone("+"), "");
  EXPECT_EQ(NormalizePhone("no digits"), "");
  EXPECT_EQ(NormalizePhone("١٢٣"), "");  // Arabic-Indic digits are not ASCII digits
  EXPECT_EQ(NormalizePhone("+994 (50) 123-45-67"), NormalizePhone("+994501234567"));
}

TEST(NormalizeDocumentNumberTest, UpperCaseAsciiAlphanumericsOnly) {
  EXPECT_EQ(NormalizeDocumentNumber("aa 123-4567"), "AA1234567");
  EXPECT_EQ(NormalizeDocumentNumber("AZE 12.345/67"), "AZE1234567");
  EXPECT_EQ(NormalizeDocumentNumber(" c01234567\n"), "C01234567");
  EXPECT_EQ(NormalizeDocumentNumber("Şİ12"), "12");  // non-ASCII letters are dropped
  EXPECT_EQ(NormalizeDocumentNumber("--"), "");
  EXPECT_EQ(NormalizeDocumentNumber("aa1234567"), NormalizeDocumentNumber("AA 1234567"));
}

}  // namespace
}  // namespace nrm::crypto
