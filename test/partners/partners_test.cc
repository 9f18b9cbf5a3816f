// The resources desk on both backends: gap arithmetic, donor isolation,
// capability refusals, validation (service and HTTP edge), training and
// awareness figures.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "audit/log.h"
#include "crypto/password.h"
#include "directory/roles.h"
#include "directory/routes.h"
#include "partners/routes.h"
#include "partners/service.h"
#include "store/store_fixture.h"

namespace nrm::partners {
namespace {

using nlohmann::json;

constexpr const char* kAgencies = R"({"agencies": [
  {"code": "coordinator", "kind": "coordinator", "name": {"az": "Milli Koordinator", "en": "National Coordinator", "ru": "Национальный координатор"}},
  {"code": "labour", "kind": "ministry", "name": {"az": "Əmək Nazirliyi", "en": "Ministry of Labour", "ru": "Министерство труда"}},
  {"code": "health", "kind": "ministry", "name": {"az": "Səhiyyə Nazirliyi", "en": "Ministry of Health", "ru": "Министерство здравоохранения"}},
  {"code": "donors", "kind": "donor", "name": {"az": "Donorlar", "en": "Donors", "ru": "Доноры"}}
]})";
constexpr const char* kPassword = "Zanzibar-rules-2026!";

class PartnersTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    crypto::SetPasswordHashCostForTests(true);
    NRM_ASSERT_OK(db_->Migrate());
    audit_ = std::make_unique<audit::AuditLog>(*db_, clock_);
    dir_ = std::make_unique<directory::Directory>(*db_, clock_, directory::SessionPolicy{}, audit_.get());
    NRM_ASSERT_OK(dir_->ImportAgencies(kAgencies));
    svc_ = std::make_unique<PartnersService>(*db_, *audit_, *dir_, clock_);
    coordinator_ = User("coord", "coordinator", "coordinator");
    donor_a_ = User("donor.a", "donor", "donors");
    donor_b_ = User("donor.b", "donor", "donors");
    donor_unlinked_ = User("donor.c", "donor", "donors");
    focal_ = User("focal", "ministry_focal", "labour");
    analyst_ = User("analyst", "analyst", "coordinator");
    auto a = svc_->CreateDonor(coordinator_, {"Donor A", "Donor A", "donor", "DE"}, "t");
    auto b = svc_->CreateDonor(coordinator_, {"Donor B", "Donor B", "international", std::nullopt}, "t");
    ASSERT_TRUE(a && b);
    org_a_ = a->id;
    org_b_ = b->id;
    NRM_ASSERT_OK(svc_->AddMember(coordinator_, org_a_, "donor.a", "t"));
    NRM_ASSERT_OK(svc_->AddMember(coordinator_, org_b_, "donor.b", "t"));
  }
  void TearDown() override {
    svc_.reset();
    dir_.reset();
    audit_.reset();
    StoreTest::TearDown();
  }

  directory::Principal User(const std::string& name, const std::string& role, const std::string& agency) {
    auto created = dir_->CreateUser(nullptr, {name, name, agency, {role}, kPassword});
    EXPECT_TRUE(created) << created.error().message;
    if (!created) return {};
    directory::Principal p;
    p.user_id = created->user.id;
    p.username = name;
    p.agency_id = created->user.agency_id;
    p.roles = {role};
    p.capabilities = directory::CapabilitiesOf(p.roles);
    return p;
  }

  Need MoneyNeed(int64_t minor, const std::string& currency = "AZN", std::optional<std::string> item = std::nullopt) {
    NeedInput in;
    in.type = "financial";
    in.title_az = "Sığınacaq üçün vəsait";
    in.title_en = "Funds for the shelter";
    in.currency = currency;
    in.amount_minor = minor;
    in.plan_item_id = item;
    auto n = svc_->CreateNeed(coordinator_, in, "t");
    EXPECT_TRUE(n) << n.error().message;
    return n ? *n : Need{};
  }

  Pledge PledgeOf(const directory::Principal& who, const std::string& need, int64_t minor) {
    PledgeInput in;
    in.need_id = need;
    in.amount_minor = minor;
    auto p = svc_->CreatePledge(who, in, "t");
    EXPECT_TRUE(p) << p.error().message;
    return p ? *p : Pledge{};
  }

  void Deliver(const directory::Principal& who, const std::string& pledge, int64_t minor) {
    DeliveryInput in;
    in.pledge_id = pledge;
    in.amount_minor = minor;
    in.delivered_on = "2025-03-01";
    auto d = svc_->CreateDelivery(who, in, "t");
    EXPECT_TRUE(d) << d.error().message;
  }

  ManualClock clock_{1735689600000};  // 2025-01-01
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<directory::Directory> dir_;
  std::unique_ptr<PartnersService> svc_;
  directory::Principal coordinator_, donor_a_, donor_b_, donor_unlinked_, focal_, analyst_;
  std::string org_a_, org_b_;
};

