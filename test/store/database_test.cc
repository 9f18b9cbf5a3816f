// The store contract, run against both backends.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <thread>

#include "core/metrics.h"
#include "store/database.h"
#include "store/sqlite/sqlite_database.h"
#include "store_fixture.h"

namespace nrm::store {
namespace {

using testing::ErrorText;
using testing::StoreTest;

class DatabaseTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Script(
        Sql("CREATE TABLE vals (id TEXT PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB) STRICT;"
            "CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER CHECK (age >= 0),"
            "  version INTEGER NOT NULL DEFAULT 1) STRICT;",
            "CREATE TABLE vals (id TEXT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, t TEXT, b BYTEA);"
            "CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, age BIGINT CHECK (age >= 0),"
            "  version INTEGER NOT NULL DEFAULT 1);"));
  }

  // Inserts one row into vals and reads it back.
  Row RoundTrip(const std::string& id, const std::vector<Value>& v) {
    {
      auto tx = db_->Begin(TxMode::kWrite);
      EXPECT_TRUE(tx.has_value());
      std::vector<Value> params = {id};
      params.insert(params.end(), v.begin(), v.end());
      auto n = (*tx)->Exec("INSERT INTO vals (id, i, r, t, b) VALUES (?, ?, ?, ?, ?)", params);
      EXPECT_TRUE(n.has_value()) << ErrorText(n.error());
      EXPECT_TRUE((*tx)->Commit().has_value());
    }
    auto rows = Select("SELECT i, r, t, b FROM vals WHERE id = ?", {id});
    EXPECT_EQ(rows.size(), 1u);
    return rows.empty() ? Row({}) : rows[0];
  }
};

TEST_P(DatabaseTest, DialectAndPing) {
  EXPECT_EQ(db_->dialect(), GetParam());
  NRM_ASSERT_OK(db_->Ping());
  auto v = db_->SchemaVersion();
  ASSERT_TRUE(v.has_value()) << ErrorText(v.error());
  EXPECT_EQ(*v, 0);
}

TEST_P(DatabaseTest, RoundTripsEveryValueKind) {
  Blob bytes = {0x00, 0x01, 0x00, 0xff, 0x00};
  Row r = RoundTrip("a", {int64_t{42}, 2.5, std::string("hello"), bytes});
  ASSERT_EQ(r.size(), 4u);
  EXPECT_TRUE(std::holds_alternative<int64_t>(r.at(0)));
  EXPECT_EQ(r.Int(0), 42);
  EXPECT_TRUE(std::holds_alternative<double>(r.at(1)));
  EXPECT_EQ(r.Real(1), 2.5);
  EXPECT_TRUE(std::holds_alternative<std::string>(r.at(2)));
  EXPECT_EQ(r.Text(2), "hello");
  EXPECT_TRUE(std::holds_alternative<Blob>(r.at(3)));
  EXPECT_EQ(r.Bytes(3), bytes);
}

TEST_P(DatabaseTest, NullsInEveryColumn) {
  Row r = RoundTrip("n", {Null{}, Null{}, Null{}, Null{}});
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(r.IsNull(i)) << i;
  EXPECT_EQ(r.Int(0), 0);
  EXPECT_EQ(r.Real(1), 0);
  EXPECT_EQ(r.Text(2), "");
  EXPECT_TRUE(r.Bytes(3).empty());
  EXPECT_EQ(r.OptText(2), std::nullopt);
  EXPECT_EQ(r.OptInt(0), std::nullopt);
  // Opt() maps an empty optional to NULL.
  Row o = RoundTrip("o", {Opt(std::optional<int64_t>()), Null{}, Opt(std::optional<std::string>("x")), Null{}});
  EXPECT_TRUE(o.IsNull(0));
  EXPECT_EQ(o.OptText(2), "x");
}

