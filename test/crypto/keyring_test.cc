// Envelope keys: master key files and their checks, data keys in a real
// store (SQLite always, PostgreSQL with NRM_TEST_PG_URL), wrong keys,
// master key rotation and field key versions.
#include "crypto/keyring.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "crypto/field_cipher.h"
#include "crypto/signing.h"
#include "store/store_fixture.h"
#include "support/temp_dir.h"

namespace nrm::crypto {
namespace {

using store::testing::ErrorText;

std::string Hex(std::span<const uint8_t> b) {
  std::string out(2 * b.size() + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), b.data(), b.size());
  out.pop_back();
  return out;
}

std::string RandomHexKey() {
  uint8_t raw[32];
  randombytes_buf(raw, sizeof raw);
  return Hex(raw);
}

void WriteFile(const std::string& path, const std::string& content, mode_t mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  }
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

MasterKey MustParse(const std::string& text) {
  auto k = MasterKey::Parse(text, "test key");
  EXPECT_TRUE(k) << k.error().message;
  return std::move(*k);
}

// Sets an environment variable for one test and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// ---- master key text and files ---------------------------------------------

TEST(MasterKeyTest, ParsesHexAndBase64Forms) {
  uint8_t raw[32];
  randombytes_buf(raw, sizeof raw);
  const std::string hex = Hex(raw);
  char b64[64];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
  char b64url[64];
  sodium_bin2base64(b64url, sizeof b64url, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& text : {hex, hex + "\n", hex + "\r\n", upper, std::string(b64), std::string(b64) + "\n",
                                  std::string(b64).substr(0, 43), std::string(b64url)}) {
    auto k = MasterKey::Parse(text, "test key");
    ASSERT_TRUE(k) << text << ": " << k.error().message;
    EXPECT_EQ(Hex(k->bytes()), hex) << text;
  }
}

TEST(MasterKeyTest, RefusesWhatIsNotA32ByteKeyWithoutEchoingIt) {
  const std::string hex = RandomHexKey();
  char b64_31[64];
  uint8_t raw31[31] = {1};
  sodium_bin2base64(b64_31, sizeof b64_31, raw31, sizeof raw31, sodium_base64_VARIANT_ORIGINAL);
  for (const std::string& text :
       {std::string(), std::string("\n"), hex.substr(0, 63), hex + "0", hex + "00", hex.substr(0, 62) + "zz",
        std::string(b64_31), std::string("not a key at all"), hex.substr(0, 32) + " " + hex.substr(32)}) {
    auto k = MasterKey::Parse(text, "master key file /k");
    ASSERT_FALSE(k) << text;
    EXPECT_EQ(k.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(k.error().message.find("master key file /k does not hold a master key"), std::string::npos)
        << k.error().message;
    if (text.size() > 8) {
      EXPECT_EQ(k.error().message.find(text.substr(0, 8)), std::string::npos) << k.error().message;
    }
  }
  auto zero = MasterKey::Parse(std::string(64, '0'), "NRM_MASTER_KEY");
  ASSERT_FALSE(zero);
  EXPECT_NE(zero.error().message.find("all-zero"), std::string::npos);
}

TEST(MasterKeyTest, FingerprintIsShortStableAndNotTheKey) {
  const std::string hex = RandomHexKey();
  MasterKey a = MustParse(hex);
  MasterKey b = MustParse(hex);
  MasterKey c = MustParse(RandomHexKey());
  EXPECT_EQ(a.Fingerprint().size(), 16u);
  EXPECT_EQ(a.Fingerprint(), b.Fingerprint());
  EXPECT_NE(a.Fingerprint(), c.Fingerprint());
  EXPECT_EQ(hex.find(a.Fingerprint()), std::string::npos);
  auto clone = a.Clone();
  ASSERT_TRUE(clone);
  EXPECT_EQ(Hex(clone->bytes()), hex);
}

TEST(MasterKeyFileTest, Reads0600And0400Files) {
  testing::TempDir dir;
  const std::string hex = RandomHexKey();
  WriteFile(dir.File("k"), hex + "\n", 0600);
  auto k = MasterKey::ReadFile(dir.File("k"));
  ASSERT_TRUE(k) << k.error().message;
  EXPECT_EQ(Hex(k->bytes()), hex);
  ASSERT_EQ(::chmod(dir.File("k").c_str(), 0400), 0);
  EXPECT_TRUE(MasterKey::ReadFile(dir.File("k")));
}

TEST(MasterKeyFileTest, RefusesFilesOthersCanRead) {
  testing::TempDir dir;
  const std::string path = dir.File("master.key");
  for (mode_t mode : {0644, 0640, 0604, 0660, 0606}) {
    WriteFile(path, RandomHexKey() + "\n", mode);
    auto k = MasterKey::ReadFile(path);
    ASSERT_FALSE(k) << std::oct << mode;
    EXPECT_EQ(k.error().code, ErrorCode::kPermissionDenied);
    EXPECT_NE(k.error().message.find(path), std::string::npos) << k.error().message;
    EXPECT_NE(k.error().message.find("0600 or stricter"), std::string::npos) << k.error().message;
    EXPECT_NE(k.error().message.find("chmod 600"), std::string::npos) << k.error().message;
  }
  WriteFile(path, RandomHexKey(), 0644);
  EXPECT_NE(MasterKey::ReadFile(path).error().message.find("has mode 0644"), std::string::npos);
}

TEST(MasterKeyFileTest, RefusesFilesOwnedBySomeoneElse) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file away";
  testing::TempDir dir;
  const std::string path = dir.File("master.key");
  WriteFile(path, RandomHexKey(), 0600);
  ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
  auto k = MasterKey::ReadFile(path);
  ASSERT_FALSE(k);
  EXPECT_NE(k.error().message.find("owned by uid 65534"), std::string::npos) << k.error().message;
  EXPECT_NE(k.error().message.find(path), std::string::npos);
}

TEST(MasterKeyFileTest, MissingEmptyShortAndDirectoryAreExplained) {
  testing::TempDir dir;
  auto missing = MasterKey::ReadFile(dir.File("master.key"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message,
            "master key file " + dir.File("master.key") +
                " not found: restore it from your key backup, or run `nrm init` for a new store");

  WriteFile(dir.File("empty"), "", 0600);
  auto empty = MasterKey::ReadFile(dir.File("empty"));
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("is empty"), std::string::npos) << empty.error().message;

  WriteFile(dir.File("short"), RandomHexKey().substr(0, 40) + "\n", 0600);
  auto shortk = MasterKey::ReadFile(dir.File("short"));
  ASSERT_FALSE(shortk);
  EXPECT_NE(shortk.error().message.find(dir.File("short") + " does not hold a master key"), std::string::npos)
      << shortk.error().message;

  WriteFile(dir.File("big"), std::string(5000, 'a'), 0600);
  EXPECT_NE(MasterKey::ReadFile(dir.File("big")).error().message.find("too large"), std::string::npos);

  ASSERT_EQ(::mkdir(dir.File("d").c_str(), 0700), 0);
  EXPECT_NE(MasterKey::ReadFile(dir.File("d")).error().message.find("not a regular file"), std::string::npos);
}

TEST(MasterKeyFileTest, CreateWritesA0600HexKeyAndNeverOverwrites) {
  testing::TempDir dir;
  const std::string path = dir.File("master.key");
  ASSERT_TRUE(CreateMasterKeyFile(path));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string content = ReadAll(path);
  ASSERT_EQ(content.size(), 65u);
  EXPECT_EQ(content.back(), '\n');
  EXPECT_EQ(content.find_first_not_of("0123456789abcdef"), 64u);
  auto k = MasterKey::ReadFile(path);
  ASSERT_TRUE(k) << k.error().message;
  EXPECT_EQ(Hex(k->bytes()) + "\n", content);

  auto again = CreateMasterKeyFile(path);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(again.error().message.find("refusing to overwrite"), std::string::npos);
  EXPECT_EQ(ReadAll(path), content);

  // No temporary files are left behind.
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1);

