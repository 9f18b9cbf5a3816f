// The audit log against both backends: appends, group commit, queries,
// checkpoints, the append-only triggers, and tamper detection by Verify.
#include "audit/log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "audit/checkpoint.h"
#include "audit/merkle.h"
#include "audit/signer.h"
#include "audit/verify.h"
#include "core/clock.h"
#include "store/migrations.h"
#include "store/store_fixture.h"

namespace nrm::audit {
namespace {

using store::Dialect;
using store::TxMode;
using store::testing::ErrorText;

Entry Read(const std::string& actor, const std::string& person, std::vector<std::string> classes = {"identity"}) {
  Entry e;
  e.action = "person.read";
  e.actor_user_id = actor;
  e.actor_agency_id = "agency-" + actor;
  e.object_type = "person";
  e.object_id = person;
  e.field_classes = std::move(classes);
  e.grant_ids = {"grant-1"};
  e.purpose = "case_work";
  e.request_id = "req";
  return e;
}

class AuditLogTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Only this module's migration: the audit tables stand alone.
    auto all = store::EmbeddedMigrations(GetParam());
    ASSERT_TRUE(all.has_value());
    std::vector<store::Migration> mine;
    for (const auto& m : *all) {
      if (m.name == "audit" || m.name == "audit_entry_mac") mine.push_back(m);
    }
    ASSERT_EQ(mine.size(), 2u);
    NRM_ASSERT_OK(store::ApplyMigrations(*db_, mine));
    log_ = std::make_unique<AuditLog>(*db_, clock_);
  }

  void TearDown() override {
    log_.reset();
    StoreTest::TearDown();
  }

  // Appends `n` entries, each in its own transaction, alternating actors
  // and objects; advances the clock 1 s per entry.
  void Fill(int n) {
    for (int i = 0; i < n; ++i) {
      auto tx = db_->Begin(TxMode::kWrite);
      ASSERT_TRUE(tx.has_value());
      NRM_ASSERT_OK(log_->Append(**tx, Read("user-" + std::to_string(i % 3), "person-" + std::to_string(i % 5))));
      NRM_ASSERT_OK((*tx)->Commit());
      clock_.Advance(1000);
    }
  }

  Checkpoint MustCheckpoint() {
    auto cp = log_->WriteCheckpoint(signer_);
    EXPECT_TRUE(cp.has_value()) << ErrorText(cp.error());
    return cp ? *cp : Checkpoint{};
  }

  VerifyReport MustVerify(const VerifyOptions& options = {}) {
    auto r = Verify(*db_, options);
    EXPECT_TRUE(r.has_value()) << ErrorText(r.error());
    return r ? *r : VerifyReport{};
  }

  // What an attacker with write access to the database does: a connection
  // of its own, the append-only triggers dropped, then arbitrary SQL.
  void Attack(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto other = OpenAnother();
    ASSERT_NE(other, nullptr);
    auto tx = other->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    if (!guards_dropped_) {
      NRM_ASSERT_OK(
          (*tx)->ExecScript(Sql("DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;"
                                "DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;"
                                "DROP TRIGGER audit_head_forward_only; DROP TRIGGER audit_head_no_delete;",
                                "DROP TRIGGER audit_entries_append_only ON audit_entries;"
                                "DROP TRIGGER audit_checkpoints_append_only ON audit_checkpoints;"
                                "DROP TRIGGER audit_head_forward_only ON audit_head;")));
      guards_dropped_ = true;
    }
    auto n = (*tx)->Exec(sql, params);
    ASSERT_TRUE(n.has_value()) << sql << ": " << ErrorText(n.error());
    NRM_ASSERT_OK((*tx)->Commit());
  }

  std::string EntryJson(int64_t seq) {
    auto rows = Select("SELECT entry_json FROM audit_entries WHERE seq = ?", {seq});
    return rows.empty() ? "" : rows[0].Text(0);
  }

  // Rewrites entry `seq` with a different purpose, and its leaf hash to
  // match, exactly as an attacker who knows the format would.
  void RewriteConsistently(int64_t seq, const std::string& purpose) {
    auto parsed = ParseEntryJson(EntryJson(seq));
    ASSERT_TRUE(parsed.has_value());
    parsed->entry.purpose = purpose;
    auto text = CanonicalJson(parsed->entry, parsed->seq, parsed->ts);
    ASSERT_TRUE(text.has_value());
    Hash leaf = LeafHash(*text);
    Attack("UPDATE audit_entries SET entry_json = ?, leaf_hash = ? WHERE seq = ?",
           {*text, store::Blob(leaf.begin(), leaf.end()), seq});
  }