TEST_P(DatabaseTest, EmptyValuesAreNotNull) {
  Row r = RoundTrip("e", {int64_t{0}, 0.0, std::string(), Blob()});
  for (size_t i = 0; i < 4; ++i) EXPECT_FALSE(r.IsNull(i)) << i;
  EXPECT_EQ(r.OptText(2), "");
  EXPECT_TRUE(std::holds_alternative<Blob>(r.at(3)));
  EXPECT_TRUE(r.Bytes(3).empty());
}

TEST_P(DatabaseTest, BlobWithEveryByteValue) {
  Blob all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<uint8_t>(i));
  all.push_back(0);
  all.push_back(0);
  Row r = RoundTrip("bytes", {Null{}, Null{}, Null{}, all});
  EXPECT_EQ(r.Bytes(3), all);
  // And as a bare parameter.
  auto rows = Select("SELECT ?", {all});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Bytes(0), all);
}

TEST_P(DatabaseTest, Int64Extremes) {
  for (int64_t v : {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), int64_t{0}, int64_t{-1},
                    int64_t{1} << 53, (int64_t{1} << 53) + 1}) {
    std::string id = "i" + std::to_string(v);
    Row r = RoundTrip(id, {v, Null{}, Null{}, Null{}});
    EXPECT_EQ(r.Int(0), v);
    auto rows = Select("SELECT i FROM vals WHERE i = ?", {v});
    ASSERT_EQ(rows.size(), 1u) << v;
    auto bare = Select("SELECT ?", {v});
    ASSERT_EQ(bare.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<int64_t>(bare[0].at(0)));
    EXPECT_EQ(bare[0].Int(0), v);
  }
}

TEST_P(DatabaseTest, DoublesRoundTripExactly) {
  int k = 0;
  for (double v : {0.1, -2.5e-300, 1e300, 3.141592653589793, -0.0, 123456789.123456789,
                   std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min()}) {
    Row r = RoundTrip("d" + std::to_string(k++), {Null{}, v, Null{}, Null{}});
    EXPECT_EQ(r.Real(1), v);
    auto bare = Select("SELECT ?", {v});
    ASSERT_EQ(bare.size(), 1u);
    EXPECT_EQ(bare[0].Real(0), v);
  }
}

TEST_P(DatabaseTest, AzerbaijaniText) {
  const std::string name =
      "Əli Həsənov — İsmayıllı, Ağdaş, ılıq; ƏİĞÖÜŞÇ əığöüşç; Гəнҹə 🙂";
  Row r = RoundTrip("az", {Null{}, Null{}, name, Null{}});
  EXPECT_EQ(r.Text(2), name);
  auto rows = Select("SELECT id, length(t) FROM vals WHERE t = ?", {name});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), "az");
  EXPECT_EQ(rows[0].Int(1), 62);  // characters, not bytes
  // Dotted and dotless i are different letters, not case variants of each other.
  EXPECT_TRUE(Select("SELECT id FROM vals WHERE t = ?", {std::string("Ali Hasanov")}).empty());
}

TEST_P(DatabaseTest, InvalidTextIsRefusedWithoutEchoingIt) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx);
  auto r = (*tx)->Exec("INSERT INTO vals (id, t) VALUES (?, ?)", {std::string("x"), std::string("sec\0ret", 7)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorText(r.error()).find("sec"), std::string::npos);
  tx->reset();
  auto tx2 = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx2);
  auto bad = (*tx2)->Exec("INSERT INTO vals (id, t) VALUES (?, ?)", {std::string("y"), std::string("se\xff\xfe")});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(DatabaseTest, PlaceholdersInsideLiteralsAndCommentsAreLeftAlone) {
  auto rows =
      Select("SELECT '?' AS a, ? AS b, 'it''s ?' AS c, /* ? */ ? AS \"d?\" -- what?\n", {int64_t{7}, std::string("x")});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), "?");
  EXPECT_EQ(rows[0].Int(1), 7);
  EXPECT_EQ(rows[0].Text(2), "it's ?");
  EXPECT_EQ(rows[0].Text(3), "x");
}

