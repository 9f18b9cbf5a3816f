// Routes of plans, tasks, reports and the board (openapi.json): one table of
// named handlers; the JSON shapes are plan/json.h.
#include "plan/routes.h"

#include <cctype>
#include <utility>

#include <nlohmann/json.hpp>

#include "directory/capabilities.h"
#include "directory/endpoint.h"
#include "http/json.h"
#include "plan/calendar.h"
#include "plan/document.h"
#include "plan/json.h"

namespace nrm::plan {

namespace {

using directory::Call;
using http::Response;
using nlohmann::json;

struct Deps {
  PlanService& plans;
};

template <class T>
Response List(const std::vector<T>& list) {
  return http::Items(list, [](const T& x) { return ToJson(x); });
}

// An indicator's target or value: any number, or null.
std::optional<double> OptNumber(http::JsonReader& in, const char* name) {
  const json* v = in.Raw(name);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_number()) return v->get<double>();
  in.Invalid(name, "type", in.PathOf(name) + " must be a number");
  return std::nullopt;
}

// A new report (with its period) or a revision (with the version read).
ReportInput ReadReport(http::JsonReader& in, bool revision) {
  ReportInput r;
  if (!revision) r.period = in.OptText("period", 16);
  r.status = in.Text("status", 32);
  r.narrative = in.OptText("narrative", 20000);
  r.narrative_internal = in.OptBool("narrative_internal").value_or(false);
  for (auto& i : in.Objects("indicators", 50))
    r.indicators.push_back(
        Indicator{i.Text("name", 200), i.OptText("unit", 40), OptNumber(i, "target"), OptNumber(i, "value")});
  return r;
}

// A body read as it is (a plan document, an evidence file), taken out of the
// request so that the binder checks the query alone.
std::string TakeRawBody(Call& c) { return std::string(c.in.RawBody()); }

// "a b.pdf" -> "a%20b.pdf": the name travels percent-encoded in the header.
std::string ContentDisposition(const std::string& filename) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string enc;
  for (unsigned char c : filename) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      enc += static_cast<char>(c);
    } else {
      enc += '%';
      enc += kHex[c >> 4];
      enc += kHex[c & 15];
    }
  }
  return "attachment; filename=\"evidence\"; filename*=UTF-8''" + enc;
}

Result<Response> ListPlans(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto list, d.plans.ListPlans(&c.who));
  return List(list);
}

// A plan document: POST /plans takes JSON and answers with the plan; the
// import also takes CSV and a dry run. A bad document is a 400 naming every
// refused row by line (plan/json.h).
Result<Response> ImportDocument(const Deps& d, Call& c, bool import) {
  const std::string body = TakeRawBody(c);
  const bool dry_run = import && c.in.Query().Bool("dry_run").value_or(false);
  NRM_CHECK(c.in.Finish());
  const std::string type = c.req.Header("Content-Type");
  const std::string media = type.substr(0, type.find(';'));
  if (media != "application/json" && (media != "text/csv" || !import))
    return Fail(ErrorCode::kUnsupportedMediaType,
                import ? "send application/json or text/csv" : "send application/json");
  const PlanFormat format = media == "text/csv" ? PlanFormat::kCsv : PlanFormat::kJson;
  NRM_TRY(auto outcome, d.plans.Import(&c.who, body, format, dry_run, c.req.request_id));
  if (!outcome.problems.empty()) return ImportProblemResponse(outcome.problems);
  if (!import) return http::Created(ToJson(*outcome.plan), "/api/v1/plans/" + outcome.plan->id);
  return http::JsonResponse(dry_run ? 200 : 201, json{{"dry_run", outcome.dry_run},
                                                      {"plan", outcome.plan ? ToJson(*outcome.plan) : json(nullptr)},
                                                      {"items", outcome.items},
                                                      {"tasks", outcome.tasks}});
}
Result<Response> CreatePlan(const Deps& d, Call& c) { return ImportDocument(d, c, false); }
Result<Response> ImportPlan(const Deps& d, Call& c) { return ImportDocument(d, c, true); }

Result<Response> GetPlan(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "plan"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto detail, d.plans.GetPlan(&c.who, id));
  return http::JsonResponse(200, ToJson(detail));
}

Result<Response> PatchPlan(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "plan"));
  auto in = c.in.Body();
  PlanPatch patch;
  patch.version = in.Version();
  patch.status = in.OptOneOf("status", {"draft", "active", "closed"});
  patch.title = ReadText(in, "title", false);
  patch.period_end = in.NullableText("period_end", 16);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto plan, d.plans.UpdatePlan(c.who, id, patch, c.req.request_id));
  return http::JsonResponse(200, ToJson(plan));
}

Result<Response> GetSummary(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "plan"));
  const auto year = c.in.Query().Year("year", 1990, 2200);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto summary, d.plans.Summary(&c.who, id, year.value_or(YearOf(DayOfMillis(d.plans.clock().NowMillis())))));
  return http::JsonResponse(200, ToJson(summary));
}

Result<Response> ListTasks(const Deps& d, Call& c) {
  auto q = c.in.Query();
  TaskFilter f;
  f.plan_id = q.Uuid("plan_id");
  f.agency = q.Text("agency", 64);  // a code, or "mine"
  f.status = q.OneOf("status", {"not_started", "in_progress", "done", "blocked"});
  f.due_state = q.OneOf("due_state", {"done", "on_track", "due_soon", "overdue", "reported", "due"});
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto list, d.plans.ListTasks(&c.who, f));
  return List(list);
}

Result<Response> GetTask(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "task"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto task, d.plans.GetTask(&c.who, id));
  return http::JsonResponse(200, ToJson(task));
}