TEST_P(PartnersTest, GapArithmeticPerNeedPerItemAndPerCurrency) {
  const std::string item = "0190f0d4-0000-7000-8000-000000000001";
  Need need = MoneyNeed(100000, "AZN", item);  // 1 000.00 AZN
  Pledge a = PledgeOf(donor_a_, need.id, 60000);
  Pledge b = PledgeOf(donor_b_, need.id, 50000);
  Deliver(donor_a_, a.id, 10000);
  Deliver(donor_a_, a.id, 15000);
  Deliver(coordinator_, b.id, 30000);

  auto n = svc_->GetNeed(donor_b_, need.id);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->pledged, 110000);
  EXPECT_EQ(n->delivered, 55000);
  EXPECT_EQ(n->Gap(), 45000);
  EXPECT_EQ(n->Unpledged(), 0);
  EXPECT_EQ(n->CoveragePercent(), 55);

  // A delivery may not exceed what is left of its pledge: 35 000 remain of A.
  DeliveryInput over{a.id, "2025-03-02", 35001, std::nullopt, ""};
  auto refused = svc_->CreateDelivery(donor_a_, over, "t");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  // A pledge that delivered cannot be withdrawn, nor fall below its deliveries.
  PledgePatch withdraw{a.version, std::nullopt, std::nullopt, std::nullopt, "withdrawn"};
  EXPECT_EQ(svc_->UpdatePledge(donor_a_, a.id, withdraw, "t").error().code, ErrorCode::kConflict);
  PledgePatch shrink{a.version, 20000, std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(svc_->UpdatePledge(donor_a_, a.id, shrink, "t").error().code, ErrorCode::kConflict);

  // A withdrawn pledge no longer counts as pledged.
  Need other = MoneyNeed(5000, "AZN", item);
  Pledge c = PledgeOf(donor_b_, other.id, 2000);
  PledgePatch w{c.version, std::nullopt, std::nullopt, std::nullopt, "withdrawn"};
  NRM_ASSERT_OK(svc_->UpdatePledge(donor_b_, c.id, w, "t"));
  EXPECT_EQ(svc_->GetNeed(coordinator_, other.id)->pledged, 0);

  // Money in another currency and counts of a unit are never added to AZN.
  MoneyNeed(7000, "USD", item);
  NeedInput laptops;
  laptops.type = "technical";
  laptops.title_az = "Noutbuklar";
  laptops.title_en = "Laptops";
  laptops.unit = "laptop";
  laptops.quantity = 10;
  auto l = svc_->CreateNeed(coordinator_, laptops, "t");
  ASSERT_TRUE(l) << l.error().message;
  PledgeInput lp{l->id, std::nullopt, std::nullopt, std::nullopt, std::nullopt, 6};
  auto lpledge = svc_->CreatePledge(donor_a_, lp, "t");
  ASSERT_TRUE(lpledge) << lpledge.error().message;
  DeliveryInput ld{lpledge->id, "2025-04-01", std::nullopt, 4, ""};
  NRM_ASSERT_OK(svc_->CreateDelivery(donor_a_, ld, "t"));

  auto gaps = svc_->GetGaps(analyst_);
  ASSERT_TRUE(gaps) << gaps.error().message;
  std::map<std::string, GapLine> totals;
  for (const auto& t : gaps->totals) totals[t.currency.value_or(t.unit.value_or(""))] = t;
  ASSERT_EQ(totals.size(), 3u);
  EXPECT_EQ(totals["AZN"].required, 105000);
  EXPECT_EQ(totals["AZN"].delivered, 55000);
  EXPECT_EQ(totals["AZN"].gap, 50000);
  EXPECT_EQ(totals["AZN"].needs, 2);
  EXPECT_EQ(totals["USD"].gap, 7000);
  EXPECT_EQ(totals["laptop"].required, 10);
  EXPECT_EQ(totals["laptop"].pledged, 6);
  EXPECT_EQ(totals["laptop"].gap, 6);
  bool item_line = false;
  for (const auto& g : gaps->by_plan_item)
    if (g.plan_item_id == item && g.currency == "AZN") {
      item_line = true;
      EXPECT_EQ(g.gap, 50000);
    }
  EXPECT_TRUE(item_line);
}

