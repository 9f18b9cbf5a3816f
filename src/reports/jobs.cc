#include "reports/jobs.h"

#include "core/ids.h"
#include "directory/capabilities.h"
#include "reports/render.h"

namespace nrm::reports {

namespace {

constexpr const char* kJobColumns =
    "SELECT id, kind, year, lang, format, status, percent, stage, error, file_name, size_bytes, created_at, "
    "finished_at, updated_at FROM report_jobs";

// A job is produced by the process that accepted it, in well under a minute
// (bench/RESULTS.md: tens of milliseconds). One that has not moved for this
// long lost its process (a restart, a crash): say so, instead of letting the
// Coordinator watch a progress bar that never ends.
constexpr int64_t kInterruptedAfterMs = 15 * 60 * 1000;
constexpr const char* kInterrupted = "interrupted: the server stopped before the report was finished; produce it again";

bool Interrupted(std::optional<JobStatus> status, int64_t updated_at, int64_t now) {
  return (status == JobStatus::kQueued || status == JobStatus::kRunning) && now - updated_at > kInterruptedAfterMs;
}

ReportJob JobFromRow(const store::Row& r, int64_t now) {
  ReportJob j;
  j.id = r.Text(0);
  j.kind = r.Text(1);
  j.year = static_cast<int>(r.Int(2));
  j.lang = r.Text(3);
  j.format = r.Text(4);
  // Only this file writes the column, always a name of JobStatus.
  const auto status = ParseJobStatus(r.Text(5));
  j.status = status.value_or(JobStatus::kFailed);
  j.percent = static_cast<int>(r.Int(6));
  j.stage = r.Text(7);
  j.error = r.OptText(8);
  j.file_name = r.OptText(9);
  j.size_bytes = r.OptInt(10);
  j.created_at = r.Int(11);
  j.finished_at = r.OptInt(12);
  if (Interrupted(status, r.Int(13), now)) {
    j.status = JobStatus::kFailed;
    j.error = kInterrupted;
  }
  return j;
}

Status RequireProducer(const directory::Principal& who) {
  if (who.Can(directory::kReportsProduce)) return {};
  return Fail(ErrorCode::kPermissionDenied, "your role does not allow producing reports");
}

const char* ContentType(const std::string& format) {
  return format == "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

}  // namespace

Status ValidateAnnualRequest(int year, const std::string& lang, const std::string& format) {
  if (year < 2004 || year > 2100) return Fail(ErrorCode::kInvalidArgument, "year must be 2004..2100");
  if (lang != "az" && lang != "en") return Fail(ErrorCode::kInvalidArgument, "lang must be az or en");
  if (format != "pdf" && format != "xlsx") return Fail(ErrorCode::kInvalidArgument, "format must be pdf or xlsx");
  return {};
}

Result<ReportFile> ProduceAnnual(AnnualGatherer& gatherer, int year, const std::string& lang, const std::string& format,
                                 const Progress& progress) {
  if (auto s = ValidateAnnualRequest(year, lang, format); !s) return tl::unexpected(s.error());
  auto step = [&](int from, int to) -> Progress {
    if (!progress) return {};
    return [&progress, from, to](int p, const std::string& stage) { progress(from + (to - from) * p / 100, stage); };
  };
  auto report = gatherer.Gather(year, lang, step(0, 40));
  if (!report) return tl::unexpected(report.error());
  auto bytes = format == "pdf" ? RenderPdf(*report, step(40, 95)) : RenderXlsx(*report, step(40, 95));
  if (!bytes) return tl::unexpected(bytes.error());
  return ReportFile{"annual-report-" + std::to_string(year) + "-" + lang + "." + format, ContentType(format),
                    std::move(*bytes)};
}

ReportJobs::ReportJobs(store::Database& db, audit::AuditLog& audit, AnnualGatherer& gatherer, const Clock& clock)
    : db_(db), audit_(audit), gatherer_(gatherer), clock_(clock), worker_([this] { Run(); }) {}

ReportJobs::~ReportJobs() { Stop(); }

void ReportJobs::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void ReportJobs::WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return (queue_.empty() && !busy_) || stopping_; });
}

Result<ReportJob> ReportJobs::SubmitAnnual(const directory::Principal& who, int year, const std::string& lang,
                                           const std::string& format, const std::string& request_id) {
  if (auto s = RequireProducer(who); !s) return tl::unexpected(s.error());
  if (auto s = ValidateAnnualRequest(year, lang, format); !s) return tl::unexpected(s.error());
  ReportJob j;
  j.id = NewUuidV7(clock_);
  j.kind = "annual";
  j.year = year;
  j.lang = lang;
  j.format = format;
  j.status = JobStatus::kQueued;
  j.stage = "queued";
  j.created_at = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto ins = t.Exec(
      "INSERT INTO report_jobs (id, kind, year, lang, format, status, percent, stage, requested_by, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
      {j.id, j.kind, int64_t{year}, lang, format, Name(j.status), j.stage, who.user_id, j.created_at, j.created_at});
  if (!ins) return tl::unexpected(ins.error());
  audit::Entry e;
  e.action = "report.request";
  e.actor_user_id = who.user_id;
  e.actor_agency_id = who.agency_id;
  e.object_type = "report";
  e.object_id = j.id;
  e.request_id = request_id;
  e.detail = {{"kind", "annual"}, {"year", std::to_string(year)}, {"lang", lang}, {"format", format}};
  if (auto s = audit_.Append(t, e); !s) return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return Fail(ErrorCode::kUnavailable, "the server is shutting down");
    queue_.push_back(j.id);
  }
  cv_.notify_all();
  return j;
}

