#include "app/application.h"

#include "access/routes.h"
#include "app/embedded.h"
#include "app/openapi.h"
#include "directory/routes.h"
#include "http/problem.h"
#include "http/static_files.h"
#include "notify/routes.h"
#include "partners/routes.h"
#include "people/routes.h"
#include "plan/routes.h"
#include "referral/routes.h"
#include "reports/routes.h"

namespace nrm::app {

directory::SessionPolicy SessionPolicyFrom(const Config& c) {
  directory::SessionPolicy p;
  p.idle_ms = int64_t{c.session_idle_minutes} * 60 * 1000;
  p.absolute_ms = int64_t{c.session_absolute_hours} * 3600 * 1000;
  p.max_failures = c.login_max_failures;
  p.lockout_ms = int64_t{c.login_lockout_minutes} * 60 * 1000;
  p.address_attempts_per_minute = c.login_ip_per_minute;
  return p;
}

access::AlertThresholds AlertThresholdsFrom(const Config& c) {
  access::AlertThresholds t;
  t.identity_reads = c.alert_identity_reads;
  t.refusals = c.alert_refusals;
  t.outside_searches = c.alert_outside_searches;
  t.duplicate_checks = c.alert_duplicate_checks;
  t.window_ms = int64_t{c.alert_window_minutes} * 60'000;
  t.break_glass_ms = int64_t{c.break_glass_hours} * 3600'000;
  t.coordinator_approves = c.coordinator_approves_info_requests;
  return t;
}

crypto::MasterKeySource MasterKeySourceFrom(const Config& c) {
  return crypto::MasterKeySource::EnvironmentOrFile(c.EffectiveMasterKeyFile());
}

Result<std::unique_ptr<Application>> Application::Open(const Config& config, const Clock& clock) {
  std::unique_ptr<Application> app(new Application(config, clock));
  auto db = store::Database::Open(config.EffectiveStoreUrl(), &app->metrics_);
  if (!db) return tl::unexpected(db.error());
  app->db_ = std::move(*db);
  if (auto s = app->db_->Migrate(); !s) return tl::unexpected(s.error());
  auto keyring = crypto::Keyring::Open(*app->db_, clock, MasterKeySourceFrom(config));
  if (!keyring) return tl::unexpected(keyring.error());
  app->keyring_ = std::move(*keyring);
  app->audit_ = std::make_unique<audit::AuditLog>(*app->db_, clock);
  app->directory_ =
      std::make_unique<directory::Directory>(*app->db_, clock, SessionPolicyFrom(config), app->audit_.get());
  auto schema = access::Schema::Compile(access::Schema::DefaultText());
  if (!schema) return tl::unexpected(schema.error());
  app->access_ =
      std::make_unique<access::AccessService>(*app->db_, *app->audit_, *schema, clock, AlertThresholdsFrom(config));
  app->persons_ = std::make_unique<people::PersonService>(*app->db_, *app->keyring_, *app->access_, clock);
  people::PersonService* persons = app->persons_.get();
  app->access_->RegisterObjectType(people::kObjectType, [persons](store::Transaction& tx, const std::string& key) {
    return persons->Describe(tx, key);
  });
  app->inbox_ = std::make_unique<notify::Inbox>(*app->db_, clock);
  // Information requests notify their deciders and, once decided, the
  // requester; access/ knows nothing of notify/ (an observer set here).
  notify::Inbox* inbox = app->inbox_.get();
  app->access_->SetRequestObserver([inbox](store::Transaction& tx, const std::string& event,
                                           const access::InformationRequest& q, const std::vector<std::string>& to) {
    notify::Notice n{event == "created" ? "info_request.new" : "info_request.decided", "information_request", q.id,
                     "/requests"};
    return inbox->Notify(tx, to, n);
  });
  {
    auto catalogue = referral::IndicatorCatalogue::Load(embedded::IndicatorsJson());
    if (!catalogue) return tl::unexpected(catalogue.error());
    referral::SlaSettings sla;
    sla.ack_ms = int64_t{config.referral_ack_minutes} * 60'000;
    sla.decision_ms = int64_t{config.referral_decision_hours} * 3600'000;
    app->screenings_ =
        std::make_unique<referral::ScreeningService>(*app->db_, *app->keyring_, *app->access_, *catalogue, clock);
    app->consents_ =
        std::make_unique<referral::ConsentService>(*app->db_, *app->access_, *app->directory_, *app->inbox_, clock);
    app->referrals_ = std::make_unique<referral::ReferralService>(
        *app->db_, *app->keyring_, *app->access_, *app->persons_, *app->inbox_, *app->directory_, clock, sla);
    referral::ReferralService* referrals = app->referrals_.get();
    app->access_->RegisterObjectType(
        referral::kCaseObject,
        [referrals](store::Transaction& tx, const std::string& key) { return referrals->DescribeCase(tx, key); });
  }
  app->plans_ = std::make_unique<plan::PlanService>(*app->db_, *app->audit_, clock);
  app->meetings_ = std::make_unique<plan::MeetingService>(*app->db_, *app->audit_, clock);
  app->findings_ = std::make_unique<plan::FindingService>(*app->db_, *app->audit_, clock);
  app->partners_ = std::make_unique<partners::PartnersService>(*app->db_, *app->audit_, *app->directory_, clock);
  app->annual_reports_ =
      std::make_unique<reports::AnnualGatherer>(app->plans_.get(), *app->partners_, *app->directory_, clock);
  app->report_jobs_ = std::make_unique<reports::ReportJobs>(*app->db_, *app->audit_, *app->annual_reports_, clock);
  return app;
}

Status Application::LoadReferenceData() {
  if (auto s = directory_->ImportAgencies(std::string(embedded::AgenciesJson())); !s) return s;
  if (auto s = plans_->LoadSeedPlan(embedded::Plan2004Json()); !s) return s;
  return {};
}

void Application::RegisterRoutes(http::Router& router) {
  router.Add("GET", "/healthz", [](http::Request&) {
    http::Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ok\n";
    return r;
  });
  router.Add("GET", "/readyz", [this](http::Request&) {
    if (auto s = db_->Ping(); !s) return http::Problem(ErrorCode::kUnavailable, "the store is not reachable");
    http::Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ready\n";
    return r;
  });
  router.Add("GET", "/metrics", [this](http::Request&) {
    http::Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics_.Render();
    return r;
  });
  router.Add("GET", "/api/v1/openapi.json", [](http::Request&) {
    auto doc = OpenApiDocument();
    if (!doc) return http::Problem(doc.error().code, "the API description is unavailable");
    return http::Response::Json(200, *doc);
  });
  directory::RegisterRoutes(router, *directory_, directory::RouteSettings{config_.behind_tls});
  people::RegisterRoutes(router, *persons_, *directory_);
  access::RegisterRoutes(router, *access_, *directory_, {{people::kObjectType, "/api/v1/persons"}});
  notify::RegisterRoutes(router, *inbox_, *directory_);
  referral::RegisterRoutes(router, *screenings_, *referrals_, *consents_, *directory_);
  plan::RegisterRoutes(router, *plans_, *meetings_, *findings_, *directory_);
  partners::RegisterRoutes(router, *partners_, *directory_);
  reports::RegisterRoutes(router, *report_jobs_, *directory_);
  if (!config_.web_root.empty()) router.SetFallback(http::StaticFiles(config_.web_root));
}

}  // namespace nrm::app
