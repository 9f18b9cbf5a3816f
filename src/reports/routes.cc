#include "reports/routes.h"

#include <nlohmann/json.hpp>

#include "directory/capabilities.h"
#include "directory/endpoint.h"
#include "http/json.h"
#include "reports/json.h"

namespace nrm::reports {

namespace {

using directory::Call;
using http::Response;

struct Deps {
  ReportJobs& jobs;
};

Result<Response> SubmitAnnual(const Deps& d, Call& c) {
  auto body = c.in.Body();
  const int year = static_cast<int>(body.Int("year", 2004, 2100));
  const std::string lang = body.OneOf("lang", {"az", "en"});
  const std::string format = body.OneOf("format", {"pdf", "xlsx"});
  NRM_CHECK(c.in.Finish());
  NRM_TRY(ReportJob job, d.jobs.SubmitAnnual(c.who, year, lang, format, c.req.request_id));
  Response res = http::JsonResponse(202, ToJson(job));
  res.AddHeader("Location", "/api/v1/reports/" + job.id);
  return res;
}

Result<Response> ListJobs(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto list, d.jobs.List(c.who));
  return http::Items(list, [](const ReportJob& j) { return ToJson(j); });
}

Result<Response> GetJob(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "report"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(ReportJob job, d.jobs.Get(c.who, id));
  return http::JsonResponse(200, ToJson(job));
}

Result<Response> GetFile(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "report"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(ReportFile file, d.jobs.File(c.who, id));
  Response res;
  res.status = 200;
  res.content_type = file.content_type;
  res.body = std::move(file.bytes);
  // The name is ours (annual-report-YYYY-lang.ext): ASCII, nothing to escape.
  res.AddHeader("Content-Disposition", "attachment; filename=\"" + file.file_name + "\"");
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

using directory::Holding;
using directory::kNoBody;
using directory::kReportsProduce;
const directory::Endpoint<Deps> kEndpoints[] = {
    {"POST", "/api/v1/reports/annual", Holding(kReportsProduce), 1024, SubmitAnnual},
    {"GET", "/api/v1/reports", Holding(kReportsProduce), kNoBody, ListJobs},
    {"GET", "/api/v1/reports/{id}", Holding(kReportsProduce), kNoBody, GetJob},
    {"GET", "/api/v1/reports/{id}/file", Holding(kReportsProduce), kNoBody, GetFile},
};

}  // namespace

void RegisterRoutes(http::Router& router, ReportJobs& jobs, directory::Directory& dir) {
  directory::RegisterEndpoints(router, dir, Deps{jobs}, kEndpoints);
}

}  // namespace nrm::reports