  auto nodir = CreateMasterKeyFile(dir.File("nope/master.key"));
  ASSERT_FALSE(nodir);
  EXPECT_NE(nodir.error().message.find("does not exist"), std::string::npos) << nodir.error().message;
}

TEST(MasterKeySourceTest, EnvironmentWinsOverTheFile) {
  testing::TempDir dir;
  const std::string file_hex = RandomHexKey();
  const std::string env_hex = RandomHexKey();
  WriteFile(dir.File("master.key"), file_hex + "\n", 0600);
  {
    ScopedEnv env(kMasterKeyEnv, env_hex.c_str());
    auto source = MasterKeySource::EnvironmentOrFile(dir.File("master.key"));
    EXPECT_FALSE(source.is_file());
    EXPECT_EQ(source.Describe(), "NRM_MASTER_KEY");
    auto k = source.Load();
    ASSERT_TRUE(k) << k.error().message;
    EXPECT_EQ(Hex(k->bytes()), env_hex);
  }
  {
    ScopedEnv env(kMasterKeyEnv, "");
    auto source = MasterKeySource::EnvironmentOrFile(dir.File("master.key"));
    EXPECT_TRUE(source.is_file());
    EXPECT_EQ(source.Describe(), "master key file " + dir.File("master.key"));
    auto k = source.Load();
    ASSERT_TRUE(k) << k.error().message;
    EXPECT_EQ(Hex(k->bytes()), file_hex);
  }
  {
    ScopedEnv env(kMasterKeyEnv, "garbage");
    auto k = MasterKeySource::EnvironmentOrFile(dir.File("master.key")).Load();
    ASSERT_FALSE(k);
    EXPECT_NE(k.error().message.find("NRM_MASTER_KEY does not hold a master key"), std::string::npos);
    EXPECT_EQ(k.error().message.find("garbage"), std::string::npos);
  }
}

