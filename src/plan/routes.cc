// Routes of plans, tasks, reports and the board (openapi.json).
#include "plan/routes.h"

#include <cctype>

#include "core/ids.h"
#include "directory/capabilities.h"
#include "directory/routes.h"
#include "http/json.h"
#include "http/problem.h"
#include "plan/calendar.h"
#include "plan/edge.h"
#include "plan/json_io.h"

namespace nrm::plan {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using namespace edge;
using namespace json_io;

Result<std::optional<std::string>> QueryEnum(const Request& req, const char* name,
                                             std::initializer_list<const char*> allowed) {
  auto v = req.QueryParam(name);
  if (!v) return std::optional<std::string>{};
  for (const char* a : allowed)
    if (*v == a) return std::optional<std::string>{*v};
  return Fail(ErrorCode::kInvalidArgument, std::string(name) + " has an unknown value");
}

Result<std::optional<std::string>> QueryUuid(const Request& req, const char* name) {
  auto v = req.QueryParam(name);
  if (!v) return std::optional<std::string>{};
  if (!IsUuid(*v)) return Fail(ErrorCode::kInvalidArgument, std::string(name) + " must be a UUID");
  return std::optional<std::string>{*v};
}

Result<ReportInput> ReportInputFrom(const json& body, bool with_version) {
  if (with_version) {
    if (auto s =
            http::RejectUnknownFields(body, {"version", "status", "narrative", "narrative_internal", "indicators"});
        !s)
      return tl::unexpected(s.error());
  } else if (auto s =
                 http::RejectUnknownFields(body, {"period", "status", "narrative", "narrative_internal", "indicators"});
             !s) {
    return tl::unexpected(s.error());
  }
  ReportInput in;
  auto status = http::RequiredString(body, "status", 32);
  if (!status) return tl::unexpected(status.error());
  in.status = *status;
  if (!with_version) {
    auto period = http::OptionalString(body, "period", 16);
    if (!period) return tl::unexpected(period.error());
    in.period = *period;
  }
  auto narrative = http::OptionalString(body, "narrative", 20000);
  if (!narrative) return tl::unexpected(narrative.error());
  in.narrative = *narrative;
  auto internal = OptionalBool(body, "narrative_internal");
  if (!internal) return tl::unexpected(internal.error());
  in.narrative_internal = internal->value_or(false);
  if (body.contains("indicators") && !body["indicators"].is_null()) {
    const json& list = body["indicators"];
    if (!list.is_array() || list.size() > 50)
      return Fail(ErrorCode::kInvalidArgument, "indicators must be an array of at most 50 objects");
    for (const auto& i : list) {
      if (!i.is_object()) return Fail(ErrorCode::kInvalidArgument, "an indicator must be an object");
      if (auto s = http::RejectUnknownFields(i, {"name", "unit", "target", "value"}); !s)
        return tl::unexpected(s.error());
      Indicator x;
      auto name = http::RequiredString(i, "name", 200);
      if (!name) return tl::unexpected(name.error());
      x.name = *name;
      auto unit = http::OptionalString(i, "unit", 40);
      if (!unit) return tl::unexpected(unit.error());
      x.unit = *unit;
      for (const char* k : {"target", "value"}) {
        if (!i.contains(k) || i[k].is_null()) continue;
        if (!i[k].is_number())
          return Fail(ErrorCode::kInvalidArgument, std::string("indicator ") + k + " must be a number");
        (std::string(k) == "target" ? x.target : x.value) = i[k].get<double>();
      }
      in.indicators.push_back(std::move(x));
    }
  }
  return in;
}

// "a%20b.pdf" -> bytes; the name travels percent-encoded in a header.
std::string ContentDisposition(const std::string& filename) {
  std::string enc;
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : filename) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_')
      enc += static_cast<char>(c);
    else {
      enc += '%';
      enc += kHex[c >> 4];
      enc += kHex[c & 15];
    }
  }
  return "attachment; filename=\"evidence\"; filename*=UTF-8''" + enc;
}

}  // namespace

