// Awareness regions, campaigns and activities over HTTP.
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

json ActivityJson(const AwarenessActivity& a) {
  return json{{"id", a.id},         {"campaign_id", a.campaign_id},    {"kind", a.kind},       {"audience", a.audience},
              {"region", a.region}, {"region_text", a.region_text},    {"held_on", a.held_on}, {"reach", a.reach},
              {"note", a.note},     {"created_at", Time(a.created_at)}};
}

json CampaignJson(const AwarenessCampaign& c, bool with_activities) {
  json j{{"id", c.id},
         {"title", {{"az", c.title_az}, {"en", c.title_en}}},
         {"starts_on", c.starts_on},
         {"ends_on", c.ends_on},
         {"lead_agency_id", c.lead_agency_id},
         {"partner_donor_id", OptJson(c.partner_donor_id)},
         {"evaluation", c.evaluation},
         {"evaluation_score", c.evaluation_score ? json(*c.evaluation_score) : json(nullptr)},
         {"activity_count", c.activity_count},
         {"reach_total", c.reach_total},
         {"version", c.version},
         {"created_at", Time(c.created_at)},
         {"updated_at", Time(c.updated_at)}};
  if (with_activities) {
    json acts = json::array();
    for (const auto& a : c.activities) acts.push_back(ActivityJson(a));
    j["activities"] = acts;
  }
  return j;
}

}  // namespace

void RegisterAwarenessRoutes(http::Router& router, PartnersService& svc, directory::Directory& dir) {
  router.Add("GET", "/api/v1/awareness/regions", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               return edge::Items(Regions(), edge::CodeLabelJson);
             }));

  router.Add("GET", "/api/v1/awareness/campaigns", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(year, edge::QueryYear(req));
               NRM_TRY_RESULT(list, svc.ListCampaigns(*p, *year));
               return edge::Items(*list, [](const AwarenessCampaign& c) { return CampaignJson(c, false); });
             }));

  router.Add("POST", "/api/v1/awareness/campaigns", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(body, edge::Body(req, {"title_az", "title_en", "starts_on", "ends_on", "lead_agency_id",
                                                     "partner_donor_id"}));
               CampaignInput in;
               NRM_TRY_RESULT(az, http::RequiredString(*body, "title_az", 300));
               NRM_TRY_RESULT(en, http::RequiredString(*body, "title_en", 300));
               NRM_TRY_RESULT(from, http::RequiredString(*body, "starts_on", 10));
               NRM_TRY_RESULT(to, http::RequiredString(*body, "ends_on", 10));
               NRM_TRY_RESULT(lead, http::OptionalString(*body, "lead_agency_id", 40));
               NRM_TRY_RESULT(partner, edge::NullableString(*body, "partner_donor_id", 40));
               in.title_az = *az;
               in.title_en = *en;
               in.starts_on = *from;
               in.ends_on = *to;
               in.lead_agency_id = *lead;
               if (*partner) in.partner_donor_id = **partner;
               NRM_TRY_RESULT(c, svc.CreateCampaign(*p, in, req.request_id));
               return edge::Created(CampaignJson(*c, true), "/api/v1/awareness/campaigns/" + c->id);
             }));

  router.Add("GET", "/api/v1/awareness/campaigns/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(c, svc.GetCampaign(*p, *id));
               return http::JsonResponse(200, CampaignJson(*c, true));
             }));

  router.Add("PATCH", "/api/v1/awareness/campaigns/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(body, edge::Body(req, {"version", "title_az", "title_en", "starts_on", "ends_on",
                                                     "partner_donor_id", "evaluation", "evaluation_score"}));
               CampaignPatch patch;
               NRM_TRY_RESULT(version, edge::Version(*body));
               NRM_TRY_RESULT(az, http::OptionalString(*body, "title_az", 300));
               NRM_TRY_RESULT(en, http::OptionalString(*body, "title_en", 300));
               NRM_TRY_RESULT(from, http::OptionalString(*body, "starts_on", 10));
               NRM_TRY_RESULT(to, http::OptionalString(*body, "ends_on", 10));
               NRM_TRY_RESULT(evaluation, http::OptionalString(*body, "evaluation", 4000));
               NRM_TRY_RESULT(partner, edge::NullableString(*body, "partner_donor_id", 40));
               patch.version = *version;
               patch.title_az = *az;
               patch.title_en = *en;
               patch.starts_on = *from;
               patch.ends_on = *to;
               patch.evaluation = *evaluation;
               patch.partner_donor_id = *partner;
               if (body->contains("evaluation_score")) {
                 if ((*body)["evaluation_score"].is_null()) {
                   patch.evaluation_score = std::optional<int>();
                 } else {
                   NRM_TRY_RESULT(score, edge::ReqInt(*body, "evaluation_score", 1, 5));
                   patch.evaluation_score = std::optional<int>(static_cast<int>(*score));
                 }
               }
               NRM_TRY_RESULT(c, svc.UpdateCampaign(*p, *id, patch, req.request_id));
               return http::JsonResponse(200, CampaignJson(*c, true));
             }));

  router.Add("POST", "/api/v1/awareness/campaigns/{id}/activities",
             http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(
                   body, edge::Body(req, {"kind", "audience", "region", "region_text", "held_on", "reach", "note"}));
               ActivityInput in;
               NRM_TRY_RESULT(kind, http::RequiredString(*body, "kind", 40));
               NRM_TRY_RESULT(audience, http::RequiredString(*body, "audience", 40));
               NRM_TRY_RESULT(region, http::RequiredString(*body, "region", 40));
               NRM_TRY_RESULT(region_text, http::OptionalString(*body, "region_text", 200));
               NRM_TRY_RESULT(held_on, http::RequiredString(*body, "held_on", 10));
               NRM_TRY_RESULT(reach, edge::ReqInt(*body, "reach", INT64_MIN, INT64_MAX));
               NRM_TRY_RESULT(note, http::OptionalString(*body, "note", 2000));
               in.kind = *kind;
               in.audience = *audience;
               in.region = *region;
               in.region_text = region_text->value_or("");
               in.held_on = *held_on;
               in.reach = *reach;
               in.note = note->value_or("");
               NRM_TRY_RESULT(a, svc.AddActivity(*p, *id, in, req.request_id));
               return http::JsonResponse(201, ActivityJson(*a));
             }));
}

}  // namespace nrm::partners
