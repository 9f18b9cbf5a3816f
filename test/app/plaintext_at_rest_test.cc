// "No plaintext name, document number, phone or address in the database
// files": a person is recorded through the service, then the raw SQLite
// files and a pg_dump of the PostgreSQL schema are searched for them.
#include <cstdio>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "app/application.h"
#include "crypto/keyring.h"
#include "crypto/password.h"
#include "store/store_fixture.h"

namespace nrm::people {
namespace {

using access::FieldClass;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string RunCapture(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

class PlaintextAtRest : public store::testing::StoreTest {};

TEST_P(PlaintextAtRest, NoNameDocumentPhoneOrAddressInTheStore) {
  crypto::SetPasswordHashCostForTests(true);
  const auto dir = std::filesystem::temp_directory_path() / ("nrm-pt-" + store::testing::RandomSuffix());
  std::filesystem::create_directories(dir);
  Config config;
  config.data_dir = dir.string();
  config.master_key_file = (dir / "master.key").string();
  ASSERT_TRUE(crypto::CreateMasterKeyFile(config.master_key_file));
  std::string sqlite_path = (dir / "nrm.db").string();
  config.store_url = IsPostgres() ? Url() : "sqlite:" + sqlite_path;
  {
    auto app = app::Application::Open(config, SystemClock::Instance());
    ASSERT_TRUE(app) << app.error().message;
    ASSERT_TRUE((*app)->LoadReferenceData());
    auto spu = (*app)->directory().FindAgency("spu");
    ASSERT_TRUE(spu);
    directory::Principal who;
    who.user_id = "investigator";
    who.agency_id = spu->id;
    who.capabilities = {"persons.create"};
    PersonInput in;
    in.groups[FieldClass::kIdentity] = {{"given_names", "Zümrüd"},
                                        {"family_name", "Qasımova"},
                                        {"document_number", "AB9876543"},
                                        {"birth_date", "1990-02-03"}};
    in.groups[FieldClass::kContact] = {{"phone", "+994551112233"}};
    in.groups[FieldClass::kLocation] = {{"address", "Şəki, Xan sarayı küçəsi 7"}};
    auto p = (*app)->persons().Create(who, in, "test");
    ASSERT_TRUE(p) << p.error().message;
    // The search works, so the indexes are there -- only not in clear.
    auto found = (*app)->persons().List(who, SearchQuery{"Гасымова", "", "", 10}, "test");
    ASSERT_TRUE(found);
    ASSERT_EQ(found->size(), 1u);
  }
  std::string haystack;
  if (IsPostgres()) {
    const std::string url = Url();
    const auto at = url.find("search_path%3D");
    ASSERT_NE(at, std::string::npos);
    const std::string schema = url.substr(at + 14);
    const std::string base = url.substr(0, url.find("options=") - 1);
    haystack = RunCapture("/usr/lib/postgresql/15/bin/pg_dump --data-only --schema=" + schema + " '" + base + "' 2>&1");
    ASSERT_NE(haystack.find("COPY " + schema + ".persons"), std::string::npos) << haystack.substr(0, 500);
  } else {
    for (const char* suffix : {"", "-wal", "-shm"}) haystack += ReadAll(sqlite_path + suffix);
    ASSERT_GT(haystack.size(), 4096u);
    ASSERT_NE(haystack.find("P-20"), std::string::npos) << "the reference is stored in clear, as it should be";
  }
  for (const char* secret : {"Zümrüd", "Qasımova", "Qasimova", "qasımova", "AB9876543", "9876543", "994551112233",
                             "551112233", "Şəki", "Xan sarayı", "1990-02-03"})
    EXPECT_EQ(haystack.find(secret), std::string::npos) << "found in the store: " << secret;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

INSTANTIATE_TEST_SUITE_P(Backends, PlaintextAtRest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::testing::DialectName(info.param)); });

}  // namespace
}  // namespace nrm::people
