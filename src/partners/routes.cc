// The resources desk over HTTP -- needs, donors, pledges, deliveries,
// training, awareness -- as one table of named handlers.
#include "partners/routes.h"

#include <nlohmann/json.hpp>

#include "directory/capabilities.h"
#include "directory/endpoint.h"
#include "partners/catalogue.h"
#include "partners/json.h"

namespace nrm::partners {

namespace {

using directory::Call;
using http::Response;

struct Deps {
  PartnersService& svc;
};

// 200 with the record, or with {"items": [...]} for a list.
template <class T>
Result<Response> Reply(Result<T> result) {
  NRM_TRY(auto x, std::move(result));
  if constexpr (requires { x.begin(); }) {
    return http::Items(x, kToJson);
  } else {
    return http::JsonResponse(200, ToJson(x));
  }
}

// GET of one record, or of a record's list, by the path id (a malformed id,
// like an unknown one, is "no such record").
template <auto kGet>
Result<Response> GetById(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  NRM_CHECK(c.in.Finish());
  return Reply((d.svc.*kGet)(c.who, id));
}

// ---- needs

Result<Response> ListNeeds(const Deps& d, Call& c) {
  auto q = c.in.Query();
  NeedFilter f{q.Text("status", 20), q.Text("type", 40), q.Uuid("plan_item_id")};
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.ListNeeds(c.who, f));
}

Result<Response> CreateNeed(const Deps& d, Call& c) {
  auto b = c.in.Body();
  NeedInput in{.type = b.Text("type", 40),
               .title_az = b.Text("title_az", 300),
               .title_en = b.Text("title_en", 300),
               .description_az = b.OptText("description_az", 4000).value_or(""),
               .description_en = b.OptText("description_en", 4000).value_or(""),
               .plan_item_id = b.OptText("plan_item_id", 40),
               .currency = b.OptText("currency", 3),
               .amount_minor = b.OptInt("amount_minor", 1, kMaxAmount),
               .unit = b.OptText("unit", 40),
               .quantity = b.OptInt("quantity", 1, kMaxAmount)};
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto need, d.svc.CreateNeed(c.who, in, c.req.request_id));
  return http::Created(ToJson(need), "/api/v1/needs/" + need.id);
}

Result<Response> GetGaps(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.GetGaps(c.who));
}

Result<Response> UpdateNeed(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  auto b = c.in.Body();
  NeedPatch patch{.version = b.Version(),
                  .title_az = b.OptText("title_az", 300),
                  .title_en = b.OptText("title_en", 300),
                  .description_az = b.OptText("description_az", 4000),
                  .description_en = b.OptText("description_en", 4000),
                  .status = b.OptText("status", 20),
                  .plan_item_id = b.NullableText("plan_item_id", 40),
                  .amount_minor = b.OptInt("amount_minor", 1, kMaxAmount),
                  .quantity = b.OptInt("quantity", 1, kMaxAmount)};
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.UpdateNeed(c.who, id, patch, c.req.request_id));
}

// ---- donor and partner organisations, and the accounts linked to them

Result<Response> ListDonors(const Deps& d, Call& c) {
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.ListDonors(c.who));
}

Result<Response> CreateDonor(const Deps& d, Call& c) {
  auto b = c.in.Body();
  DonorInput in{b.Text("name_az", 300), b.Text("name_en", 300), b.Text("kind", 40), b.OptText("country", 2)};
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto donor, d.svc.CreateDonor(c.who, in, c.req.request_id));
  return http::Created(ToJson(donor), "/api/v1/donors/" + donor.id);
}

Result<Response> UpdateDonor(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  auto b = c.in.Body();
  DonorPatch patch{.version = b.Version(),
                   .name_az = b.OptText("name_az", 300),
                   .name_en = b.OptText("name_en", 300),
                   .kind = b.OptText("kind", 40),
                   .country = b.NullableText("country", 2),
                   .active = b.OptBool("active")};
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.UpdateDonor(c.who, id, patch, c.req.request_id));
}

Result<Response> AddMember(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  const std::string username = c.in.Body().Text("username", 64);
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto member, d.svc.AddMember(c.who, id, username, c.req.request_id));
  return http::JsonResponse(201, ToJson(member));
}

Result<Response> RemoveMember(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  NRM_TRY(auto user_id, http::PathUuid(c.req, "user_id", "record"));
  NRM_CHECK(c.in.Finish());
  NRM_CHECK(d.svc.RemoveMember(c.who, id, user_id, c.req.request_id));
  return Response::NoContent();
}

