// Needs, donors, pledges and deliveries over HTTP.
#include "partners/routes.h"

#include "directory/capabilities.h"
#include "directory/routes.h"
#include "http/problem.h"
#include "partners/edge.h"

namespace nrm::partners {

namespace {

using edge::Items;
using edge::json;
using edge::OptJson;
using edge::Time;
using http::Request;
using http::Response;

json NeedJson(const Need& n) {
  return json{{"id", n.id},
              {"type", n.type},
              {"title", {{"az", n.title_az}, {"en", n.title_en}}},
              {"description", {{"az", n.description_az}, {"en", n.description_en}}},
              {"plan_item_id", OptJson(n.plan_item_id)},
              {"measure", n.measure},
              {"currency", OptJson(n.currency)},
              {"unit", OptJson(n.unit)},
              {"required", n.required},
              {"pledged", n.pledged},
              {"delivered", n.delivered},
              {"gap", n.Gap()},
              {"unpledged", n.Unpledged()},
              {"coverage_percent", n.CoveragePercent()},
              {"status", n.status},
              {"version", n.version},
              {"created_at", Time(n.created_at)},
              {"updated_at", Time(n.updated_at)}};
}

json GapJson(const GapLine& l) {
  return json{{"plan_item_id", OptJson(l.plan_item_id)},
              {"measure", l.measure},
              {"currency", OptJson(l.currency)},
              {"unit", OptJson(l.unit)},
              {"needs", l.needs},
              {"required", l.required},
              {"pledged", l.pledged},
              {"delivered", l.delivered},
              {"gap", l.gap}};
}

json DonorJson(const Donor& d) {
  return json{{"id", d.id},
              {"name", {{"az", d.name_az}, {"en", d.name_en}}},
              {"kind", d.kind},
              {"country", OptJson(d.country)},
              {"active", d.active},
              {"version", d.version},
              {"created_at", Time(d.created_at)},
              {"updated_at", Time(d.updated_at)}};
}

json MemberJson(const DonorMember& m) {
  return json{
      {"user_id", m.user_id}, {"username", m.username}, {"donor_id", m.donor_id}, {"created_at", Time(m.created_at)}};
}

json PledgeJson(const Pledge& p) {
  return json{{"id", p.id},
              {"need_id", p.need_id},
              {"donor_id", p.donor_id},
              {"measure", p.measure},
              {"currency", OptJson(p.currency)},
              {"unit", OptJson(p.unit)},
              {"amount", p.amount},
              {"delivered", p.delivered},
              {"status", p.status},
              {"note", p.note},
              {"version", p.version},
              {"created_at", Time(p.created_at)},
              {"updated_at", Time(p.updated_at)}};
}

json DeliveryJson(const Delivery& d) {
  return json{{"id", d.id},           {"pledge_id", d.pledge_id},
              {"need_id", d.need_id}, {"donor_id", d.donor_id},
              {"amount", d.amount},   {"delivered_on", d.delivered_on},
              {"note", d.note},       {"created_at", Time(d.created_at)}};
}

}  // namespace

void RegisterResourceRoutes(http::Router& router, PartnersService& svc, directory::Directory& dir) {
  // ---- needs
  router.Add("GET", "/api/v1/needs", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NeedFilter f;
               f.status = req.QueryParam("status");
               f.type = req.QueryParam("type");
               NRM_TRY_RESULT(item, edge::QueryUuid(req, "plan_item_id"));
               f.plan_item_id = *item;
               NRM_TRY_RESULT(list, svc.ListNeeds(*p, f));
               return Items(*list, NeedJson);
             }));

  router.Add("POST", "/api/v1/needs", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(body, edge::Body(req, {"type", "title_az", "title_en", "description_az", "description_en",
                                                     "plan_item_id", "currency", "amount_minor", "unit", "quantity"}));
               NeedInput in;
               NRM_TRY_RESULT(type, http::RequiredString(*body, "type", 40));
               NRM_TRY_RESULT(taz, http::RequiredString(*body, "title_az", 300));
               NRM_TRY_RESULT(ten, http::RequiredString(*body, "title_en", 300));
               NRM_TRY_RESULT(daz, http::OptionalString(*body, "description_az", 4000));
               NRM_TRY_RESULT(den, http::OptionalString(*body, "description_en", 4000));
               NRM_TRY_RESULT(item, edge::NullableString(*body, "plan_item_id", 40));
               NRM_TRY_RESULT(cur, http::OptionalString(*body, "currency", 3));
               NRM_TRY_RESULT(unit, http::OptionalString(*body, "unit", 40));
               NRM_TRY_RESULT(amount, edge::OptInt(*body, "amount_minor", INT64_MIN, kMaxAmount));
               NRM_TRY_RESULT(qty, edge::OptInt(*body, "quantity", INT64_MIN, kMaxAmount));
               in.type = *type;
               in.title_az = *taz;
               in.title_en = *ten;
               in.description_az = daz->value_or("");
               in.description_en = den->value_or("");
               if (*item) in.plan_item_id = **item;
               in.currency = *cur;
               in.unit = *unit;
               in.amount_minor = *amount;
               in.quantity = *qty;
               NRM_TRY_RESULT(need, svc.CreateNeed(*p, in, req.request_id));
               return edge::Created(NeedJson(*need), "/api/v1/needs/" + need->id);
             }));

  router.Add("GET", "/api/v1/needs/gaps", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(gaps, svc.GetGaps(*p));
               json by_item = json::array(), totals = json::array();
               for (const auto& l : gaps->by_plan_item) by_item.push_back(GapJson(l));
               for (const auto& l : gaps->totals) totals.push_back(GapJson(l));
               return http::JsonResponse(200, json{{"by_plan_item", by_item}, {"totals", totals}});
             }));

  router.Add("GET", "/api/v1/needs/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(need, svc.GetNeed(*p, *id));
               return http::JsonResponse(200, NeedJson(*need));
             }));

  router.Add("PATCH", "/api/v1/needs/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(body,
                              edge::Body(req, {"version", "title_az", "title_en", "description_az", "description_en",
                                               "plan_item_id", "status", "amount_minor", "quantity"}));
               NeedPatch patch;
               NRM_TRY_RESULT(version, edge::Version(*body));
               patch.version = *version;
               NRM_TRY_RESULT(taz, http::OptionalString(*body, "title_az", 300));
               NRM_TRY_RESULT(ten, http::OptionalString(*body, "title_en", 300));
               NRM_TRY_RESULT(daz, http::OptionalString(*body, "description_az", 4000));
               NRM_TRY_RESULT(den, http::OptionalString(*body, "description_en", 4000));
               NRM_TRY_RESULT(status, http::OptionalString(*body, "status", 20));
               NRM_TRY_RESULT(item, edge::NullableString(*body, "plan_item_id", 40));
               NRM_TRY_RESULT(amount, edge::OptInt(*body, "amount_minor", INT64_MIN, kMaxAmount));
               NRM_TRY_RESULT(qty, edge::OptInt(*body, "quantity", INT64_MIN, kMaxAmount));
               patch.title_az = *taz;
               patch.title_en = *ten;
               patch.description_az = *daz;
               patch.description_en = *den;
               patch.status = *status;
               patch.plan_item_id = *item;
               patch.amount_minor = *amount;
               patch.quantity = *qty;
               NRM_TRY_RESULT(need, svc.UpdateNeed(*p, *id, patch, req.request_id));
               return http::JsonResponse(200, NeedJson(*need));
             }));

  // ---- donors
  router.Add("GET", "/api/v1/donors", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(list, svc.ListDonors(*p));
               return Items(*list, DonorJson);
             }));

  router.Add("POST", "/api/v1/donors", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(body, edge::Body(req, {"name_az", "name_en", "kind", "country"}));
               NRM_TRY_RESULT(az, http::RequiredString(*body, "name_az", 300));
               NRM_TRY_RESULT(en, http::RequiredString(*body, "name_en", 300));
               NRM_TRY_RESULT(kind, http::RequiredString(*body, "kind", 40));
               NRM_TRY_RESULT(country, http::OptionalString(*body, "country", 2));
               NRM_TRY_RESULT(d, svc.CreateDonor(*p, DonorInput{*az, *en, *kind, *country}, req.request_id));
               return edge::Created(DonorJson(*d), "/api/v1/donors/" + d->id);
             }));

  router.Add("GET", "/api/v1/donors/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(d, svc.GetDonor(*p, *id));
               return http::JsonResponse(200, DonorJson(*d));
             }));

  router.Add("PATCH", "/api/v1/donors/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(body, edge::Body(req, {"version", "name_az", "name_en", "kind", "country", "active"}));
               DonorPatch patch;
               NRM_TRY_RESULT(version, edge::Version(*body));
               patch.version = *version;
               NRM_TRY_RESULT(az, http::OptionalString(*body, "name_az", 300));
               NRM_TRY_RESULT(en, http::OptionalString(*body, "name_en", 300));
               NRM_TRY_RESULT(kind, http::OptionalString(*body, "kind", 40));
               NRM_TRY_RESULT(country, edge::NullableString(*body, "country", 2));
               patch.name_az = *az;
               patch.name_en = *en;
               patch.kind = *kind;
               patch.country = *country;
               if (body->contains("active")) {
                 if (!(*body)["active"].is_boolean())
                   return Fail(ErrorCode::kInvalidArgument, "active must be true or false");
                 patch.active = (*body)["active"].get<bool>();
               }
               NRM_TRY_RESULT(d, svc.UpdateDonor(*p, *id, patch, req.request_id));
               return http::JsonResponse(200, DonorJson(*d));
             }));

  router.Add("GET", "/api/v1/donors/{id}/members", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(list, svc.ListMembers(*p, *id));
               return Items(*list, MemberJson);
             }));

  router.Add("POST", "/api/v1/donors/{id}/members", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(body, edge::Body(req, {"username"}));
               NRM_TRY_RESULT(username, http::RequiredString(*body, "username", 64));
               NRM_TRY_RESULT(m, svc.AddMember(*p, *id, *username, req.request_id));
               return http::JsonResponse(201, MemberJson(*m));
             }));

  router.Add("DELETE", "/api/v1/donors/{id}/members/{user_id}",
             http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, "needs.manage"));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(user_id, edge::PathId(req, "user_id"));
               if (auto s = svc.RemoveMember(*p, *id, *user_id, req.request_id); !s) return tl::unexpected(s.error());
               return Response::NoContent();
             }));

  // ---- pledges
  router.Add("GET", "/api/v1/pledges", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(need, edge::QueryUuid(req, "need_id"));
               NRM_TRY_RESULT(list, svc.ListPledges(*p, *need));
               return Items(*list, PledgeJson);
             }));

  router.Add(
      "POST", "/api/v1/pledges", http::ResultHandler([&](Request& req) -> Result<Response> {
        NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
        NRM_TRY_RESULT(body, edge::Body(req, {"need_id", "donor_id", "currency", "amount_minor", "quantity", "note"}));
        PledgeInput in;
        NRM_TRY_RESULT(need, http::RequiredString(*body, "need_id", 40));
        NRM_TRY_RESULT(donor, http::OptionalString(*body, "donor_id", 40));
        NRM_TRY_RESULT(cur, http::OptionalString(*body, "currency", 3));
        NRM_TRY_RESULT(note, http::OptionalString(*body, "note", 2000));
        NRM_TRY_RESULT(amount, edge::OptInt(*body, "amount_minor", INT64_MIN, kMaxAmount));
        NRM_TRY_RESULT(qty, edge::OptInt(*body, "quantity", INT64_MIN, kMaxAmount));
        in.need_id = *need;
        in.donor_id = *donor;
        in.currency = *cur;
        in.note = *note;
        in.amount_minor = *amount;
        in.quantity = *qty;
        NRM_TRY_RESULT(pledge, svc.CreatePledge(*p, in, req.request_id));
        return edge::Created(PledgeJson(*pledge), "/api/v1/pledges/" + pledge->id);
      }));

  router.Add("GET", "/api/v1/pledges/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(pledge, svc.GetPledge(*p, *id));
               return http::JsonResponse(200, PledgeJson(*pledge));
             }));

  router.Add("PATCH", "/api/v1/pledges/{id}", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(id, edge::PathId(req));
               NRM_TRY_RESULT(body, edge::Body(req, {"version", "amount_minor", "quantity", "note", "status"}));
               PledgePatch patch;
               NRM_TRY_RESULT(version, edge::Version(*body));
               patch.version = *version;
               NRM_TRY_RESULT(amount, edge::OptInt(*body, "amount_minor", INT64_MIN, kMaxAmount));
               NRM_TRY_RESULT(qty, edge::OptInt(*body, "quantity", INT64_MIN, kMaxAmount));
               NRM_TRY_RESULT(note, http::OptionalString(*body, "note", 2000));
               NRM_TRY_RESULT(status, http::OptionalString(*body, "status", 20));
               patch.amount_minor = *amount;
               patch.quantity = *qty;
               patch.note = *note;
               patch.status = *status;
               NRM_TRY_RESULT(pledge, svc.UpdatePledge(*p, *id, patch, req.request_id));
               return http::JsonResponse(200, PledgeJson(*pledge));
             }));

  // ---- deliveries
  router.Add("GET", "/api/v1/deliveries", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(pledge, edge::QueryUuid(req, "pledge_id"));
               NRM_TRY_RESULT(need, edge::QueryUuid(req, "need_id"));
               NRM_TRY_RESULT(list, svc.ListDeliveries(*p, *pledge, *need));
               return Items(*list, DeliveryJson);
             }));

  router.Add("POST", "/api/v1/deliveries", http::ResultHandler([&](Request& req) -> Result<Response> {
               NRM_TRY_RESULT(p, directory::RequirePrincipal(dir, req, nullptr));
               NRM_TRY_RESULT(body, edge::Body(req, {"pledge_id", "amount_minor", "quantity", "delivered_on", "note"}));
               DeliveryInput in;
               NRM_TRY_RESULT(pledge, http::RequiredString(*body, "pledge_id", 40));
               NRM_TRY_RESULT(on, http::RequiredString(*body, "delivered_on", 10));
               NRM_TRY_RESULT(note, http::OptionalString(*body, "note", 2000));
               NRM_TRY_RESULT(amount, edge::OptInt(*body, "amount_minor", INT64_MIN, kMaxAmount));
               NRM_TRY_RESULT(qty, edge::OptInt(*body, "quantity", INT64_MIN, kMaxAmount));
               in.pledge_id = *pledge;
               in.delivered_on = *on;
               in.note = note->value_or("");
               in.amount_minor = *amount;
               in.quantity = *qty;
               NRM_TRY_RESULT(d, svc.CreateDelivery(*p, in, req.request_id));
               return http::JsonResponse(201, DeliveryJson(*d));
             }));
}

void RegisterRoutes(http::Router& router, PartnersService& service, directory::Directory& directory) {
  RegisterResourceRoutes(router, service, directory);
  RegisterTrainingRoutes(router, service, directory);
  RegisterAwarenessRoutes(router, service, directory);
}

}  // namespace nrm::partners
