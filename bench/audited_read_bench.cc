// The cost of auditing reads: PersonService::Get for a reader whose grant
// opens audited classes (identity, contact, ...: an audit entry is made
// durable through group commit before the answer) against the same read for
// a reader whose grant opens only the `detail` class (no audit entry; same
// decision, same row, one sealed group opened instead of several).
//
// Usage: audited_read_bench [seconds-per-run] ; NRM_BENCH_PG_URL adds a
// PostgreSQL run (a database or schema of its own).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "app/application.h"
#include "crypto/keyring.h"
#include "crypto/password.h"

namespace {

using namespace nrm;
using Clock = std::chrono::steady_clock;

double RunReads(app::Application& a, const directory::Principal& who, const std::vector<std::string>& ids, int threads,
                double seconds) {
  std::atomic<bool> stop{false};
  std::atomic<long> done{0}, failed{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      size_t i = static_cast<size_t>(t);
      while (!stop.load(std::memory_order_relaxed)) {
        auto p = a.persons().Get(who, ids[i++ % ids.size()], "bench");
        if (p)
          ++done;
        else
          ++failed;
      }
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : pool) th.join();
  if (failed) std::fprintf(stderr, "  (%ld failed reads)\n", failed.load());
  return static_cast<double>(done.load()) / seconds;
}

int Bench(const std::string& label, const std::string& store_url, const std::filesystem::path& dir, double seconds) {
  Config config;
  config.data_dir = dir.string();
  config.store_url = store_url;
  config.master_key_file = (dir / "master.key").string();
  config.alert_identity_reads = 1 << 30;
  if (!std::filesystem::exists(config.master_key_file)) (void)crypto::CreateMasterKeyFile(config.master_key_file);
  auto opened = app::Application::Open(config, SystemClock::Instance());
  if (!opened) {
    std::fprintf(stderr, "%s: %s\n", label.c_str(), opened.error().message.c_str());
    return 1;
  }
  auto& a = **opened;
  (void)a.LoadReferenceData();
  auto spu = a.directory().FindAgency("spu");
  directory::Principal holder{"bench-holder", "bench.holder", spu->id, "", {}, {"persons.create"}};
  directory::Principal detail_reader{"bench-detail", "bench.detail", spu->id, "", {}, {}};
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    people::PersonInput in;
    in.groups[access::FieldClass::kIdentity] = {{"given_names", "Aysel"}, {"family_name", "Quliyeva"}};
    in.groups[access::FieldClass::kContact] = {{"phone", "+99450" + std::to_string(1000000 + i)}};
    in.groups[access::FieldClass::kDetail] = {{"gender", "female"}};
    auto p = a.persons().Create(holder, in, "bench");
    if (!p) return 1;
    ids.push_back(p->id);
    access::Relation r;
    r.object_type = "person";
    r.object_id = p->id;
    r.relation = "info_grant";
    r.subject_type = "user";
    r.subject_id = detail_reader.user_id;
    r.field_classes = {access::FieldClass::kDetail};
    r.kind = access::GrantKind::kInformationRequest;
    auto tx = a.database().Begin(store::TxMode::kWrite);
    (void)a.access().AddRelation(**tx, nullptr, r, "bench");
    (void)(*tx)->Commit();
  }
  for (int threads : {1, 8}) {
    const double plain = RunReads(a, detail_reader, ids, threads, seconds);
    const double audited = RunReads(a, holder, ids, threads, seconds);
    std::printf(
        "%-10s threads=%d  read without audit: %8.0f/s  audited read: %8.0f/s  cost: %5.1f%% (%.0f us -> %.0f us per "
        "read per thread)\n",
        label.c_str(), threads, plain, audited, 100.0 * (1.0 - audited / plain), threads * 1e6 / plain,
        threads * 1e6 / audited);
  }
  auto stats = a.audit().stats();
  std::printf("%-10s group commit: %llu entries in %llu transactions (%.1f per commit)\n", label.c_str(),
              static_cast<unsigned long long>(stats.entries), static_cast<unsigned long long>(stats.batches),
              stats.batches ? static_cast<double>(stats.entries) / static_cast<double>(stats.batches) : 0.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  const auto dir = std::filesystem::temp_directory_path() / ("nrm-read-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  int rc = Bench("sqlite", "sqlite:" + (dir / "nrm.db").string(), dir, seconds);
  if (const char* pg = std::getenv("NRM_BENCH_PG_URL"); pg && *pg) rc |= Bench("postgres", pg, dir, seconds);
  std::filesystem::remove_all(dir);
  return rc;
}
