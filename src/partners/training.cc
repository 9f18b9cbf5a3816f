// Training needs, events and evaluations (PartnersService, part 2).
// Participants are counts per agency: the module has no place for a name.
#include <algorithm>
#include <set>

#include "core/ids.h"
#include "directory/capabilities.h"
#include "partners/catalogue.h"
#include "partners/internal.h"
#include "partners/service.h"
#include "text/bounded.h"

namespace nrm::partners {

using internal::CanAny;
using internal::ExpectOneRow;
using internal::Require;

namespace {

constexpr const char* kNeedColumns =
    "SELECT id, agency_id, role, topic, people_count, priority, note, status, version, created_at, updated_at "
    "FROM training_needs";

TrainingNeed TrainingNeedFromRow(const store::Row& r) {
  return TrainingNeed{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5),
                      r.Text(6), r.Text(7), r.Int(8),  r.Int(9),  r.Int(10)};
}

bool IsPriority(const std::string& p) { return p == "low" || p == "medium" || p == "high"; }

constexpr const char* kEventColumns =
    "SELECT e.id, e.title_az, e.title_en, e.topics, e.starts_on, e.ends_on, e.organiser_agency_id, "
    "e.funding_donor_id, e.location, e.version, e.created_at, e.updated_at, "
    "(SELECT count(*) FROM training_evaluations v WHERE v.event_id = e.id), "
    "(SELECT CAST(SUM(v.score) AS BIGINT) FROM training_evaluations v WHERE v.event_id = e.id) "
    "FROM training_events e";

std::vector<std::string> SplitTopics(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t comma = s.find(',', start);
    const std::string part = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

TrainingEvent EventFromRow(const store::Row& r) {
  TrainingEvent e;
  e.id = r.Text(0);
  e.title_az = r.Text(1);
  e.title_en = r.Text(2);
  e.topics = SplitTopics(r.Text(3));
  e.starts_on = r.Text(4);
  e.ends_on = r.Text(5);
  e.organiser_agency_id = r.Text(6);
  e.funding_donor_id = r.OptText(7);
  e.location = r.Text(8);
  e.version = r.Int(9);
  e.created_at = r.Int(10);
  e.updated_at = r.Int(11);
  e.evaluations = r.Int(12);
  if (e.evaluations > 0) e.average_score = static_cast<double>(r.Int(13)) / static_cast<double>(e.evaluations);
  return e;
}

Result<std::string> JoinTopics(const std::vector<std::string>& topics) {
  if (topics.empty() || topics.size() > 12) return Fail(ErrorCode::kInvalidArgument, "give 1 to 12 topics");
  std::set<std::string> seen;
  std::string out;
  for (const auto& t : topics) {
    if (!HasCode(TrainingTopics(), t))
      return Fail(ErrorCode::kInvalidArgument, "unknown training topic: " + t.substr(0, 40));
    if (!seen.insert(t).second) continue;
    if (!out.empty()) out += ",";
    out += t;
  }
  return out;
}

Status ValidPeriod(const std::string& from, const std::string& to, const char* from_name, const char* to_name) {
  if (!IsDate(from)) return Fail(ErrorCode::kInvalidArgument, std::string(from_name) + " must be a date YYYY-MM-DD");
  if (!IsDate(to)) return Fail(ErrorCode::kInvalidArgument, std::string(to_name) + " must be a date YYYY-MM-DD");
  if (to < from) return Fail(ErrorCode::kInvalidArgument, std::string(to_name) + " is before " + from_name);
  return {};
}

}  // namespace

Result<TrainingNeed> PartnersService::CreateTrainingNeed(const Principal& who, const TrainingNeedInput& in,
                                                         const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage, directory::kPlanReport}, "recording training needs"); !s)
    return tl::unexpected(s.error());
  TrainingNeed n;
  n.agency_id = in.agency_id.value_or(who.agency_id);
  if (!who.Can(directory::kNeedsManage) && n.agency_id != who.agency_id)
    return Fail(ErrorCode::kPermissionDenied, "you may record training needs of your own agency only");
  auto role = text::CleanText(in.role, "role", 100, 1);
  if (!role) return tl::unexpected(role.error());
  n.role = *role;
  if (!HasCode(TrainingTopics(), in.topic)) return Fail(ErrorCode::kInvalidArgument, "unknown training topic");
  n.topic = in.topic;
  if (in.people_count < 1 || in.people_count > 100000)
    return Fail(ErrorCode::kInvalidArgument, "people_count must be 1..100000");
  n.people_count = in.people_count;
  if (!IsPriority(in.priority)) return Fail(ErrorCode::kInvalidArgument, "priority must be low, medium or high");
  n.priority = in.priority;
  auto note = text::CleanText(in.note, "note", 2000);
  if (!note) return tl::unexpected(note.error());
  n.note = *note;
  n.status = "open";
  n.id = NewUuidV7(clock_);
  n.created_at = n.updated_at = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  if (auto s = CheckAgency(t, n.agency_id); !s) return tl::unexpected(s.error());
  auto ins = t.Exec(
      "INSERT INTO training_needs (id, agency_id, role, topic, people_count, priority, note, status, created_by, "
      "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
      {n.id, n.agency_id, n.role, n.topic, n.people_count, n.priority, n.note, n.status, who.user_id, n.created_at,
       n.updated_at});
  if (!ins) return tl::unexpected(ins.error());
  if (auto s = Audit(t, who, "training_need.create", "training_need", n.id, request_id); !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return n;
}

