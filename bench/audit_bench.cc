// Audit log benchmark: appends per second with group commit (AppendRead)
// against one transaction per entry (Append + Commit), from many threads;
// then the cost of computing the Merkle root over a large log.
//
//   audit_bench [--seconds S] [--threads T] [--sizes 100000,1000000]
//               [--sqlite-sync full|normal]
//
// SQLite runs on a fresh temporary file. PostgreSQL runs when
// NRM_BENCH_PG_URL is set, in a schema of its own that is dropped at the end.
// Only the audit migration is applied.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "audit/log.h"
#include "audit/merkle.h"
#include "audit/signer.h"
#include "audit/verify.h"
#include "core/clock.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

using namespace nrm;
using Clk = std::chrono::steady_clock;

double Seconds(Clk::time_point since) { return std::chrono::duration<double>(Clk::now() - since).count(); }

[[noreturn]] void Die(const std::string& what, const Error& e) {
  std::fprintf(stderr, "audit_bench: %s: %s [%s]\n", what.c_str(), e.message.c_str(), e.internal.c_str());
  std::exit(1);
}

template <class T>
T Must(Result<T> r, const std::string& what) {
  if (!r) Die(what, r.error());
  return std::move(*r);
}

void Must(Status s, const std::string& what) {
  if (!s) Die(what, s.error());
}

std::string Uuidish(std::mt19937_64& rng) {
  static const char kHex[] = "0123456789abcdef";
  std::string s(36, '-');
  for (size_t i = 0; i < s.size(); ++i) {
    if (i != 8 && i != 13 && i != 18 && i != 23) s[i] = kHex[rng() % 16];
  }
  return s;
}

// A realistic read record: UUIDs for actor, agency, object, grant, request.
audit::Entry SampleEntry(std::mt19937_64& rng) {
  audit::Entry e;
  e.action = "person.read";
  e.actor_user_id = Uuidish(rng);
  e.actor_agency_id = Uuidish(rng);
  e.object_type = "person";
  e.object_id = Uuidish(rng);
  e.field_classes = {"identity", "contact"};
  e.grant_ids = {Uuidish(rng)};
  e.purpose = "case_work";
  e.request_id = Uuidish(rng);
  e.detail = {{"route", "/api/v1/persons/{id}"}};
  return e;
}

struct Backend {
  std::string name;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<store::Database> admin;  // PostgreSQL: drops the schema
  std::string schema;
  std::filesystem::path dir;