TEST_P(DatabaseTest, OptionalFilterIdiom) {
  // `? IS NULL` alone gives PostgreSQL no type; the portable spelling casts.
  RoundTrip("f1", {int64_t{1}, Null{}, std::string("a"), Null{}});
  RoundTrip("f2", {int64_t{2}, Null{}, std::string("b"), Null{}});
  const std::string sql = "SELECT id FROM vals WHERE (CAST(? AS TEXT) IS NULL OR t = ?) ORDER BY id";
  EXPECT_EQ(Select(sql, {Null{}, Null{}}).size(), 2u);
  auto one = Select(sql, {std::string("b"), std::string("b")});
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].Text(0), "f2");
}

TEST_P(DatabaseTest, InsertOrSkipAndIntegerFunctionArguments) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx);
  const std::string sql = "INSERT INTO people (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING";
  auto first = (*tx)->Exec(sql, {std::string("p"), std::string("Əli")});
  ASSERT_TRUE(first) << ErrorText(first.error());
  EXPECT_EQ(*first, 1);
  auto again = (*tx)->Exec(sql, {std::string("p"), std::string("Əli")});
  ASSERT_TRUE(again) << ErrorText(again.error());
  EXPECT_EQ(*again, 0);
  auto rows = (*tx)->Query("SELECT substr(name, CAST(? AS INTEGER), CAST(? AS INTEGER)) FROM people WHERE id = ?",
                           {int64_t{2}, int64_t{2}, std::string("p")});
  ASSERT_TRUE(rows) << ErrorText(rows.error());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "li");
  NRM_ASSERT_OK((*tx)->Commit());
}

TEST_P(DatabaseTest, ExecReportsChangedRows) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx);
  for (const char* id : {"a", "b", "c"}) {
    auto n = (*tx)->Exec("INSERT INTO vals (id, i) VALUES (?, ?)", {std::string(id), int64_t{1}});
    ASSERT_TRUE(n) << ErrorText(n.error());
    EXPECT_EQ(*n, 1);
  }
  auto upd = (*tx)->Exec("UPDATE vals SET i = i + 1 WHERE i = ?", {int64_t{1}});
  ASSERT_TRUE(upd);
  EXPECT_EQ(*upd, 3);
  auto none = (*tx)->Exec("DELETE FROM vals WHERE id = ?", {std::string("zzz")});
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
  auto ddl = (*tx)->Exec("CREATE INDEX vals_i ON vals (i)");
  ASSERT_TRUE(ddl) << ErrorText(ddl.error());
  EXPECT_EQ(*ddl, 0);
  auto sel = (*tx)->Exec("SELECT * FROM vals");
  ASSERT_TRUE(sel);
  EXPECT_EQ(*sel, 0);
  auto ret = (*tx)->Query("INSERT INTO vals (id, i) VALUES (?, ?) RETURNING id, i", {std::string("d"), int64_t{9}});
  ASSERT_TRUE(ret) << ErrorText(ret.error());
  ASSERT_EQ(ret->size(), 1u);
  EXPECT_EQ((*ret)[0].Text(0), "d");
  EXPECT_EQ((*ret)[0].Int(1), 9);
  NRM_ASSERT_OK((*tx)->Commit());
  EXPECT_EQ(Count("vals"), 4);
}

TEST_P(DatabaseTest, CommitRollbackAndDestructorRollback) {
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->Exec("INSERT INTO vals (id) VALUES (?)", {std::string("committed")}));
    NRM_ASSERT_OK((*tx)->Commit());
    // A finished transaction refuses further work.
    EXPECT_FALSE((*tx)->Exec("INSERT INTO vals (id) VALUES (?)", {std::string("late")}));
    EXPECT_FALSE((*tx)->Commit());
    (*tx)->Rollback();  // harmless
  }
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->Exec("INSERT INTO vals (id) VALUES (?)", {std::string("rolled-back")}));
    (*tx)->Rollback();
    EXPECT_FALSE((*tx)->Commit());
  }
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->Exec("INSERT INTO vals (id) VALUES (?)", {std::string("dropped")}));
    // destroyed without Commit
  }
  auto rows = Select("SELECT id FROM vals ORDER BY id");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), "committed");
  // The writer is free again after each of those.
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx) << ErrorText(tx.error());
}

