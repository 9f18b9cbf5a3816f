// A fixture that runs the same tests against SQLite (a real temporary file)
// and PostgreSQL (a real server: env NRM_TEST_PG_URL, e.g. from
// scripts/pg-test-cluster.sh). Without the URL the PostgreSQL cases skip,
// except in CI (env CI=true), where they fail.
//
// Each PostgreSQL test gets a schema of its own (dropped afterwards) through
// libpq's `options=-csearch_path=...`, so tests can run in parallel against
// one database.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "store/database.h"

namespace nrm::store {
// Names the backend in gtest output instead of "4-byte object <01-00 00-00>".
inline void PrintTo(Dialect d, std::ostream* os) { *os << (d == Dialect::kSqlite ? "sqlite" : "postgres"); }
}  // namespace nrm::store

namespace nrm::store::testing {

inline std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

inline const char* DialectName(Dialect d) { return d == Dialect::kSqlite ? "sqlite" : "postgres"; }

inline std::string RandomSuffix() {
  std::random_device rd;
  std::mt19937_64 gen((uint64_t{rd()} << 32) ^ rd() ^ static_cast<uint64_t>(::getpid()));
  static const char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 12; ++i) s += kHex[gen() % 16];
  return s;
}

inline std::string ErrorText(const Error& e) {
  return std::string(ErrorCodeName(e.code)) + ": " + e.message + " [" + e.internal + "]";
}

// Dies with the error's text when a Result holds an error.
#define NRM_ASSERT_OK(expr)                                                                               \
  do {                                                                                                    \
    auto nrm_r_ = (expr);                                                                                 \
    ASSERT_TRUE(nrm_r_.has_value()) << #expr << ": " << ::nrm::store::testing::ErrorText(nrm_r_.error()); \
  } while (0)

class StoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kSqlite) {
      std::string tmpl = (std::filesystem::temp_directory_path() / "nrm-store-XXXXXX").string();
      ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
      tmp_dir_ = tmpl;
      // A nested, missing directory: Open must create it.
      url_ = "sqlite:" + (tmp_dir_ / "data" / "nested" / "nrm.db").string();
    } else {
      std::string base = Env("NRM_TEST_PG_URL");
      if (base.empty()) {
        if (Env("CI") == "true") {
          FAIL() << "NRM_TEST_PG_URL is not set and CI=true: PostgreSQL tests must run in CI "
                    "(start one with scripts/pg-test-cluster.sh start DIR)";
        }
        GTEST_SKIP() << "PostgreSQL tests skipped: set NRM_TEST_PG_URL "
                        "(URL=$(scripts/pg-test-cluster.sh start $(mktemp -d)))";
      }
      auto admin = Database::Open(base);
      ASSERT_TRUE(admin.has_value()) << ErrorText(admin.error());
      admin_ = std::move(*admin);
      schema_ = "nrm_t_" + RandomSuffix();
      auto tx = admin_->Begin(TxMode::kWrite);
      ASSERT_TRUE(tx.has_value()) << ErrorText(tx.error());
      NRM_ASSERT_OK((*tx)->Exec("CREATE SCHEMA " + schema_));
      NRM_ASSERT_OK((*tx)->Commit());
      url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
    }
    auto db = Database::Open(url_);
    ASSERT_TRUE(db.has_value()) << ErrorText(db.error());
    db_ = std::move(*db);
  }

  void TearDown() override {
    db_.reset();
    if (admin_) {
      auto tx = admin_->Begin(TxMode::kWrite);
      if (tx) {
        (void)(*tx)->Exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        (void)(*tx)->Commit();
      }
      admin_.reset();
    }
    if (!tmp_dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(tmp_dir_, ec);
    }
  }

  bool IsPostgres() const { return GetParam() == Dialect::kPostgres; }

  // The test's store URL; for PostgreSQL `extra` ("pool_size=1") is appended
  // to the query string.
  std::string Url(const std::string& extra = "") const {
    if (extra.empty()) return url_;
    return url_ + (url_.find('?') == std::string::npos ? "?" : "&") + extra;
  }

  // Another Database on the same store (as a second process would have).
  std::unique_ptr<Database> OpenAnother(const std::string& extra = "") {
    auto db = Database::Open(Url(extra));
    EXPECT_TRUE(db.has_value()) << ErrorText(db.error());
    return db ? std::move(*db) : nullptr;
  }

  // Picks the dialect's spelling of a statement (DDL mostly).
  std::string Sql(const std::string& sqlite, const std::string& postgres) const {
    return IsPostgres() ? postgres : sqlite;
  }

  // Runs a script in its own write transaction.
  void Script(const std::string& sql) {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.has_value()) << ErrorText(tx.error());
    NRM_ASSERT_OK((*tx)->ExecScript(sql));
    NRM_ASSERT_OK((*tx)->Commit());
  }

  // Runs a query in its own read transaction; empty on error (and fails).
  std::vector<Row> Select(const std::string& sql, const std::vector<Value>& params = {}) {
    auto tx = db_->Begin(TxMode::kRead);
    EXPECT_TRUE(tx.has_value()) << ErrorText(tx.error());
    if (!tx) return {};
    auto rows = (*tx)->Query(sql, params);
    EXPECT_TRUE(rows.has_value()) << sql << ": " << ErrorText(rows.error());
    return rows ? std::move(*rows) : std::vector<Row>{};
  }

  int64_t Count(const std::string& table) {
    auto rows = Select("SELECT count(*) FROM " + table);
    return rows.empty() ? -1 : rows[0].Int(0);
  }

  std::unique_ptr<Database> db_;
  std::string url_;

 private:
  std::unique_ptr<Database> admin_;
  std::string schema_;
  std::filesystem::path tmp_dir_;
};

inline std::string ParamName(const ::testing::TestParamInfo<Dialect>& info) { return DialectName(info.param); }

}  // namespace nrm::store::testing
