#include "plan/json_io.h"

#include <cctype>

#include "core/clock.h"
#include "http/problem.h"
#include "plan/calendar.h"

namespace nrm::plan::json_io {

using nlohmann::json;

namespace {

json Opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json OptNum(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json OptTime(const std::optional<int64_t>& ms) { return ms ? json(FormatRfc3339(*ms)) : json(nullptr); }

json DeadlineJson(const Deadline& d) {
  return json{{"kind", d.kind}, {"due", Opt(d.due)}, {"reporting_cadence", Opt(d.cadence)}, {"text", TextJson(d.text)}};
}

json CountsJson(const TaskCounts& c) {
  return json{{"total", c.total}, {"not_started", c.not_started}, {"in_progress", c.in_progress},
              {"done", c.done},   {"blocked", c.blocked},         {"overdue", c.overdue},
              {"due", c.due}};
}

json AgesJson(const FindingAges& a) {
  return json{{"agency", a.agency},           {"open", a.open},
              {"days_0_30", a.days_0_30},     {"days_31_90", a.days_31_90},
              {"days_91_180", a.days_91_180}, {"days_over_180", a.days_over_180},
              {"oldest_days", a.oldest_days}};
}

json BriefJson(const TaskBrief& t) {
  return json{{"id", t.id},
              {"plan_id", t.plan_id},
              {"number", t.number},
              {"text", TextJson(t.text)},
              {"responsible", t.responsible},
              {"status", Name(t.status)},
              {"due_state", t.due_state},
              {"due", Opt(t.due)},
              {"current_period", Opt(t.current_period)}};
}

}  // namespace

json TextJson(const Text& t) { return json{{"az", Opt(t.az)}, {"en", Opt(t.en)}}; }

json PlanJson(const Plan& p) {
  return json{{"id", p.id},
              {"code", p.code},
              {"revision", p.revision},
              {"kind", p.kind},
              {"title", TextJson(p.title)},
              {"approved_by", p.approved_by ? TextJson(*p.approved_by) : json(nullptr)},
              {"period_start", p.period_start},
              {"period_end", Opt(p.period_end)},
              {"status", p.status},
              {"item_count", p.item_count},
              {"task_count", p.task_count},
              {"created_at", FormatRfc3339(p.created_at)},
              {"updated_at", FormatRfc3339(p.updated_at)},
              {"version", p.version}};
}

json TaskJson(const Task& t) {
  return json{{"id", t.id},
              {"plan_id", t.plan_id},
              {"plan_code", t.plan_code},
              {"item_id", t.item_id},
              {"item_number", t.item_number},
              {"number", t.number},
              {"text", TextJson(t.text)},
              {"responsible", t.responsible},
              {"deadline", DeadlineJson(t.deadline)},
              {"deadline_inferred", t.deadline_inferred},
              {"internal", t.internal},
              {"status", Name(t.status)},
              {"due_state", t.due_state},
              {"current_period", Opt(t.current_period)},
              {"last_report_at", OptTime(t.last_report_at)},
              {"meeting_id", Opt(t.meeting_id)},
              {"version", t.version}};
}

json AttachmentJson(const Attachment& a) {
  return json{{"id", a.id},     {"filename", a.filename}, {"media_type", a.media_type},
              {"size", a.size}, {"sha256", a.sha256},     {"created_at", FormatRfc3339(a.created_at)}};
}

json ReportJson(const Report& r) {
  json ind = json::array();
  for (const auto& i : r.indicators)
    ind.push_back(
        json{{"name", i.name}, {"unit", Opt(i.unit)}, {"target", OptNum(i.target)}, {"value", OptNum(i.value)}});
  json att = json::array();
  for (const auto& a : r.attachments) att.push_back(AttachmentJson(a));
  return json{{"id", r.id},
              {"task_id", r.task_id},
              {"period", r.period},
              {"period_start", r.period_start},
              {"period_end", r.period_end},
              {"status", Name(r.status)},
              {"state", Name(r.state)},
              {"agency", r.agency},
              {"narrative", Opt(r.narrative)},
              {"narrative_internal", r.narrative_internal},
              {"indicators", ind},
              {"attachments", att},
              {"submitted_at", FormatRfc3339(r.submitted_at)},
              {"reviewed_at", OptTime(r.reviewed_at)},
              {"review_comment", Opt(r.review_comment)},
              {"version", r.version}};
}

json HistoryJson(const HistoryEntry& h) {
  return json{{"at", FormatRfc3339(h.at)},
              {"action", h.action},
              {"actor_user_id", Opt(h.actor_user_id)},
              {"actor_agency", Opt(h.actor_agency)},
              {"report_id", Opt(h.report_id)},
              {"period", Opt(h.period)},
              {"status", Opt(h.status)},
              {"state", Opt(h.state)},
              {"comment", Opt(h.comment)},
              {"narrative", Opt(h.narrative)}};
}

json DashboardJson(const Dashboard& d) {
  json by_item = json::array(), by_agency = json::array(), by_deadline = json::array(), overdue = json::array(),
       due = json::array(), silent = json::array(), findings = json::array();
  for (const auto& i : d.by_item)
    by_item.push_back(json{{"plan_id", i.plan_id},
                           {"item_number", i.item_number},
                           {"measure", TextJson(i.measure)},
                           {"counts", CountsJson(i.counts)}});
  for (const auto& a : d.by_agency)
    by_agency.push_back(
        json{{"agency", a.agency}, {"counts", CountsJson(a.counts)}, {"last_report_at", OptTime(a.last_report_at)}});
  for (const auto& m : d.by_deadline) by_deadline.push_back(json{{"month", m.month}, {"counts", CountsJson(m.counts)}});
  for (const auto& t : d.overdue) overdue.push_back(BriefJson(t));
  for (const auto& t : d.due) due.push_back(BriefJson(t));
  for (const auto& s : d.silent_agencies)
    silent.push_back(
        json{{"agency", s.agency}, {"open_tasks", s.open_tasks}, {"last_report_at", OptTime(s.last_report_at)}});
  for (const auto& f : d.open_findings) findings.push_back(AgesJson(f));
  return json{{"plan_id", Opt(d.plan_id)},      {"as_of", d.as_of},         {"silent_after_days", d.silent_after_days},
              {"totals", CountsJson(d.totals)}, {"by_item", by_item},       {"by_agency", by_agency},
              {"by_deadline", by_deadline},     {"overdue", overdue},       {"due", due},
              {"silent_agencies", silent},      {"open_findings", findings}};
}

json SummaryJson(const PlanSummary& s) {
  json items = json::array(), agencies = json::array(), open = json::array();
  for (const auto& i : s.items) {
    json ind = json::array();
    for (const auto& v : i.indicators)
      ind.push_back(json{{"task_number", v.task_number},
                         {"agency", v.agency},
                         {"period", v.period},
                         {"name", v.name},
                         {"unit", Opt(v.unit)},
                         {"target", OptNum(v.target)},
                         {"value", OptNum(v.value)}});
    items.push_back(json{
        {"number", i.number}, {"measure", TextJson(i.measure)}, {"counts", CountsJson(i.counts)}, {"indicators", ind}});
  }
  for (const auto& a : s.agencies)
    agencies.push_back(json{{"agency", a.agency},
                            {"counts", CountsJson(a.counts)},
                            {"reports_submitted", a.reports_submitted},
                            {"reports_accepted", a.reports_accepted}});
  for (const auto& f : s.findings.open_by_body) open.push_back(AgesJson(f));
  return json{{"plan", PlanJson(s.plan)},
              {"year", s.year},
              {"as_of", s.as_of},
              {"items", items},
              {"agencies", agencies},
              {"findings", json{{"recorded", s.findings.recorded},
                                {"answered", s.findings.answered},
                                {"closed", s.findings.closed},
                                {"open_by_body", open}}},
              {"meetings", json{{"held", s.meetings.held},
                                {"scheduled", s.meetings.scheduled},
                                {"decisions", s.meetings.decisions},
                                {"decisions_done", s.meetings.decisions_done}}}};
}

json DecisionJson(const Decision& d) {
  return json{
      {"id", d.id},   {"number", d.number},   {"text", TextJson(d.text)},          {"owner_agency", d.owner_agency},
      {"due", d.due}, {"task_id", d.task_id}, {"task_status", Name(d.task_status)}};
}

json MeetingJson(const Meeting& m) {
  json invited = json::array(), decisions = json::array();
  for (const auto& i : m.invited) invited.push_back(json{{"agency", i.agency}, {"attendance", i.attendance}});
  for (const auto& d : m.decisions) decisions.push_back(DecisionJson(d));
  return json{{"id", m.id},
              {"title", m.title},
              {"scheduled_for", FormatRfc3339(m.scheduled_for)},
              {"location", Opt(m.location)},
              {"status", m.status},
              {"agenda", m.agenda},
              {"invited", invited},
              {"minutes", Opt(m.minutes)},
              {"decisions", decisions},
              {"decisions_plan_id", Opt(m.decisions_plan_id)},
              {"created_at", FormatRfc3339(m.created_at)},
              {"updated_at", FormatRfc3339(m.updated_at)},
              {"version", m.version}};
}

json FindingJson(const Finding& f) {
  return json{{"id", f.id},
              {"title", f.title},
              {"description", f.description},
              {"addressed_to", f.addressed_to},
              {"reporter_agency", f.reporter_agency},
              {"plan_task_id", Opt(f.plan_task_id)},
              {"status", f.status},
              {"created_at", FormatRfc3339(f.created_at)},
              {"age_days", f.age_days},
              {"answer", Opt(f.answer)},
              {"answered_at", OptTime(f.answered_at)},
              {"closed_at", OptTime(f.closed_at)},
              {"close_note", Opt(f.close_note)},
              {"version", f.version}};
}

http::Response ImportProblemResponse(const std::vector<ImportProblem>& problems) {
  json errors = json::array();
  for (const auto& p : problems)
    errors.push_back(
        json{{"line", p.line > 0 ? json(p.line) : json(nullptr)}, {"field", p.field}, {"message", p.message}});
  const int status = http::HttpStatus(ErrorCode::kInvalidArgument);
  json body{{"type", std::string("https://opennrm.org/problems/") + ErrorCodeName(ErrorCode::kInvalidArgument)},
            {"title", "Invalid request"},
            {"status", status},
            {"detail", std::to_string(problems.size()) + " problem(s) found; nothing was imported"},
            {"errors", errors}};
  http::Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

Result<std::optional<Text>> OptionalText(const json& o, const char* key) {
  if (!o.contains(key) || o[key].is_null()) return std::optional<Text>{};
  const json& t = o[key];
  if (!t.is_object())
    return Fail(ErrorCode::kInvalidArgument, std::string(key) + " must be {\"az\": ..., \"en\": ...}");
  Text out;
  for (const auto& [k, v] : t.items()) {
    if (k != "az" && k != "en") return Fail(ErrorCode::kInvalidArgument, std::string(key) + ": unknown field");
    if (v.is_null()) continue;
    if (!v.is_string() || v.get<std::string>().size() > 8000)
      return Fail(ErrorCode::kInvalidArgument, std::string(key) + "." + k + " must be text of at most 8000 bytes");
    (k == "az" ? out.az : out.en) = v.get<std::string>();
  }
  return std::optional<Text>{out};
}

Result<std::optional<bool>> OptionalBool(const json& o, const char* key) {
  if (!o.contains(key) || o[key].is_null()) return std::optional<bool>{};
  if (!o[key].is_boolean()) return Fail(ErrorCode::kInvalidArgument, std::string(key) + " must be true or false");
  return std::optional<bool>{o[key].get<bool>()};
}

Result<std::optional<int64_t>> OptionalInt(const json& o, const char* key) {
  if (!o.contains(key) || o[key].is_null()) return std::optional<int64_t>{};
  if (!o[key].is_number_integer()) return Fail(ErrorCode::kInvalidArgument, std::string(key) + " must be an integer");
  return std::optional<int64_t>{o[key].get<int64_t>()};
}

Result<int64_t> RequiredVersion(const json& o) {
  if (!o.contains("version") || !o["version"].is_number_integer())
    return Fail(ErrorCode::kInvalidArgument, "version is required (the version you last read)");
  return o["version"].get<int64_t>();
}

Result<std::optional<std::vector<std::string>>> OptionalStrings(const json& o, const char* key, size_t max_items,
                                                                size_t max_bytes) {
  if (!o.contains(key) || o[key].is_null()) return std::optional<std::vector<std::string>>{};
  const json& a = o[key];
  if (!a.is_array() || a.size() > max_items)
    return Fail(ErrorCode::kInvalidArgument,
                std::string(key) + " must be an array of at most " + std::to_string(max_items) + " strings");
  std::vector<std::string> out;
  for (const auto& v : a) {
    if (!v.is_string() || v.get<std::string>().size() > max_bytes)
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(key) + " must hold strings of at most " + std::to_string(max_bytes) + " bytes");
    out.push_back(v.get<std::string>());
  }
  return std::optional<std::vector<std::string>>{out};
}

}  // namespace nrm::plan::json_io