// ---- data keys in a store -------------------------------------------------

class KeyringTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    NRM_ASSERT_OK(db_->Migrate());
  }

  std::unique_ptr<Keyring> MustOpen(const MasterKey& key) {
    auto copy = key.Clone();
    EXPECT_TRUE(copy);
    auto k = Keyring::Open(*db_, clock_, std::move(*copy));
    EXPECT_TRUE(k) << ErrorText(k.error());
    return k ? std::move(*k) : nullptr;
  }

  Result<std::unique_ptr<Keyring>> TryOpen(const MasterKey& key) {
    auto copy = key.Clone();
    EXPECT_TRUE(copy);
    return Keyring::Open(*db_, clock_, std::move(*copy));
  }

  ManualClock clock_{1'790'000'000'000};
};

TEST_P(KeyringTest, CreatesVersionOneOfEachPurposeOnce) {
  MasterKey master = MustParse(RandomHexKey());
  auto first = MustOpen(master);
  ASSERT_TRUE(first);
  auto list = Keyring::List(*db_);
  ASSERT_TRUE(list) << ErrorText(list.error());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].purpose, "audit-signing");
  EXPECT_EQ((*list)[1].purpose, "blind-index");
  EXPECT_EQ((*list)[2].purpose, "field");
  for (const auto& info : *list) {
    EXPECT_EQ(info.version, 1u);
    EXPECT_EQ(info.master_key_id, master.Fingerprint());
    EXPECT_EQ(info.created_at, 1'790'000'000'000);
    EXPECT_EQ(info.wrapped_at, 1'790'000'000'000);
  }
  EXPECT_EQ(first->CurrentFieldKey().version, 1u);
  EXPECT_EQ(first->CurrentFieldKey().key.size(), 32u);
  EXPECT_EQ(first->BlindIndexKey().size(), 32u);
  EXPECT_EQ(first->AuditPublicKey().size(), 32u);
  EXPECT_EQ(first->AuditKeyId(), KeyId(first->AuditPublicKey()));
  EXPECT_EQ(first->MasterKeyId(), master.Fingerprint());

  // A second open (another process, a restart) unwraps the same keys.
  auto second = MustOpen(master);
  ASSERT_TRUE(second);
  EXPECT_EQ(Count("data_keys"), 3);
  EXPECT_EQ(Hex(second->CurrentFieldKey().key), Hex(first->CurrentFieldKey().key));
  EXPECT_EQ(Hex(second->BlindIndexKey()), Hex(first->BlindIndexKey()));
  EXPECT_EQ(Hex(second->AuditPublicKey()), Hex(first->AuditPublicKey()));
  // The data keys are distinct and none is the master key.
  EXPECT_NE(Hex(first->CurrentFieldKey().key), Hex(first->BlindIndexKey()));
  EXPECT_NE(Hex(first->CurrentFieldKey().key), Hex(master.bytes()));

  // The store holds only wrapped keys.
  auto rows = Select("SELECT wrapped FROM data_keys");
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& r : rows) {
    const std::string wrapped = Hex(r.Bytes(0));
    EXPECT_EQ(wrapped.size(), 2u * 73);
    EXPECT_EQ(wrapped.find(Hex(first->CurrentFieldKey().key)), std::string::npos);
    EXPECT_EQ(wrapped.find(Hex(first->BlindIndexKey())), std::string::npos);
  }
}