// ---- pledges and deliveries (a donor sees and touches its own only: the
// service decides, and filters the lists)

Result<Response> ListPledges(const Deps& d, Call& c) {
  auto need_id = c.in.Query().Uuid("need_id");
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.ListPledges(c.who, need_id));
}

Result<Response> CreatePledge(const Deps& d, Call& c) {
  auto b = c.in.Body();
  PledgeInput in{.need_id = b.Text("need_id", 40),
                 .donor_id = b.OptText("donor_id", 40),
                 .currency = b.OptText("currency", 3),
                 .note = b.OptText("note", 2000),
                 .amount_minor = b.OptInt("amount_minor", 1, kMaxAmount),
                 .quantity = b.OptInt("quantity", 1, kMaxAmount)};
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto pledge, d.svc.CreatePledge(c.who, in, c.req.request_id));
  return http::Created(ToJson(pledge), "/api/v1/pledges/" + pledge.id);
}

Result<Response> UpdatePledge(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  auto b = c.in.Body();
  PledgePatch patch{.version = b.Version(),
                    .amount_minor = b.OptInt("amount_minor", 1, kMaxAmount),
                    .quantity = b.OptInt("quantity", 1, kMaxAmount),
                    .note = b.OptText("note", 2000),
                    .status = b.OptText("status", 20)};
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.UpdatePledge(c.who, id, patch, c.req.request_id));
}

Result<Response> ListDeliveries(const Deps& d, Call& c) {
  auto q = c.in.Query();
  auto pledge_id = q.Uuid("pledge_id");
  auto need_id = q.Uuid("need_id");
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.ListDeliveries(c.who, pledge_id, need_id));
}

Result<Response> CreateDelivery(const Deps& d, Call& c) {
  auto b = c.in.Body();
  DeliveryInput in{.pledge_id = b.Text("pledge_id", 40),
                   .delivered_on = b.Text("delivered_on", 10),
                   .amount_minor = b.OptInt("amount_minor", 1, kMaxAmount),
                   .quantity = b.OptInt("quantity", 1, kMaxAmount),
                   .note = b.OptText("note", 2000).value_or("")};
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto delivery, d.svc.CreateDelivery(c.who, in, c.req.request_id));
  return http::JsonResponse(201, ToJson(delivery));
}

// ---- training: counts of people per agency, never names (a name is an
// unknown field)

std::vector<Participation> Participants(http::JsonReader& body, bool required) {
  std::vector<Participation> out;
  for (auto& p : body.Objects("participants", 100, required))
    out.push_back({p.Text("agency_id", 40), p.Int("count", 0, 100000)});
  return out;
}

Result<Response> ListTopics(const Deps&, Call& c) {
  NRM_CHECK(c.in.Finish());
  return http::Items(TrainingTopics(), kToJson);
}

Result<Response> ListTrainingNeeds(const Deps& d, Call& c) {
  auto q = c.in.Query();
  auto agency_id = q.Uuid("agency_id");
  auto topic = q.Text("topic", 40);
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.ListTrainingNeeds(c.who, agency_id, topic));
}

Result<Response> CreateTrainingNeed(const Deps& d, Call& c) {
  auto b = c.in.Body();
  TrainingNeedInput in{.agency_id = b.OptUuid("agency_id"),
                       .role = b.Text("role", 100),
                       .topic = b.Text("topic", 40),
                       .people_count = b.Int("people_count", 1, 100000),
                       .priority = b.OptText("priority", 10).value_or("medium"),
                       .note = b.OptText("note", 2000).value_or("")};
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto need, d.svc.CreateTrainingNeed(c.who, in, c.req.request_id));
  return http::JsonResponse(201, ToJson(need));
}

Result<Response> UpdateTrainingNeed(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  auto b = c.in.Body();
  TrainingNeedPatch patch{.version = b.Version(),
                          .people_count = b.OptInt("people_count", 1, 100000),
                          .priority = b.OptText("priority", 10),
                          .note = b.OptText("note", 2000),
                          .status = b.OptText("status", 20)};
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.UpdateTrainingNeed(c.who, id, patch, c.req.request_id));
}

Result<Response> ListEvents(const Deps& d, Call& c) {
  auto year = c.in.Query().Year("year");
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.ListEvents(c.who, year));
}