  // Inserts a well-formed entry at `seq` (JSON, hash and columns agree).
  void InsertForged(int64_t seq) {
    Entry e = Read("intruder", "person-0");
    auto text = CanonicalJson(e, seq, clock_.NowMillis());
    ASSERT_TRUE(text.has_value());
    Hash leaf = LeafHash(*text);
    Attack(
        "INSERT INTO audit_entries (seq, ts, entry_json, leaf_hash, actor_user_id, actor_agency_id, object_type, "
        "object_id, action, outcome, field_classes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {seq, clock_.NowMillis(), *text, store::Blob(leaf.begin(), leaf.end()), e.actor_user_id, e.actor_agency_id,
         e.object_type, e.object_id, e.action, e.outcome, JoinFieldClasses(e.field_classes)});
  }

  // A statement the triggers must refuse, in its own transaction.
  bool Refused(const std::string& sql) {
    auto tx = db_->Begin(TxMode::kWrite);
    EXPECT_TRUE(tx.has_value());
    auto r = (*tx)->Exec(sql);
    return !r.has_value();
  }

  ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<AuditLog> log_;
  KeyPairSigner signer_ = KeyPairSigner::Generate();
  bool guards_dropped_ = false;
};

TEST_P(AuditLogTest, AppendCommitsWithTheTransaction) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx.has_value());
  Entry e = Read("u1", "p1");
  e.detail = {{"route", "/api/v1/persons/{id}"}};
  NRM_ASSERT_OK(log_->Append(**tx, e));
  NRM_ASSERT_OK((*tx)->Commit());

  auto h = log_->History("person", "p1", 10);
  ASSERT_TRUE(h.has_value()) << ErrorText(h.error());
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ((*h)[0].seq, 1);
  EXPECT_EQ((*h)[0].ts, clock_.NowMillis());
  EXPECT_EQ((*h)[0].entry, e);
  EXPECT_EQ(*log_->Size(), 1);

  auto rows = Select("SELECT entry_json, leaf_hash FROM audit_entries WHERE seq = 1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), *CanonicalJson(e, 1, clock_.NowMillis()));
  Hash leaf = LeafHash(rows[0].Text(0));
  EXPECT_EQ(rows[0].Bytes(1), store::Blob(leaf.begin(), leaf.end()));
}

TEST_P(AuditLogTest, InvalidEntryIsRefusedAndLeavesTheTransactionUsable) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx.has_value());
  Entry bad = Read("u1", "p1");
  bad.outcome = "perhaps";
  auto s = log_->Append(**tx, bad);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  NRM_ASSERT_OK(log_->Append(**tx, Read("u1", "p1")));
  NRM_ASSERT_OK((*tx)->Commit());
  EXPECT_EQ(*log_->Size(), 1);
  auto r = log_->AppendRead(bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(AuditLogTest, RolledBackAppendLeavesNoEntryAndNoGap) {
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    NRM_ASSERT_OK(log_->Append(**tx, Read("u1", "rolled-back")));
    (*tx)->Rollback();
  }
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    NRM_ASSERT_OK(log_->Append(**tx, Read("u1", "first-kept")));
    // Destroyed without Commit: rolled back too.
  }
  // A transaction that waits for the head while another holds it gets the
  // seq the other gave back.
  std::atomic<bool> holding{false};
  std::thread holder([&] {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    NRM_ASSERT_OK(log_->Append(**tx, Read("u2", "rolled-back")));
    holding = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    (*tx)->Rollback();
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.has_value()) << ErrorText(tx.error());
    NRM_ASSERT_OK(log_->Append(**tx, Read("u3", "kept")));
    NRM_ASSERT_OK((*tx)->Commit());
  }
  holder.join();
  EXPECT_EQ(Count("audit_entries"), 1);
  auto h = log_->History("person", "kept", 10);
  ASSERT_TRUE(h.has_value());
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ((*h)[0].seq, 1);
  EXPECT_TRUE(log_->History("person", "rolled-back", 10)->empty());
  EXPECT_TRUE(MustVerify().ok());
}