TEST_P(KeyringTest, ProcessesStartingTogetherAgreeOnTheKeys) {
  MasterKey master = MustParse(RandomHexKey());
  constexpr int kProcs = 4;
  std::vector<std::unique_ptr<store::Database>> dbs;
  for (int i = 0; i < kProcs; ++i) {
    dbs.push_back(OpenAnother());
    ASSERT_TRUE(dbs.back());
  }
  std::vector<Result<std::unique_ptr<Keyring>>> opened;
  for (int i = 0; i < kProcs; ++i) opened.emplace_back(Fail(ErrorCode::kInternal, "not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kProcs; ++i) {
    auto copy = master.Clone();
    ASSERT_TRUE(copy);
    threads.emplace_back([&, i, key = std::make_shared<MasterKey>(std::move(*copy))]() mutable {
      opened[i] = Keyring::Open(*dbs[i], clock_, std::move(*key));
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kProcs; ++i) ASSERT_TRUE(opened[i]) << ErrorText(opened[i].error());
  EXPECT_EQ(Count("data_keys"), 3);
  for (int i = 1; i < kProcs; ++i) {
    EXPECT_EQ(Hex((*opened[i])->CurrentFieldKey().key), Hex((*opened[0])->CurrentFieldKey().key));
    EXPECT_EQ(Hex((*opened[i])->BlindIndexKey()), Hex((*opened[0])->BlindIndexKey()));
    EXPECT_EQ(Hex((*opened[i])->AuditPublicKey()), Hex((*opened[0])->AuditPublicKey()));
  }
}

TEST_P(KeyringTest, WrongMasterKeyIsRefused) {
  MasterKey right = MustParse(RandomHexKey());
  MasterKey wrong = MustParse(RandomHexKey());
  auto k = MustOpen(right);
  ASSERT_TRUE(k);
  const std::string field_hex = Hex(k->CurrentFieldKey().key);
  auto bad = TryOpen(wrong);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.rfind("the master key does not match this store", 0), 0u) << bad.error().message;
  EXPECT_NE(bad.error().message.find(right.Fingerprint()), std::string::npos);
  EXPECT_EQ(bad.error().message.find(field_hex), std::string::npos);
  EXPECT_EQ(bad.error().message.find(Hex(wrong.bytes())), std::string::npos);
  EXPECT_EQ(Count("data_keys"), 3);  // nothing was created under the wrong key
}

TEST_P(KeyringTest, WrongKeyFromAFileNamesTheFile) {
  testing::TempDir dir;
  ASSERT_TRUE(MustOpen(MustParse(RandomHexKey())));
  ASSERT_TRUE(CreateMasterKeyFile(dir.File("other.key")));
  auto bad = Keyring::Open(*db_, clock_, MasterKeySource::File(dir.File("other.key")));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("does not match this store"), std::string::npos);
  EXPECT_NE(bad.error().message.find(dir.File("other.key")), std::string::npos) << bad.error().message;
}

TEST_P(KeyringTest, MissingKeyFileOnANewStoreSuggestsInit) {
  testing::TempDir dir;
  auto none = Keyring::Open(*db_, clock_, MasterKeySource::File(dir.File("master.key")));
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("has no data keys yet: run `nrm init`"), std::string::npos)
      << none.error().message;
  EXPECT_EQ(Count("data_keys"), 0);

  // Once the store has keys, a missing file means a lost key.
  ASSERT_TRUE(MustOpen(MustParse(RandomHexKey())));
  auto lost = Keyring::Open(*db_, clock_, MasterKeySource::File(dir.File("master.key")));
  ASSERT_FALSE(lost);
  EXPECT_NE(lost.error().message.find("not found: restore it from your key backup"), std::string::npos)
      << lost.error().message;
}