// A task that inserts a row (or fails) when its transaction commits.
class InsertAtCommit final : public Transaction::CommitTask {
 public:
  InsertAtCommit(std::string id, std::vector<std::string>* log) : id_(std::move(id)), log_(log) {}
  Status Run(Transaction& tx) override {
    log_->push_back(id_);
    if (id_ == "fail") return Fail(ErrorCode::kInternal, "task failed");
    auto n = tx.Exec("INSERT INTO vals (id) VALUES (?)", {id_});
    if (!n) return tl::unexpected(n.error());
    return {};
  }

 private:
  std::string id_;
  std::vector<std::string>* log_;
};

TEST_P(DatabaseTest, CommitTasksRunLastInsideTheTransaction) {
  std::vector<std::string> ran;
  int key1 = 0, key2 = 0;
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    EXPECT_EQ((*tx)->FindCommitTask(&key1), nullptr);
    auto& t1 = (*tx)->AddCommitTask(&key1, std::make_unique<InsertAtCommit>("task-a", &ran));
    (*tx)->AddCommitTask(&key2, std::make_unique<InsertAtCommit>("task-b", &ran));
    EXPECT_EQ((*tx)->FindCommitTask(&key1), &t1);
    NRM_ASSERT_OK((*tx)->Exec("INSERT INTO vals (id) VALUES (?)", {std::string("own")}));
    EXPECT_TRUE(ran.empty()) << "a task ran before Commit";
    // Not yet written: the tasks have not run.
    auto inside = (*tx)->Query("SELECT count(*) FROM vals");
    ASSERT_TRUE(inside);
    EXPECT_EQ((*inside)[0].Int(0), 1);
    NRM_ASSERT_OK((*tx)->Commit());
  }
  EXPECT_EQ(ran, (std::vector<std::string>{"task-a", "task-b"}));
  EXPECT_EQ(Count("vals"), 3);
  {
    // Rolled back (and dropped): the tasks never run.
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    (*tx)->AddCommitTask(&key1, std::make_unique<InsertAtCommit>("rolled-back", &ran));
    (*tx)->Rollback();
    auto tx2 = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx2);
    (*tx2)->AddCommitTask(&key1, std::make_unique<InsertAtCommit>("dropped", &ran));
  }
  EXPECT_EQ(ran.size(), 2u);
  {
    // A failing task fails Commit, and the whole transaction is rolled back.
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->Exec("INSERT INTO vals (id) VALUES (?)", {std::string("before-failure")}));
    (*tx)->AddCommitTask(&key1, std::make_unique<InsertAtCommit>("kept-out", &ran));
    (*tx)->AddCommitTask(&key2, std::make_unique<InsertAtCommit>("fail", &ran));
    auto s = (*tx)->Commit();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message, "task failed");
  }
  {
    // A task whose statement fails (duplicate key) does too.
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    (*tx)->AddCommitTask(&key1, std::make_unique<InsertAtCommit>("own", &ran));
    auto s = (*tx)->Commit();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kAlreadyExists);
  }
  EXPECT_EQ(Count("vals"), 3);
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx) << ErrorText(tx.error()) << " (the writer must be free again)";
}

TEST_P(DatabaseTest, ReadTransactionsCannotWrite) {
  auto tx = db_->Begin(TxMode::kRead);
  ASSERT_TRUE(tx);
  auto r = (*tx)->Exec("INSERT INTO vals (id) VALUES (?)", {std::string("x")});
  EXPECT_FALSE(r);
  (*tx)->Rollback();
  EXPECT_EQ(Count("vals"), 0);
}

