#include "reports/routes.h"

#include "core/ids.h"
#include "directory/capabilities.h"
#include "directory/routes.h"
#include "http/json.h"
#include "http/problem.h"

namespace nrm::reports {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json JobJson(const ReportJob& j) {
  return json{{"id", j.id},
              {"kind", j.kind},
              {"year", j.year},
              {"lang", j.lang},
              {"format", j.format},
              {"status", Name(j.status)},
              {"percent", j.percent},
              {"stage", j.stage},
              {"error", j.error ? json(*j.error) : json(nullptr)},
              {"file_name", j.file_name ? json(*j.file_name) : json(nullptr)},
              {"size_bytes", j.size_bytes ? json(*j.size_bytes) : json(nullptr)},
              {"created_at", FormatRfc3339(j.created_at)},
              {"finished_at", j.finished_at ? json(FormatRfc3339(*j.finished_at)) : json(nullptr)}};
}

}  // namespace

void RegisterRoutes(http::Router& router, ReportJobs& jobs, directory::Directory& dir) {
  router.Add("POST", "/api/v1/reports/annual", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kReportsProduce);
               if (!p) return tl::unexpected(p.error());
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               if (auto s = http::RejectUnknownFields(*body, {"year", "lang", "format"}); !s)
                 return tl::unexpected(s.error());
               if (!body->contains("year") || !(*body)["year"].is_number_integer())
                 return Fail(ErrorCode::kInvalidArgument, "year is required (a whole number)");
               const int64_t year = (*body)["year"].get<int64_t>();
               if (year < 2004 || year > 2100) return Fail(ErrorCode::kInvalidArgument, "year must be 2004..2100");
               auto lang = http::RequiredString(*body, "lang", 2);
               if (!lang) return tl::unexpected(lang.error());
               auto format = http::RequiredString(*body, "format", 4);
               if (!format) return tl::unexpected(format.error());
               auto job = jobs.SubmitAnnual(*p, static_cast<int>(year), *lang, *format, req.request_id);
               if (!job) return tl::unexpected(job.error());
               Response res = http::JsonResponse(202, JobJson(*job));
               res.AddHeader("Location", "/api/v1/reports/" + job->id);
               return res;
             }));

  router.Add("GET", "/api/v1/reports", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kReportsProduce);
               if (!p) return tl::unexpected(p.error());
               auto list = jobs.List(*p);
               if (!list) return tl::unexpected(list.error());
               json items = json::array();
               for (const auto& j : *list) items.push_back(JobJson(j));
               return http::JsonResponse(200, json{{"items", items}});
             }));

  router.Add("GET", "/api/v1/reports/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kReportsProduce);
               if (!p) return tl::unexpected(p.error());
               const std::string id = req.Param("id");
               if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such report");
               auto job = jobs.Get(*p, id);
               if (!job) return tl::unexpected(job.error());
               return http::JsonResponse(200, JobJson(*job));
             }));

  router.Add("GET", "/api/v1/reports/{id}/file", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kReportsProduce);
               if (!p) return tl::unexpected(p.error());
               const std::string id = req.Param("id");
               if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, "no such report");
               auto file = jobs.File(*p, id);
               if (!file) return tl::unexpected(file.error());
               Response res;
               res.status = 200;
               res.content_type = file->content_type;
               res.body = std::move(file->bytes);
               // The name is ours (annual-report-YYYY-lang.ext): ASCII, nothing to escape.
               res.AddHeader("Content-Disposition", "attachment; filename=\"" + file->file_name + "\"");
               res.AddHeader("Cache-Control", "no-store");
               return res;
             }));
}

}  // namespace nrm::reports