  ~Backend() {
    db.reset();
    if (admin) {
      if (auto tx = admin->Begin(store::TxMode::kWrite)) {
        (void)(*tx)->Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        (void)(*tx)->Commit();
      }
    }
    if (!dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  }
};

void MigrateAudit(store::Database& db) {
  auto all = Must(store::EmbeddedMigrations(db.dialect()), "migrations");
  std::vector<store::Migration> mine;
  for (const auto& m : all) {
    if (m.name == "audit") mine.push_back(m);
  }
  Must(store::ApplyMigrations(db, mine), "migrate");
}

std::unique_ptr<Backend> OpenSqlite(const std::string& sync) {
  auto b = std::make_unique<Backend>();
  std::string tmpl = (std::filesystem::temp_directory_path() / "nrm-audit-bench-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) {
    std::perror("mkdtemp");
    std::exit(1);
  }
  b->dir = tmpl;
  b->name = "SQLite (synchronous=" + sync + ")";
  b->db = Must(store::Database::Open("sqlite:" + (b->dir / "audit.db").string()), "open sqlite");
  MigrateAudit(*b->db);
  if (sync != "normal") {
    // A benchmark-only trick: PRAGMA synchronous does not apply inside a
    // transaction, so the script steps out of the writer's transaction, sets
    // it, and steps back in. The writer connection keeps it from then on.
    auto tx = Must(b->db->Begin(store::TxMode::kWrite), "begin");
    Must(tx->ExecScript("COMMIT; PRAGMA synchronous=" + sync + "; BEGIN IMMEDIATE;"), "pragma synchronous");
    Must(tx->Commit(), "commit");
  }
  return b;
}

std::unique_ptr<Backend> OpenPostgres(const std::string& url) {
  auto b = std::make_unique<Backend>();
  b->name = "PostgreSQL";
  b->admin = Must(store::Database::Open(url), "open postgres");
  std::random_device rd;
  b->schema = "nrm_bench_" + std::to_string(rd() % 1000000000u);
  {
    auto tx = Must(b->admin->Begin(store::TxMode::kWrite), "begin");
    Must(tx->Exec("CREATE SCHEMA " + b->schema), "create schema");
    Must(tx->Commit(), "commit");
  }
  std::string u =
      url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + b->schema + "&pool_size=32";
  b->db = Must(store::Database::Open(u), "open postgres schema");
  MigrateAudit(*b->db);
  return b;
}

// Runs `threads` loops of `one` for `seconds`; returns completed calls.
template <class F>
int64_t RunFor(int threads, double seconds, F one) {
  std::atomic<bool> stop{false};
  std::atomic<int64_t> done{0}, failed{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t) {
    ts.emplace_back([&, t] {
      std::mt19937_64 rng(static_cast<uint64_t>(t) * 7919 + 1);
      while (!stop.load(std::memory_order_relaxed)) {
        if (one(rng)) {
          done.fetch_add(1, std::memory_order_relaxed);
        } else {
          failed.fetch_add(1, std::memory_order_relaxed);
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : ts) t.join();
  if (failed) std::printf("  (%lld calls failed)\n", static_cast<long long>(failed.load()));
  return done.load();
}

void Throughput(Backend& b, int threads, double seconds) {
  std::printf("\n== %s: %d threads, %.0f s each ==\n", b.name.c_str(), threads, seconds);
  {
    audit::AuditLog log(*b.db, SystemClock::Instance());
    auto t0 = Clk::now();
    int64_t n =
        RunFor(threads, seconds, [&](std::mt19937_64& rng) { return log.AppendRead(SampleEntry(rng)).has_value(); });
    double dt = Seconds(t0);
    log.Stop();
    auto st = log.stats();
    std::printf("  group commit (AppendRead):      %9.0f appends/s  (%llu transactions, %.1f entries each)\n",
                static_cast<double>(n) / dt, static_cast<unsigned long long>(st.batches),
                st.batches ? static_cast<double>(st.entries) / static_cast<double>(st.batches) : 0.0);
  }
  {
    audit::AuditLog log(*b.db, SystemClock::Instance());
    auto t0 = Clk::now();
    int64_t n = RunFor(threads, seconds, [&](std::mt19937_64& rng) {
      auto tx = b.db->Begin(store::TxMode::kWrite);
      if (!tx) return false;
      if (!log.Append(**tx, SampleEntry(rng))) return false;
      return (*tx)->Commit().has_value();
    });
    std::printf("  one transaction per entry:      %9.0f appends/s\n", static_cast<double>(n) / Seconds(t0));
  }
  {
    audit::AuditLog log(*b.db, SystemClock::Instance());
    auto t0 = Clk::now();
    int64_t n = RunFor(1, seconds, [&](std::mt19937_64& rng) { return log.AppendRead(SampleEntry(rng)).has_value(); });
    std::printf("  one thread, AppendRead:         %9.0f appends/s  (commit latency %.3f ms)\n",
                static_cast<double>(n) / Seconds(t0),
                1000.0 * Seconds(t0) / static_cast<double>(std::max<int64_t>(n, 1)));
  }
}

void RootCost(Backend& b, int64_t target, const audit::Signer& signer) {
  audit::AuditLog log(*b.db, SystemClock::Instance());
  int64_t have = Must(log.Size(), "size");
  std::mt19937_64 rng(42);
  auto t0 = Clk::now();
  while (have < target) {
    std::vector<audit::Entry> batch;
    for (int64_t i = 0; i < std::min<int64_t>(10000, target - have); ++i) batch.push_back(SampleEntry(rng));
    auto tx = Must(b.db->Begin(store::TxMode::kWrite), "begin");
    Must(log.AppendAll(*tx, batch), "append");
    Must(tx->Commit(), "commit");
    have += static_cast<int64_t>(batch.size());
  }
  double fill = Seconds(t0);
  std::printf("\n== %s: Merkle root over %lld entries ==\n", b.name.c_str(), static_cast<long long>(have));
  if (fill > 0.01) std::printf("  bulk fill (10k per transaction): %.1f s\n", fill);

  auto before = Must(log.Checkpoints(), "checkpoints");
  const int64_t signed_upto = before.empty() ? 0 : before.back().tree_size;
  t0 = Clk::now();
  auto first = Must(log.WriteCheckpoint(signer), "checkpoint");
  std::printf("  checkpoint, %lld new entries re-hashed from JSON:   %.2f s\n",
              static_cast<long long>(first.tree_size - signed_upto), Seconds(t0));
  {
    auto tx = Must(b.db->Begin(store::TxMode::kWrite), "begin");
    Must(log.Append(*tx, SampleEntry(rng)), "append");
    Must(tx->Commit(), "commit");
  }
  t0 = Clk::now();
  auto second = Must(log.WriteCheckpoint(signer), "checkpoint");
  std::printf("  checkpoint, 1 new entry (stored leaf hashes, size %lld): %.2f s\n",
              static_cast<long long>(second.tree_size), Seconds(t0));

  auto pk = signer.PublicKey();
  t0 = Clk::now();
  auto report = Must(audit::Verify(*b.db, &pk), "verify");
  std::printf("  verify (every entry re-hashed and re-parsed):          %.2f s  -> %s\n", Seconds(t0),
              report.Summary().c_str());

  std::vector<audit::Hash> leaves;
  leaves.reserve(static_cast<size_t>(have));
  for (int64_t i = 0; i < have; ++i) leaves.push_back(audit::LeafHash(std::to_string(i)));
  t0 = Clk::now();
  audit::TreeBuilder tree;
  for (const auto& h : leaves) tree.Add(h);
  audit::Hash root = tree.Root();
  std::printf("  root in memory only (TreeBuilder, %lld leaf hashes):  %.3f s  (root %.16s...)\n",
              static_cast<long long>(have), Seconds(t0), audit::ToHex(root).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  int threads = 16;
  std::vector<int64_t> sizes = {100000, 1000000};
  std::string sync = "normal";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "audit_bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--seconds") {
      seconds = std::stod(next());
    } else if (a == "--threads") {
      threads = std::stoi(next());
    } else if (a == "--sizes") {
      sizes.clear();
      std::string list = next();
      for (size_t p = 0; p <= list.size();) {
        size_t c = list.find(',', p);
        if (c == std::string::npos) c = list.size();
        if (c > p) sizes.push_back(std::stoll(list.substr(p, c - p)));
        p = c + 1;
      }
    } else if (a == "--sqlite-sync") {
      sync = next();
      if (sync != "normal" && sync != "full") {
        std::fprintf(stderr, "audit_bench: --sqlite-sync is normal or full\n");
        return 2;
      }
    } else {
      std::fprintf(stderr,
                   "usage: audit_bench [--seconds S] [--threads T] [--sizes N,N...] [--sqlite-sync normal|full]\n");
      return 2;
    }
  }

  std::vector<std::unique_ptr<Backend>> backends;
  backends.push_back(OpenSqlite(sync));
  if (const char* pg = std::getenv("NRM_BENCH_PG_URL"); pg && *pg) backends.push_back(OpenPostgres(pg));
  const audit::KeyPairSigner signer = audit::KeyPairSigner::Generate();
  for (auto& b : backends) {
    Throughput(*b, threads, seconds);
    for (int64_t n : sizes) RootCost(*b, n, signer);
  }
  return 0;
}
