// Report jobs: the annual report is produced on a background thread while the
// caller polls its progress. Jobs live in the store (report_jobs: status,
// percent, stage, the finished file as a blob, or the failure's message), so
// any `nrm serve` process answers for any job and serves its file.
//
// Rules: submitting, reading and downloading need reports.produce; a failed
// job records a message safe to show (never internals); the request and the
// outcome are audited. A process that stops with jobs still queued leaves
// them "queued" (nothing re-runs them: submit again).
//
// Who calls it: reports/routes.cc; app/ builds one per process.
// Thread-safety: safe for concurrent use. One worker thread per instance
// produces jobs one at a time (rendering is CPU-bound; the cores are shared
// with request handling). Destroy (or Stop) before the Database.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "audit/log.h"
#include "core/clock.h"
#include "core/error.h"
#include "directory/model.h"
#include "reports/gather.h"
#include "reports/model.h"
#include "store/database.h"

namespace nrm::reports {

struct ReportJob {
  std::string id, kind, lang, format;
  JobStatus status = JobStatus::kQueued;
  std::string stage;
  int year = 0;
  int percent = 0;
  std::optional<std::string> error, file_name;
  std::optional<int64_t> size_bytes, finished_at;
  int64_t created_at = 0;
};

struct ReportFile {
  std::string file_name, content_type, bytes;
};

// Checks year (2004..2100), lang (az, en) and format (pdf, xlsx).
Status ValidateAnnualRequest(int year, const std::string& lang, const std::string& format);

// The whole production in the calling thread (the CLI): gather, render.
// progress sees 0..100 over both steps.
Result<ReportFile> ProduceAnnual(AnnualGatherer& gatherer, int year, const std::string& lang, const std::string& format,
                                 const Progress& progress = {});

class ReportJobs {
 public:
  ReportJobs(store::Database& db, audit::AuditLog& audit, AnnualGatherer& gatherer, const Clock& clock);
  ~ReportJobs();
  ReportJobs(const ReportJobs&) = delete;
  ReportJobs& operator=(const ReportJobs&) = delete;

  Result<ReportJob> SubmitAnnual(const directory::Principal& who, int year, const std::string& lang,
                                 const std::string& format, const std::string& request_id);
  Result<ReportJob> Get(const directory::Principal& who, const std::string& id);
  Result<std::vector<ReportJob>> List(const directory::Principal& who);
  // kConflict while the job is not done; its failure message when it failed.
  Result<ReportFile> File(const directory::Principal& who, const std::string& id);

  // Lets the worker finish the job in hand, then stops it. Idempotent.
  void Stop();
  // Blocks until every job submitted to this instance is finished (tests).
  void WaitIdle();

 private:
  void Run();
  void Produce(const std::string& id);
  Status Progressed(const std::string& id, int percent, const std::string& stage);

  store::Database& db_;
  audit::AuditLog& audit_;
  AnnualGatherer& gatherer_;
  const Clock& clock_;

  // State below is protected by mu_; cv_ is signalled whenever any of it
  // changes.
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;  // GUARDED_BY(mu_): ids waiting for the worker
  bool busy_ = false;              // GUARDED_BY(mu_): the worker is producing a job
  bool stopping_ = false;          // GUARDED_BY(mu_)

  // Started in the constructor, joined by Stop(); not guarded (only the
  // constructor and Stop() touch it).
  std::thread worker_;
};

}  // namespace nrm::reports
