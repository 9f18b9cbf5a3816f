// The National Coordinator's desk (issue 5) through the real services: the
// import of data/plan-2004.json (PlanService::Import, one transaction, a new
// revision each time; measured last), the Coordinator's board and the plan
// summary, and the annual report: gather (AnnualGatherer::Gather) and render
// as PDF and XLSX, on a store holding the 2004 plan and a progress report on
// every task.
//
// Usage: desk_bench [path/to/plan-2004.json] ; run from the source tree the
// default path is data/plan-2004.json. NRM_BENCH_PG_URL adds a PostgreSQL run
// (a database of its own).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "app/application.h"
#include "crypto/keyring.h"
#include "directory/roles.h"
#include "plan/service.h"
#include "reports/gather.h"
#include "reports/render.h"

namespace {

using namespace nrm;
using Steady = std::chrono::steady_clock;

double Ms(Steady::time_point a, Steady::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Runs f `reps` times; prints the median and the range.
template <typename F>
void Time(const std::string& label, const char* what, int reps, F f) {
  std::vector<double> t;
  std::string note;
  for (int i = 0; i < reps; ++i) {
    auto t0 = Steady::now();
    note = f();
    t.push_back(Ms(t0, Steady::now()));
  }
  std::printf("%-8s %-34s median %8.1f ms  (min %.1f, max %.1f, %d runs)  %s\n", label.c_str(), what, Median(t),
              *std::min_element(t.begin(), t.end()), *std::max_element(t.begin(), t.end()), reps, note.c_str());
}

int Bench(const std::string& label, const std::string& store_url, const std::filesystem::path& dir,
          const std::string& plan_json) {
  Config config;
  config.data_dir = dir.string();
  config.store_url = store_url;
  config.master_key_file = (dir / "master.key").string();
  if (!std::filesystem::exists(config.master_key_file)) (void)crypto::CreateMasterKeyFile(config.master_key_file);
  auto opened = app::Application::Open(config, SystemClock::Instance());
  if (!opened) {
    std::fprintf(stderr, "%s: %s\n", label.c_str(), opened.error().message.c_str());
    return 1;
  }
  auto& a = **opened;
  if (auto s = a.LoadReferenceData(); !s) {  // loads the 2004 plan
    std::fprintf(stderr, "%s: %s\n", label.c_str(), s.error().message.c_str());
    return 1;
  }
  auto plan = a.plans().FindPlan(plan::kPlan2004Code);
  if (!plan) return 1;
  plan::TaskFilter filter;
  filter.plan_id = plan->id;
  auto tasks = a.plans().ListTasks(nullptr, filter);
  if (!tasks) return 1;

  // A focal point per responsible agency reports on each of its tasks.
  std::map<std::string, directory::Principal> focal;
  int reported = 0, refused = 0;
  std::string first_refusal;
  for (const auto& t : *tasks) {
    if (t.responsible.empty()) continue;
    const std::string& code = t.responsible.front();
    if (!focal.count(code)) {
      auto u = a.directory().CreateUser(
          nullptr, directory::NewUser{
                       "bench.focal." + code, "focal " + code, code, {"ministry_focal"}, "quiet-river-stone-4721"});
      if (!u) {
        if (refused++ == 0) first_refusal = "user: " + u.error().message;
        continue;
      }
      directory::Principal p;
      p.user_id = u->user.id;
      p.username = "bench.focal." + code;
      p.agency_id = u->user.agency_id;
      p.roles = {"ministry_focal"};
      p.capabilities = directory::CapabilitiesOf(p.roles);
      focal[code] = p;
    }
    plan::ReportInput in;
    in.status = reported % 3 == 0 ? "done" : "in_progress";
    in.narrative = "Training sessions held in Bakı, Gəncə and Sumqayıt; materials printed in az and ru.";
    in.indicators = {{"officers trained", std::string("persons"), 120.0, 85.0}};
    auto r = a.plans().SubmitReport(focal[code], t.id, in, "bench");
    if (r) {
      ++reported;
    } else {
      if (refused++ == 0) first_refusal = r.error().message;
    }
  }
  std::printf("%-8s store: plan %s with %zu tasks, %d progress reports (%d refused%s%s)\n", label.c_str(),
              plan->code.c_str(), tasks->size(), reported, refused, refused ? ": " : "", first_refusal.c_str());

  const int year = [] {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return tm.tm_year + 1900;
  }();
  Time(label, "board (every active plan)", 5, [&] {
    auto b = a.plans().Board(nullptr, std::nullopt);
    return std::string(b ? "" : "FAILED");
  });
  Time(label, "summary (2004 plan, this year)", 5, [&] {
    auto s = a.plans().Summary(nullptr, plan->id, year);
    return std::string(s ? "" : "FAILED");
  });
  std::optional<reports::AnnualReport> report;
  Time(label, "annual report: gather (en)", 5, [&] {
    auto r = a.annual_reports().Gather(year, "en");
    if (!r) return "FAILED: " + r.error().message;
    report = std::move(*r);
    return std::string();
  });
  if (!report) return 1;
  Time(label, "annual report: render PDF", 5, [&] {
    auto f = reports::RenderPdf(*report);
    return f ? std::to_string(f->size() / 1024) + " KiB" : "FAILED: " + f.error().message;
  });
  Time(label, "annual report: render XLSX", 5, [&] {
    auto f = reports::RenderXlsx(*report);
    return f ? std::to_string(f->size() / 1024) + " KiB" : "FAILED: " + f.error().message;
  });
  Time(label, "annual report: gather + PDF (az)", 3, [&] {
    auto r = a.annual_reports().Gather(year, "az");
    if (!r) return std::string("FAILED");
    auto f = reports::RenderPdf(*r);
    return f ? std::to_string(f->size() / 1024) + " KiB" : std::string("FAILED");
  });
  Time(label, "annual report: gather + XLSX (az)", 3, [&] {
    auto r = a.annual_reports().Gather(year, "az");
    if (!r) return std::string("FAILED");
    auto f = reports::RenderXlsx(*r);
    return f ? std::to_string(f->size() / 1024) + " KiB" : std::string("FAILED");
  });
  // Last: each import adds a newer active revision, which the report would
  // then cover instead of the one with the progress reports.
  Time(label, "plan import (data/plan-2004.json)", 5, [&] {
    auto out = a.plans().Import(nullptr, plan_json, plan::PlanFormat::kJson, false, "bench");
    if (!out || !out->problems.empty()) return std::string("FAILED");
    return std::to_string(out->items) + " items, " + std::to_string(out->tasks) + " tasks, revision " +
           std::to_string(out->plan->revision);
  });
  Time(label, "plan import, dry run (parse+check)", 5, [&] {
    auto out = a.plans().Import(nullptr, plan_json, plan::PlanFormat::kJson, true, "bench");
    return std::string(out && out->problems.empty() ? "" : "FAILED");
  });
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "data/plan-2004.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "desk_bench: cannot read %s\n", path.c_str());
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  const auto dir = std::filesystem::temp_directory_path() / ("nrm-desk-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  int rc = Bench("sqlite", "sqlite:" + (dir / "nrm.db").string(), dir, text.str());
  if (const char* pg = std::getenv("NRM_BENCH_PG_URL"); pg && *pg) rc |= Bench("postgres", pg, dir, text.str());
  std::filesystem::remove_all(dir);
  return rc;
}
