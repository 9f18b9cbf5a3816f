// Routes of meetings and findings (openapi.json): one table of named
// handlers; the JSON shapes are plan/json.h.
#include <nlohmann/json.hpp>

#include "directory/capabilities.h"
#include "directory/endpoint.h"
#include "http/json.h"
#include "plan/json.h"
#include "plan/routes.h"

namespace nrm::plan {

namespace {

using directory::Call;
using http::Response;

struct Deps {
  MeetingService& meetings;
  FindingService& findings;
};

template <class T>
Response List(const std::vector<T>& list) {
  return http::Items(list, [](const T& x) { return ToJson(x); });
}

// A list that a PATCH changes only when it is given (absent or null: kept).
std::optional<std::vector<std::string>> ChangedList(http::JsonReader& in, const char* name, size_t items,
                                                    size_t bytes) {
  const nlohmann::json* v = in.Raw(name);
  if (!v || v->is_null()) return std::nullopt;
  return in.TextList(name, items, bytes);
}

Result<Response> ListMeetings(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto list, d.meetings.List(c.who));
  return List(list);
}

Result<Response> CreateMeeting(const Deps& d, Call& c) {
  auto in = c.in.Body();
  MeetingInput m;
  m.title = in.Text("title", 300);
  m.scheduled_for = ReadDateTime(in, "scheduled_for", true).value_or(0);
  m.location = in.OptText("location", 300);
  m.agenda = in.TextList("agenda", 100, 1000);
  m.invited = in.TextList("invited", 200, 64, /*required=*/true);  // agency codes
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto meeting, d.meetings.Create(c.who, m, c.req.request_id));
  return http::Created(ToJson(meeting), "/api/v1/meetings/" + meeting.id);
}

Result<Response> GetMeeting(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "meeting"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto meeting, d.meetings.Get(c.who, id));
  return http::JsonResponse(200, ToJson(meeting));
}

Result<Response> PatchMeeting(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "meeting"));
  auto in = c.in.Body();
  MeetingPatch patch;
  patch.version = in.Version();
  patch.title = in.OptText("title", 300);
  patch.scheduled_for = ReadDateTime(in, "scheduled_for", false);
  patch.location = in.OptText("location", 300);
  patch.status = in.OptText("status", 16);
  patch.minutes = in.OptText("minutes", 100000);
  patch.agenda = ChangedList(in, "agenda", 100, 1000);
  patch.invited = ChangedList(in, "invited", 200, 64);
  for (auto& a : in.Objects("attendance", 200))
    patch.attendance.push_back(Invitee{a.Text("agency", 64), a.Text("attendance", 16)});
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto meeting, d.meetings.Update(c.who, id, patch, c.req.request_id));
  return http::JsonResponse(200, ToJson(meeting));
}

Result<Response> AddDecision(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "meeting"));
  auto in = c.in.Body();
  DecisionInput decision;
  decision.text = ReadText(in, "text", true).value_or(Text{});
  decision.owner_agency = in.Text("owner_agency", 64);
  decision.due = in.Text("due", 16);
  decision.internal = in.OptBool("internal").value_or(false);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto stored, d.meetings.AddDecision(c.who, id, decision, c.req.request_id));
  return http::JsonResponse(201, ToJson(stored));
}

Result<Response> ListFindings(const Deps& d, Call& c) {
  auto q = c.in.Query();
  FindingFilter f;
  f.status = q.OneOf("status", {"open", "answered", "closed"});
  f.addressed_to = q.Text("addressed_to", 64);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto list, d.findings.List(c.who, f));
  return List(list);
}

Result<Response> CreateFinding(const Deps& d, Call& c) {
  auto in = c.in.Body();
  FindingInput f;
  f.title = in.Text("title", 300);
  f.description = in.Text("description", 20000);
  f.addressed_to = in.Text("addressed_to", 64);
  f.plan_task_id = in.OptUuid("plan_task_id");
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto finding, d.findings.Create(c.who, f, c.req.request_id));
  return http::Created(ToJson(finding), "/api/v1/findings/" + finding.id);
}

Result<Response> GetFinding(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "finding"));
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto finding, d.findings.Get(c.who, id));
  return http::JsonResponse(200, ToJson(finding));
}

// The body it is addressed to answers: FindingService decides.
Result<Response> AnswerFinding(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "finding"));
  auto in = c.in.Body();
  const int64_t version = in.Version();
  const std::string answer = in.Text("answer", 20000);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto finding, d.findings.Answer(c.who, id, version, answer, c.req.request_id));
  return http::JsonResponse(200, ToJson(finding));
}

Result<Response> CloseFinding(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "finding"));
  auto in = c.in.Body();
  const int64_t version = in.Version();
  const auto note = in.OptText("note", 4000);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto finding, d.findings.Close(c.who, id, version, note, c.req.request_id));
  return http::JsonResponse(200, ToJson(finding));
}

using directory::Holding;
using directory::HoldingAny;
using directory::kNoBody;
using directory::kSmallBody;
using directory::SignedIn;
const directory::Endpoint<Deps> kEndpoints[] = {
    {"GET", "/api/v1/meetings", SignedIn(), kNoBody, ListMeetings},
    {"POST", "/api/v1/meetings", Holding(directory::kMeetingsManage), kSmallBody, CreateMeeting},
    {"GET", "/api/v1/meetings/{id}", SignedIn(), kNoBody, GetMeeting},
    {"PATCH", "/api/v1/meetings/{id}", Holding(directory::kMeetingsManage), 256 * 1024, PatchMeeting},  // minutes
    {"POST", "/api/v1/meetings/{id}/decisions", Holding(directory::kMeetingsManage), kSmallBody, AddDecision},
    {"GET", "/api/v1/findings", SignedIn(), kNoBody, ListFindings},
    {"POST", "/api/v1/findings", HoldingAny(directory::kFindingsCreate, directory::kPlanReport), kSmallBody,
     CreateFinding},
    {"GET", "/api/v1/findings/{id}", SignedIn(), kNoBody, GetFinding},
    {"POST", "/api/v1/findings/{id}/answer", SignedIn(), kSmallBody, AnswerFinding},
    {"POST", "/api/v1/findings/{id}/close", Holding(directory::kFindingsView), 16 * 1024, CloseFinding},
};

}  // namespace

void RegisterDeskRoutes(http::Router& router, MeetingService& meetings, FindingService& findings,
                        directory::Directory& dir) {
  directory::RegisterEndpoints(router, dir, Deps{meetings, findings}, kEndpoints);
}

}  // namespace nrm::plan
