// Sealed fields: round trips, binding to table/column/row/version, tamper
// detection, and that the plaintext never shows in the sealed bytes.
#include "crypto/field_cipher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "store/database.h"
#include "support/temp_dir.h"

namespace nrm::crypto {
namespace {

class FieldCipherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::Open("sqlite:" + dir_.File("nrm.db"));
    ASSERT_TRUE(db) << db.error().message << " " << db.error().internal;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate());
    auto master = MasterKey::Generate();
    ASSERT_TRUE(master);
    auto k = Keyring::Open(*db_, clock_, std::move(*master));
    ASSERT_TRUE(k) << k.error().message;
    keyring_ = std::move(*k);
  }

  store::Blob MustSeal(std::string_view plaintext, std::string_view table = "persons",
                       std::string_view column = "identity",
                       std::string_view row = "0190a0b0-0000-7000-8000-000000000001") {
    auto s = Seal(*keyring_, table, column, row, plaintext);
    EXPECT_TRUE(s) << s.error().internal;
    return s ? *s : store::Blob{};
  }

  static bool Contains(const store::Blob& haystack, std::string_view needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
  }

  testing::TempDir dir_;
  ManualClock clock_{1'790'000'000'000};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Keyring> keyring_;
};

constexpr const char* kRow = "0190a0b0-0000-7000-8000-000000000001";
constexpr const char* kOtherRow = "0190a0b0-0000-7000-8000-000000000002";

TEST_F(FieldCipherTest, RoundTrips) {
  const std::string values[] = {
      "",
      "x",
      "Aysel Məmmədova",
      "Şəkər Ağayeva, İsmayıllı rayonu, Qəbələ küçəsi 12",
      "Гюльнара Алиева",
      std::string("binary\0inside", 13),
      std::string(100000, 'z'),
  };
  for (const std::string& v : values) {
    const store::Blob sealed = MustSeal(v);
    EXPECT_EQ(sealed.size(), v.size() + kSealedOverhead);
    EXPECT_EQ(sealed[0], kSealedFieldFormat);
    auto opened = Open(*keyring_, "persons", "identity", kRow, sealed);
    ASSERT_TRUE(opened) << opened.error().internal;
    EXPECT_EQ(*opened, v);
  }
}

TEST_F(FieldCipherTest, LayoutNamesTheKeyVersionBigEndian) {
  const store::Blob sealed = MustSeal("abc");
  EXPECT_EQ(sealed[1], 0);
  EXPECT_EQ(sealed[2], 0);
  EXPECT_EQ(sealed[3], 0);
  EXPECT_EQ(sealed[4], 1);
  EXPECT_EQ(*SealedFieldKeyVersion(sealed), 1u);
  EXPECT_FALSE(SealedFieldKeyVersion(store::Blob{1, 0, 0}));
}

TEST_F(FieldCipherTest, SameValueSealsDifferentlyEachTime) { EXPECT_NE(MustSeal("Aysel"), MustSeal("Aysel")); }

TEST_F(FieldCipherTest, SealedBytesNeverContainThePlaintext) {
  for (const std::string v : {"Aysel Məmmədova", "AA1234567", "+994501234567", "Məmmədova"}) {
    const store::Blob sealed = MustSeal(v);
    EXPECT_FALSE(Contains(sealed, v)) << v;
    // Nor any 4-byte window of it.
    for (size_t i = 0; i + 4 <= v.size(); ++i) EXPECT_FALSE(Contains(sealed, std::string_view(v).substr(i, 4))) << v;
  }
}

TEST_F(FieldCipherTest, MovedCiphertextFailsToOpen) {
  const store::Blob sealed = MustSeal("Aysel Məmmədova", "persons", "identity", kRow);
  struct Place {
    const char* table;
    const char* column;
    const char* row;
  };
  for (const Place& p :
       {Place{"persons", "identity", kOtherRow}, Place{"persons", "contact", kRow},
        Place{"referrals", "identity", kRow}, Place{"persons", "identit", kRow}, Place{"person", "sidentity", kRow}}) {
    auto opened = Open(*keyring_, p.table, p.column, p.row, sealed);
    ASSERT_FALSE(opened) << p.table << "." << p.column << " " << p.row;
    EXPECT_EQ(opened.error().code, ErrorCode::kInternal);
    EXPECT_EQ(opened.error().message, "a sealed field failed to open");
    EXPECT_EQ(opened.error().message.find("Aysel"), std::string::npos);
    EXPECT_NE(opened.error().internal.find(p.row), std::string::npos) << opened.error().internal;
    EXPECT_EQ(opened.error().internal.find("Aysel"), std::string::npos);
  }
}