void RegisterRoutes(http::Router& router, PlanService& plans, MeetingService& meetings, FindingService& findings,
                    directory::Directory& dir) {
  const http::RouteLimits small{.max_body_bytes = 64 * 1024, .max_header_bytes = 16 * 1024};
  const http::RouteLimits document{.max_body_bytes = 4 * 1024 * 1024, .max_header_bytes = 16 * 1024};
  const http::RouteLimits evidence{.max_body_bytes = 5 * 1024 * 1024, .max_header_bytes = 16 * 1024};

  // ---- Plans.
  router.Add("GET", "/api/v1/plans", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto list = plans.ListPlans(&*p);
               if (!list) return tl::unexpected(list.error());
               return Items(*list, PlanJson);
             }),
             small);

  auto import = [&plans, &dir](Request& req, bool always_json) -> Result<Response> {
    auto p = directory::RequirePrincipal(dir, req, directory::kPlanManage);
    if (!p) return tl::unexpected(p.error());
    const std::string type = req.Header("Content-Type");
    const std::string media = type.substr(0, type.find(';'));
    PlanFormat format;
    if (media == "application/json")
      format = PlanFormat::kJson;
    else if (media == "text/csv" && !always_json)
      format = PlanFormat::kCsv;
    else
      return Fail(ErrorCode::kUnsupportedMediaType,
                  always_json ? "send application/json" : "send application/json or text/csv");
    bool dry_run = false;
    if (auto d = req.QueryParam("dry_run")) {
      if (*d == "true" || *d == "1")
        dry_run = true;
      else if (*d != "false" && *d != "0")
        return Fail(ErrorCode::kInvalidArgument, "dry_run must be true or false");
    }
    auto outcome = plans.Import(&*p, req.body, format, dry_run, req.request_id);
    if (!outcome) return tl::unexpected(outcome.error());
    if (!outcome->problems.empty()) return ImportProblemResponse(outcome->problems);
    if (always_json) {
      return Created(PlanJson(*outcome->plan), "/api/v1/plans/" + outcome->plan->id);
    }
    json body{{"dry_run", outcome->dry_run},
              {"plan", outcome->plan ? PlanJson(*outcome->plan) : json(nullptr)},
              {"items", outcome->items},
              {"tasks", outcome->tasks}};
    return http::JsonResponse(dry_run ? 200 : 201, body);
  };
  router.Add("POST", "/api/v1/plans", http::ResultHandler([import](Request& req) { return import(req, true); }),
             document);
  router.Add("POST", "/api/v1/plans/import", http::ResultHandler([import](Request& req) { return import(req, false); }),
             document);

  router.Add(
      "GET", "/api/v1/plans/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
        auto p = directory::RequirePrincipal(dir, req, nullptr);
        if (!p) return tl::unexpected(p.error());
        auto id = IdParam(req, "id", "plan");
        if (!id) return tl::unexpected(id.error());
        auto detail = plans.GetPlan(&*p, *id);
        if (!detail) return tl::unexpected(detail.error());
        json body = PlanJson(detail->plan);
        json items = json::array();
        for (const auto& i : detail->items) {
          json tasks = json::array();
          for (const auto& t : i.tasks) tasks.push_back(TaskJson(t));
          items.push_back(json{
              {"id", i.id},
              {"number", i.number},
              {"measure", TextJson(i.measure)},
              {"responsible", i.responsible},
              {"responsible_text", i.responsible_text ? TextJson(*i.responsible_text) : json(nullptr)},
              {"responsible_inferred", i.responsible_inferred},
              {"restored_from", i.restored_from ? json(*i.restored_from) : json(nullptr)},
              {"deadline", json{{"kind", i.deadline.kind},
                                {"due", i.deadline.due ? json(*i.deadline.due) : json(nullptr)},
                                {"reporting_cadence", i.deadline.cadence ? json(*i.deadline.cadence) : json(nullptr)},
                                {"text", TextJson(i.deadline.text)}}},
              {"tasks", tasks}});
        }
        body["items"] = items;
        return http::JsonResponse(200, body);
      }),
      small);

  router.Add("PATCH", "/api/v1/plans/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kPlanManage);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "plan");
               if (!id) return tl::unexpected(id.error());
               auto body = JsonBody(req, {"version", "status", "title", "period_end"});
               if (!body) return tl::unexpected(body.error());
               PlanPatch patch;
               auto version = RequiredVersion(*body);
               if (!version) return tl::unexpected(version.error());
               patch.version = *version;
               auto status = http::OptionalString(*body, "status", 16);
               if (!status) return tl::unexpected(status.error());
               patch.status = *status;
               auto title = OptionalText(*body, "title");
               if (!title) return tl::unexpected(title.error());
               patch.title = *title;
               if (body->contains("period_end")) {
                 const json& e = (*body)["period_end"];
                 if (e.is_null())
                   patch.period_end = std::optional<std::string>{};
                 else if (e.is_string() && e.get<std::string>().size() <= 16)
                   patch.period_end = std::optional<std::string>{e.get<std::string>()};
                 else
                   return Fail(ErrorCode::kInvalidArgument, "period_end must be a date or null");
               }
               auto plan = plans.UpdatePlan(*p, *id, patch, req.request_id);
               if (!plan) return tl::unexpected(plan.error());
               return http::JsonResponse(200, PlanJson(*plan));
             }),
             small);

  router.Add("GET", "/api/v1/plans/{id}/summary", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "plan");
               if (!id) return tl::unexpected(id.error());
               int year = YearOf(DayOfMillis(plans.clock().NowMillis()));
               if (auto y = req.QueryParam("year")) {
                 char* end = nullptr;
                 const long v = std::strtol(y->c_str(), &end, 10);
                 if (y->empty() || *end || v < 1990 || v > 2200)
                   return Fail(ErrorCode::kInvalidArgument, "year must be 1990..2200");
                 year = static_cast<int>(v);
               }
               auto summary = plans.Summary(&*p, *id, year);
               if (!summary) return tl::unexpected(summary.error());
               return http::JsonResponse(200, SummaryJson(*summary));
             }),
             small);

  // ---- Tasks.
  router.Add("GET", "/api/v1/tasks", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               TaskFilter f;
               auto plan_id = QueryUuid(req, "plan_id");
               if (!plan_id) return tl::unexpected(plan_id.error());
               f.plan_id = *plan_id;
               if (auto a = req.QueryParam("agency")) {
                 if (a->empty() || a->size() > 64)
                   return Fail(ErrorCode::kInvalidArgument, "agency must be a code or \"mine\"");
                 f.agency = *a;
               }
               auto status = QueryEnum(req, "status", {"not_started", "in_progress", "done", "blocked"});
               if (!status) return tl::unexpected(status.error());
               f.status = *status;
               auto due = QueryEnum(req, "due_state", {"done", "on_track", "due_soon", "overdue", "reported", "due"});
               if (!due) return tl::unexpected(due.error());
               f.due_state = *due;
               auto list = plans.ListTasks(&*p, f);
               if (!list) return tl::unexpected(list.error());
               return Items(*list, TaskJson);
             }),
             small);

  router.Add("GET", "/api/v1/tasks/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "task");
               if (!id) return tl::unexpected(id.error());
               auto task = plans.GetTask(&*p, *id);
               if (!task) return tl::unexpected(task.error());
               return http::JsonResponse(200, TaskJson(*task));
             }),
             small);

  router.Add("GET", "/api/v1/tasks/{id}/history", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "task");
               if (!id) return tl::unexpected(id.error());
               auto list = plans.History(&*p, *id);
               if (!list) return tl::unexpected(list.error());
               return Items(*list, HistoryJson);
             }),
             small);

  router.Add("GET", "/api/v1/tasks/{id}/reports", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "task");
               if (!id) return tl::unexpected(id.error());
               auto list = plans.ListReports(&*p, *id);
               if (!list) return tl::unexpected(list.error());
               return Items(*list, ReportJson);
             }),
             small);

  router.Add("POST", "/api/v1/tasks/{id}/reports", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kPlanReport);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "task");
               if (!id) return tl::unexpected(id.error());
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               auto in = ReportInputFrom(*body, false);
               if (!in) return tl::unexpected(in.error());
               auto rep = plans.SubmitReport(*p, *id, *in, req.request_id);
               if (!rep) return tl::unexpected(rep.error());
               return http::JsonResponse(201, ReportJson(*rep));
             }),
             small);

  router.Add("PUT", "/api/v1/tasks/{id}/reports/{report_id}",
             http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kPlanReport);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "task");
               if (!id) return tl::unexpected(id.error());
               auto rid = IdParam(req, "report_id", "report");
               if (!rid) return tl::unexpected(rid.error());
               auto body = http::ParseJsonObject(req);
               if (!body) return tl::unexpected(body.error());
               auto in = ReportInputFrom(*body, true);
               if (!in) return tl::unexpected(in.error());
               auto version = RequiredVersion(*body);
               if (!version) return tl::unexpected(version.error());
               auto rep = plans.ReviseReport(*p, *id, *rid, *version, *in, req.request_id);
               if (!rep) return tl::unexpected(rep.error());
               return http::JsonResponse(200, ReportJson(*rep));
             }),
             small);

  router.Add("POST", "/api/v1/tasks/{id}/reports/{report_id}/review",
             http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kPlanReview);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "task");
               if (!id) return tl::unexpected(id.error());
               auto rid = IdParam(req, "report_id", "report");
               if (!rid) return tl::unexpected(rid.error());
               auto body = JsonBody(req, {"version", "decision", "comment"});
               if (!body) return tl::unexpected(body.error());
               auto version = RequiredVersion(*body);
               if (!version) return tl::unexpected(version.error());
               auto decision = http::RequiredString(*body, "decision", 16);
               if (!decision) return tl::unexpected(decision.error());
               if (*decision != "accept" && *decision != "return")
                 return Fail(ErrorCode::kInvalidArgument, "decision must be accept or return");
               auto comment = http::OptionalString(*body, "comment", 4000);
               if (!comment) return tl::unexpected(comment.error());
               auto rep = plans.ReviewReport(*p, *id, *rid, *version, *decision == "accept", *comment, req.request_id);
               if (!rep) return tl::unexpected(rep.error());
               return http::JsonResponse(200, ReportJson(*rep));
             }),
             small);

  router.Add("POST", "/api/v1/tasks/{id}/reports/{report_id}/attachments",
             http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kPlanReport);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "task");
               if (!id) return tl::unexpected(id.error());
               auto rid = IdParam(req, "report_id", "report");
               if (!rid) return tl::unexpected(rid.error());
               const std::string raw = req.Header("X-Filename");
               if (raw.empty() || raw.size() > 600)
                 return Fail(ErrorCode::kInvalidArgument, "X-Filename names the file (percent-encoded)");
               auto name = http::PercentDecode(raw, false);
               if (!name) return Fail(ErrorCode::kInvalidArgument, "X-Filename is not valid percent-encoding");
               auto a = plans.AddAttachment(*p, *id, *rid, *name, req.body, req.request_id);
               if (!a) return tl::unexpected(a.error());
               return http::JsonResponse(201, AttachmentJson(*a));
             }),
             evidence);

  router.Add("GET", "/api/v1/tasks/{id}/reports/{report_id}/attachments/{attachment_id}",
             http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "task");
               if (!id) return tl::unexpected(id.error());
               auto rid = IdParam(req, "report_id", "report");
               if (!rid) return tl::unexpected(rid.error());
               auto aid = IdParam(req, "attachment_id", "attachment");
               if (!aid) return tl::unexpected(aid.error());
               auto file = plans.GetAttachment(&*p, *id, *rid, *aid);
               if (!file) return tl::unexpected(file.error());
               Response res;
               res.status = 200;
               res.content_type = file->meta.media_type;
               res.body.assign(file->bytes.begin(), file->bytes.end());
               res.AddHeader("Content-Disposition", ContentDisposition(file->meta.filename));
               res.AddHeader("Cache-Control", "no-store");
               return res;
             }),
             small);

  // ---- The board.
  router.Add("GET", "/api/v1/dashboard", http::ResultHandler([&](Request& req) -> Result<Response> {
               // plan.review or statistics.view: PlanService::Board decides.
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto plan_id = QueryUuid(req, "plan_id");
               if (!plan_id) return tl::unexpected(plan_id.error());
               auto d = plans.Board(&*p, *plan_id);
               if (!d) return tl::unexpected(d.error());
               return http::JsonResponse(200, DashboardJson(*d));
             }),
             small);

  RegisterDeskRoutes(router, meetings, findings, dir);
}

}  // namespace nrm::plan
