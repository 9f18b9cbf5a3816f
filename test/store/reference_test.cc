// The reference-number allocator on both backends: format, yearly restart,
// rollback, and uniqueness under concurrent transactions.
#include "store/reference.h"

#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/civil_date.h"
#include "store_fixture.h"

namespace nrm::store {
namespace {

using testing::ErrorText;

class ReferenceTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    NRM_ASSERT_OK(db_->Migrate());
  }

  std::string Allocate(std::string_view prefix, std::string_view counter, int64_t now_ms, bool commit = true) {
    auto tx = db_->Begin(TxMode::kWrite);
    EXPECT_TRUE(tx.has_value()) << ErrorText(tx.error());
    if (!tx) return "";
    auto ref = NextReference(**tx, prefix, counter, now_ms);
    EXPECT_TRUE(ref.has_value()) << ErrorText(ref.error());
    if (!ref) return "";
    if (commit) {
      auto c = (*tx)->Commit();
      EXPECT_TRUE(c.has_value()) << ErrorText(c.error());
    } else {
      (*tx)->Rollback();
    }
    return *ref;
  }
};

const int64_t k2026 = civil::StartOfDayMillis(civil::DayOf(2026, 3, 1));
const int64_t kLast2026 = civil::YearEndMillis(2026) - 1;
const int64_t k2027 = civil::YearEndMillis(2026);

TEST_P(ReferenceTest, FormatAndSequence) {
  EXPECT_EQ(Allocate("P", "person", k2026), "P-2026-000001");
  EXPECT_EQ(Allocate("P", "person", k2026), "P-2026-000002");
  EXPECT_EQ(Allocate("P", "person", kLast2026), "P-2026-000003");
}

TEST_P(ReferenceTest, EachCounterAndYearCountsAlone) {
  EXPECT_EQ(Allocate("P", "person", k2026), "P-2026-000001");
  EXPECT_EQ(Allocate("R", "referral", k2026), "R-2026-000001");
  EXPECT_EQ(Allocate("P", "person", k2027), "P-2027-000001");
  EXPECT_EQ(Allocate("P", "person", k2026), "P-2026-000002");
}

TEST_P(ReferenceTest, RolledBackNumberIsGivenAgain) {
  EXPECT_EQ(Allocate("C", "case", k2026), "C-2026-000001");
  EXPECT_EQ(Allocate("C", "case", k2026, /*commit=*/false), "C-2026-000002");
  EXPECT_EQ(Allocate("C", "case", k2026), "C-2026-000002");
}

TEST_P(ReferenceTest, ConcurrentAllocationsAreUnique) {
  constexpr int kThreads = 6, kEach = 15;
  std::mutex mu;
  std::set<std::string> seen;
  int failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto tx = db_->Begin(TxMode::kWrite);
        auto ref = tx ? NextReference(**tx, "S", "screening", k2026) : Result<std::string>(tl::unexpected(tx.error()));
        const bool ok = ref && (*tx)->Commit().has_value();
        std::lock_guard<std::mutex> lock(mu);
        if (ok)
          seen.insert(*ref);
        else
          ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(seen.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_TRUE(seen.count("S-2026-000001"));
  EXPECT_TRUE(seen.count("S-2026-000090"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReferenceTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::ParamName);

}  // namespace
}  // namespace nrm::store
