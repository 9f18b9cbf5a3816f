// Pieces of the store that need no database: placeholder rewriting, Row
// conversions, URL handling, UTF-8 checks.
#include <gtest/gtest.h>

#include <limits>

#include "store/database.h"
#include "store/internal.h"
#include "store/postgres/pg_database.h"
#include "store/postgres/placeholders.h"

namespace nrm::store {
namespace {

std::string Rewrite(std::string_view sql, int* n = nullptr) {
  int count = 0;
  std::string out = postgres::RewritePlaceholders(sql, &count);
  if (n) *n = count;
  return out;
}

TEST(PlaceholdersTest, NumbersEachPlaceholder) {
  int n = 0;
  EXPECT_EQ(Rewrite("SELECT a FROM t WHERE b = ? AND c IN (?, ?)", &n),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(n, 3);
  EXPECT_EQ(Rewrite("INSERT INTO t VALUES(?,?)"), "INSERT INTO t VALUES($1,$2)");
  EXPECT_EQ(Rewrite("SELECT 1", &n), "SELECT 1");
  EXPECT_EQ(n, 0);
  EXPECT_EQ(Rewrite("", &n), "");
  EXPECT_EQ(Rewrite("??"), "$1$2");
}

TEST(PlaceholdersTest, LeavesStringsIdentifiersAndCommentsAlone) {
  int n = 0;
  EXPECT_EQ(Rewrite("SELECT '?', ? FROM t", &n), "SELECT '?', $1 FROM t");
  EXPECT_EQ(n, 1);
  EXPECT_EQ(Rewrite("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
  EXPECT_EQ(Rewrite("SELECT '', ?"), "SELECT '', $1");
  EXPECT_EQ(Rewrite("SELECT \"odd?col\", ? FROM \"t\"\"?\""), "SELECT \"odd?col\", $1 FROM \"t\"\"?\"");
  EXPECT_EQ(Rewrite("SELECT ? -- why?\n, ?"), "SELECT $1 -- why?\n, $2");
  EXPECT_EQ(Rewrite("SELECT ? -- trailing ?"), "SELECT $1 -- trailing ?");
  EXPECT_EQ(Rewrite("SELECT /* ? /* nested ? */ still ? */ ?"), "SELECT /* ? /* nested ? */ still ? */ $1");
  EXPECT_EQ(Rewrite("SELECT 5-?"), "SELECT 5-$1");
  EXPECT_EQ(Rewrite("SELECT 6/?"), "SELECT 6/$1");
}

TEST(PlaceholdersTest, EscapeStringsAndDollarQuotes) {
  EXPECT_EQ(Rewrite("SELECT E'a\\'?', ?"), "SELECT E'a\\'?', $1");
  EXPECT_EQ(Rewrite("SELECT e'\\\\', ?"), "SELECT e'\\\\', $1");
  // Without the E prefix a backslash is an ordinary character.
  EXPECT_EQ(Rewrite("SELECT 'a\\', ?"), "SELECT 'a\\', $1");
  EXPECT_EQ(Rewrite("SELECT $$ ? $$, ?"), "SELECT $$ ? $$, $1");
  EXPECT_EQ(Rewrite("SELECT $fn$ it's ? $x$ $fn$, ?"), "SELECT $fn$ it's ? $x$ $fn$, $1");
  EXPECT_EQ(Rewrite("SELECT $1, ?"), "SELECT $1, $1");  // existing $n are not ours to touch
  EXPECT_EQ(Rewrite("SELECT a$b, ?"), "SELECT a$b, $1");
  EXPECT_EQ(Rewrite("SELECT name FROM t WHERE v = 'ə?ı' AND w = ?"), "SELECT name FROM t WHERE v = 'ə?ı' AND w = $1");
}

TEST(PlaceholdersTest, UnterminatedQuotesDoNotCrash) {
  int n = 0;
  EXPECT_EQ(Rewrite("SELECT '?", &n), "SELECT '?");
  EXPECT_EQ(n, 0);
  EXPECT_EQ(Rewrite("SELECT \"?"), "SELECT \"?");
  EXPECT_EQ(Rewrite("SELECT /* ?"), "SELECT /* ?");
  EXPECT_EQ(Rewrite("SELECT $$ ?"), "SELECT $$ ?");
  EXPECT_EQ(Rewrite("SELECT E'\\"), "SELECT E'\\");
}

TEST(RowTest, AccessorsConvertObviousKinds) {
  Row r({Null{}, int64_t{42}, 2.75, std::string("17"), Blob{'h', 'i'}, std::string("x")});
  EXPECT_TRUE(r.IsNull(0));
  EXPECT_FALSE(r.IsNull(1));
  EXPECT_EQ(r.Int(1), 42);
  EXPECT_EQ(r.Real(1), 42.0);
  EXPECT_EQ(r.Text(1), "42");
  EXPECT_EQ(r.Int(2), 2);
  EXPECT_EQ(r.Real(2), 2.75);
  EXPECT_EQ(r.Text(2), "2.75");
  EXPECT_EQ(r.Int(3), 17);
  EXPECT_EQ(r.Int(5), 0);
  EXPECT_EQ(r.Text(4), "hi");
  EXPECT_EQ(r.Bytes(3), (Blob{'1', '7'}));
  EXPECT_EQ(r.OptInt(0), std::nullopt);
  EXPECT_EQ(r.OptInt(1), 42);
  EXPECT_EQ(r.size(), 6u);
  EXPECT_THROW(r.at(6), std::out_of_range);
  Row big({1e300, -1e300});
  EXPECT_EQ(big.Int(0), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(big.Int(1), std::numeric_limits<int64_t>::min());
}

TEST(PostgresUrlTest, TakesPoolSizeOutOfTheQuery) {
  std::string url = "postgresql:///nrm?host=/tmp/x&pool_size=4&user=u";
  EXPECT_EQ(postgres::TakeQueryParam(&url, "pool_size"), "4");
  EXPECT_EQ(url, "postgresql:///nrm?host=/tmp/x&user=u");
  url = "postgresql://h/nrm?pool_size=2";
  EXPECT_EQ(postgres::TakeQueryParam(&url, "pool_size"), "2");
  EXPECT_EQ(url, "postgresql://h/nrm");
  url = "postgresql://h/nrm?sslmode=require&pool_size=16";
  EXPECT_EQ(postgres::TakeQueryParam(&url, "pool_size"), "16");
  EXPECT_EQ(url, "postgresql://h/nrm?sslmode=require");
  url = "postgresql://h/nrm?pool_size=3&sslmode=require";
  EXPECT_EQ(postgres::TakeQueryParam(&url, "pool_size"), "3");
  EXPECT_EQ(url, "postgresql://h/nrm?sslmode=require");
  url = "postgresql://h/nrm?my_pool_size=3";
  EXPECT_EQ(postgres::TakeQueryParam(&url, "pool_size"), std::nullopt);
  EXPECT_EQ(url, "postgresql://h/nrm?my_pool_size=3");
  url = "postgresql://h/nrm";
  EXPECT_EQ(postgres::TakeQueryParam(&url, "pool_size"), std::nullopt);
}

TEST(Utf8Test, Validation) {
  EXPECT_TRUE(internal::IsValidUtf8(""));
  EXPECT_TRUE(internal::IsValidUtf8("Əli İsmayıllı ğ 🙂"));
  EXPECT_FALSE(internal::IsValidUtf8("\xff"));
  EXPECT_FALSE(internal::IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(internal::IsValidUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(internal::IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(internal::IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_TRUE(internal::CheckParams({Null{}, int64_t{1}, std::string("ə"), Blob{0, 0xff}}).has_value());
  auto s = internal::CheckParams({std::string("ok"), std::string("bad\xff-value")});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().internal.find("bad"), std::string::npos);
  EXPECT_NE(s.error().internal.find("parameter 2"), std::string::npos);
}

}  // namespace
}  // namespace nrm::store
