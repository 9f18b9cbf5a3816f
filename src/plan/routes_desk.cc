// Routes of meetings and findings (openapi.json).
#include "core/civil_date.h"
#include "core/ids.h"
#include "directory/capabilities.h"
#include "directory/routes.h"
#include "http/json.h"
#include "http/problem.h"
#include "plan/edge.h"
#include "plan/json_io.h"
#include "plan/routes.h"

namespace nrm::plan {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using namespace edge;
using namespace json_io;

Result<int64_t> RequiredDateTime(const json& body, const char* key) {
  auto s = http::RequiredString(body, key, 40);
  if (!s) return tl::unexpected(s.error());
  auto ms = civil::ParseRfc3339(*s);
  if (!ms) return Fail(ErrorCode::kInvalidArgument, std::string(key) + " must be an RFC 3339 date-time");
  return *ms;
}

}  // namespace

void RegisterDeskRoutes(http::Router& router, MeetingService& meetings, FindingService& findings,
                        directory::Directory& dir) {
  const http::RouteLimits small{.max_body_bytes = 256 * 1024, .max_header_bytes = 16 * 1024};

  // ---- Meetings.
  router.Add("GET", "/api/v1/meetings", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto list = meetings.List(*p);
               if (!list) return tl::unexpected(list.error());
               return Items(*list, MeetingJson);
             }),
             small);

  router.Add("POST", "/api/v1/meetings", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kMeetingsManage);
               if (!p) return tl::unexpected(p.error());
               auto body = JsonBody(req, {"title", "scheduled_for", "location", "agenda", "invited"});
               if (!body) return tl::unexpected(body.error());
               MeetingInput in;
               auto title = http::RequiredString(*body, "title", 300);
               if (!title) return tl::unexpected(title.error());
               in.title = *title;
               auto when = RequiredDateTime(*body, "scheduled_for");
               if (!when) return tl::unexpected(when.error());
               in.scheduled_for = *when;
               auto location = http::OptionalString(*body, "location", 300);
               if (!location) return tl::unexpected(location.error());
               in.location = *location;
               auto agenda = OptionalStrings(*body, "agenda", 100, 1000);
               if (!agenda) return tl::unexpected(agenda.error());
               in.agenda = agenda->value_or(std::vector<std::string>{});
               auto invited = OptionalStrings(*body, "invited", 200, 64);
               if (!invited) return tl::unexpected(invited.error());
               if (!*invited) return Fail(ErrorCode::kInvalidArgument, "invited is required (agency codes)");
               in.invited = **invited;
               auto m = meetings.Create(*p, in, req.request_id);
               if (!m) return tl::unexpected(m.error());
               return Created(MeetingJson(*m), "/api/v1/meetings/" + m->id);
             }),
             small);

  router.Add("GET", "/api/v1/meetings/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "meeting");
               if (!id) return tl::unexpected(id.error());
               auto m = meetings.Get(*p, *id);
               if (!m) return tl::unexpected(m.error());
               return http::JsonResponse(200, MeetingJson(*m));
             }),
             small);

  router.Add("PATCH", "/api/v1/meetings/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kMeetingsManage);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "meeting");
               if (!id) return tl::unexpected(id.error());
               auto body = JsonBody(req, {"version", "title", "scheduled_for", "location", "status", "agenda",
                                          "invited", "minutes", "attendance"});
               if (!body) return tl::unexpected(body.error());
               MeetingPatch patch;
               auto version = RequiredVersion(*body);
               if (!version) return tl::unexpected(version.error());
               patch.version = *version;
               auto title = http::OptionalString(*body, "title", 300);
               if (!title) return tl::unexpected(title.error());
               patch.title = *title;
               if (body->contains("scheduled_for")) {
                 auto when = RequiredDateTime(*body, "scheduled_for");
                 if (!when) return tl::unexpected(when.error());
                 patch.scheduled_for = *when;
               }
               auto location = http::OptionalString(*body, "location", 300);
               if (!location) return tl::unexpected(location.error());
               patch.location = *location;
               auto status = http::OptionalString(*body, "status", 16);
               if (!status) return tl::unexpected(status.error());
               patch.status = *status;
               auto minutes = http::OptionalString(*body, "minutes", 100000);
               if (!minutes) return tl::unexpected(minutes.error());
               patch.minutes = *minutes;
               auto agenda = OptionalStrings(*body, "agenda", 100, 1000);
               if (!agenda) return tl::unexpected(agenda.error());
               patch.agenda = *agenda;
               auto invited = OptionalStrings(*body, "invited", 200, 64);
               if (!invited) return tl::unexpected(invited.error());
               patch.invited = *invited;
               if (body->contains("attendance")) {
                 const json& a = (*body)["attendance"];
                 if (!a.is_array() || a.size() > 200)
                   return Fail(ErrorCode::kInvalidArgument, "attendance must be an array");
                 for (const auto& x : a) {
                   if (!x.is_object()) return Fail(ErrorCode::kInvalidArgument, "attendance entries are objects");
                   if (auto s = http::RejectUnknownFields(x, {"agency", "attendance"}); !s)
                     return tl::unexpected(s.error());
                   auto agency = http::RequiredString(x, "agency", 64);
                   if (!agency) return tl::unexpected(agency.error());
                   auto value = http::RequiredString(x, "attendance", 16);
                   if (!value) return tl::unexpected(value.error());
                   patch.attendance.push_back(Invitee{*agency, *value});
                 }
               }
               auto m = meetings.Update(*p, *id, patch, req.request_id);
               if (!m) return tl::unexpected(m.error());
               return http::JsonResponse(200, MeetingJson(*m));
             }),
             small);

  router.Add("POST", "/api/v1/meetings/{id}/decisions", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kMeetingsManage);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "meeting");
               if (!id) return tl::unexpected(id.error());
               auto body = JsonBody(req, {"text", "owner_agency", "due", "internal"});
               if (!body) return tl::unexpected(body.error());
               DecisionInput in;
               auto text = OptionalText(*body, "text");
               if (!text) return tl::unexpected(text.error());
               if (!*text) return Fail(ErrorCode::kInvalidArgument, "text is required ({\"az\": ..., \"en\": ...})");
               in.text = **text;
               auto owner = http::RequiredString(*body, "owner_agency", 64);
               if (!owner) return tl::unexpected(owner.error());
               in.owner_agency = *owner;
               auto due = http::RequiredString(*body, "due", 16);
               if (!due) return tl::unexpected(due.error());
               in.due = *due;
               auto internal = OptionalBool(*body, "internal");
               if (!internal) return tl::unexpected(internal.error());
               in.internal = internal->value_or(false);
               auto d = meetings.AddDecision(*p, *id, in, req.request_id);
               if (!d) return tl::unexpected(d.error());
               return http::JsonResponse(201, DecisionJson(*d));
             }),
             small);

  // ---- Findings.
  router.Add("GET", "/api/v1/findings", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               FindingFilter f;
               if (auto s = req.QueryParam("status")) {
                 if (*s != "open" && *s != "answered" && *s != "closed")
                   return Fail(ErrorCode::kInvalidArgument, "status must be open, answered or closed");
                 f.status = *s;
               }
               if (auto a = req.QueryParam("addressed_to")) {
                 if (a->empty() || a->size() > 64)
                   return Fail(ErrorCode::kInvalidArgument, "addressed_to must be an agency code");
                 f.addressed_to = *a;
               }
               auto list = findings.List(*p, f);
               if (!list) return tl::unexpected(list.error());
               return Items(*list, FindingJson);
             }),
             small);

  router.Add("POST", "/api/v1/findings", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto body = JsonBody(req, {"title", "description", "addressed_to", "plan_task_id"});
               if (!body) return tl::unexpected(body.error());
               FindingInput in;
               auto title = http::RequiredString(*body, "title", 300);
               if (!title) return tl::unexpected(title.error());
               in.title = *title;
               auto description = http::RequiredString(*body, "description", 20000);
               if (!description) return tl::unexpected(description.error());
               in.description = *description;
               auto to = http::RequiredString(*body, "addressed_to", 64);
               if (!to) return tl::unexpected(to.error());
               in.addressed_to = *to;
               auto task = http::OptionalString(*body, "plan_task_id", 40);
               if (!task) return tl::unexpected(task.error());
               if (*task && !IsUuid(**task)) return Fail(ErrorCode::kInvalidArgument, "plan_task_id must be a UUID");
               in.plan_task_id = *task;
               auto f = findings.Create(*p, in, req.request_id);
               if (!f) return tl::unexpected(f.error());
               return Created(FindingJson(*f), "/api/v1/findings/" + f->id);
             }),
             small);

  router.Add("GET", "/api/v1/findings/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "finding");
               if (!id) return tl::unexpected(id.error());
               auto f = findings.Get(*p, *id);
               if (!f) return tl::unexpected(f.error());
               return http::JsonResponse(200, FindingJson(*f));
             }),
             small);

  router.Add("POST", "/api/v1/findings/{id}/answer", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, nullptr);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "finding");
               if (!id) return tl::unexpected(id.error());
               auto body = JsonBody(req, {"version", "answer"});
               if (!body) return tl::unexpected(body.error());
               auto version = RequiredVersion(*body);
               if (!version) return tl::unexpected(version.error());
               auto answer = http::RequiredString(*body, "answer", 20000);
               if (!answer) return tl::unexpected(answer.error());
               auto f = findings.Answer(*p, *id, *version, *answer, req.request_id);
               if (!f) return tl::unexpected(f.error());
               return http::JsonResponse(200, FindingJson(*f));
             }),
             small);

  router.Add("POST", "/api/v1/findings/{id}/close", http::ResultHandler([&](Request& req) -> Result<Response> {
               auto p = directory::RequirePrincipal(dir, req, directory::kFindingsView);
               if (!p) return tl::unexpected(p.error());
               auto id = IdParam(req, "id", "finding");
               if (!id) return tl::unexpected(id.error());
               auto body = JsonBody(req, {"version", "note"});
               if (!body) return tl::unexpected(body.error());
               auto version = RequiredVersion(*body);
               if (!version) return tl::unexpected(version.error());
               auto note = http::OptionalString(*body, "note", 4000);
               if (!note) return tl::unexpected(note.error());
               auto f = findings.Close(*p, *id, *version, *note, req.request_id);
               if (!f) return tl::unexpected(f.error());
               return http::JsonResponse(200, FindingJson(*f));
             }),
             small);
}

}  // namespace nrm::plan
