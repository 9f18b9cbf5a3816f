// Training topics, needs, events and evaluations over HTTP.
#include "directory/capabilities.h"
#include "directory/routes.h"
#include "http/problem.h"
#include "partners/catalogue.h"
#include "partners/edge.h"
#include "partners/routes.h"

namespace nrm::partners {

namespace {

using edge::json;
using edge::OptJson;
using edge::Time;
using http::Request;
using http::Response;

json TrainingNeedJson(const TrainingNeed& n) {
  return json{{"id", n.id},
              {"agency_id", n.agency_id},
              {"role", n.role},
              {"topic", n.topic},
              {"people_count", n.people_count},
              {"priority", n.priority},
              {"note", n.note},
              {"status", n.status},
              {"version", n.version},
              {"created_at", Time(n.created_at)},
              {"updated_at", Time(n.updated_at)}};
}

json EventJson(const TrainingEvent& e) {
  json parts = json::array();
  for (const auto& p : e.participants) parts.push_back(json{{"agency_id", p.agency_id}, {"count", p.count}});
  return json{{"id", e.id},
              {"title", {{"az", e.title_az}, {"en", e.title_en}}},
              {"topics", e.topics},
              {"starts_on", e.starts_on},
              {"ends_on", e.ends_on},
              {"organiser_agency_id", e.organiser_agency_id},
              {"funding_donor_id", OptJson(e.funding_donor_id)},
              {"location", e.location},
              {"participants", parts},
              {"participants_total", e.ParticipantsTotal()},
              {"names_recorded", false},
              {"evaluations", e.evaluations},
              {"average_score", e.average_score ? json(*e.average_score) : json(nullptr)},
              {"version", e.version},
              {"created_at", Time(e.created_at)},
              {"updated_at", Time(e.updated_at)}};
}

json EvaluationJson(const TrainingEvaluation& v) {
  return json{{"id", v.id},       {"event_id", v.event_id}, {"agency_id", v.agency_id},
              {"score", v.score}, {"comment", v.comment},   {"created_at", Time(v.created_at)}};
}

Result<std::vector<Participation>> ParticipantsFrom(const json& v) {
  if (!v.is_array()) return Fail(ErrorCode::kInvalidArgument, "participants must be a list of {agency_id, count}");
  std::vector<Participation> out;
  for (const auto& p : v) {
    if (!p.is_object()) return Fail(ErrorCode::kInvalidArgument, "participants must be a list of {agency_id, count}");
    if (auto s = http::RejectUnknownFields(p, {"agency_id", "count"}); !s) return tl::unexpected(s.error());
    auto agency = http::RequiredString(p, "agency_id", 40);
    if (!agency) return tl::unexpected(agency.error());
    auto count = edge::ReqInt(p, "count", 0, 100000);
    if (!count) return tl::unexpected(count.error());
    out.push_back({*agency, *count});
  }
  return out;
}

Result<std::vector<std::string>> TopicsFrom(const json& v) {
  if (!v.is_array()) return Fail(ErrorCode::kInvalidArgument, "topics must be a list of topic codes");
  std::vector<std::string> out;
  for (const auto& t : v) {
    if (!t.is_string() || t.get_ref<const std::string&>().size() > 40)
      return Fail(ErrorCode::kInvalidArgument, "topics must be a list of topic codes");
    out.push_back(t.get<std::string>());
  }
  return out;
}

}  // namespace

void RegisterTrainingRoutes(http::Router& router, PartnersService& svc, directory::Directory& dir) {
  router.Add("GET", "/api/v1/training/topics", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               return edge::Items(TrainingTopics(), edge::CodeLabelJson);
             }));

  router.Add("GET", "/api/v1/training/needs", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(agency, edge::QueryUuid(req, "agency_id"));
               NRM_TRY_RESULT(list, svc.ListTrainingNeeds(*p, *agency, req.QueryParam("topic")));
               return edge::Items(*list, TrainingNeedJson);
             }));

  router.Add(
      "POST", "/api/v1/training/needs", http::ResultHandler([&](Request& req) -> Result<Response> {
        NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
        NRM_TRY_RESULT(body, edge::Body(req, {"agency_id", "role", "topic", "people_count", "priority", "note"}));
        TrainingNeedInput in;
        NRM_TRY_RESULT(agency, http::OptionalString(*body, "agency_id", 40));
        NRM_TRY_RESULT(role, http::RequiredString(*body, "role", 100));
        NRM_TRY_RESULT(topic, http::RequiredString(*body, "topic", 40));
        NRM_TRY_RESULT(count, edge::ReqInt(*body, "people_count", INT64_MIN, INT64_MAX));
        NRM_TRY_RESULT(priority, http::OptionalString(*body, "priority", 10));
        NRM_TRY_RESULT(note, http::OptionalString(*body, "note", 2000));
        if (*agency && !IsUuid(**agency)) return Fail(ErrorCode::kInvalidArgument, "agency_id must be an agency id");
        in.agency_id = *agency;
        in.role = *role;
        in.topic = *topic;
        in.people_count = *count;
        in.priority = priority->value_or("medium");
        in.note = note->value_or("");
        NRM_TRY_RESULT(n, svc.CreateTrainingNeed(*p, in, req.request_id));
        return http::JsonResponse(201, TrainingNeedJson(*n));
      }));

  router.Add("PATCH", "/api/v1/training/needs/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(body, edge::Body(req, {"version", "people_count", "priority", "note", "status"}));
               TrainingNeedPatch patch;
               NRM_TRY_RESULT(version, edge::Version(*body));
               NRM_TRY_RESULT(count, edge::OptInt(*body, "people_count", INT64_MIN, INT64_MAX));
               NRM_TRY_RESULT(priority, http::OptionalString(*body, "priority", 10));
               NRM_TRY_RESULT(note, http::OptionalString(*body, "note", 2000));
               NRM_TRY_RESULT(status, http::OptionalString(*body, "status", 20));
               patch.version = *version;
               patch.people_count = *count;
               patch.priority = *priority;
               patch.note = *note;
               patch.status = *status;
               NRM_TRY_RESULT(n, svc.UpdateTrainingNeed(*p, *id, patch, req.request_id));
               return http::JsonResponse(200, TrainingNeedJson(*n));
             }));

  router.Add("GET", "/api/v1/training/events", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(year, edge::QueryYear(req));
               NRM_TRY_RESULT(list, svc.ListEvents(*p, *year));
               return edge::Items(*list, EventJson);
             }));

  router.Add("POST", "/api/v1/training/events", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(body,
                              edge::Body(req, {"title_az", "title_en", "topics", "starts_on", "ends_on",
                                               "organiser_agency_id", "funding_donor_id", "location", "participants"}));
               TrainingEventInput in;
               NRM_TRY_RESULT(az, http::RequiredString(*body, "title_az", 300));
               NRM_TRY_RESULT(en, http::RequiredString(*body, "title_en", 300));
               NRM_TRY_RESULT(from, http::RequiredString(*body, "starts_on", 10));
               NRM_TRY_RESULT(to, http::RequiredString(*body, "ends_on", 10));
               NRM_TRY_RESULT(organiser, http::RequiredString(*body, "organiser_agency_id", 40));
               NRM_TRY_RESULT(donor, edge::NullableString(*body, "funding_donor_id", 40));
               NRM_TRY_RESULT(location, http::OptionalString(*body, "location", 300));
               if (!body->contains("topics")) return Fail(ErrorCode::kInvalidArgument, "topics is required");
               NRM_TRY_RESULT(topics, TopicsFrom((*body)["topics"]));
               in.title_az = *az;
               in.title_en = *en;
               in.starts_on = *from;
               in.ends_on = *to;
               in.organiser_agency_id = *organiser;
               if (*donor) in.funding_donor_id = **donor;
               in.location = location->value_or("");
               in.topics = *topics;
               if (body->contains("participants")) {
                 NRM_TRY_RESULT(parts, ParticipantsFrom((*body)["participants"]));
                 in.participants = *parts;
               }
               NRM_TRY_RESULT(e, svc.CreateEvent(*p, in, req.request_id));
               return edge::Created(EventJson(*e), "/api/v1/training/events/" + e->id);
             }));

  router.Add("GET", "/api/v1/training/events/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(e, svc.GetEvent(*p, *id));
               return http::JsonResponse(200, EventJson(*e));
             }));

  router.Add("PATCH", "/api/v1/training/events/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(body, edge::Body(req, {"version", "title_az", "title_en", "starts_on", "ends_on",
                                                     "funding_donor_id", "location", "participants"}));
               TrainingEventPatch patch;
               NRM_TRY_RESULT(version, edge::Version(*body));
               NRM_TRY_RESULT(az, http::OptionalString(*body, "title_az", 300));
               NRM_TRY_RESULT(en, http::OptionalString(*body, "title_en", 300));
               NRM_TRY_RESULT(from, http::OptionalString(*body, "starts_on", 10));
               NRM_TRY_RESULT(to, http::OptionalString(*body, "ends_on", 10));
               NRM_TRY_RESULT(location, http::OptionalString(*body, "location", 300));
               NRM_TRY_RESULT(donor, edge::NullableString(*body, "funding_donor_id", 40));
               patch.version = *version;
               patch.title_az = *az;
               patch.title_en = *en;
               patch.starts_on = *from;
               patch.ends_on = *to;
               patch.location = *location;
               patch.funding_donor_id = *donor;
               if (body->contains("participants")) {
                 NRM_TRY_RESULT(parts, ParticipantsFrom((*body)["participants"]));
                 patch.participants = *parts;
               }
               NRM_TRY_RESULT(e, svc.UpdateEvent(*p, *id, patch, req.request_id));
               return http::JsonResponse(200, EventJson(*e));
             }));

  router.Add("GET", "/api/v1/training/events/{id}/evaluations",
             http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(list, svc.ListEvaluations(*p, *id));
               return edge::Items(*list, EvaluationJson);
             }));

  router.Add(
      "POST", "/api/v1/training/events/{id}/evaluations", http::ResultHandler([&](Request& req) -> Result<Response> {
        NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
        NRM_TRY_RESULT(id, edge::PathId(req));
        NRM_TRY_RESULT(body, edge::Body(req, {"score", "comment"}));
        NRM_TRY_RESULT(score, edge::ReqInt(*body, "score", INT64_MIN, INT64_MAX));
        NRM_TRY_RESULT(comment, http::OptionalString(*body, "comment", 2000));
        if (*score < 1 || *score > 5) return Fail(ErrorCode::kInvalidArgument, "score must be 1..5");
        NRM_TRY_RESULT(v, svc.AddEvaluation(*p, *id, static_cast<int>(*score), comment->value_or(""), req.request_id));
        return http::JsonResponse(201, EvaluationJson(*v));
      }));
}

}  // namespace nrm::partners