TEST_P(PartnersTest, ADonorSeesAndTouchesOnlyItsOwnPledges) {
  Need need = MoneyNeed(100000);
  Pledge a = PledgeOf(donor_a_, need.id, 40000);
  Pledge b = PledgeOf(donor_b_, need.id, 30000);

  EXPECT_EQ(svc_->GetPledge(donor_b_, a.id).error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(svc_->GetPledge(donor_a_, a.id));
  EXPECT_TRUE(svc_->GetPledge(coordinator_, b.id));
  auto list_b = svc_->ListPledges(donor_b_, std::nullopt);
  ASSERT_TRUE(list_b);
  ASSERT_EQ(list_b->size(), 1u);
  EXPECT_EQ((*list_b)[0].id, b.id);
  EXPECT_EQ(svc_->ListPledges(coordinator_, need.id)->size(), 2u);

  PledgePatch raise{a.version, 99999, std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(svc_->UpdatePledge(donor_b_, a.id, raise, "t").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc_->GetPledge(coordinator_, a.id)->amount, 40000);
  DeliveryInput d{a.id, "2025-02-01", 100, std::nullopt, ""};
  EXPECT_EQ(svc_->CreateDelivery(donor_b_, d, "t").error().code, ErrorCode::kPermissionDenied);
  PledgeInput as_a{need.id, org_a_, std::nullopt, std::nullopt, 100, std::nullopt};
  EXPECT_EQ(svc_->CreatePledge(donor_b_, as_a, "t").error().code, ErrorCode::kPermissionDenied);

  Deliver(donor_a_, a.id, 1000);
  auto deliveries_b = svc_->ListDeliveries(donor_b_, std::nullopt, std::nullopt);
  ASSERT_TRUE(deliveries_b);
  EXPECT_TRUE(deliveries_b->empty());
  EXPECT_EQ(svc_->ListDeliveries(donor_a_, std::nullopt, std::nullopt)->size(), 1u);

  // Donor organisations: B sees itself only.
  auto donors_b = svc_->ListDonors(donor_b_);
  ASSERT_TRUE(donors_b);
  ASSERT_EQ(donors_b->size(), 1u);
  EXPECT_EQ((*donors_b)[0].id, org_b_);
  EXPECT_EQ(svc_->GetDonor(donor_b_, org_a_).error().code, ErrorCode::kPermissionDenied);

  // An account linked to no organisation pledges for none.
  PledgeInput none{need.id, std::nullopt, std::nullopt, std::nullopt, 100, std::nullopt};
  EXPECT_EQ(svc_->CreatePledge(donor_unlinked_, none, "t").error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(svc_->ListPledges(donor_unlinked_, std::nullopt)->empty());
  // One organisation per account.
  EXPECT_EQ(svc_->AddMember(coordinator_, org_b_, "donor.a", "t").error().code, ErrorCode::kConflict);
  // Only donor accounts can be linked.
  EXPECT_EQ(svc_->AddMember(coordinator_, org_b_, "focal", "t").error().code, ErrorCode::kInvalidArgument);
}

TEST_P(PartnersTest, CapabilitiesAreChecked) {
  Need need = MoneyNeed(1000);
  NeedInput in;
  in.type = "material";
  in.title_az = "x";
  in.title_en = "x";
  in.unit = "box";
  in.quantity = 1;
  EXPECT_EQ(svc_->CreateNeed(donor_a_, in, "t").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc_->GetNeed(focal_, need.id).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc_->ListNeeds(focal_, {}).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc_->ListNeeds(analyst_, {}).error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(svc_->GetGaps(analyst_));
  EXPECT_EQ(svc_->GetGaps(focal_).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc_->CreateDonor(donor_a_, {"X", "X", "donor", std::nullopt}, "t").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc_->ListPledges(focal_, std::nullopt).error().code, ErrorCode::kPermissionDenied);
  PledgeInput p{need.id, std::nullopt, std::nullopt, std::nullopt, 10, std::nullopt};
  EXPECT_EQ(svc_->CreatePledge(focal_, p, "t").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc_->CreateCampaign(donor_a_, {"a", "a", "2025-01-01", "2025-02-01", std::nullopt, std::nullopt}, "t")
                .error()
                .code,
            ErrorCode::kPermissionDenied);

  // A focal point records training needs of its own agency only.
  TrainingNeedInput own{std::nullopt, "inspectors", "victim_identification", 12, "high", ""};
  auto ok = svc_->CreateTrainingNeed(focal_, own, "t");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->agency_id, focal_.agency_id);
  TrainingNeedInput other = own;
  other.agency_id = coordinator_.agency_id;
  EXPECT_EQ(svc_->CreateTrainingNeed(focal_, other, "t").error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(svc_->CreateTrainingNeed(coordinator_, other, "t"));
  auto seen = svc_->ListTrainingNeeds(focal_, std::nullopt, std::nullopt);
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->size(), 1u);  // not the Coordinator's
  EXPECT_EQ(svc_->ListTrainingNeeds(coordinator_, std::nullopt, std::nullopt)->size(), 2u);
}

TEST_P(PartnersTest, BadInputIsRefusedAndNothingIsWritten) {
  const int64_t before = Count("needs");
  auto attempt = [&](std::optional<std::string> currency, std::optional<int64_t> amount,
                     std::optional<std::string> unit, std::optional<int64_t> quantity,
                     const std::string& type = "financial") {
    NeedInput in;
    in.type = type;
    in.title_az = "Ehtiyac";
    in.title_en = "Need";
    in.currency = currency;
    in.amount_minor = amount;
    in.unit = unit;
    in.quantity = quantity;
    auto r = svc_->CreateNeed(coordinator_, in, "t");
    EXPECT_FALSE(r);
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().message;
    }
  };
  attempt("ABC", 100, std::nullopt, std::nullopt);  // not ISO 4217
  attempt("azn", 100, std::nullopt, std::nullopt);  // codes are upper case
  attempt("XAU", 100, std::nullopt, std::nullopt);  // gold is not a currency here
  attempt("AZN", -5, std::nullopt, std::nullopt);
  attempt("AZN", 0, std::nullopt, std::nullopt);
  attempt("AZN", kMaxAmount + 1, std::nullopt, std::nullopt);
  attempt("AZN", std::nullopt, std::nullopt, std::nullopt);
  attempt("AZN", 100, "box", 3);  // both measures
  attempt(std::nullopt, std::nullopt, std::nullopt, std::nullopt);
  attempt(std::nullopt, std::nullopt, "box", -1);
  attempt("AZN", 100, std::nullopt, std::nullopt, "spiritual");
  EXPECT_EQ(Count("needs"), before);

  Need need = MoneyNeed(1000);
  const int64_t pledges = Count("pledges");
  PledgeInput wrong_currency{need.id, std::nullopt, "USD", std::nullopt, 100, std::nullopt};
  EXPECT_EQ(svc_->CreatePledge(donor_a_, wrong_currency, "t").error().code, ErrorCode::kInvalidArgument);
  PledgeInput negative{need.id, std::nullopt, std::nullopt, std::nullopt, -100, std::nullopt};
  EXPECT_EQ(svc_->CreatePledge(donor_a_, negative, "t").error().code, ErrorCode::kInvalidArgument);
  PledgeInput quantity{need.id, std::nullopt, std::nullopt, std::nullopt, std::nullopt, 3};
  EXPECT_EQ(svc_->CreatePledge(donor_a_, quantity, "t").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Count("pledges"), pledges);

  Pledge p = PledgeOf(donor_a_, need.id, 500);
  DeliveryInput bad_date{p.id, "2025-02-30", 10, std::nullopt, ""};
  EXPECT_EQ(svc_->CreateDelivery(donor_a_, bad_date, "t").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Count("deliveries"), 0);

  // A stale version is a conflict, and changes nothing.
  NeedPatch stale;
  stale.version = need.version + 5;
  stale.title_en = "Changed";
  EXPECT_EQ(svc_->UpdateNeed(coordinator_, need.id, stale, "t").error().code, ErrorCode::kConflict);
  EXPECT_EQ(svc_->GetNeed(coordinator_, need.id)->title_en, "Funds for the shelter");
}

TEST_P(PartnersTest, TrainingAndAwarenessFiguresAddUp) {
  auto labour = dir_->FindAgency("labour");
  auto health = dir_->FindAgency("health");
  ASSERT_TRUE(labour && health);
  TrainingEventInput ev;
  ev.title_az = "Qurbanların müəyyən edilməsi";
  ev.title_en = "Victim identification";
  ev.topics = {"victim_identification", "conduct_with_victims"};
  ev.starts_on = "2025-05-10";
  ev.ends_on = "2025-05-12";
  ev.organiser_agency_id = coordinator_.agency_id;
  ev.funding_donor_id = org_a_;
  ev.participants = {{labour->id, 14}, {health->id, 6}};
  auto e = svc_->CreateEvent(coordinator_, ev, "t");
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->ParticipantsTotal(), 20);
  ev.starts_on = ev.ends_on = "2024-11-01";  // another year
  ev.participants = {{labour->id, 100}};
  ASSERT_TRUE(svc_->CreateEvent(coordinator_, ev, "t"));
  TrainingEventInput bad = ev;
  bad.topics = {"astrology"};
  EXPECT_EQ(svc_->CreateEvent(coordinator_, bad, "t").error().code, ErrorCode::kInvalidArgument);
  bad = ev;
  bad.ends_on = "2024-10-01";
  EXPECT_EQ(svc_->CreateEvent(coordinator_, bad, "t").error().code, ErrorCode::kInvalidArgument);

  NRM_ASSERT_OK(svc_->AddEvaluation(focal_, e->id, 5, "Faydalı", "t"));
  NRM_ASSERT_OK(svc_->AddEvaluation(coordinator_, e->id, 2, "", "t"));
  EXPECT_EQ(svc_->AddEvaluation(focal_, e->id, 6, "", "t").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(svc_->AddEvaluation(donor_a_, e->id, 3, "", "t").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc_->ListEvaluations(focal_, e->id)->size(), 1u);  // its own agency's

  auto c =
      svc_->CreateCampaign(coordinator_, {"Diqqət!", "Beware!", "2025-01-01", "2025-12-31", std::nullopt, org_b_}, "t");
  ASSERT_TRUE(c) << c.error().message;
  NRM_ASSERT_OK(svc_->AddActivity(coordinator_, c->id,
                                  {"film_screening", "students", "ganja_dashkasan", "", "2025-03-01", "", 250}, "t"));
  NRM_ASSERT_OK(
      svc_->AddActivity(coordinator_, c->id, {"school_session", "students", "baku", "", "2025-04-01", "", 120}, "t"));
  NRM_ASSERT_OK(svc_->AddActivity(coordinator_, c->id,
                                  {"film_screening", "youth", "other", "Xırdalan (kənd)", "2025-05-01", "", 30}, "t"));
  EXPECT_EQ(
      svc_->AddActivity(coordinator_, c->id, {"film_screening", "youth", "atlantis", "", "2025-05-01", "", 1}, "t")
          .error()
          .code,
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      svc_->AddActivity(coordinator_, c->id, {"film_screening", "youth", "other", "<script>", "2025-05-01", "", 1}, "t")
          .error()
          .code,
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      svc_->AddActivity(coordinator_, c->id, {"media", "youth", "baku", "", "2025-05-01", "", -1}, "t").error().code,
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(svc_->GetCampaign(donor_a_, c->id)->reach_total, 400);

  auto f = svc_->Figures(2025);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->training_events, 1);
  EXPECT_EQ(f->training_participants, 20);
  EXPECT_EQ(f->training_evaluations, 2);
  ASSERT_TRUE(f->training_average_score);
  EXPECT_DOUBLE_EQ(*f->training_average_score, 3.5);
  EXPECT_EQ(f->training_needs_open, 0);
  EXPECT_EQ(f->campaigns, 1);
  EXPECT_EQ(f->activities, 3);
  EXPECT_EQ(f->reach, 400);
  std::map<std::string, std::pair<int64_t, int64_t>> kinds(f->by_kind.begin(), f->by_kind.end());
  EXPECT_EQ(kinds["film_screening"], std::make_pair(int64_t{2}, int64_t{280}));
  EXPECT_EQ(kinds["school_session"], std::make_pair(int64_t{1}, int64_t{120}));
  std::map<std::string, int64_t> parts(f->participants_by_agency.begin(), f->participants_by_agency.end());
  EXPECT_EQ(parts["labour"], 14);
  EXPECT_EQ(parts["health"], 6);
}

// The HTTP edge: unknown fields and wrong types are refused, refusals are
// problem+json 403s.
TEST_P(PartnersTest, RoutesRefuseUnknownFieldsAndAnswer403AsProblemJson) {
  http::Router router;
  RegisterRoutes(router, *svc_, *dir_);
  auto session = [&](const std::string& user) {
    auto login = dir_->Login({user, kPassword, "", "127.0.0.1"});
    EXPECT_TRUE(login) << login.error().message;
    return login ? std::make_pair("nrm_session=" + login->token, login->csrf_token)
                 : std::make_pair(std::string(), std::string());
  };
  auto call = [&](const std::pair<std::string, std::string>& s, const std::string& method, const std::string& path,
                  const json& body = nullptr) {
    http::Request req;
    req.method = method;
    req.target = req.path = path;
    req.remote_address = "127.0.0.1";
    req.request_id = "test";
    req.headers["Cookie"] = s.first;
    req.headers["X-CSRF-Token"] = s.second;
    if (!body.is_null()) {
      req.headers["Content-Type"] = "application/json";
      req.body = body.dump();
    }
    auto match = router.Find(method, path);
    EXPECT_NE(match.route, nullptr) << path;
    if (!match.route) return http::Response{};
    req.route = match.route->pattern;
    req.params = match.params;
    return http::Dispatch(*match.route, req);
  };
  Need need = MoneyNeed(10000);
  Pledge a = PledgeOf(donor_a_, need.id, 100);
  auto b = session("donor.b");
  const int64_t pledges = Count("pledges");
  for (const json& body :
       {json{{"need_id", need.id}, {"amount_minor", 100}, {"donor", "A"}},
        json{{"need_id", need.id}, {"amount_minor", 1.5}}, json{{"need_id", need.id}, {"amount_minor", "100"}},
        json{{"need_id", need.id}, {"amount_minor", -100}},
        json{{"need_id", need.id}, {"amount_minor", 100}, {"currency", "EURO"}}}) {
    auto res = call(b, "POST", "/api/v1/pledges", body);
    EXPECT_EQ(res.status, 400) << body.dump() << " " << res.body;
    EXPECT_EQ(res.content_type.rfind("application/problem+json", 0), 0u);
  }
  EXPECT_EQ(Count("pledges"), pledges);
  auto other = call(b, "GET", "/api/v1/pledges/" + a.id);
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(other.content_type.rfind("application/problem+json", 0), 0u);
  EXPECT_EQ(other.body.find(std::to_string(a.amount)), std::string::npos);
  auto focal = session("focal");
  auto needs = call(focal, "GET", "/api/v1/needs");
  EXPECT_EQ(needs.status, 403);
  EXPECT_EQ(
      call(b, "POST", "/api/v1/needs",
           json{{"type", "financial"}, {"title_az", "x"}, {"title_en", "x"}, {"currency", "AZN"}, {"amount_minor", 1}})
          .status,
      403);
  auto ok = call(b, "GET", "/api/v1/pledges");
  ASSERT_EQ(ok.status, 200);
  EXPECT_TRUE(json::parse(ok.body)["items"].empty());
  auto mine = call(b, "POST", "/api/v1/pledges", json{{"need_id", need.id}, {"amount_minor", 250}});
  EXPECT_EQ(mine.status, 201) << mine.body;
  EXPECT_EQ(json::parse(mine.body)["donor_id"], org_b_);
}

INSTANTIATE_TEST_SUITE_P(Backends, PartnersTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::partners