TEST_F(FieldCipherTest, SwappingValuesBetweenRowsFails) {
  const store::Blob a = MustSeal("first person", "persons", "identity", kRow);
  const store::Blob b = MustSeal("second person", "persons", "identity", kOtherRow);
  EXPECT_FALSE(Open(*keyring_, "persons", "identity", kRow, b));
  EXPECT_FALSE(Open(*keyring_, "persons", "identity", kOtherRow, a));
  EXPECT_EQ(*Open(*keyring_, "persons", "identity", kRow, a), "first person");
  EXPECT_EQ(*Open(*keyring_, "persons", "identity", kOtherRow, b), "second person");
}

TEST_F(FieldCipherTest, FlippingAnyBitOfAnyByteFails) {
  const store::Blob sealed = MustSeal("Aysel Məmmədova");
  for (size_t i = 0; i < sealed.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      store::Blob t = sealed;
      t[i] ^= static_cast<uint8_t>(1u << bit);
      auto opened = Open(*keyring_, "persons", "identity", kRow, t);
      ASSERT_FALSE(opened) << "byte " << i << " bit " << bit;
      EXPECT_EQ(opened.error().message, "a sealed field failed to open");
    }
  }
}

TEST_F(FieldCipherTest, TruncatedOrExtendedFails) {
  const store::Blob sealed = MustSeal("Aysel");
  for (size_t n = 0; n < sealed.size(); ++n) {
    EXPECT_FALSE(Open(*keyring_, "persons", "identity", kRow, store::Blob(sealed.begin(), sealed.begin() + n))) << n;
  }
  store::Blob longer = sealed;
  longer.push_back(0);
  EXPECT_FALSE(Open(*keyring_, "persons", "identity", kRow, longer));
}

TEST_F(FieldCipherTest, ForgedKeyVersionFailsEvenWhenThatVersionExists) {
  const store::Blob v1 = MustSeal("Aysel");
  ASSERT_TRUE(keyring_->AddFieldKeyVersion());
  store::Blob forged = v1;
  forged[4] = 2;  // claims version 2; the version is in the associated data
  EXPECT_FALSE(Open(*keyring_, "persons", "identity", kRow, forged));
  EXPECT_EQ(*Open(*keyring_, "persons", "identity", kRow, v1), "Aysel");
}

TEST_F(FieldCipherTest, AnotherStoresKeysCannotOpen) {
  const store::Blob sealed = MustSeal("Aysel");
  testing::TempDir other_dir;
  auto db = store::Database::Open("sqlite:" + other_dir.File("nrm.db"));
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->Migrate());
  auto master = MasterKey::Generate();
  ASSERT_TRUE(master);
  auto other = Keyring::Open(**db, clock_, std::move(*master));
  ASSERT_TRUE(other);
  EXPECT_FALSE(Open(**other, "persons", "identity", kRow, sealed));
}

TEST_F(FieldCipherTest, RefusesAmbiguousOrEmptyNames) {
  for (auto [t, c, r] : {std::tuple{"", "identity", kRow}, std::tuple{"persons", "", kRow},
                         std::tuple{"persons", "identity", ""}, std::tuple{"per|sons", "identity", kRow},
                         std::tuple{"persons", "iden|tity", kRow}, std::tuple{"persons", "identity", "a|b"}}) {
    auto s = Seal(*keyring_, t, c, r, "secret value");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message.find("secret value"), std::string::npos);
    EXPECT_FALSE(Open(*keyring_, t, c, r, MustSeal("x")));
  }
}

}  // namespace
}  // namespace nrm::crypto