Result<std::vector<TrainingNeed>> PartnersService::ListTrainingNeeds(const Principal& who,
                                                                     const std::optional<std::string>& agency_id,
                                                                     const std::optional<std::string>& topic) {
  if (auto s = Require(who, {directory::kNeedsManage, directory::kNeedsView, directory::kPlanReport},
                       "reading training needs");
      !s)
    return tl::unexpected(s.error());
  std::optional<std::string> agency = agency_id;
  if (!CanAny(who, {directory::kNeedsManage, directory::kNeedsView})) {
    if (agency && *agency != who.agency_id)
      return Fail(ErrorCode::kPermissionDenied, "you may read training needs of your own agency only");
    agency = who.agency_id;
  }
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto rows = (*tx)->Query(std::string(kNeedColumns) +
                               " WHERE (CAST(? AS TEXT) IS NULL OR agency_id = ?) AND (CAST(? AS TEXT) IS NULL OR "
                               "topic = ?) ORDER BY created_at DESC, id",
                           {store::Opt(agency), store::Opt(agency), store::Opt(topic), store::Opt(topic)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<TrainingNeed> out;
  for (const auto& r : *rows) out.push_back(TrainingNeedFromRow(r));
  return out;
}

Result<TrainingNeed> PartnersService::UpdateTrainingNeed(const Principal& who, const std::string& id,
                                                         const TrainingNeedPatch& patch,
                                                         const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage, directory::kPlanReport}, "changing training needs"); !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto rows = t.Query(std::string(kNeedColumns) + " WHERE id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such training need");
  TrainingNeed n = TrainingNeedFromRow((*rows)[0]);
  if (!who.Can(directory::kNeedsManage) && n.agency_id != who.agency_id)
    return Fail(ErrorCode::kPermissionDenied, "you may change training needs of your own agency only");
  if (patch.people_count) {
    if (*patch.people_count < 1 || *patch.people_count > 100000)
      return Fail(ErrorCode::kInvalidArgument, "people_count must be 1..100000");
    n.people_count = *patch.people_count;
  }
  if (patch.priority) {
    if (!IsPriority(*patch.priority)) return Fail(ErrorCode::kInvalidArgument, "priority must be low, medium or high");
    n.priority = *patch.priority;
  }
  if (patch.note) {
    auto v = text::CleanText(*patch.note, "note", 2000);
    if (!v) return tl::unexpected(v.error());
    n.note = *v;
  }
  if (patch.status) {
    if (*patch.status != "open" && *patch.status != "planned" && *patch.status != "met")
      return Fail(ErrorCode::kInvalidArgument, "status must be open, planned or met");
    n.status = *patch.status;
  }
  const int64_t now = clock_.NowMillis();
  auto up = t.Exec(
      "UPDATE training_needs SET people_count = ?, priority = ?, note = ?, status = ?, version = version + 1, "
      "updated_at = ? WHERE id = ? AND version = ?",
      {n.people_count, n.priority, n.note, n.status, now, id, patch.version});
  if (auto s = ExpectOneRow(up, "the training need"); !s) return tl::unexpected(s.error());
  if (auto s = Audit(t, who, "training_need.update", "training_need", id, request_id); !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  n.version = patch.version + 1;
  n.updated_at = now;
  return n;
}

Result<TrainingEvent> PartnersService::LoadEvent(store::Transaction& tx, const std::string& id) {
  auto rows = tx.Query(std::string(kEventColumns) + " WHERE e.id = ?", {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kNotFound, "no such training event");
  TrainingEvent e = EventFromRow((*rows)[0]);
  auto parts =
      tx.Query("SELECT agency_id, people FROM training_participants WHERE event_id = ? ORDER BY agency_id", {id});
  if (!parts) return tl::unexpected(parts.error());
  for (const auto& r : *parts) e.participants.push_back({r.Text(0), r.Int(1)});
  return e;
}

namespace {

Status ValidParticipants(const std::vector<Participation>& parts) {
  if (parts.size() > 100) return Fail(ErrorCode::kInvalidArgument, "at most 100 participating agencies");
  std::set<std::string> seen;
  for (const auto& p : parts) {
    if (!IsUuid(p.agency_id)) return Fail(ErrorCode::kInvalidArgument, "participants: agency_id must be an agency id");
    if (!seen.insert(p.agency_id).second) return Fail(ErrorCode::kInvalidArgument, "participants: each agency once");
    if (p.count < 0 || p.count > 100000)
      return Fail(ErrorCode::kInvalidArgument, "participants: count must be 0..100000");
  }
  return {};
}

}  // namespace

Result<TrainingEvent> PartnersService::CreateEvent(const Principal& who, const TrainingEventInput& in,
                                                   const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "recording training events"); !s)
    return tl::unexpected(s.error());
  TrainingEvent e;
  auto az = text::CleanText(in.title_az, "title_az", 300, 1);
  if (!az) return tl::unexpected(az.error());
  auto en = text::CleanText(in.title_en, "title_en", 300, 1);
  if (!en) return tl::unexpected(en.error());
  auto topics = JoinTopics(in.topics);
  if (!topics) return tl::unexpected(topics.error());
  if (auto s = ValidPeriod(in.starts_on, in.ends_on, "starts_on", "ends_on"); !s) return tl::unexpected(s.error());
  if (!IsUuid(in.organiser_agency_id))
    return Fail(ErrorCode::kInvalidArgument, "organiser_agency_id must be an agency id");
  if (in.funding_donor_id && !IsUuid(*in.funding_donor_id))
    return Fail(ErrorCode::kInvalidArgument, "funding_donor_id must be a donor id");
  auto location = text::CleanText(in.location, "location", 300);
  if (!location) return tl::unexpected(location.error());
  if (auto s = ValidParticipants(in.participants); !s) return tl::unexpected(s.error());
  const std::string id = NewUuidV7(clock_);
  const int64_t now = clock_.NowMillis();
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  if (auto s = CheckAgency(t, in.organiser_agency_id); !s) return tl::unexpected(s.error());
  if (in.funding_donor_id)
    if (auto s = CheckDonor(t, *in.funding_donor_id); !s) return tl::unexpected(s.error());
  for (const auto& p : in.participants)
    if (auto s = CheckAgency(t, p.agency_id); !s) return tl::unexpected(s.error());
  auto ins = t.Exec(
      "INSERT INTO training_events (id, title_az, title_en, topics, starts_on, ends_on, organiser_agency_id, "
      "funding_donor_id, location, created_by, version, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
      {id, *az, *en, *topics, in.starts_on, in.ends_on, in.organiser_agency_id, store::Opt(in.funding_donor_id),
       *location, who.user_id, now, now});
  if (!ins) return tl::unexpected(ins.error());
  for (const auto& p : in.participants) {
    auto r = t.Exec("INSERT INTO training_participants (event_id, agency_id, people) VALUES (?, ?, ?)",
                    {id, p.agency_id, p.count});
    if (!r) return tl::unexpected(r.error());
  }
  if (auto s = Audit(t, who, "training_event.create", "training_event", id, request_id); !s)
    return tl::unexpected(s.error());
  auto out = LoadEvent(t, id);
  if (!out) return out;
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return out;
}