TEST_P(DatabaseTest, ReadersRunBesideAnOpenWriterAndSeeOnlyCommittedData) {
  auto w = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(w);
  NRM_ASSERT_OK((*w)->Exec("INSERT INTO vals (id) VALUES (?)", {std::string("pending")}));
  EXPECT_EQ(Count("vals"), 0);  // a read transaction, not blocked by the writer
  NRM_ASSERT_OK((*w)->Commit());
  EXPECT_EQ(Count("vals"), 1);
}

TEST_P(DatabaseTest, UniqueViolationIsAlreadyExistsAndAbortsTheTransaction) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx);
  NRM_ASSERT_OK((*tx)->Exec("INSERT INTO people (id, name) VALUES (?, ?)", {std::string("p1"), std::string("Aynur")}));
  auto dup = (*tx)->Exec("INSERT INTO people (id, name) VALUES (?, ?)", {std::string("p2"), std::string("Aynur")});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists) << ErrorText(dup.error());
  // Both backends: after an error only a rollback is possible.
  EXPECT_FALSE((*tx)->Exec("INSERT INTO people (id, name) VALUES (?, ?)", {std::string("p3"), std::string("Other")}));
  EXPECT_FALSE((*tx)->Commit());
  EXPECT_EQ(Count("people"), 0);
}

TEST_P(DatabaseTest, PrimaryKeyViolationIsAlreadyExists) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx);
  NRM_ASSERT_OK((*tx)->Exec("INSERT INTO vals (id) VALUES (?)", {std::string("k")}));
  auto dup = (*tx)->Exec("INSERT INTO vals (id) VALUES (?)", {std::string("k")});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(DatabaseTest, ErrorsNeverCarryParameterValues) {
  const std::string secret = "Leyla-Əliyeva-1990-SECRET";
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->Exec("INSERT INTO people (id, name) VALUES (?, ?)", {std::string("p1"), secret}));
    NRM_ASSERT_OK((*tx)->Commit());
  }
  std::vector<Error> errors;
  auto attempt = [&](const std::string& sql, const std::vector<Value>& params) {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    auto r = (*tx)->Exec(sql, params);
    ASSERT_FALSE(r) << sql;
    errors.push_back(r.error());
  };
  attempt("INSERT INTO people (id, name) VALUES (?, ?)", {std::string("p2"), secret});            // unique
  attempt("INSERT INTO people (id, name) VALUES (?, ?)", {std::string("p1"), std::string("x")});  // primary key
  attempt("INSERT INTO people (id, name, age) VALUES (?, ?, ?)",
          {std::string("p3"), std::string("y"), std::string("SECRET-not-a-number")});  // type
  attempt("INSERT INTO people (id, name, age) VALUES (?, ?, ?)",
          {std::string("p4"), std::string("SECRET-check"), int64_t{-5}});               // check
  attempt("INSERT INTO people (id, name) VALUES (?, ?)", {std::string("p5"), Null{}});  // not null
  for (const Error& e : errors) {
    std::string all = e.message + "\n" + e.internal;
    EXPECT_EQ(all.find("SECRET"), std::string::npos) << all;
    EXPECT_EQ(all.find("Leyla"), std::string::npos) << all;
    EXPECT_EQ(all.find("-5"), std::string::npos) << all;
    EXPECT_FALSE(e.message.empty());
    EXPECT_EQ(e.message.find("INSERT"), std::string::npos) << "SQL belongs in internal: " << e.message;
  }
}

