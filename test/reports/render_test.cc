// The annual report from a hand-filled struct: the PDF read back with
// pdftotext (poppler-utils) holds the Azerbaijani text and the figures; the
// XLSX unzipped (python3's zipfile) holds one sheet per section, native
// charts and the figures. And the job path: submit, progress, file.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "audit/log.h"
#include "crypto/password.h"
#include "directory/roles.h"
#include "reports/gather.h"
#include "reports/jobs.h"
#include "reports/render.h"
#include "store/store_fixture.h"

namespace nrm::reports {
namespace {

std::string Shell(const std::string& cmd) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
  if (!pipe) return "";
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
  return out;
}

std::string WriteTemp(const std::string& bytes, const std::string& ext) {
  std::string path =
      (std::filesystem::temp_directory_path() / ("nrm-report-test-" + store::testing::RandomSuffix() + ext)).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

AnnualReport Filled(const std::string& lang) {
  AnnualReport r;
  r.year = 2025;
  r.lang = lang;
  r.generated_on = "2026-01-15";
  r.plan_title = "İnsan alverinə qarşı mübarizə üzrə Milli Fəaliyyət Planı";
  r.as_of = "2025-12-31";
  r.items = {{"3", "İştirakçıların əlaqələndirilməsi", {7, 1, 2, 3, 1, 2}},
             {"9", "Qaynar xətt: gecə-gündüz pulsuz telefon", {4, 0, 1, 3, 0, 0}}};
  r.agencies = {{"Daxili İşlər Nazirliyi", {6, 1, 2, 2, 1, 1}, 5, 4}, {"Səhiyyə Nazirliyi", {5, 0, 1, 4, 0, 1}, 3, 3}};
  r.indicators = {{"3.1", "Daxili İşlər Nazirliyi", "2025-Q4", "Təlim keçmiş zabitlər", "nəfər", 120.0, 97.0}};
  r.findings = {17, 11, 6, {{"Ədliyyə Nazirliyi", 4}}};
  r.meetings = {5, 1, 23, 19};
  r.needs = {{"Sığınacaq üçün avadanlıq", "Maddi", true, "AZN", 1, 123456, 100000, 61728, 61728}};
  r.resource_totals = {{"AZN", "", true, "AZN", 3, 4321000, 2000000, 1500000, 2821000},
                       {"noutbuk", "", false, "noutbuk", 1, 40, 25, 18, 22}};
  r.donors = 4;
  r.pledges = 9;
  r.deliveries = 7;
  r.training_events = 12;
  r.training_participants = 4321;
  r.training_evaluations = 30;
  r.training_average_score = 4.25;
  r.training_needs_open = 3;
  r.training_needs_people = 88;
  r.participants_by_agency = {{"Dövlət Sərhəd Xidməti", 2000}, {"Gömrük Komitəsi", 2321}};
  r.events_by_topic = {{"Qurbanların müəyyən edilməsi üsulları", 8}, {"Sübutların toplanması", 4}};
  r.campaigns = 2;
  r.activities = 6;
  r.reach = 98765;
  r.by_kind = {{"Film nümayişi", 2, 8765}, {"Məktəbdə dərs", 4, 90000}};
  r.reach_by_region = {{"Gəncə-Daşkəsən", 50000}, {"Şəki-Zaqatala", 48765}};
  return r;
}

TEST(RenderPdf, HoldsAzerbaijaniTextAndTheFigures) {
  auto pdf = RenderPdf(Filled("az"));
  ASSERT_TRUE(pdf) << pdf.error().message;
  ASSERT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const std::string path = WriteTemp(*pdf, ".pdf");
  const std::string text = Shell("pdftotext -enc UTF-8 '" + path + "' - 2>/dev/null");
  std::filesystem::remove(path);
  ASSERT_FALSE(text.empty()) << "pdftotext produced nothing";
  for (const char* s : {"Milli Koordinatorun illik hesabatı",
                        "Şəki-Zaqatala",
                        "Gəncə-Daşkəsən",
                        "Bənd",
                        "Qaynar xətt",
                        "ə",
                        "ğ",
                        "ı",
                        "İ",
                        "ş",
                        "ç",
                        "ö",
                        "ü",
                        "4 321",          // participants
                        "98 765",         // reach
                        "1 234.56 AZN",   // the need, from minor units
                        "43 210.00 AZN",  // the AZN total
                        "28 210.00 AZN",  // the AZN gap
                        "4.25",           // average score
                        "Hesabatda qurbanların şəxsi məlumatları yoxdur."})
    EXPECT_NE(text.find(s), std::string::npos) << "missing in the PDF: " << s;
}

TEST(RenderPdf, SpeaksEnglishWhenAsked) {
  auto pdf = RenderPdf(Filled("en"));
  ASSERT_TRUE(pdf) << pdf.error().message;
  const std::string path = WriteTemp(*pdf, ".pdf");
  const std::string text = Shell("pdftotext -enc UTF-8 '" + path + "' - 2>/dev/null");
  std::filesystem::remove(path);
  EXPECT_NE(text.find("Annual report of the National Coordinator"), std::string::npos);
  EXPECT_NE(text.find("Resources and donors"), std::string::npos);
  EXPECT_EQ(text.find("Milli Koordinatorun illik hesabatı"), std::string::npos);
}

// Whitespace (line breaks of wrapped cells included) collapsed to one space.
std::string Collapsed(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

TEST(RenderPdf, LongCellTextWrapsOntoSeveralLinesInsteadOfBeingCut) {
  AnnualReport r = Filled("az");
  const std::string measure =
      "Milli Fəaliyyət Planının icrasına nəzarət məqsədilə bütün iştirakçı dövlət orqanlarının, qeyri-hökumət "
      "təşkilatlarının və beynəlxalq tərəfdaşların fəaliyyətinin əlaqələndirilməsi, müntəzəm görüşlərin təşkili";
  const std::string indicator = "Qurbanların müəyyən edilməsi üzrə təlim keçmiş sərhədçilər və gömrük əməkdaşları";
  r.items[0].title = measure;
  r.indicators[0].name = indicator;
  auto pdf = RenderPdf(r);
  ASSERT_TRUE(pdf) << pdf.error().message;
  const std::string path = WriteTemp(*pdf, ".pdf");
  const std::string raw = Shell("pdftotext -enc UTF-8 '" + path + "' - 2>/dev/null");
  std::filesystem::remove(path);
  const std::string text = Collapsed(raw);
  EXPECT_NE(text.find(measure), std::string::npos) << "the whole measure, on several lines";
  EXPECT_NE(text.find(indicator), std::string::npos) << "the whole indicator name";
  EXPECT_EQ(raw.find(measure), std::string::npos) << "too long for one line of its column";
}

// Prints "name<TAB>size" per member, then the named members' contents.
std::string Unzip(const std::string& path, const std::vector<std::string>& members) {
  std::string script =
      "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\n"
      "for i in z.infolist(): print('MEMBER ' + i.filename)\n"
      "for m in sys.argv[2:]: print(z.read(m).decode('utf-8'))\n";
  std::string cmd = "python3 -c \"" + script + "\" '" + path + "'";
  for (const auto& m : members) cmd += " '" + m + "'";
  return Shell(cmd + " 2>&1");
}

TEST(RenderXlsx, OneSheetPerSectionWithNativeChartsAndTheFigures) {
  auto xlsx = RenderXlsx(Filled("az"));
  ASSERT_TRUE(xlsx) << xlsx.error().message;
  ASSERT_EQ(xlsx->rfind("PK", 0), 0u);
  const std::string path = WriteTemp(*xlsx, ".xlsx");
  const std::string listing =
      Unzip(path, {"xl/workbook.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet8.xml", "xl/worksheets/sheet6.xml"});
  const std::string charts = Unzip(path, {"xl/charts/chart1.xml"});
  std::filesystem::remove(path);
  for (int i = 1; i <= 8; ++i)
    EXPECT_NE(listing.find("MEMBER xl/worksheets/sheet" + std::to_string(i) + ".xml"), std::string::npos) << i;
  int chart_count = 0;
  for (size_t at = 0; (at = listing.find("MEMBER xl/charts/chart", at)) != std::string::npos; ++at) ++chart_count;
  EXPECT_GE(chart_count, 7) << listing.substr(0, 2000);
  for (const char* s : {"name=\"Xülasə\"", "name=\"Plan bəndləri\"", "name=\"Resurslar və donorlar\"",
                        "name=\"Maarifləndirmə\"", "name=\"Təlim\"", "Şəki-Zaqatala", "Film nümayişi",
                        "<v>98765</v>",  // awareness reach (sheet 8)
                        "<v>43210</v>",  // AZN required in whole manat (sheet 6)
                        "<v>28210</v>"})
    EXPECT_NE(listing.find(s), std::string::npos) << "missing in the XLSX: " << s;
  // The chart reads its data from the items sheet.
  EXPECT_NE(charts.find("Plan bəndləri"), std::string::npos) << charts.substr(0, 800);
  EXPECT_NE(charts.find("<c:barChart>"), std::string::npos);
}

// The job path on a real store: 202-style submit, progress to 100 %, the file.
class ReportJobsTest : public store::testing::StoreTest {};

TEST_P(ReportJobsTest, AJobRunsInTheBackgroundAndKeepsItsFileInTheStore) {
  crypto::SetPasswordHashCostForTests(true);
  NRM_ASSERT_OK(db_->Migrate());
  ManualClock clock(1767225600000);  // 2026-01-01
  audit::AuditLog audit(*db_, clock);
  directory::Directory dir(*db_, clock, {}, &audit);
  NRM_ASSERT_OK(dir.ImportAgencies(
      R"({"agencies": [{"code": "coordinator", "kind": "coordinator", "name": {"az": "Milli Koordinator", "en": "National Coordinator", "ru": "Координатор"}}]})"));
  partners::PartnersService partners(*db_, audit, dir, clock);
  plan::PlanService plans(*db_, audit, clock);
  AnnualGatherer gatherer(&plans, partners, dir, clock);
  directory::Principal coordinator;
  coordinator.user_id = "u-coordinator";
  coordinator.agency_id = "a";
  coordinator.roles = {"coordinator"};
  coordinator.capabilities = directory::CapabilitiesOf(coordinator.roles);
  directory::Principal donor = coordinator;
  donor.roles = {"donor"};
  donor.capabilities = directory::CapabilitiesOf(donor.roles);

  ReportJobs jobs(*db_, audit, gatherer, clock);
  EXPECT_EQ(jobs.SubmitAnnual(donor, 2025, "az", "pdf", "t").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(jobs.SubmitAnnual(coordinator, 1999, "az", "pdf", "t").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(jobs.SubmitAnnual(coordinator, 2025, "ru", "pdf", "t").error().code, ErrorCode::kInvalidArgument);
  auto pdf = jobs.SubmitAnnual(coordinator, 2025, "az", "pdf", "t");
  auto xlsx = jobs.SubmitAnnual(coordinator, 2025, "en", "xlsx", "t");
  ASSERT_TRUE(pdf && xlsx);
  EXPECT_EQ(pdf->status, JobStatus::kQueued);
  jobs.WaitIdle();
  for (const auto& [job, type, magic] :
       {std::tuple{*pdf, "application/pdf", "%PDF-"},
        std::tuple{*xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"}}) {
    auto done = jobs.Get(coordinator, job.id);
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->status, JobStatus::kDone) << done->error.value_or("");
    EXPECT_EQ(done->percent, 100);
    auto file = jobs.File(coordinator, job.id);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->content_type, type);
    EXPECT_EQ(file->bytes.rfind(magic, 0), 0u);
    EXPECT_EQ(done->size_bytes, static_cast<int64_t>(file->bytes.size()));
    EXPECT_EQ(jobs.File(donor, job.id).error().code, ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(jobs.File(coordinator, pdf->id)->file_name, "annual-report-2025-az.pdf");
  // Another process (another ReportJobs on another connection) serves it too.
  auto other_db = OpenAnother();
  ASSERT_TRUE(other_db);
  audit::AuditLog other_audit(*other_db, clock);
  ReportJobs other(*other_db, other_audit, gatherer, clock);
  auto again = other.File(coordinator, pdf->id);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->bytes.rfind("%PDF-", 0), 0u);
  auto list = jobs.List(coordinator);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 2u);
}

// A job that cannot render (the configured PDF font is missing) ends
// "failed" with a message that says what to fix and names no path; its file
// is a conflict carrying that message; an XLSX job (no font) still succeeds.
TEST_P(ReportJobsTest, AJobThatCannotRenderFailsWithAClearMessage) {
  crypto::SetPasswordHashCostForTests(true);
  NRM_ASSERT_OK(db_->Migrate());
  ManualClock clock(1767225600000);  // 2026-01-01
  audit::AuditLog audit(*db_, clock);
  directory::Directory dir(*db_, clock, {}, &audit);
  NRM_ASSERT_OK(dir.ImportAgencies(
      R"({"agencies": [{"code": "coordinator", "kind": "coordinator", "name": {"az": "Milli Koordinator", "en": "National Coordinator", "ru": "Координатор"}}]})"));
  partners::PartnersService partners(*db_, audit, dir, clock);
  plan::PlanService plans(*db_, audit, clock);
  AnnualGatherer gatherer(&plans, partners, dir, clock);
  directory::Principal coordinator;
  coordinator.user_id = "u-coordinator";
  coordinator.agency_id = "a";
  coordinator.roles = {"coordinator"};
  coordinator.capabilities = directory::CapabilitiesOf(coordinator.roles);

  const std::string missing = "/nonexistent-nrm-font-dir/" + store::testing::RandomSuffix() + "/Secret.ttf";
  const char* before = std::getenv("NRM_REPORT_FONT");
  const std::string saved = before ? before : "";
  ::setenv("NRM_REPORT_FONT", missing.c_str(), 1);
  ReportJobs jobs(*db_, audit, gatherer, clock);
  auto pdf = jobs.SubmitAnnual(coordinator, 2025, "en", "pdf", "t");
  auto xlsx = jobs.SubmitAnnual(coordinator, 2025, "en", "xlsx", "t");
  ASSERT_TRUE(pdf && xlsx);
  jobs.WaitIdle();
  if (before)
    ::setenv("NRM_REPORT_FONT", saved.c_str(), 1);
  else
    ::unsetenv("NRM_REPORT_FONT");

  auto failed = jobs.Get(coordinator, pdf->id);
  ASSERT_TRUE(failed) << failed.error().message;
  EXPECT_EQ(failed->status, JobStatus::kFailed);
  EXPECT_FALSE(failed->file_name.has_value());
  ASSERT_TRUE(failed->error.has_value());
  EXPECT_NE(failed->error->find("NRM_REPORT_FONT"), std::string::npos) << *failed->error;
  EXPECT_EQ(failed->error->find("nonexistent-nrm-font-dir"), std::string::npos) << "no path leaks";
  EXPECT_EQ(failed->error->find("Secret.ttf"), std::string::npos);
  auto file = jobs.File(coordinator, pdf->id);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code, ErrorCode::kConflict);
  EXPECT_NE(file.error().message.find("the report failed"), std::string::npos) << file.error().message;
  auto ok = jobs.Get(coordinator, xlsx->id);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, JobStatus::kDone) << ok->error.value_or("");
  // The failure is audited with its code, not its text.
  auto audited = db_->Begin(store::TxMode::kRead);
  ASSERT_TRUE(audited);
  auto rows = (*audited)->Query("SELECT count(*) FROM audit_entries WHERE action = 'report.produce' AND object_id = ?",
                                {pdf->id});
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ((*rows)[0].Int(0), 1);
}

TEST_P(ReportJobsTest, AJobWhoseProcessStoppedIsShownAsInterrupted) {
  NRM_ASSERT_OK(db_->Migrate());
  ManualClock clock(1767225600000);  // 2026-01-01
  audit::AuditLog audit(*db_, clock);
  directory::Directory dir(*db_, clock, {}, &audit);
  partners::PartnersService partners(*db_, audit, dir, clock);
  plan::PlanService plans(*db_, audit, clock);
  AnnualGatherer gatherer(&plans, partners, dir, clock);
  directory::Principal coordinator;
  coordinator.user_id = "u-coordinator";
  coordinator.agency_id = "a";
  coordinator.roles = {"coordinator"};
  coordinator.capabilities = directory::CapabilitiesOf(coordinator.roles);
  // A job another process accepted and was running when it stopped.
  {
    auto tx = db_->Begin(store::TxMode::kWrite);
    ASSERT_TRUE(tx);
    NRM_ASSERT_OK((*tx)->Exec(
        "INSERT INTO report_jobs (id, kind, year, lang, format, status, percent, stage, requested_by, created_at, "
        "updated_at) VALUES ('j-lost', 'annual', 2025, 'az', 'pdf', 'running', 40, 'render', 'u-coordinator', ?, ?)",
        {clock.NowMillis(), clock.NowMillis()}));
    NRM_ASSERT_OK((*tx)->Commit());
  }
  ReportJobs jobs(*db_, audit, gatherer, clock);
  clock.Advance(60 * 1000);  // a minute: still in hand
  auto fresh = jobs.Get(coordinator, "j-lost");
  ASSERT_TRUE(fresh) << fresh.error().message;
  EXPECT_EQ(fresh->status, JobStatus::kRunning);
  clock.Advance(20 * 60 * 1000);
  auto lost = jobs.Get(coordinator, "j-lost");
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->status, JobStatus::kFailed);
  ASSERT_TRUE(lost->error.has_value());
  EXPECT_NE(lost->error->find("interrupted"), std::string::npos);
  auto listed = jobs.List(coordinator);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().status, JobStatus::kFailed);
  auto file = jobs.File(coordinator, "j-lost");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code, ErrorCode::kConflict);
  EXPECT_NE(file.error().message.find("interrupted"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportJobsTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::reports