TEST_P(AuditLogTest, ConcurrentAppendReadIsDurableAndContiguous) {
  constexpr int kThreads = 16, kPerThread = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Entry e = Read("user-" + std::to_string(t), "person-" + std::to_string(i));
        auto s = log_->AppendRead(e);
        if (!s) {
          ++failures;
          ADD_FAILURE() << ErrorText(s.error());
          continue;
        }
        // Durable before AppendRead returned: a fresh read transaction on
        // another connection sees it.
        auto n = log_->CountSince(e.actor_user_id, 0, "", "", "");
        if (!n || *n < i + 1) ++failures;
      }
    });
  }
  // Writes in callers' transactions interleave with the group commits.
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i) {
      auto tx = db_->Begin(TxMode::kWrite);
      if (!tx) continue;
      Entry e = Read("writer", "p");
      e.action = "person.update";
      if (log_->Append(**tx, e) && i % 2 == 0) (void)(*tx)->Commit();
    }
  });
  for (auto& t : threads) t.join();
  writer.join();
  EXPECT_EQ(failures.load(), 0);
  const int64_t total = kThreads * kPerThread + 10;
  EXPECT_EQ(Count("audit_entries"), total);
  EXPECT_EQ(*log_->Size(), total);
  auto range = Select("SELECT MIN(seq), MAX(seq), COUNT(DISTINCT seq) FROM audit_entries");
  ASSERT_EQ(range.size(), 1u);
  EXPECT_EQ(range[0].Int(0), 1);
  EXPECT_EQ(range[0].Int(1), total);
  EXPECT_EQ(range[0].Int(2), total);
  auto stats = log_->stats();
  EXPECT_EQ(stats.entries, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_LT(stats.batches, stats.entries) << "group commit never batched";
  auto report = MustVerify();
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(report.entries, total);
}

// Person and referral creates as the services write them: a reference
// number from a counter row (its row lock held until commit) and audit
// entries, in either order. The referral path appends first and takes its
// numbers afterwards, the person path the other way round. Were entries
// written at Append, the referral would hold the audit head while waiting
// for a number that a person create holds while waiting for the head: a
// deadlock on PostgreSQL. Written at commit, the head is always the last
// lock, and none of these creates may fail.
TEST_P(AuditLogTest, NumberedCreatesInEitherOrderNeverDeadlock) {
  Script(Sql("CREATE TABLE counters (name TEXT PRIMARY KEY, next_value INTEGER NOT NULL) STRICT;",
             "CREATE TABLE counters (name TEXT PRIMARY KEY, next_value BIGINT NOT NULL);"));
  // Enough connections for every thread to hold a transaction at once.
  auto db = OpenAnother(IsPostgres() ? "pool_size=40" : "");
  ASSERT_NE(db, nullptr);
  AuditLog log(*db, clock_);
  auto next = [](store::Transaction& tx, const std::string& name) -> Status {
    auto rows = tx.Query(
        "INSERT INTO counters (name, next_value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET "
        "next_value = counters.next_value + 1 RETURNING next_value",
        {name});
    if (!rows) return tl::unexpected(rows.error());
    return {};
  };
  constexpr int kThreads = 32, kPerThread = 20;
  std::atomic<int> committed{0}, failed{0};
  std::mutex errors_mu;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto s = [&]() -> Status {
          auto tx = db->Begin(TxMode::kWrite);
          if (!tx) return tl::unexpected(tx.error());
          Entry e = Read("user-" + std::to_string(t), "p-" + std::to_string(i));
          if (t % 2 == 0) {  // person create: number, then audit
            if (auto s = next(**tx, "person"); !s) return s;
            e.action = "person.create";
            if (auto s = log.Append(**tx, e); !s) return s;
          } else {  // referral with a new person: audit, then numbers
            e.action = "screening.create";
            if (auto s = log.Append(**tx, e); !s) return s;
            // Give the other path time to take the number meanwhile.
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            if (auto s = next(**tx, "person"); !s) return s;
            if (auto s = next(**tx, "referral"); !s) return s;
            e.action = "referral.create";
            if (auto s = log.Append(**tx, e); !s) return s;
          }
          return (*tx)->Commit();
        }();
        if (s) {
          ++committed;
        } else {
          ++failed;
          std::lock_guard lock(errors_mu);
          errors.push_back(ErrorText(s.error()));
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0) << "first error: " << (errors.empty() ? "" : errors.front());
  EXPECT_EQ(committed.load(), kThreads * kPerThread);
  auto person = Select("SELECT next_value FROM counters WHERE name = 'person'");
  ASSERT_EQ(person.size(), 1u);
  EXPECT_EQ(person[0].Int(0), committed.load());
  // Person creates write one entry, referrals two, all contiguous.
  const int64_t entries = (kThreads / 2) * kPerThread * 3;
  EXPECT_EQ(*log.Size(), entries);
  auto report = MustVerify();
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(report.entries, entries);
}

TEST_P(AuditLogTest, StopDrainsThenRefuses) {
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto s = log_->AppendRead(Read("u" + std::to_string(t), "p"));
        if (s) {
          ++ok;
        } else if (s.error().code == ErrorCode::kUnavailable) {
          ++refused;
        } else {
          ++other;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  log_->Stop();
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(ok.load() + refused.load(), 400);
  EXPECT_EQ(Count("audit_entries"), ok.load());  // everything acknowledged was written
  auto after = log_->AppendRead(Read("late", "p"));
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().code, ErrorCode::kUnavailable);
  log_->Stop();  // idempotent
}