TEST_P(DatabaseTest, OptimisticLocking) {
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->Exec("INSERT INTO people (id, name, version) VALUES (?, ?, 1)",
                              {std::string("p"), std::string("Nigar")}));
    NRM_ASSERT_OK((*tx)->Commit());
  }
  const std::string update = "UPDATE people SET name = ?, version = version + 1 WHERE id = ? AND version = ?";
  // Two editors read version 1; the first to write wins.
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    auto n = (*tx)->Exec(update, {std::string("Nigar A."), std::string("p"), int64_t{1}});
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 1);
    NRM_ASSERT_OK((*tx)->Commit());
  }
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    auto n = (*tx)->Exec(update, {std::string("Nigar B."), std::string("p"), int64_t{1}});
    ASSERT_TRUE(n) << ErrorText(n.error());
    EXPECT_EQ(*n, 0);  // the caller turns this into kConflict
  }
  auto rows = Select("SELECT name, version FROM people WHERE id = ?", {std::string("p")});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), "Nigar A.");
  EXPECT_EQ(rows[0].Int(1), 2);
}

TEST_P(DatabaseTest, ConcurrentWritersFromManyThreads) {
  Script(
      "CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, version INTEGER NOT NULL);"
      "INSERT INTO counter VALUES (1, 0, 1);"
      "CREATE TABLE items (id TEXT PRIMARY KEY, thread INTEGER NOT NULL);");
  constexpr int kThreads = 8;
  constexpr int kPerThread = 40;
  std::atomic<int> retries{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        for (;;) {
          auto tx = db_->Begin(TxMode::kWrite);
          if (!tx) {
            ++failures;
            ADD_FAILURE() << ErrorText(tx.error());
            return;
          }
          auto cur = (*tx)->Query("SELECT n, version FROM counter WHERE id = 1");
          if (!cur || cur->size() != 1) {
            ++failures;
            return;
          }
          int64_t n = (*cur)[0].Int(0), version = (*cur)[0].Int(1);
          auto upd = (*tx)->Exec("UPDATE counter SET n = ?, version = version + 1 WHERE id = 1 AND version = ?",
                                 {n + 1, version});
          if (!upd) {
            ++failures;
            ADD_FAILURE() << ErrorText(upd.error());
            return;
          }
          if (*upd == 0) {  // somebody else got there first: start over
            ++retries;
            continue;
          }
          auto ins = (*tx)->Exec("INSERT INTO items (id, thread) VALUES (?, ?)",
                                 {std::to_string(t) + "-" + std::to_string(i), int64_t{t}});
          auto c = ins ? (*tx)->Commit() : Status(tl::unexpected(ins.error()));
          if (!c) {
            ++failures;
            ADD_FAILURE() << ErrorText(c.error());
            return;
          }
          break;
        }
      }
    });
  }
  // Readers alongside.
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop) {
      auto tx = db_->Begin(TxMode::kRead);
      if (!tx || !(*tx)->Query("SELECT count(*) FROM items")) ++failures;
    }
  });
  for (auto& th : threads) th.join();
  stop = true;
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("items"), kThreads * kPerThread);
  auto rows = Select("SELECT n FROM counter WHERE id = 1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Int(0), kThreads * kPerThread);
  if (!IsPostgres()) {
    EXPECT_EQ(retries.load(), 0) << "SQLite serialises writers";
  }
}

TEST_P(DatabaseTest, OneStatementPerExecAndMatchingParameterCount) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx);
  auto two = (*tx)->Exec("INSERT INTO vals (id) VALUES ('a'); INSERT INTO vals (id) VALUES ('b')");
  EXPECT_FALSE(two);
  auto tx2 = db_->Begin(TxMode::kRead);
  ASSERT_TRUE(tx2);
  auto missing = (*tx2)->Query("SELECT ? , ?", {int64_t{1}});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInternal);
  EXPECT_NE(missing.error().internal.find("SELECT ? , ?"), std::string::npos) << missing.error().internal;
}