Result<Response> TaskHistory(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "task"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto list, d.plans.History(&c.who, id));
  return List(list);
}

Result<Response> ListReports(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "task"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto list, d.plans.ListReports(&c.who, id));
  return List(list);
}

Result<Response> SubmitReport(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "task"));
  auto in = c.in.Body();
  const ReportInput report = ReadReport(in, false);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto stored, d.plans.SubmitReport(c.who, id, report, c.req.request_id));
  return http::JsonResponse(201, ToJson(stored));
}

Result<Response> ReviseReport(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "task"));
  NRM_TRY(auto report_id, http::PathUuid(c.req, "report_id", "report"));
  auto in = c.in.Body();
  const int64_t version = in.Version();
  const ReportInput report = ReadReport(in, true);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto stored, d.plans.ReviseReport(c.who, id, report_id, version, report, c.req.request_id));
  return http::JsonResponse(200, ToJson(stored));
}

Result<Response> ReviewReport(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "task"));
  NRM_TRY(auto report_id, http::PathUuid(c.req, "report_id", "report"));
  auto in = c.in.Body();
  const int64_t version = in.Version();
  const bool accept = in.OneOf("decision", {"accept", "return"}) == "accept";
  const auto comment = in.OptText("comment", 4000);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto stored, d.plans.ReviewReport(c.who, id, report_id, version, accept, comment, c.req.request_id));
  return http::JsonResponse(200, ToJson(stored));
}

// The evidence file is the body as it is; its name is the X-Filename header.
Result<Response> AddAttachment(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "task"));
  NRM_TRY(auto report_id, http::PathUuid(c.req, "report_id", "report"));
  const std::string bytes = TakeRawBody(c);
  NRM_CHECK(c.in.Finish());
  const std::string raw = c.req.Header("X-Filename");
  const auto name = raw.size() > 600 ? std::nullopt : http::PercentDecode(raw, false);
  if (!name || name->empty())
    return FailFields({{"X-Filename", "format", "X-Filename names the file (percent-encoded, at most 600 bytes)"}});
  NRM_TRY(auto a, d.plans.AddAttachment(c.who, id, report_id, *name, bytes, c.req.request_id));
  return http::JsonResponse(201, ToJson(a));
}

Result<Response> GetAttachment(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "task"));
  NRM_TRY(auto report_id, http::PathUuid(c.req, "report_id", "report"));
  NRM_TRY(auto attachment_id, http::PathUuid(c.req, "attachment_id", "attachment"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto file, d.plans.GetAttachment(&c.who, id, report_id, attachment_id));
  Response res;
  res.status = 200;
  res.content_type = file.meta.media_type;
  res.body.assign(file.bytes.begin(), file.bytes.end());
  res.AddHeader("Content-Disposition", ContentDisposition(file.meta.filename));
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> GetBoard(const Deps& d, Call& c) {
  const auto plan_id = c.in.Query().Uuid("plan_id");
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto board, d.plans.Board(&c.who, plan_id));
  return http::JsonResponse(200, ToJson(board));
}

using directory::Holding;
using directory::HoldingAny;
using directory::kNoBody;
using directory::kSmallBody;
using directory::SignedIn;
const directory::Endpoint<Deps> kEndpoints[] = {
    {"GET", "/api/v1/plans", SignedIn(), kNoBody, ListPlans},
    {"POST", "/api/v1/plans", Holding(directory::kPlanManage), kMaxPlanDocumentBytes, CreatePlan},
    {"POST", "/api/v1/plans/import", Holding(directory::kPlanManage), kMaxPlanDocumentBytes, ImportPlan},
    {"GET", "/api/v1/plans/{id}", SignedIn(), kNoBody, GetPlan},
    {"PATCH", "/api/v1/plans/{id}", Holding(directory::kPlanManage), kSmallBody, PatchPlan},
    {"GET", "/api/v1/plans/{id}/summary", HoldingAny(directory::kPlanReview, directory::kReportsProduce), kNoBody,
     GetSummary},
    {"GET", "/api/v1/tasks", SignedIn(), kNoBody, ListTasks},
    {"GET", "/api/v1/tasks/{id}", SignedIn(), kNoBody, GetTask},
    {"GET", "/api/v1/tasks/{id}/history", SignedIn(), kNoBody, TaskHistory},
    {"GET", "/api/v1/tasks/{id}/reports", SignedIn(), kNoBody, ListReports},
    {"POST", "/api/v1/tasks/{id}/reports", Holding(directory::kPlanReport), kSmallBody, SubmitReport},
    {"PUT", "/api/v1/tasks/{id}/reports/{report_id}", Holding(directory::kPlanReport), kSmallBody, ReviseReport},
    {"POST", "/api/v1/tasks/{id}/reports/{report_id}/review", Holding(directory::kPlanReview), 16 * 1024, ReviewReport},
    {"POST", "/api/v1/tasks/{id}/reports/{report_id}/attachments", Holding(directory::kPlanReport), 5 * 1024 * 1024,
     AddAttachment},
    {"GET", "/api/v1/tasks/{id}/reports/{report_id}/attachments/{attachment_id}", SignedIn(), kNoBody, GetAttachment},
    {"GET", "/api/v1/dashboard", HoldingAny(directory::kPlanReview, directory::kStatisticsView), kNoBody, GetBoard},
};

}  // namespace

void RegisterRoutes(http::Router& router, PlanService& plans, MeetingService& meetings, FindingService& findings,
                    directory::Directory& dir) {
  directory::RegisterEndpoints(router, dir, Deps{plans}, kEndpoints);
  RegisterDeskRoutes(router, meetings, findings, dir);
}

}  // namespace nrm::plan