Result<TrainingEvent> PartnersService::GetEvent(const Principal& who, const std::string& id) {
  if (auto s = Require(
          who, {directory::kNeedsManage, directory::kNeedsView, directory::kPlanReport, directory::kStatisticsView},
          "reading training events");
      !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  return LoadEvent(**tx, id);
}

Result<std::vector<TrainingEvent>> PartnersService::ListEvents(const Principal& who, std::optional<int> year) {
  if (auto s = Require(
          who, {directory::kNeedsManage, directory::kNeedsView, directory::kPlanReport, directory::kStatisticsView},
          "reading training events");
      !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  std::optional<std::string> prefix;
  if (year) prefix = std::to_string(*year) + "-%";
  auto rows = (*tx)->Query(std::string(kEventColumns) +
                               " WHERE CAST(? AS TEXT) IS NULL OR e.starts_on LIKE ? ORDER BY e.starts_on DESC, e.id",
                           {store::Opt(prefix), store::Opt(prefix)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<TrainingEvent> out;
  for (const auto& r : *rows) out.push_back(EventFromRow(r));
  auto parts = (*tx)->Query("SELECT event_id, agency_id, people FROM training_participants ORDER BY agency_id");
  if (!parts) return tl::unexpected(parts.error());
  for (auto& e : out)
    for (const auto& r : *parts)
      if (r.Text(0) == e.id) e.participants.push_back({r.Text(1), r.Int(2)});
  return out;
}

Result<TrainingEvent> PartnersService::UpdateEvent(const Principal& who, const std::string& id,
                                                   const TrainingEventPatch& patch, const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage}, "changing training events"); !s)
    return tl::unexpected(s.error());
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto cur = LoadEvent(t, id);
  if (!cur) return cur;
  TrainingEvent e = *cur;
  if (patch.title_az) {
    auto v = text::CleanText(*patch.title_az, "title_az", 300, 1);
    if (!v) return tl::unexpected(v.error());
    e.title_az = *v;
  }
  if (patch.title_en) {
    auto v = text::CleanText(*patch.title_en, "title_en", 300, 1);
    if (!v) return tl::unexpected(v.error());
    e.title_en = *v;
  }
  if (patch.location) {
    auto v = text::CleanText(*patch.location, "location", 300);
    if (!v) return tl::unexpected(v.error());
    e.location = *v;
  }
  if (patch.starts_on) e.starts_on = *patch.starts_on;
  if (patch.ends_on) e.ends_on = *patch.ends_on;
  if (auto s = ValidPeriod(e.starts_on, e.ends_on, "starts_on", "ends_on"); !s) return tl::unexpected(s.error());
  if (patch.funding_donor_id) {
    if (*patch.funding_donor_id) {
      if (!IsUuid(**patch.funding_donor_id))
        return Fail(ErrorCode::kInvalidArgument, "funding_donor_id must be a donor id");
      if (auto s = CheckDonor(t, **patch.funding_donor_id); !s) return tl::unexpected(s.error());
    }
    e.funding_donor_id = *patch.funding_donor_id;
  }
  const int64_t now = clock_.NowMillis();
  auto up = t.Exec(
      "UPDATE training_events SET title_az = ?, title_en = ?, starts_on = ?, ends_on = ?, funding_donor_id = ?, "
      "location = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
      {e.title_az, e.title_en, e.starts_on, e.ends_on, store::Opt(e.funding_donor_id), e.location, now, id,
       patch.version});
  if (auto s = ExpectOneRow(up, "the training event"); !s) return tl::unexpected(s.error());
  if (patch.participants) {
    if (auto s = ValidParticipants(*patch.participants); !s) return tl::unexpected(s.error());
    for (const auto& p : *patch.participants)
      if (auto s = CheckAgency(t, p.agency_id); !s) return tl::unexpected(s.error());
    if (auto r = t.Exec("DELETE FROM training_participants WHERE event_id = ?", {id}); !r)
      return tl::unexpected(r.error());
    for (const auto& p : *patch.participants) {
      auto r = t.Exec("INSERT INTO training_participants (event_id, agency_id, people) VALUES (?, ?, ?)",
                      {id, p.agency_id, p.count});
      if (!r) return tl::unexpected(r.error());
    }
  }
  if (auto s = Audit(t, who, "training_event.update", "training_event", id, request_id); !s)
    return tl::unexpected(s.error());
  auto out = LoadEvent(t, id);
  if (!out) return out;
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return out;
}

Result<TrainingEvaluation> PartnersService::AddEvaluation(const Principal& who, const std::string& event_id, int score,
                                                          const std::string& comment, const std::string& request_id) {
  if (auto s = Require(who, {directory::kNeedsManage, directory::kPlanReport}, "evaluating training events"); !s)
    return tl::unexpected(s.error());
  if (score < 1 || score > 5) return Fail(ErrorCode::kInvalidArgument, "score must be 1..5");
  auto c = text::CleanText(comment, "comment", 2000);
  if (!c) return tl::unexpected(c.error());
  TrainingEvaluation v{NewUuidV7(clock_), event_id, who.agency_id, score, *c, clock_.NowMillis()};
  auto tx = db_.Begin(store::TxMode::kWrite);
  if (!tx) return tl::unexpected(tx.error());
  auto& t = **tx;
  auto exists = t.Query("SELECT 1 FROM training_events WHERE id = ?", {event_id});
  if (!exists) return tl::unexpected(exists.error());
  if (exists->empty()) return Fail(ErrorCode::kNotFound, "no such training event");
  auto ins = t.Exec(
      "INSERT INTO training_evaluations (id, event_id, agency_id, score, comment, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {v.id, v.event_id, v.agency_id, int64_t{v.score}, v.comment, who.user_id, v.created_at});
  if (!ins) return tl::unexpected(ins.error());
  if (auto s = Audit(t, who, "training_evaluation.create", "training_event", event_id, request_id); !s)
    return tl::unexpected(s.error());
  if (auto s = t.Commit(); !s) return tl::unexpected(s.error());
  return v;
}

Result<std::vector<TrainingEvaluation>> PartnersService::ListEvaluations(const Principal& who,
                                                                         const std::string& event_id) {
  if (auto s = Require(who, {directory::kNeedsManage, directory::kPlanReport}, "reading evaluations"); !s)
    return tl::unexpected(s.error());
  std::optional<std::string> agency;
  if (!who.Can(directory::kNeedsManage)) agency = who.agency_id;
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tl::unexpected(tx.error());
  auto exists = (*tx)->Query("SELECT 1 FROM training_events WHERE id = ?", {event_id});
  if (!exists) return tl::unexpected(exists.error());
  if (exists->empty()) return Fail(ErrorCode::kNotFound, "no such training event");
  auto rows = (*tx)->Query(
      "SELECT id, event_id, agency_id, score, comment, created_at FROM training_evaluations WHERE event_id = ? "
      "AND (CAST(? AS TEXT) IS NULL OR agency_id = ?) ORDER BY created_at, id",
      {event_id, store::Opt(agency), store::Opt(agency)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<TrainingEvaluation> out;
  for (const auto& r : *rows)
    out.push_back({r.Text(0), r.Text(1), r.Text(2), static_cast<int>(r.Int(3)), r.Text(4), r.Int(5)});
  return out;
}

}  // namespace nrm::partners
