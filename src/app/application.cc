#include "app/application.h"

#include "app/embedded.h"
#include "directory/routes.h"
#include "http/problem.h"
#include "http/static_files.h"

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
  app->directory_ = std::make_unique<directory::Directory>(*app->db_, clock, SessionPolicyFrom(config));
  return app;
}

Status Application::LoadReferenceData() {
  return directory_->ImportAgencies(std::string(embedded::AgenciesJson()));
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
    return http::Response::Json(200, std::string(embedded::OpenApiJson()));
  });
  directory::RegisterRoutes(router, *directory_, directory::RouteSettings{config_.behind_tls});
  if (!config_.web_root.empty()) router.SetFallback(http::StaticFiles(config_.web_root));
}

}  // namespace nrm::app