Result<Response> CreateEvent(const Deps& d, Call& c) {
  auto b = c.in.Body();
  TrainingEventInput in{.title_az = b.Text("title_az", 300),
                        .title_en = b.Text("title_en", 300),
                        .topics = b.TextList("topics", 12, 40, /*required=*/true),
                        .starts_on = b.Text("starts_on", 10),
                        .ends_on = b.Text("ends_on", 10),
                        .organiser_agency_id = b.Text("organiser_agency_id", 40),
                        .funding_donor_id = b.OptText("funding_donor_id", 40),
                        .location = b.OptText("location", 300).value_or(""),
                        .participants = Participants(b, /*required=*/false)};
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto event, d.svc.CreateEvent(c.who, in, c.req.request_id));
  return http::Created(ToJson(event), "/api/v1/training/events/" + event.id);
}

Result<Response> UpdateEvent(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  auto b = c.in.Body();
  TrainingEventPatch patch{.version = b.Version(),
                           .title_az = b.OptText("title_az", 300),
                           .title_en = b.OptText("title_en", 300),
                           .starts_on = b.OptText("starts_on", 10),
                           .ends_on = b.OptText("ends_on", 10),
                           .location = b.OptText("location", 300),
                           .funding_donor_id = b.NullableText("funding_donor_id", 40)};
  if (b.Has("participants")) patch.participants = Participants(b, /*required=*/true);
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.UpdateEvent(c.who, id, patch, c.req.request_id));
}

Result<Response> AddEvaluation(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  auto b = c.in.Body();
  const int score = static_cast<int>(b.Int("score", 1, 5));
  const std::string comment = b.OptText("comment", 2000).value_or("");
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto evaluation, d.svc.AddEvaluation(c.who, id, score, comment, c.req.request_id));
  return http::JsonResponse(201, ToJson(evaluation));
}

// ---- awareness

Result<Response> ListRegions(const Deps&, Call& c) {
  NRM_CHECK(c.in.Finish());
  return http::Items(Regions(), kToJson);
}

Result<Response> ListCampaigns(const Deps& d, Call& c) {
  auto year = c.in.Query().Year("year");
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto list, d.svc.ListCampaigns(c.who, year));
  return http::Items(list, [](const AwarenessCampaign& x) { return ToJson(x, /*with_activities=*/false); });
}

Result<Response> CreateCampaign(const Deps& d, Call& c) {
  auto b = c.in.Body();
  CampaignInput in{.title_az = b.Text("title_az", 300),
                   .title_en = b.Text("title_en", 300),
                   .starts_on = b.Text("starts_on", 10),
                   .ends_on = b.Text("ends_on", 10),
                   .lead_agency_id = b.OptText("lead_agency_id", 40),
                   .partner_donor_id = b.OptText("partner_donor_id", 40)};
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto campaign, d.svc.CreateCampaign(c.who, in, c.req.request_id));
  return http::Created(ToJson(campaign), "/api/v1/awareness/campaigns/" + campaign.id);
}

Result<Response> UpdateCampaign(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  auto b = c.in.Body();
  CampaignPatch patch{.version = b.Version(),
                      .title_az = b.OptText("title_az", 300),
                      .title_en = b.OptText("title_en", 300),
                      .starts_on = b.OptText("starts_on", 10),
                      .ends_on = b.OptText("ends_on", 10),
                      .evaluation = b.OptText("evaluation", 4000),
                      .partner_donor_id = b.NullableText("partner_donor_id", 40)};
  if (auto score = b.NullableInt("evaluation_score", 1, 5))
    patch.evaluation_score = score->has_value() ? std::optional<int>(static_cast<int>(**score)) : std::nullopt;
  NRM_CHECK(c.in.Finish());
  return Reply(d.svc.UpdateCampaign(c.who, id, patch, c.req.request_id));
}

Result<Response> AddActivity(const Deps& d, Call& c) {
  NRM_TRY(auto id, http::PathUuid(c.req, "id", "record"));
  auto b = c.in.Body();
  ActivityInput in{.kind = b.Text("kind", 40),
                   .audience = b.Text("audience", 40),
                   .region = b.Text("region", 40),
                   .region_text = b.OptText("region_text", 200).value_or(""),
                   .held_on = b.Text("held_on", 10),
                   .note = b.OptText("note", 2000).value_or(""),
                   .reach = b.Int("reach", 0, 100000000)};
  NRM_CHECK(c.in.Finish());
  NRM_TRY(auto activity, d.svc.AddActivity(c.who, id, in, c.req.request_id));
  return http::JsonResponse(201, ToJson(activity));
}

// ---- the table. A route names the capability every successful use needs;
// routes open to more than two capabilities (the gaps: + statistics.view;
// training and campaigns: + plan.report, statistics.view) only need a
// session here, and the service checks.

