#include "plan/meetings.h"

#include <algorithm>

#include "core/ids.h"
#include "directory/capabilities.h"
#include "plan/calendar.h"
#include "plan/store.h"

namespace nrm::plan {

using directory::Principal;

namespace {

bool IsAttendance(const std::string& a) { return a == "invited" || a == "present" || a == "absent" || a == "excused"; }

Status ValidateTexts(const std::optional<std::string>& title, const std::optional<std::string>& location,
                     const std::optional<std::vector<std::string>>& agenda) {
  if (title && (title->empty() || title->size() > 300))
    return Fail(ErrorCode::kInvalidArgument, "title must be 1..300 bytes");
  if (location && location->size() > 300) return Fail(ErrorCode::kInvalidArgument, "location is at most 300 bytes");
  if (agenda) {
    if (agenda->size() > 100) return Fail(ErrorCode::kInvalidArgument, "at most 100 agenda items");
    for (const auto& a : *agenda)
      if (a.empty() || a.size() > 1000)
        return Fail(ErrorCode::kInvalidArgument, "an agenda item must be 1..1000 bytes");
  }
  return {};
}

Status WriteAgenda(store::Transaction& tx, const std::string& id, const std::vector<std::string>& agenda) {
  if (auto d = tx.Exec("DELETE FROM meeting_agenda WHERE meeting_id = ?", {id}); !d) return tl::unexpected(d.error());
  int64_t pos = 0;
  for (const auto& a : agenda)
    if (auto i = tx.Exec("INSERT INTO meeting_agenda (meeting_id, position, text) VALUES (?, ?, ?)", {id, pos++, a});
        !i)
      return tl::unexpected(i.error());
  return {};
}

// Replaces the invited agencies, keeping the attendance of those who stay.
Status WriteInvitees(store::Transaction& tx, const std::string& id, const std::vector<std::string>& codes,
                     const internal::AgencyIndex& agencies) {
  if (codes.size() > 200) return Fail(ErrorCode::kInvalidArgument, "at most 200 invited agencies");
  std::vector<std::string> ids;
  for (const auto& c : codes) {
    auto it = agencies.id_by_code.find(c);
    if (it == agencies.id_by_code.end())
      return Fail(ErrorCode::kInvalidArgument, "unknown agency code \"" + c.substr(0, 64) + "\"");
    if (std::find(ids.begin(), ids.end(), it->second) == ids.end()) ids.push_back(it->second);
  }
  auto rows = tx.Query("SELECT agency_id FROM meeting_invitees WHERE meeting_id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& r : *rows)
    if (std::find(ids.begin(), ids.end(), r.Text(0)) == ids.end())
      if (auto d = tx.Exec("DELETE FROM meeting_invitees WHERE meeting_id = ? AND agency_id = ?", {id, r.Text(0)}); !d)
        return tl::unexpected(d.error());
  for (const auto& a : ids)
    if (auto i = tx.Exec("INSERT INTO meeting_invitees (meeting_id, agency_id, attendance) VALUES (?, ?, 'invited') "
                         "ON CONFLICT (meeting_id, agency_id) DO NOTHING",
                         {id, a});
        !i)
      return tl::unexpected(i.error());
  return {};
}

Result<Meeting> LoadMeeting(store::Transaction& tx, const std::string& id, const internal::AgencyIndex& agencies) {
  auto rows = tx.Query(
      "SELECT id, title, scheduled_for, location, status, minutes, decisions_plan_id, created_at, updated_at, version "
      "FROM meetings WHERE id = ?",
      {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such meeting");
  const auto& r = (*rows)[0];
  Meeting m;
  m.id = r.Text(0);
  m.title = r.Text(1);
  m.scheduled_for = r.Int(2);
  m.location = r.OptText(3);
  m.status = r.Text(4);
  m.minutes = r.OptText(5);
  m.decisions_plan_id = r.OptText(6);
  m.created_at = r.Int(7);
  m.updated_at = r.Int(8);
  m.version = r.Int(9);
  auto agenda = tx.Query("SELECT text FROM meeting_agenda WHERE meeting_id = ? ORDER BY position", {id});
  if (!agenda) return tl::unexpected(agenda.error());
  for (const auto& a : *agenda) m.agenda.push_back(a.Text(0));
  auto inv = tx.Query("SELECT agency_id, attendance FROM meeting_invitees WHERE meeting_id = ?", {id});
  if (!inv) return tl::unexpected(inv.error());
  for (const auto& a : *inv) m.invited.push_back(Invitee{agencies.Code(a.Text(0)), a.Text(1)});
  std::sort(m.invited.begin(), m.invited.end(), [](const Invitee& a, const Invitee& b) { return a.agency < b.agency; });
  auto dec = tx.Query(
      "SELECT d.id, t.number, t.text_az, t.text_en, d.owner_agency_id, d.due, d.task_id, t.status "
      "FROM meeting_decisions d JOIN plan_tasks t ON t.id = d.task_id WHERE d.meeting_id = ? ORDER BY d.position",
      {id});
  if (!dec) return tl::unexpected(dec.error());
  for (const auto& d : *dec)
    m.decisions.push_back(Decision{d.Text(0), d.Text(1), Text{d.OptText(2), d.OptText(3)}, agencies.Code(d.Text(4)),
                                   d.Text(5), d.Text(6), ParseTaskStatus(d.Text(7)).value_or(TaskStatus::kNotStarted)});
  return m;
}

bool MaySee(const Principal& actor, const Meeting& m, const internal::AgencyIndex& agencies) {
  if (actor.Can(directory::kMeetingsManage) || actor.Can(directory::kPlanReview)) return true;
  if (!actor.Can(directory::kPlanReport)) return false;
  const std::string mine = agencies.Code(actor.agency_id);
  return std::any_of(m.invited.begin(), m.invited.end(), [&](const Invitee& i) { return i.agency == mine; });
}

// Who reads meetings at all (which ones is MaySee).
Status MayReadMeetings(const Principal& actor) {
  if (!actor.Can(directory::kMeetingsManage) && !actor.Can(directory::kPlanReview) &&
      !actor.Can(directory::kPlanReport))
    return Fail(ErrorCode::kPermissionDenied, "you may not read meetings");
  return {};
}

}  // namespace

MeetingService::MeetingService(store::Database& db, audit::AuditLog& audit, const Clock& clock)
    : db_(db), audit_(audit), clock_(clock) {}

std::string MeetingService::DecisionsPlanCode(int year) { return "meetings-" + std::to_string(year); }

Result<Meeting> MeetingService::Create(const Principal& actor, const MeetingInput& in, const std::string& request_id) {
  if (!actor.Can(directory::kMeetingsManage))
    return Fail(ErrorCode::kPermissionDenied, "scheduling a meeting needs meetings.manage");
  if (auto s = ValidateTexts(in.title, in.location, in.agenda); !s) return tl::unexpected(s.error());
  if (in.invited.empty()) return Fail(ErrorCode::kInvalidArgument, "invite at least one agency");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  const int64_t now = clock_.NowMillis();
  const std::string id = NewUuidV7(clock_);
  auto ins = t.Exec(
      "INSERT INTO meetings (id, title, scheduled_for, location, status, created_by, created_at, updated_at, version) "
      "VALUES (?, ?, ?, ?, 'scheduled', ?, ?, ?, 1)",
      {id, in.title, in.scheduled_for, store::Opt(in.location), actor.user_id, now, now});
  if (!ins) return tl::unexpected(ins.error());
  if (auto s = WriteAgenda(t, id, in.agenda); !s) return tl::unexpected(s.error());
  if (auto s = WriteInvitees(t, id, in.invited, *agencies); !s) return tl::unexpected(s.error());
  auto m = LoadMeeting(t, id, *agencies);
  if (!m) return tl::unexpected(m.error());
  if (auto s = internal::AuditChange(audit_, t, &actor, "meeting.create", "meeting", id, request_id); !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return m;
}

Result<std::vector<Meeting>> MeetingService::List(const Principal& actor) {
  if (auto s = MayReadMeetings(actor); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto agencies = internal::LoadAgencies(**tx);
  if (!agencies) return tl::unexpected(agencies.error());
  auto rows = (*tx)->Query("SELECT id FROM meetings ORDER BY scheduled_for DESC, id DESC LIMIT 500");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Meeting> out;
  for (const auto& r : *rows) {
    auto m = LoadMeeting(**tx, r.Text(0), *agencies);
    if (!m) return tl::unexpected(m.error());
    if (MaySee(actor, *m, *agencies)) out.push_back(std::move(*m));
  }
  return out;
}

Result<Meeting> MeetingService::Get(const Principal& actor, const std::string& id) {
  if (auto s = MayReadMeetings(actor); !s) return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto agencies = internal::LoadAgencies(**tx);
  if (!agencies) return tl::unexpected(agencies.error());
  auto m = LoadMeeting(**tx, id, *agencies);
  if (!m) return tl::unexpected(m.error());
  if (!MaySee(actor, *m, *agencies))
    return Fail(ErrorCode::kPermissionDenied, "your agency is not invited to this meeting");
  return m;
}

Result<Meeting> MeetingService::Update(const Principal& actor, const std::string& id, const MeetingPatch& p,
                                       const std::string& request_id) {
  if (!actor.Can(directory::kMeetingsManage))
    return Fail(ErrorCode::kPermissionDenied, "changing a meeting needs meetings.manage");
  if (auto s = ValidateTexts(p.title, p.location, p.agenda); !s) return tl::unexpected(s.error());
  if (p.status && *p.status != "scheduled" && *p.status != "held" && *p.status != "cancelled")
    return Fail(ErrorCode::kInvalidArgument, "status must be scheduled, held or cancelled");
  if (p.minutes && p.minutes->size() > 100000)
    return Fail(ErrorCode::kInvalidArgument, "minutes are at most 100000 bytes");
  for (const auto& a : p.attendance)
    if (!IsAttendance(a.attendance))
      return Fail(ErrorCode::kInvalidArgument, "attendance must be invited, present, absent or excused");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  auto cur = LoadMeeting(t, id, *agencies);
  if (!cur) return tl::unexpected(cur.error());
  auto u = t.Exec(
      "UPDATE meetings SET title = ?, scheduled_for = ?, location = ?, status = ?, minutes = ?, updated_at = ?, "
      "version = version + 1 WHERE id = ? AND version = ?",
      {p.title.value_or(cur->title), p.scheduled_for.value_or(cur->scheduled_for),
       store::Opt(p.location ? p.location : cur->location), p.status.value_or(cur->status),
       store::Opt(p.minutes ? p.minutes : cur->minutes), clock_.NowMillis(), id, p.version});
  if (!u) return tl::unexpected(u.error());
  if (*u == 0) return Fail(ErrorCode::kConflict, "the meeting was changed by someone else; reload it");
  if (p.agenda)
    if (auto s = WriteAgenda(t, id, *p.agenda); !s) return tl::unexpected(s.error());
  if (p.invited)
    if (auto s = WriteInvitees(t, id, *p.invited, *agencies); !s) return tl::unexpected(s.error());
  for (const auto& a : p.attendance) {
    auto it = agencies->id_by_code.find(a.agency);
    if (it == agencies->id_by_code.end()) return Fail(ErrorCode::kInvalidArgument, "unknown agency code in attendance");
    auto n = t.Exec("UPDATE meeting_invitees SET attendance = ? WHERE meeting_id = ? AND agency_id = ?",
                    {a.attendance, id, it->second});
    if (!n) return tl::unexpected(n.error());
    if (*n == 0)
      return Fail(ErrorCode::kInvalidArgument, "attendance names an agency that is not invited: " + a.agency);
  }
  auto m = LoadMeeting(t, id, *agencies);
  if (!m) return tl::unexpected(m.error());
  if (auto s = internal::AuditChange(audit_, t, &actor, "meeting.update", "meeting", id, request_id,
                                     {{"status", m->status}});
      !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return m;
}

Result<Decision> MeetingService::AddDecision(const Principal& actor, const std::string& meeting_id,
                                             const DecisionInput& in, const std::string& request_id) {
  if (!actor.Can(directory::kMeetingsManage))
    return Fail(ErrorCode::kPermissionDenied, "recording a decision needs meetings.manage");
  const bool has_text = (in.text.az && !in.text.az->empty()) || (in.text.en && !in.text.en->empty());
  if (!has_text) return Fail(ErrorCode::kInvalidArgument, "the decision needs an az or en text");
  for (const auto& x : {in.text.az, in.text.en})
    if (x && x->size() > 8000) return Fail(ErrorCode::kInvalidArgument, "the decision text is at most 8000 bytes");
  if (!ParseDate(in.due)) return Fail(ErrorCode::kInvalidArgument, "due must be a date YYYY-MM-DD");
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto agencies = internal::LoadAgencies(t);
  if (!agencies) return tl::unexpected(agencies.error());
  if (!agencies->id_by_code.count(in.owner_agency))
    return Fail(ErrorCode::kInvalidArgument, "unknown owner agency code");
  auto meeting = LoadMeeting(t, meeting_id, *agencies);
  if (!meeting) return tl::unexpected(meeting.error());
  if (meeting->status == "cancelled") return Fail(ErrorCode::kConflict, "a cancelled meeting takes no decisions");
  const int64_t now = clock_.NowMillis();
  const int year = YearOf(DayOfMillis(meeting->scheduled_for));
  const std::string code = DecisionsPlanCode(year);

  // The year's decisions plan, created with the first decision.
  auto plan_rows = t.Query("SELECT id FROM plans WHERE code = ? ORDER BY revision DESC LIMIT 1", {code});
  if (!plan_rows) return tl::unexpected(plan_rows.error());
  std::string plan_id;
  if (plan_rows->empty()) {
    PlanSpec spec;
    spec.code = code;
    spec.kind = "meeting_decisions";
    spec.title = Text{"Əlaqələndirmə görüşlərinin qərarları, " + std::to_string(year),
                      "Decisions of coordination meetings, " + std::to_string(year)};
    spec.period_start = std::to_string(year) + "-01-01";
    spec.period_end = std::to_string(year) + "-12-31";
    plan_id = NewUuidV7(clock_);
    auto plan = internal::InsertPlan(t, spec, &actor, now, plan_id);
    if (!plan) return tl::unexpected(plan.error());
  } else {
    plan_id = (*plan_rows)[0].Text(0);
  }
  // The meeting's item in that plan.
  auto item_rows =
      t.Query("SELECT id, number FROM plan_items WHERE plan_id = ? AND meeting_id = ?", {plan_id, meeting_id});
  if (!item_rows) return tl::unexpected(item_rows.error());
  std::string item_id;
  int64_t item_number = 0;
  if (item_rows->empty()) {
    auto next = t.Query("SELECT COALESCE(MAX(number), 0) + 1 FROM plan_items WHERE plan_id = ?", {plan_id});
    if (!next) return tl::unexpected(next.error());
    ItemSpec item;
    item.number = static_cast<int>((*next)[0].Int(0));
    item.measure = Text{meeting->title, meeting->title};
    item.responsible = {};
    item.deadline = Deadline{"date", in.due, std::nullopt, {}};
    if (auto s = internal::InsertItem(t, plan_id, item, *agencies, &actor, now, clock_, meeting_id); !s)
      return tl::unexpected(s.error());
    auto again =
        t.Query("SELECT id, number FROM plan_items WHERE plan_id = ? AND meeting_id = ?", {plan_id, meeting_id});
    if (!again || again->empty()) return Fail(ErrorCode::kInternal, "the meeting's item was not stored");
    item_id = (*again)[0].Text(0);
    item_number = (*again)[0].Int(1);
  } else {
    item_id = (*item_rows)[0].Text(0);
    item_number = (*item_rows)[0].Int(1);
  }
  auto count = t.Query("SELECT count(*) FROM plan_tasks WHERE item_id = ?", {item_id});
  if (!count) return tl::unexpected(count.error());
  const int64_t n = (*count)[0].Int(0) + 1;
  TaskSpec task;
  task.number = std::to_string(item_number) + "." + std::to_string(n);
  task.text = in.text;
  task.deadline = Deadline{"date", in.due, std::nullopt, Text{in.due, in.due}};
  task.internal = in.internal;
  const std::string task_id = NewUuidV7(clock_);
  if (auto s = internal::InsertTask(t, plan_id, item_id, static_cast<int>(n - 1), task, {in.owner_agency}, *agencies,
                                    &actor, now, task_id, meeting_id);
      !s)
    return tl::unexpected(s.error());
  // The item's bodies: every owner of a decision taken at the meeting.
  if (auto a = t.Exec("INSERT INTO plan_item_agencies (item_id, agency_id, position) VALUES (?, ?, ?) "
                      "ON CONFLICT (item_id, agency_id) DO NOTHING",
                      {item_id, agencies->id_by_code.at(in.owner_agency), n});
      !a)
    return tl::unexpected(a.error());
  if (auto u =
          t.Exec("UPDATE plan_items SET deadline_due = ? WHERE id = ? AND (deadline_due IS NULL OR deadline_due < ?)",
                 {in.due, item_id, in.due});
      !u)
    return tl::unexpected(u.error());
  if (auto s = internal::AppendHistory(t, clock_, &actor, internal::HistoryRow{task_id, std::nullopt, "task.create"});
      !s)
    return tl::unexpected(s.error());
  const std::string decision_id = NewUuidV7(clock_);
  auto ins = t.Exec(
      "INSERT INTO meeting_decisions (id, meeting_id, position, task_id, owner_agency_id, due, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {decision_id, meeting_id, n, task_id, agencies->id_by_code.at(in.owner_agency), in.due, now});
  if (!ins) return tl::unexpected(ins.error());
  auto u = t.Exec(
      "UPDATE meetings SET decisions_plan_id = ?, decisions_item_id = ?, updated_at = ?, version = version + 1 "
      "WHERE id = ?",
      {plan_id, item_id, now, meeting_id});
  if (!u) return tl::unexpected(u.error());
  if (auto s = internal::AuditChange(audit_, t, &actor, "meeting.decision", "meeting", meeting_id, request_id,
                                     {{"task_id", task_id}, {"decision_id", decision_id}, {"owner", in.owner_agency}});
      !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return Decision{decision_id, task.number, in.text, in.owner_agency, in.due, task_id, TaskStatus::kNotStarted};
}

}  // namespace nrm::plan