TEST_P(KeyringTest, TamperedWrappedKeyIsRefused) {
  MasterKey master = MustParse(RandomHexKey());
  ASSERT_TRUE(MustOpen(master));
  auto rows = Select("SELECT wrapped FROM data_keys WHERE purpose = 'blind-index'");
  ASSERT_EQ(rows.size(), 1u);
  store::Blob w = rows[0].Bytes(0);
  w[40] ^= 1;
  {
    auto tx = db_->Begin(store::TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->Exec("UPDATE data_keys SET wrapped = ? WHERE purpose = 'blind-index'", {w}));
    NRM_ASSERT_OK((*tx)->Commit());
  }
  auto bad = TryOpen(master);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("blind-index"), std::string::npos) << bad.error().message;

  // A wrapped key moved to another purpose does not unwrap either (the
  // associated data binds purpose and version).
  auto field = Select("SELECT wrapped FROM data_keys WHERE purpose = 'field'");
  ASSERT_EQ(field.size(), 1u);
  {
    auto tx = db_->Begin(store::TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->Exec("UPDATE data_keys SET wrapped = ? WHERE purpose = 'blind-index'", {field[0].Bytes(0)}));
    NRM_ASSERT_OK((*tx)->Commit());
  }
  EXPECT_FALSE(TryOpen(master));
}

TEST_P(KeyringTest, RewrapMovesTheStoreToTheNewMasterKey) {
  MasterKey old_key = MustParse(RandomHexKey());
  MasterKey new_key = MustParse(RandomHexKey());
  auto k = MustOpen(old_key);
  ASSERT_TRUE(k);
  auto sealed = Seal(*k, "persons", "identity", "row-1", "Aysel Məmmədova");
  ASSERT_TRUE(sealed);
  const std::string field_hex = Hex(k->CurrentFieldKey().key);
  const std::string blind_hex = Hex(k->BlindIndexKey());
  const std::string pub_hex = Hex(k->AuditPublicKey());
  auto before = Select("SELECT wrapped FROM data_keys WHERE purpose = 'field'");

  auto same = k->RewrapWithNewMaster(old_key);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code, ErrorCode::kInvalidArgument);

  clock_.Advance(60'000);
  NRM_ASSERT_OK(k->RewrapWithNewMaster(new_key));
  EXPECT_EQ(k->MasterKeyId(), new_key.Fingerprint());
  // The running keyring keeps working.
  auto opened = Open(*k, "persons", "identity", "row-1", *sealed);
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "Aysel Məmmədova");

  auto list = Keyring::List(*db_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  for (const auto& info : *list) {
    EXPECT_EQ(info.master_key_id, new_key.Fingerprint());
    EXPECT_EQ(info.created_at, 1'790'000'000'000);
    EXPECT_EQ(info.wrapped_at, 1'790'000'060'000);
  }
  EXPECT_NE(Hex(Select("SELECT wrapped FROM data_keys WHERE purpose = 'field'")[0].Bytes(0)), Hex(before[0].Bytes(0)));

  // The new key opens the store and finds the same data keys; the old fails.
  auto reopened = MustOpen(new_key);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(Hex(reopened->CurrentFieldKey().key), field_hex);
  EXPECT_EQ(Hex(reopened->BlindIndexKey()), blind_hex);
  EXPECT_EQ(Hex(reopened->AuditPublicKey()), pub_hex);
  auto again = Open(*reopened, "persons", "identity", "row-1", *sealed);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, "Aysel Məmmədova");
  auto old_fails = TryOpen(old_key);
  ASSERT_FALSE(old_fails);
  EXPECT_NE(old_fails.error().message.find("does not match this store"), std::string::npos);

  // A keyring still on the old key cannot rotate any more.
  MasterKey third = MustParse(RandomHexKey());
  auto stale = MustOpen(new_key);
  ASSERT_TRUE(stale);
  NRM_ASSERT_OK(reopened->RewrapWithNewMaster(third));
  EXPECT_FALSE(stale->RewrapWithNewMaster(MustParse(RandomHexKey())));
  EXPECT_TRUE(MustOpen(third));
}