TEST_P(AuditLogTest, HistoryFindAndCount) {
  Fill(30);  // actors user-0..2, objects person-0..4, ts 1 s apart
  auto h = log_->History("person", "person-1", 3);
  ASSERT_TRUE(h.has_value());
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].seq, 27);  // newest first: seqs 2, 7, ..., 27
  EXPECT_EQ((*h)[1].seq, 22);
  EXPECT_EQ((*h)[2].seq, 17);
  auto older = log_->History("person", "person-1", 10, (*h)[2].seq);
  ASSERT_TRUE(older.has_value());
  ASSERT_EQ(older->size(), 3u);
  EXPECT_EQ((*older)[0].seq, 12);
  EXPECT_EQ((*older)[2].seq, 2);
  EXPECT_TRUE(log_->History("person", "nobody", 10)->empty());
  EXPECT_FALSE(log_->History("person", "person-1", 0).has_value());

  const int64_t t0 = 1'700'000'000'000;
  auto recent = log_->Recent("user-0", t0 + 20'000);
  ASSERT_TRUE(recent.has_value());
  ASSERT_EQ(recent->size(), 3u);  // i = 21, 24, 27
  for (const auto& s : *recent) {
    EXPECT_EQ(s.entry.actor_user_id, "user-0");
    EXPECT_GE(s.ts, t0 + 20'000);
  }

  // Denials and field classes for anomaly counts.
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    Entry denied = Read("user-0", "person-9", {});
    denied.action = "access.denied";
    denied.outcome = "deny";
    Entry underscore = Read("user-0", "person-9", {"a_b"});
    Entry lookalike = Read("user-0", "person-9", {"axb", "location"});
    NRM_ASSERT_OK(log_->AppendAll(**tx, {denied, denied, underscore, lookalike}));
    NRM_ASSERT_OK((*tx)->Commit());
  }
  EXPECT_EQ(*log_->CountSince("user-0", 0, "access.denied", "deny"), 2);
  EXPECT_EQ(*log_->CountSince("user-0", 0, "", "deny"), 2);
  EXPECT_EQ(*log_->CountSince("user-0", 0, "", "", "identity"), 10);
  EXPECT_EQ(*log_->CountSince("user-0", 0, "", "", "a_b"), 1);  // '_' is not a wildcard
  EXPECT_EQ(*log_->CountSince("user-0", 0, "", "", "location"), 1);
  EXPECT_EQ(*log_->CountSince("user-1", t0 + 29'000), 0);
  Filter f;
  f.outcome = "deny";
  EXPECT_EQ(*log_->Count(f), 2);
  f = Filter{};
  f.since_ms = t0 + 10'000;
  f.until_ms = t0 + 20'000;
  EXPECT_EQ(*log_->Count(f), 10);
  f.action = "person.read";
  auto found = log_->Find(f, 100);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->size(), 10u);
}

TEST_P(AuditLogTest, TriggersRefuseUpdateAndDelete) {
  Fill(3);
  MustCheckpoint();
  EXPECT_TRUE(Refused("UPDATE audit_entries SET action = 'person.update' WHERE seq = 1"));
  EXPECT_TRUE(Refused("UPDATE audit_entries SET seq = 10 WHERE seq = 3"));
  EXPECT_TRUE(Refused("DELETE FROM audit_entries WHERE seq = 2"));
  EXPECT_TRUE(Refused("DELETE FROM audit_entries"));
  EXPECT_TRUE(Refused("UPDATE audit_checkpoints SET tree_size = 2"));
  EXPECT_TRUE(Refused("DELETE FROM audit_checkpoints"));
  EXPECT_TRUE(Refused("UPDATE audit_head SET next_seq = 2"));
  EXPECT_TRUE(Refused("UPDATE audit_head SET checkpoints = 0"));
  EXPECT_TRUE(Refused("DELETE FROM audit_head"));
  if (IsPostgres()) {
    EXPECT_TRUE(Refused("TRUNCATE audit_entries"));
    EXPECT_TRUE(Refused("TRUNCATE audit_checkpoints"));
    EXPECT_TRUE(Refused("TRUNCATE audit_head"));
  }
  EXPECT_EQ(Count("audit_entries"), 3);
  EXPECT_EQ(Count("audit_checkpoints"), 1);
  auto report = MustVerify();
  EXPECT_TRUE(report.ok()) << report.Summary();
}

TEST_P(AuditLogTest, CheckpointsAreSignedRootsAndExport) {
  Checkpoint empty = MustCheckpoint();
  EXPECT_EQ(empty.id, 1);
  EXPECT_EQ(empty.tree_size, 0);
  EXPECT_EQ(empty.root_hash, EmptyRoot());

  Fill(5);
  Checkpoint cp = MustCheckpoint();
  EXPECT_EQ(cp.id, 2);
  EXPECT_EQ(cp.tree_size, 5);
  std::vector<Hash> leaves;
  for (int64_t seq = 1; seq <= 5; ++seq) leaves.push_back(LeafHash(EntryJson(seq)));
  EXPECT_EQ(cp.root_hash, RootOf(leaves));
  EXPECT_EQ(cp.key_id, signer_.KeyId());
  EXPECT_EQ(cp.public_key, signer_.PublicKey());
  EXPECT_EQ(cp.created_at, clock_.NowMillis());
  EXPECT_TRUE(
      VerifyEd25519("opennrm-audit-checkpoint|v1|5|" + ToHex(RootOf(leaves)) + "|" + std::to_string(clock_.NowMillis()),
                    cp.signature, signer_.PublicKey()));

  // Nothing new: the same checkpoint, no new row.
  Checkpoint again = MustCheckpoint();
  EXPECT_EQ(again, cp);
  auto all = log_->Checkpoints();
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1], cp);

  auto exported = log_->ExportCheckpoints();
  ASSERT_TRUE(exported.has_value());
  EXPECT_NE(exported->find("\"root_hash\":\"" + ToHex(cp.root_hash) + "\""), std::string::npos) << *exported;
  auto parsed = ParseCheckpointsJson(*exported);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(*parsed, *all);
  EXPECT_FALSE(ParseCheckpointsJson("{}").has_value());
  EXPECT_FALSE(ParseCheckpointsJson("[{\"id\":1}]").has_value());

  auto pk = signer_.PublicKey();
  VerifyOptions o;
  o.trusted_public_key = &pk;
  o.external_checkpoints = &*parsed;
  auto report = MustVerify(o);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(report.Summary(), "audit log intact: 5 entries, 2 checkpoints, 2 external checkpoints");
}

