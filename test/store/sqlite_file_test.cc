// Whole-file operations on SQLite stores (store/sqlite/sqlite_file.h): the
// copy taken beside a writer, the checks, the in-use probe.
#include "store/sqlite/sqlite_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/database.h"
#include "store_fixture.h"

namespace nrm::store::sqlite {
namespace {

namespace fs = std::filesystem;
using testing::ErrorText;

class SqliteFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "nrm-file-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "nrm.db").string();
    auto db = Database::Open("sqlite:" + path_);
    ASSERT_TRUE(db) << ErrorText(db.error());
    db_ = std::move(*db);
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT;"));
    NRM_ASSERT_OK((*tx)->Commit());
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void Write(int from, int n) {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx);
    for (int i = from; i < from + n; ++i) {
      NRM_ASSERT_OK((*tx)->Exec("INSERT INTO t (id, body) VALUES (?, ?)", {int64_t{i}, std::string(400, 'x')}));
    }
    NRM_ASSERT_OK((*tx)->Commit());
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteFileTest, CopyBesideAWriterIsConsistentPrivateAndNeverOverwrites) {
  Write(0, 2000);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0}, failed{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      auto tx = db_->Begin(TxMode::kWrite);
      if (!tx) {
        ++failed;
        continue;
      }
      auto n = (*tx)->Exec("INSERT INTO t (id, body) VALUES (?, ?)", {int64_t{100000 + i}, std::string(400, 'y')});
      if (n && (*tx)->Commit()) {
        ++written;
      } else {
        ++failed;
      }
    }
  });
  while (written < 50) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const std::string out = (dir_ / "copy.db").string();
  int calls = 0;
  auto s = CopyInto(path_, out, [&](const CopyProgress& p) {
    ++calls;
    EXPECT_GE(p.written, 0);
  });
  const int during = written;
  while (written < during + 50) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  stop = true;
  writer.join();
  ASSERT_TRUE(s) << ErrorText(s.error());
  EXPECT_EQ(failed.load(), 0) << "the copy blocked the writer";
  EXPECT_GE(calls, 2) << "progress at the start and at the end";
  EXPECT_FALSE(fs::exists(out + ".partial"));
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto problems = CheckFile(out, /*quick=*/false);
  ASSERT_TRUE(problems) << ErrorText(problems.error());
  EXPECT_TRUE(problems->empty()) << problems->front();
  {
    auto copy = Database::Open("sqlite:" + out);
    ASSERT_TRUE(copy);
    auto tx = (*copy)->Begin(TxMode::kRead);
    ASSERT_TRUE(tx);
    auto rows = (*tx)->Query("SELECT count(*), count(DISTINCT id) FROM t");
    ASSERT_TRUE(rows);
    EXPECT_GE((*rows)[0].Int(0), 2050);
    EXPECT_LT((*rows)[0].Int(0), 2000 + written.load()) << "a snapshot, not what came after";
  }
  // Never over an existing file.
  auto again = CopyInto(path_, out);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TEST_F(SqliteFileTest, CheckFileNamesTornAndForeignFiles) {
  Write(0, 3000);
  const std::string good = (dir_ / "good.db").string();
  NRM_ASSERT_OK(CopyInto(path_, good));
  auto ok = CheckFile(good, /*quick=*/true);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->empty());
  const auto size = fs::file_size(good);
  // Torn: pages in the middle overwritten.
  const std::string torn = (dir_ / "torn.db").string();
  fs::copy_file(good, torn);
  {
    std::fstream f(torn, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
    std::string junk(4 * 4096, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto t = CheckFile(torn, /*quick=*/true);
  ASSERT_TRUE(t) << ErrorText(t.error());
  EXPECT_FALSE(t->empty()) << "a torn file passed quick_check";
  // Truncated.
  const std::string half = (dir_ / "half.db").string();
  fs::copy_file(good, half);
  fs::resize_file(half, size / 2);
  auto h = CheckFile(half, /*quick=*/false);
  ASSERT_TRUE(h);
  EXPECT_FALSE(h->empty()) << "a truncated file passed integrity_check";
  // Not a database at all.
  const std::string noise = (dir_ / "noise").string();
  std::ofstream(noise) << std::string(8192, 'n');
  auto n = CheckFile(noise, /*quick=*/true);
  ASSERT_TRUE(n);
  ASSERT_FALSE(n->empty());
  EXPECT_NE(n->front().find("not a database"), std::string::npos) << n->front();
  auto missing = CheckFile((dir_ / "missing.db").string(), true);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteFileTest, InUseProbeSeesAnotherProcess) {
  Write(0, 10);
  db_.reset();  // this process lets go (its own locks would not show)
  EXPECT_FALSE(FileInUse(path_));
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto db = Database::Open("sqlite:" + path_);
    auto tx = db ? (*db)->Begin(TxMode::kRead) : Result<std::unique_ptr<Transaction>>(tl::unexpected(Error{}));
    if (tx) (void)(*tx)->Query("SELECT count(*) FROM t");
    if (tx) (*tx)->Rollback();
    char c = 'r';
    (void)!::write(ready[1], &c, 1);
    ::pause();  // holds the store open, idle
    ::_exit(0);
  }
  char c;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  EXPECT_TRUE(FileInUse(path_)) << "an idle connection in another process was not seen";
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_FALSE(FileInUse(path_));
  NRM_ASSERT_OK(FoldWal(path_));
}

}  // namespace
}  // namespace nrm::store::sqlite