TEST_P(KeyringTest, OldFieldKeyVersionsStayReadable) {
  MasterKey master = MustParse(RandomHexKey());
  auto k = MustOpen(master);
  ASSERT_TRUE(k);
  auto v1 = Seal(*k, "persons", "contact", "row-7", "+994501234567");
  ASSERT_TRUE(v1);
  ASSERT_EQ(*SealedFieldKeyVersion(*v1), 1u);
  const std::string v1_key = Hex(k->CurrentFieldKey().key);
  const std::string blind = Hex(k->BlindIndexKey());

  NRM_ASSERT_OK(k->AddFieldKeyVersion());
  EXPECT_EQ(k->CurrentFieldKey().version, 2u);
  EXPECT_NE(Hex(k->CurrentFieldKey().key), v1_key);
  ASSERT_TRUE(k->FieldKeyByVersion(1));
  EXPECT_EQ(Hex(k->FieldKeyByVersion(1)->key), v1_key);
  EXPECT_FALSE(k->FieldKeyByVersion(3));
  EXPECT_EQ(Hex(k->BlindIndexKey()), blind);  // only the field key changes

  auto v2 = Seal(*k, "persons", "contact", "row-7", "+994501234567");
  ASSERT_TRUE(v2);
  EXPECT_EQ(*SealedFieldKeyVersion(*v2), 2u);
  EXPECT_EQ(*Open(*k, "persons", "contact", "row-7", *v1), "+994501234567");
  EXPECT_EQ(*Open(*k, "persons", "contact", "row-7", *v2), "+994501234567");

  // After a restart both versions are there and v2 is current.
  auto restarted = MustOpen(master);
  ASSERT_TRUE(restarted);
  EXPECT_EQ(restarted->CurrentFieldKey().version, 2u);
  EXPECT_EQ(*Open(*restarted, "persons", "contact", "row-7", *v1), "+994501234567");
  EXPECT_EQ(*Open(*restarted, "persons", "contact", "row-7", *v2), "+994501234567");

  // A keyring opened before the new version cannot open v2 data (it loads
  // new versions at restart), and says so only in the internal detail.
  NRM_ASSERT_OK(restarted->AddFieldKeyVersion());
  auto v3 = Seal(*restarted, "persons", "contact", "row-7", "x");
  ASSERT_TRUE(v3);
  auto stale = Open(*k, "persons", "contact", "row-7", *v3);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().message, "a sealed field failed to open");
  EXPECT_NE(stale.error().internal.find("unknown field key version 3"), std::string::npos);

  // Rotation of the master key carries every version along.
  MasterKey next = MustParse(RandomHexKey());
  NRM_ASSERT_OK(restarted->RewrapWithNewMaster(next));
  auto after = MustOpen(next);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->CurrentFieldKey().version, 3u);
  EXPECT_EQ(*Open(*after, "persons", "contact", "row-7", *v1), "+994501234567");
  EXPECT_EQ(*Open(*after, "persons", "contact", "row-7", *v3), "x");
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyringTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::crypto