TEST_P(AuditLogTest, IntactLogVerifies) {
  auto report = MustVerify();
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.Summary(), "audit log intact: 0 entries, 0 checkpoints");
  Fill(20);
  MustCheckpoint();
  Fill(20);
  MustCheckpoint();
  Fill(3);
  auto pk = signer_.PublicKey();
  report = MustVerify({&pk});
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(report.Summary(), "audit log intact: 43 entries, 2 checkpoints");
}

// ---- tampering, as someone with write access to the database file ----

class TamperTest : public AuditLogTest {
 protected:
  void SetUp() override {
    AuditLogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Fill(20);
    MustCheckpoint();  // size 20
    Fill(20);
    MustCheckpoint();  // size 40
    auto exported = log_->Checkpoints();
    ASSERT_TRUE(exported.has_value());
    kept_elsewhere_ = *exported;  // what another agency holds
    ASSERT_TRUE(MustVerify().ok());
  }

  void ExpectFirstProblem(const VerifyReport& r, int64_t seq, const std::string& message) {
    ASSERT_FALSE(r.ok()) << "tampering went unnoticed";
    EXPECT_EQ(r.problems.front().message, message);
    EXPECT_EQ(r.first_bad_seq, seq);
    EXPECT_EQ(r.Summary(), message);
  }

  std::vector<Checkpoint> kept_elsewhere_;
};

TEST_P(TamperTest, EditedEntryJson) {
  Attack("UPDATE audit_entries SET entry_json = replace(entry_json, 'case_work', 'curiosity') WHERE seq = 17");
  ExpectFirstProblem(MustVerify(), 17, "entry 17: content does not match its hash");
  // The checkpoint roots are computed over what is stored now, so they fail too.
  auto r = MustVerify();
  bool root_reported = false;
  for (const auto& p : r.problems) root_reported |= p.message.rfind("checkpoint at size 20: root mismatch", 0) == 0;
  EXPECT_TRUE(root_reported);
  // A new checkpoint signs the leaf hashes, which still hold the original
  // content's hash: the edit stays visible.
  Fill(1);
  auto cp = log_->WriteCheckpoint(signer_);
  ASSERT_TRUE(cp.has_value()) << ErrorText(cp.error());
  EXPECT_EQ(cp->tree_size, 41);
  ExpectFirstProblem(MustVerify(), 17, "entry 17: content does not match its hash");
}

TEST_P(TamperTest, DeletedEntry) {
  Attack("DELETE FROM audit_entries WHERE seq = 18");
  ExpectFirstProblem(MustVerify(), 18, "entry 18 missing (gap after 17)");
  Attack("DELETE FROM audit_entries WHERE seq IN (1, 2)");
  ExpectFirstProblem(MustVerify(), 1, "entries 1..2 missing (the log starts at 3)");
}