TEST_P(DatabaseTest, ScriptsRunSeveralStatements) {
  Script(
      "CREATE TABLE s1 (x INTEGER); CREATE TABLE s2 (y TEXT);\n"
      "INSERT INTO s1 VALUES (1); INSERT INTO s1 VALUES (2); -- done\n");
  EXPECT_EQ(Count("s1"), 2);
  EXPECT_EQ(Count("s2"), 0);
}

TEST_P(DatabaseTest, ForeignKeysAreEnforced) {
  Script(
      Sql("CREATE TABLE parent (id TEXT PRIMARY KEY) STRICT;"
          "CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent(id)) STRICT;",
          "CREATE TABLE parent (id TEXT PRIMARY KEY);"
          "CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent(id));"));
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx);
  auto r = (*tx)->Exec("INSERT INTO child (id, parent_id) VALUES (?, ?)", {std::string("c"), std::string("nope")});
  EXPECT_FALSE(r);
}

TEST_P(DatabaseTest, RecordsMetrics) {
  Metrics metrics;
  auto db = Database::Open(Url(), &metrics);
  ASSERT_TRUE(db) << ErrorText(db.error());
  auto tx = (*db)->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx);
  NRM_ASSERT_OK((*tx)->Exec("INSERT INTO vals (id) VALUES (?)", {std::string("m")}));
  NRM_ASSERT_OK((*tx)->Query("SELECT id FROM vals"));
  NRM_ASSERT_OK((*tx)->Commit());
  std::string text = metrics.Render();
  EXPECT_NE(text.find("store_operation_duration_seconds"), std::string::npos) << text;
  EXPECT_NE(text.find(testing::DialectName(GetParam())), std::string::npos) << text;
  for (const char* op : {"begin", "exec", "query", "commit"}) EXPECT_NE(text.find(op), std::string::npos) << op;
}

// ---- PostgreSQL only ---------------------------------------------------------