using directory::Holding;
using directory::HoldingAny;
using directory::kNoBody;
using directory::SignedIn;
using S = PartnersService;
using directory::kNeedsManage;
using directory::kNeedsView;
using directory::kPlanReport;
using directory::kPledgesManage;
constexpr auto kManage = Holding(kNeedsManage);
constexpr auto kReadNeeds = HoldingAny(kNeedsManage, kNeedsView);
constexpr auto kPledging = HoldingAny(kPledgesManage, kNeedsManage);
constexpr auto kReporting = HoldingAny(kNeedsManage, kPlanReport);
constexpr size_t k1K = 1024, k16K = 16 * 1024, k64K = 64 * 1024;

const directory::Endpoint<Deps> kEndpoints[] = {
    {"GET", "/api/v1/needs", kReadNeeds, kNoBody, ListNeeds},
    {"POST", "/api/v1/needs", kManage, k64K, CreateNeed},
    {"GET", "/api/v1/needs/gaps", SignedIn(), kNoBody, GetGaps},
    {"GET", "/api/v1/needs/{id}", kReadNeeds, kNoBody, GetById<&S::GetNeed>},
    {"PATCH", "/api/v1/needs/{id}", kManage, k64K, UpdateNeed},
    {"GET", "/api/v1/donors", kPledging, kNoBody, ListDonors},
    {"POST", "/api/v1/donors", kManage, 4 * k1K, CreateDonor},
    {"GET", "/api/v1/donors/{id}", kPledging, kNoBody, GetById<&S::GetDonor>},
    {"PATCH", "/api/v1/donors/{id}", kManage, 4 * k1K, UpdateDonor},
    {"GET", "/api/v1/donors/{id}/members", kManage, kNoBody, GetById<&S::ListMembers>},
    {"POST", "/api/v1/donors/{id}/members", kManage, k1K, AddMember},
    {"DELETE", "/api/v1/donors/{id}/members/{user_id}", kManage, kNoBody, RemoveMember},
    {"GET", "/api/v1/pledges", kPledging, kNoBody, ListPledges},
    {"POST", "/api/v1/pledges", kPledging, k16K, CreatePledge},
    {"GET", "/api/v1/pledges/{id}", kPledging, kNoBody, GetById<&S::GetPledge>},
    {"PATCH", "/api/v1/pledges/{id}", kPledging, k16K, UpdatePledge},
    {"GET", "/api/v1/deliveries", kPledging, kNoBody, ListDeliveries},
    {"POST", "/api/v1/deliveries", kPledging, k16K, CreateDelivery},
    {"GET", "/api/v1/training/topics", SignedIn(), kNoBody, ListTopics},
    {"GET", "/api/v1/training/needs", SignedIn(), kNoBody, ListTrainingNeeds},
    {"POST", "/api/v1/training/needs", kReporting, k16K, CreateTrainingNeed},
    {"PATCH", "/api/v1/training/needs/{id}", kReporting, k16K, UpdateTrainingNeed},
    {"GET", "/api/v1/training/events", SignedIn(), kNoBody, ListEvents},
    {"POST", "/api/v1/training/events", kManage, k64K, CreateEvent},
    {"GET", "/api/v1/training/events/{id}", SignedIn(), kNoBody, GetById<&S::GetEvent>},
    {"PATCH", "/api/v1/training/events/{id}", kManage, k64K, UpdateEvent},
    {"GET", "/api/v1/training/events/{id}/evaluations", kReporting, kNoBody, GetById<&S::ListEvaluations>},
    {"POST", "/api/v1/training/events/{id}/evaluations", kReporting, k16K, AddEvaluation},
    {"GET", "/api/v1/awareness/regions", SignedIn(), kNoBody, ListRegions},
    {"GET", "/api/v1/awareness/campaigns", SignedIn(), kNoBody, ListCampaigns},
    {"POST", "/api/v1/awareness/campaigns", kManage, k16K, CreateCampaign},
    {"GET", "/api/v1/awareness/campaigns/{id}", SignedIn(), kNoBody, GetById<&S::GetCampaign>},
    {"PATCH", "/api/v1/awareness/campaigns/{id}", kManage, 2 * k16K, UpdateCampaign},
    {"POST", "/api/v1/awareness/campaigns/{id}/activities", kManage, k16K, AddActivity},
};

}  // namespace

void RegisterRoutes(http::Router& router, PartnersService& service, directory::Directory& directory) {
  directory::RegisterEndpoints(router, directory, Deps{service}, kEndpoints);
}

}  // namespace nrm::partners