TEST_P(TamperTest, DeletedLastEntries) {
  Attack("DELETE FROM audit_entries WHERE seq >= 39");
  ExpectFirstProblem(MustVerify(), 0,
                     "checkpoint at size 40 covers 40 entries but the log holds 38: entries after 38 were removed");
  auto r = MustVerify();
  bool head_reported = false;
  for (const auto& p : r.problems)
    head_reported |= p.message == "entries 39..40 missing (the head says 40 entries were written)";
  EXPECT_TRUE(head_reported);
}

TEST_P(TamperTest, ForgedEntryInTheMiddle) {
  // Make room at 20 by moving 20..40 up one, then insert a well-formed entry.
  Attack("UPDATE audit_entries SET seq = seq + 1000000 WHERE seq >= 20");
  Attack("UPDATE audit_entries SET seq = seq - 999999 WHERE seq >= 1000000");
  InsertForged(20);
  ExpectFirstProblem(MustVerify(), 20,
                     "entries out of order at 20: the entry stored as 21 says it is 20 (an entry was inserted or "
                     "moved before it)");
}

TEST_P(TamperTest, ForgedEntryAtTheEnd) {
  InsertForged(41);
  ExpectFirstProblem(MustVerify(), 41,
                     "entry 41 was not appended through the log (the head says 40 entries were written)");
}

TEST_P(TamperTest, ForgedEntryWithBadHash) {
  InsertForged(41);
  Attack("UPDATE audit_head SET next_seq = 42");
  Attack("UPDATE audit_entries SET leaf_hash = ? WHERE seq = 41", {store::Blob(32, 0xab)});
  ExpectFirstProblem(MustVerify(), 41, "entry 41: content does not match its hash");
}

TEST_P(TamperTest, SwappedEntries) {
  Attack("UPDATE audit_entries SET seq = -1 WHERE seq = 20");
  Attack("UPDATE audit_entries SET seq = 20 WHERE seq = 21");
  Attack("UPDATE audit_entries SET seq = 21 WHERE seq = -1");
  ExpectFirstProblem(MustVerify(), 20, "entries out of order at 20 (the entry stored as 20 says it is 21)");
}

TEST_P(TamperTest, EditedIndexedColumn) {
  Attack("UPDATE audit_entries SET actor_user_id = 'someone-else', outcome = 'deny' WHERE seq = 9");
  ExpectFirstProblem(MustVerify(), 9, "entry 9: indexed columns do not match its content (actor_user_id, outcome)");
}

TEST_P(TamperTest, ConsistentRewriteIsCaughtByTheCheckpointRoot) {
  // JSON and leaf hash rewritten together: every per-entry check passes.
  RewriteConsistently(25, "curiosity");
  auto r = MustVerify();
  ExpectFirstProblem(r, 0,
                     "checkpoint at size 40: root mismatch — entries up to 40 were changed (the first change is "
                     "among entries 21..40; the checkpoint at size 20 matches)");
  EXPECT_EQ(r.suspect_from, 21);
  EXPECT_EQ(r.suspect_to, 40);

  // Before the first checkpoint the range is 1..20.
  RewriteConsistently(3, "curiosity");
  r = MustVerify();
  ExpectFirstProblem(r, 0,
                     "checkpoint at size 20: root mismatch — entries up to 20 were changed (the first change "
                     "is among entries 1..20)");
  EXPECT_EQ(r.suspect_from, 1);
  EXPECT_EQ(r.suspect_to, 20);
  // No checkpoint is ever signed over a log that fails an earlier one.
  Fill(1);
  auto cp = log_->WriteCheckpoint(signer_);
  ASSERT_FALSE(cp.has_value());
  EXPECT_EQ(cp.error().code, ErrorCode::kInternal);
}

TEST_P(TamperTest, NonCanonicalRewrite) {
  std::string json = EntryJson(5);
  std::string spaced = json;
  spaced.insert(1, " ");
  Hash leaf = LeafHash(spaced);
  Attack("UPDATE audit_entries SET entry_json = ?, leaf_hash = ? WHERE seq = 5",
         {spaced, store::Blob(leaf.begin(), leaf.end())});
  ExpectFirstProblem(MustVerify(), 5, "entry 5: content is not in canonical form");
}