Result<ReportJob> ReportJobs::Get(const directory::Principal& who, const std::string& id) {
  if (auto s = RequireProducer(who); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(std::string(kJobColumns) + " WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such report");
  return JobFromRow((*rows)[0], clock_.NowMillis());
}

Result<std::vector<ReportJob>> ReportJobs::List(const directory::Principal& who) {
  if (auto s = RequireProducer(who); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(std::string(kJobColumns) + " ORDER BY created_at DESC, id DESC LIMIT 100");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ReportJob> out;
  for (const auto& r : *rows) out.push_back(JobFromRow(r, clock_.NowMillis()));
  return out;
}

Result<ReportFile> ReportJobs::File(const directory::Principal& who, const std::string& id) {
  if (auto s = RequireProducer(who); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(
      "SELECT status, error, file_name, content_type, file, updated_at FROM report_jobs WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such report");
  const auto& r = (*rows)[0];
  const auto status = ParseJobStatus(r.Text(0));
  if (status == JobStatus::kFailed) return Fail(ErrorCode::kConflict, "the report failed: " + r.Text(1));
  if (Interrupted(status, r.Int(5), clock_.NowMillis()))
    return Fail(ErrorCode::kConflict, std::string("the report failed: ") + kInterrupted);
  if (status != JobStatus::kDone) return Fail(ErrorCode::kConflict, "the report is not ready yet");
  store::Blob blob = r.Bytes(4);
  return ReportFile{r.Text(2), r.Text(3), std::string(blob.begin(), blob.end())};
}

Status ReportJobs::Progressed(const std::string& id, int percent, const std::string& stage) {
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto up =
      (*tx)->Exec("UPDATE report_jobs SET status = 'running', percent = ?, stage = ?, updated_at = ? WHERE id = ?",
                  {int64_t{percent}, stage, clock_.NowMillis(), id});
  if (!up) return tl::unexpected(up.error());
  return (*tx)->Commit();
}

void ReportJobs::Run() {
  for (;;) {
    std::string id;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) {
        cv_.notify_all();
        return;
      }
      id = queue_.front();
      queue_.pop_front();
      busy_ = true;
    }
    Produce(id);
    {
      std::lock_guard<std::mutex> lock(mu_);
      busy_ = false;
    }
    cv_.notify_all();
  }
}

void ReportJobs::Produce(const std::string& id) {
  std::string kind, lang, format;
  int year = 0;
  {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return;
    auto rows = (*tx)->Query("SELECT year, lang, format FROM report_jobs WHERE id = ?", {id});
    if (!rows || rows->empty()) return;
    year = static_cast<int>((*rows)[0].Int(0));
    lang = (*rows)[0].Text(1);
    format = (*rows)[0].Text(2);
  }
  int last = -1;
  std::string last_stage;
  (void)Progressed(id, 0, "gathering");
  auto file = ProduceAnnual(gatherer_, year, lang, format, [&](int percent, const std::string& stage) {
    // A row update per 5 % is plenty for a progress bar.
    if (percent / 5 == last / 5 && stage == last_stage) return;
    last = percent;
    last_stage = stage;
    (void)Progressed(id, percent, stage);
  });
  if (file) (void)Progressed(id, 96, "storing");
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return;
  auto& t = **tx;
  Result<int64_t> up = 0;
  if (file) {
    up = t.Exec(
        "UPDATE report_jobs SET status = 'done', percent = 100, stage = 'done', file_name = ?, content_type = ?, "
        "file = ?, size_bytes = ?, updated_at = ?, finished_at = ? WHERE id = ?",
        {file->file_name, file->content_type, store::Blob(file->bytes.begin(), file->bytes.end()),
         static_cast<int64_t>(file->bytes.size()), now, now, id});
  } else {
    up = t.Exec(
        "UPDATE report_jobs SET status = 'failed', stage = 'failed', error = ?, updated_at = ?, finished_at = ? "
        "WHERE id = ?",
        {file.error().message, now, now, id});
  }
  if (!up) return;
  audit::Entry e;
  e.action = "report.produce";
  e.object_type = "report";
  e.object_id = id;
  e.detail = {{"status", Name(file ? JobStatus::kDone : JobStatus::kFailed)}};
  if (!file) e.detail["error_code"] = ErrorCodeName(file.error().code);
  if (auto s = audit_.Append(t, e); !s) return;
  (void)t.Commit();
}

}  // namespace nrm::reports
