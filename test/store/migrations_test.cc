// The migration runner, run against both backends with test-only lists, and
// the migrations embedded in the binary.
#include "store/migrations.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "core/clock.h"
#include "store_fixture.h"

namespace nrm::store {
namespace {

using testing::ErrorText;
using testing::StoreTest;

class MigrationsTest : public StoreTest {
 protected:
  // A table definition in the running dialect.
  std::string Table(const std::string& name) const {
    return Sql("CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, v TEXT) STRICT;",
               "CREATE TABLE " + name + " (id BIGINT PRIMARY KEY, v TEXT);");
  }

  std::vector<Migration> Base() const {
    return {
        {1, "first", Table("m_one") + "\nINSERT INTO m_one (id, v) VALUES (1, 'a?b');"},
        {2, "second", Table("m_two") + "\nCREATE INDEX m_two_v ON m_two (v);"},
    };
  }

  bool TableExists(const std::string& name) {
    auto rows = Select(Sql("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                           "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?"),
                       {name});
    return !rows.empty() && rows[0].Int(0) == 1;
  }

  int Version() {
    auto v = db_->SchemaVersion();
    EXPECT_TRUE(v) << ErrorText(v.error());
    return v ? *v : -1;
  }
};

TEST_P(MigrationsTest, AppliesInOrderAndRecordsEachVersion) {
  EXPECT_EQ(Version(), 0);
  ManualClock clock(1'790'000'000'000);
  auto list = Base();
  std::swap(list[0], list[1]);  // any order in, ascending order applied
  NRM_ASSERT_OK(ApplyMigrations(*db_, list, clock));
  EXPECT_EQ(Version(), 2);
  EXPECT_TRUE(TableExists("m_one"));
  EXPECT_TRUE(TableExists("m_two"));
  auto rows = Select("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Int(0), 1);
  EXPECT_EQ(rows[0].Text(1), "first");
  EXPECT_EQ(rows[0].Int(2), 1'790'000'000'000);
  EXPECT_EQ(rows[1].Int(0), 2);
  EXPECT_EQ(rows[1].Text(1), "second");
}

TEST_P(MigrationsTest, IsIdempotentAndAppliesOnlyWhatIsNew) {
  ManualClock clock(1000);
  NRM_ASSERT_OK(ApplyMigrations(*db_, Base(), clock));
  clock.Set(2000);
  NRM_ASSERT_OK(ApplyMigrations(*db_, Base(), clock));  // nothing to do
  EXPECT_EQ(Count("m_one"), 1);                         // the INSERT ran once
  auto list = Base();
  list.push_back({3, "third", Table("m_three")});
  clock.Set(3000);
  NRM_ASSERT_OK(ApplyMigrations(*db_, list, clock));
  auto rows = Select("SELECT version, applied_at FROM schema_migrations ORDER BY version");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].Int(1), 1000);
  EXPECT_EQ(rows[1].Int(1), 1000);
  EXPECT_EQ(rows[2].Int(1), 3000);
  EXPECT_EQ(Version(), 3);
}

TEST_P(MigrationsTest, FailingMigrationLeavesNothingBehind) {
  NRM_ASSERT_OK(ApplyMigrations(*db_, {Base()[0]}));
  auto list = Base();
  list[1].sql = Table("m_two") + "\nINSERT INTO m_two (id, v) VALUES (1, 'x');\nINSERT INTO no_such_table VALUES (1);";
  auto s = ApplyMigrations(*db_, list);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("002_second"), std::string::npos) << s.error().message;
  EXPECT_EQ(Version(), 1);
  EXPECT_FALSE(TableExists("m_two"));
  EXPECT_TRUE(TableExists("m_one"));
  // Fixed, it applies.
  NRM_ASSERT_OK(ApplyMigrations(*db_, Base()));
  EXPECT_EQ(Version(), 2);
}

TEST_P(MigrationsTest, RefusesAStoreMigratedByANewerBinary) {
  auto newer = Base();
  newer.push_back({3, "third", Table("m_three")});
  NRM_ASSERT_OK(ApplyMigrations(*db_, newer));
  auto s = ApplyMigrations(*db_, Base());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(s.error().message.find("upgrade nrm"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("3"), std::string::npos);
}

TEST_P(MigrationsTest, RejectsMalformedLists) {
  auto dup = Base();
  dup.push_back({2, "again", Table("m_again")});
  auto s = ApplyMigrations(*db_, dup);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  auto zero = ApplyMigrations(*db_, {{0, "zero", Table("m_zero")}});
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(TableExists("m_one"));
}

TEST_P(MigrationsTest, AScriptMustNotEndTheTransaction) {
  auto s = ApplyMigrations(*db_, {{1, "sneaky", Table("m_one") + "\nCOMMIT;"}});
  ASSERT_FALSE(s);
  EXPECT_EQ(Version(), 0);
}

TEST_P(MigrationsTest, ConcurrentRunnersApplyEachMigrationOnce) {
  // CREATE TABLE without IF NOT EXISTS and an INSERT: applying twice would fail
  // or duplicate.
  auto list = Base();
  list.push_back({3, "third", "INSERT INTO m_two (id, v) VALUES (1, 'once');"});
  constexpr int kRunners = 4;
  std::vector<std::unique_ptr<Database>> dbs;
  for (int i = 0; i < kRunners; ++i) dbs.push_back(OpenAnother());
  std::vector<Status> results(kRunners);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRunners; ++i) {
    threads.emplace_back([&, i] { results[i] = ApplyMigrations(*dbs[i], list); });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s) << ErrorText(s.error());
  EXPECT_EQ(Count("m_two"), 1);
  EXPECT_EQ(Count("schema_migrations"), 3);
  EXPECT_EQ(Version(), 3);
}

TEST_P(MigrationsTest, EmbeddedMigrationsApplyCleanly) {
  auto embedded = EmbeddedMigrations(GetParam());
  ASSERT_TRUE(embedded) << ErrorText(embedded.error());
  NRM_ASSERT_OK(db_->Migrate());
  int newest = embedded->empty() ? 0 : embedded->back().version;
  EXPECT_EQ(Version(), newest);
  NRM_ASSERT_OK(db_->Migrate());  // idempotent
  EXPECT_EQ(Version(), newest);
  EXPECT_EQ(Count("schema_migrations"), static_cast<int64_t>(embedded->size()));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::ParamName);

TEST(EmbeddedMigrationsTest, BothDialectsHoldTheSameVersions) {
  auto lite = EmbeddedMigrations(Dialect::kSqlite);
  auto pg = EmbeddedMigrations(Dialect::kPostgres);
  ASSERT_TRUE(lite) << ErrorText(lite.error());
  ASSERT_TRUE(pg) << ErrorText(pg.error());
  ASSERT_EQ(lite->size(), pg->size());
  for (size_t i = 0; i < lite->size(); ++i) {
    EXPECT_EQ((*lite)[i].version, (*pg)[i].version);
    EXPECT_FALSE((*lite)[i].sql.empty());
    if (i > 0) {
      EXPECT_LT((*lite)[i - 1].version, (*lite)[i].version);
    }
  }
}

TEST(EmbeddedMigrationsTest, FileNames) {
  int v = 0;
  std::string name;
  EXPECT_TRUE(ParseMigrationFileName("001_directory.sql", &v, &name));
  EXPECT_EQ(v, 1);
  EXPECT_EQ(name, "directory");
  EXPECT_TRUE(ParseMigrationFileName("012_audit_log2.sql", &v, &name));
  EXPECT_EQ(v, 12);
  EXPECT_EQ(name, "audit_log2");
  for (const char* bad : {"directory.sql", "001.sql", "001_.sql", "000_zero.sql", "001_Dir.sql", "001_dir.SQL",
                          "001-dir.sql", "x01_dir.sql", "001_dir.sql.bak", "_dir.sql"}) {
    EXPECT_FALSE(ParseMigrationFileName(bad, &v, &name)) << bad;
  }
}

}  // namespace
}  // namespace nrm::store