TEST_P(TamperTest, BadCheckpointSignature) {
  auto sig = kept_elsewhere_[0].signature;
  sig[10] ^= 1;
  Attack("UPDATE audit_checkpoints SET signature = ? WHERE id = 1", {store::Blob(sig)});
  ExpectFirstProblem(MustVerify(), 0, "checkpoint 1: bad signature");
  // A root edited to match edited entries does not carry a valid signature.
  RewriteConsistently(30, "curiosity");
  TreeBuilder t;
  for (int64_t seq = 1; seq <= 40; ++seq) t.Add(LeafHash(EntryJson(seq)));
  Hash root = t.Root();
  Attack("UPDATE audit_checkpoints SET root_hash = ? WHERE id = 2", {store::Blob(root.begin(), root.end())});
  auto r = MustVerify();
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].message, "checkpoint 1: bad signature");
  EXPECT_EQ(r.problems[1].message, "checkpoint 2: bad signature");
}

TEST_P(TamperTest, ResignedWithAnotherKeyIsCaughtByTheTrustedKeyOrExport) {
  // The full rewrite: edit an entry, drop all checkpoints, sign new ones
  // with the attacker's own key.
  RewriteConsistently(7, "curiosity");
  Attack("DELETE FROM audit_checkpoints");
  Attack("UPDATE audit_head SET checkpoints = 0");
  KeyPairSigner attacker = KeyPairSigner::Generate();
  ASSERT_TRUE(log_->WriteCheckpoint(attacker).has_value());
  EXPECT_TRUE(MustVerify().ok()) << "without a trusted key nothing is wrong from the inside";

  auto pk = signer_.PublicKey();
  ExpectFirstProblem(MustVerify({&pk}), 0, "checkpoint 1: signed by an untrusted key (" + attacker.KeyId() + ")");

  VerifyOptions o;
  o.external_checkpoints = &kept_elsewhere_;
  ExpectFirstProblem(MustVerify(o), 0,
                     "exported checkpoint at size 20: root mismatch — entries up to 20 were changed (the first "
                     "change is among entries 1..20)");
}

TEST_P(TamperTest, TruncationWithCheckpointsRemovedIsCaughtByTheExport) {
  Attack("DELETE FROM audit_entries WHERE seq > 30");
  Attack("DELETE FROM audit_checkpoints WHERE id = 2");
  Attack("UPDATE audit_head SET next_seq = 31, checkpoints = 1");
  EXPECT_TRUE(MustVerify().ok()) << "from the inside the log looks whole";
  VerifyOptions o;
  o.external_checkpoints = &kept_elsewhere_;
  ExpectFirstProblem(MustVerify(o), 0,
                     "exported checkpoint at size 40 covers 40 entries but the log holds 30: entries after 30 "
                     "were removed");
}

TEST_P(TamperTest, RemovedCheckpoint) {
  Attack("DELETE FROM audit_checkpoints WHERE id = 1");
  ExpectFirstProblem(MustVerify(), 0, "checkpoint 1 missing (the first stored is checkpoint 2)");
  Attack("DELETE FROM audit_checkpoints WHERE id = 2");
  ExpectFirstProblem(MustVerify(), 0, "checkpoints 1..2 missing (the head counts 2 checkpoints)");
}

// ---- entry MACs: what the database alone cannot forge ----

class MacTamperTest : public AuditLogTest {
 protected:
  void SetUp() override {
    AuditLogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    key_ = DeriveEntryMacKey(signer_);
    log_->SetEntryKey(key_);
    Fill(20);
    MustCheckpoint();  // size 20
    Fill(20);          // 21..40: after the newest checkpoint
    ASSERT_TRUE(MustVerifyWithKey().ok()) << MustVerifyWithKey().Summary();
  }

  VerifyReport MustVerifyWithKey() {
    VerifyOptions o;
    o.entry_key = &key_;
    return MustVerify(o);
  }

  std::vector<uint8_t> key_;
};

TEST_P(MacTamperTest, EveryEntryCarriesAMacUnderADerivedKey) {
  EXPECT_EQ(key_.size(), 32u);
  EXPECT_EQ(DeriveEntryMacKey(signer_), key_) << "the key must be stable";
  EXPECT_NE(DeriveEntryMacKey(KeyPairSigner::Generate()), key_);
  auto rows = Select("SELECT leaf_hash, entry_mac FROM audit_entries ORDER BY seq");
  ASSERT_EQ(rows.size(), 40u);
  for (const auto& r : rows)
    EXPECT_EQ(r.Bytes(1), EntryMac(key_, [&] {
                Hash h{};
                auto b = r.Bytes(0);
                std::copy(b.begin(), b.end(), h.begin());
                return h;
              }()));
}