TEST_P(DatabaseTest, PoolWaitsForAFreeConnection) {
  if (!IsPostgres()) GTEST_SKIP() << "PostgreSQL pool";
  auto db = OpenAnother("pool_size=1");
  ASSERT_TRUE(db);
  auto first = db->Begin(TxMode::kWrite);
  ASSERT_TRUE(first);
  std::atomic<bool> got{false};
  std::thread th([&] {
    auto second = db->Begin(TxMode::kRead);
    EXPECT_TRUE(second) << ErrorText(second.error());
    got = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(got.load());
  NRM_ASSERT_OK((*first)->Commit());
  th.join();
  EXPECT_TRUE(got.load());
}

TEST_P(DatabaseTest, LostConnectionIsUnavailableAndReplaced) {
  if (!IsPostgres()) GTEST_SKIP() << "PostgreSQL connections";
  auto db = OpenAnother("pool_size=1");
  ASSERT_TRUE(db);
  int64_t pid = 0;
  {
    auto tx = db->Begin(TxMode::kRead);
    ASSERT_TRUE(tx);
    auto r = (*tx)->Query("SELECT pg_backend_pid()");
    ASSERT_TRUE(r);
    pid = (*r)[0].Int(0);
    NRM_ASSERT_OK((*tx)->Commit());
  }
  // Killed while idle in the pool: the next Begin notices and reconnects.
  {
    auto tx = db_->Begin(TxMode::kRead);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->Query("SELECT pg_terminate_backend(CAST(? AS INTEGER))", {pid}));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int64_t pid2 = 0;
  {
    auto tx = db->Begin(TxMode::kRead);
    ASSERT_TRUE(tx) << ErrorText(tx.error());
    auto r = (*tx)->Query("SELECT pg_backend_pid()");
    ASSERT_TRUE(r) << ErrorText(r.error());
    pid2 = (*r)[0].Int(0);
    EXPECT_NE(pid2, pid);
  }
  // Killed inside a transaction: that transaction fails as unavailable, and
  // the pool replaces the connection.
  auto tx = db->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx);
  {
    auto killer = db_->Begin(TxMode::kRead);
    ASSERT_TRUE(killer);
    NRM_ASSERT_OK((*killer)->Query("SELECT pg_terminate_backend(CAST(? AS INTEGER))", {pid2}));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto r = (*tx)->Query("SELECT 1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable) << ErrorText(r.error());
  EXPECT_FALSE((*tx)->Commit());
  tx->reset();
  NRM_ASSERT_OK(db->Ping());
}

TEST_P(DatabaseTest, UnreachableServerIsUnavailable) {
  if (!IsPostgres()) GTEST_SKIP() << "PostgreSQL connections";
  auto db = Database::Open("postgresql:///nrm_test?host=/nonexistent-nrm-dir&connect_timeout=2");
  ASSERT_TRUE(db) << "Open is lazy";
  auto tx = (*db)->Begin(TxMode::kRead);
  ASSERT_FALSE(tx);
  EXPECT_EQ(tx.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ((*db)->Ping().error().code, ErrorCode::kUnavailable);
}

// ---- SQLite only -----------------------------------------------------------------

TEST_P(DatabaseTest, SqliteFileIsPrivateAndInWalMode) {
  if (IsPostgres()) GTEST_SKIP() << "SQLite file";
  std::string path = Url().substr(7);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto rows = Select("PRAGMA journal_mode");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), "wal");
  auto fk = Select("PRAGMA foreign_keys");
  ASSERT_EQ(fk.size(), 1u);
  EXPECT_EQ(fk[0].Int(0), 1);
}

TEST_P(DatabaseTest, SqliteBusyFromAnotherProcessIsConflict) {
  if (IsPostgres()) GTEST_SKIP() << "SQLite locking";
  std::string path = Url().substr(7);
  sqlite::Options quick;
  quick.busy_timeout_ms = 100;
  auto other = sqlite::Open(path, nullptr, quick);
  ASSERT_TRUE(other);
  auto held = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(held);
  auto blocked = (*other)->Begin(TxMode::kWrite);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kConflict) << ErrorText(blocked.error());
  (*held)->Rollback();
  EXPECT_TRUE((*other)->Begin(TxMode::kWrite));
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::ParamName);

// ---- Open --------------------------------------------------------------------------

TEST(DatabaseOpenTest, RejectsUnknownUrlsWithoutEchoingThem) {
  auto db = Database::Open("mysql://user:hunter2@host/db");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorText(db.error()).find("hunter2"), std::string::npos);
  EXPECT_FALSE(Database::Open("sqlite:"));
  auto bad_pool = Database::Open("postgresql://u:hunter2@localhost/db?pool_size=0");
  ASSERT_FALSE(bad_pool);
  EXPECT_EQ(ErrorText(bad_pool.error()).find("hunter2"), std::string::npos);
}

TEST(DatabaseOpenTest, InMemorySqlite) {
  auto db = Database::Open("sqlite::memory:");
  ASSERT_TRUE(db) << ErrorText(db.error());
  {
    auto tx = (*db)->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->ExecScript("CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES (5);"));
    NRM_ASSERT_OK((*tx)->Commit());
  }
  auto tx = (*db)->Begin(TxMode::kRead);
  ASSERT_TRUE(tx);
  auto rows = (*tx)->Query("SELECT x FROM t");
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[0].Int(0), 5);
  EXPECT_FALSE((*tx)->Exec("INSERT INTO t VALUES (6)")) << "read transactions are read-only";
  tx->reset();
  auto w = (*db)->Begin(TxMode::kWrite);
  ASSERT_TRUE(w);
  NRM_ASSERT_OK((*w)->Exec("INSERT INTO t VALUES (6)"));
}

TEST(DatabaseOpenTest, BarePathEndingInDb) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "nrm-open-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  {
    auto db = Database::Open(tmpl + "/x.db");
    ASSERT_TRUE(db) << ErrorText(db.error());
    EXPECT_EQ((*db)->dialect(), Dialect::kSqlite);
  }
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace nrm::store