TEST_P(MacTamperTest, ForgedAppendAfterTheNewestCheckpointIsCaughtAndNeverSigned) {
  // Triggers dropped, a well-formed entry with a correct hash, head moved.
  InsertForged(41);
  Attack("UPDATE audit_head SET next_seq = 42");
  EXPECT_TRUE(MustVerify().ok()) << "without the key the forgery is indistinguishable (documented)";
  auto r = MustVerifyWithKey();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.Summary(), "entry 41 has no MAC although earlier entries have one (it was not written through the log)");
  EXPECT_EQ(r.first_bad_seq, 41);
  auto cp = log_->WriteCheckpoint(signer_);
  ASSERT_FALSE(cp.has_value()) << "the forgery was signed into checkpoint at size " << cp->tree_size;
  EXPECT_EQ(cp.error().code, ErrorCode::kInternal);
  EXPECT_NE(cp.error().internal.find("entry 41"), std::string::npos) << cp.error().internal;
  EXPECT_EQ(log_->Checkpoints()->size(), 1u);
}

TEST_P(MacTamperTest, ForgedMacIsCaught) {
  InsertForged(41);
  Attack("UPDATE audit_head SET next_seq = 42");
  Attack("UPDATE audit_entries SET entry_mac = ? WHERE seq = 41", {store::Blob(32, 0x5a)});
  auto r = MustVerifyWithKey();
  EXPECT_EQ(r.Summary(), "entry 41: its MAC does not verify (it was written or changed outside the log)");
  EXPECT_FALSE(log_->WriteCheckpoint(signer_).has_value());
}

TEST_P(MacTamperTest, ConsistentRewriteIsNamedExactly) {
  RewriteConsistently(33, "curiosity");
  EXPECT_TRUE(MustVerify().ok()) << "without the key, and after the newest checkpoint, nothing shows";
  auto r = MustVerifyWithKey();
  EXPECT_EQ(r.Summary(), "entry 33: its MAC does not verify (it was written or changed outside the log)");
  EXPECT_FALSE(log_->WriteCheckpoint(signer_).has_value());
}

TEST_P(MacTamperTest, DeletionHiddenByRenumberingNamesTheDeletedEntry) {
  MustCheckpoint();  // size 40, so that the root check fails too
  // Remove entry 18, move 19..40 down one, rewrite their JSON and hashes to
  // match the new positions, and move the head: everything consistent.
  Attack("DELETE FROM audit_entries WHERE seq = 18");
  Attack("UPDATE audit_entries SET seq = seq + 1000000 WHERE seq > 18");
  Attack("UPDATE audit_entries SET seq = seq - 1000001 WHERE seq > 1000000");
  for (int64_t seq = 18; seq <= 39; ++seq) {
    auto parsed = ParseEntryJson(EntryJson(seq));
    ASSERT_TRUE(parsed.has_value());
    auto text = CanonicalJson(parsed->entry, seq, parsed->ts);
    ASSERT_TRUE(text.has_value());
    Hash leaf = LeafHash(*text);
    Attack("UPDATE audit_entries SET entry_json = ?, leaf_hash = ? WHERE seq = ?",
           {*text, store::Blob(leaf.begin(), leaf.end()), seq});
  }
  Attack("UPDATE audit_head SET next_seq = 40");
  auto r = MustVerifyWithKey();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.Summary(),
            "entry 18 is missing: the entries after it were renumbered to hide the gap (entry 18 was written as 19)");
  EXPECT_EQ(r.first_bad_seq, 18);
  int renumber_reports = 0;
  for (const auto& p : r.problems) renumber_reports += p.message.find("renumbered") != std::string::npos;
  EXPECT_EQ(renumber_reports, 1) << "one deletion, one report";
  // Two deletions in a row: "entries 18..19 are missing".
  Attack("DELETE FROM audit_entries WHERE seq = 18");
  Attack("UPDATE audit_entries SET seq = seq + 1000000 WHERE seq > 18");
  Attack("UPDATE audit_entries SET seq = seq - 1000001 WHERE seq > 1000000");
  for (int64_t seq = 18; seq <= 38; ++seq) {
    auto parsed = ParseEntryJson(EntryJson(seq));
    ASSERT_TRUE(parsed.has_value());
    auto text = CanonicalJson(parsed->entry, seq, parsed->ts);
    Hash leaf = LeafHash(*text);
    Attack("UPDATE audit_entries SET entry_json = ?, leaf_hash = ? WHERE seq = ?",
           {*text, store::Blob(leaf.begin(), leaf.end()), seq});
  }
  EXPECT_EQ(MustVerifyWithKey().Summary(),
            "entries 18..19 are missing: the entries after it were renumbered to hide the gap (entry 18 was written as "
            "20)");
}

INSTANTIATE_TEST_SUITE_P(Backends, MacTamperTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         store::testing::ParamName);

INSTANTIATE_TEST_SUITE_P(Backends, AuditLogTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         store::testing::ParamName);
INSTANTIATE_TEST_SUITE_P(Backends, TamperTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::audit
