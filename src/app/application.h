// The application: opens the store, builds the services and wires every
// module's routes into one router. The only place that knows all modules.
//
// Who calls it: cli/ (serve, init, demo, user, migrate) and the tests.
// Thread-safety: build once; after RegisterRoutes() the services are shared
// read-only by the server threads (their state lives in the store).
#pragma once

#include <memory>
#include <string>

#include "access/service.h"
#include "audit/log.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/error.h"
#include "core/metrics.h"
#include "crypto/keyring.h"
#include "directory/service.h"
#include "http/router.h"
#include "notify/service.h"
#include "partners/service.h"
#include "people/service.h"
#include "plan/findings.h"
#include "plan/meetings.h"
#include "plan/service.h"
#include "referral/consent.h"
#include "referral/screening.h"
#include "referral/service.h"
#include "reports/gather.h"
#include "reports/jobs.h"
#include "store/database.h"

namespace nrm::app {

class Application {
 public:
  // Opens the store named by config, applies pending migrations and opens the
  // keyring (master key from MasterKeySourceFrom(config)).
  static Result<std::unique_ptr<Application>> Open(const Config& config, const Clock& clock);

  // Loads the reference data shipped in the binary (agencies). Idempotent.
  Status LoadReferenceData();

  // Every route of every module, plus /healthz, /readyz, /metrics, the OpenAPI
  // document and, when config.web_root is set, the web UI.
  void RegisterRoutes(http::Router& router);

  const Config& config() const { return config_; }
  store::Database& database() { return *db_; }
  crypto::Keyring& keyring() { return *keyring_; }
  audit::AuditLog& audit() { return *audit_; }
  directory::Directory& directory() { return *directory_; }
  access::AccessService& access() { return *access_; }
  people::PersonService& persons() { return *persons_; }
  notify::Inbox& inbox() { return *inbox_; }
  referral::ScreeningService& screenings() { return *screenings_; }
  referral::ReferralService& referrals() { return *referrals_; }
  referral::ConsentService& consents() { return *consents_; }
  plan::PlanService& plans() { return *plans_; }
  plan::MeetingService& meetings() { return *meetings_; }
  plan::FindingService& findings() { return *findings_; }
  partners::PartnersService& partners() { return *partners_; }
  reports::AnnualGatherer& annual_reports() { return *annual_reports_; }
  reports::ReportJobs& report_jobs() { return *report_jobs_; }
  Metrics& metrics() { return metrics_; }

 private:
  Application(Config config, const Clock& clock) : config_(std::move(config)), clock_(clock) {}

  Config config_;
  const Clock& clock_;
  Metrics metrics_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<crypto::Keyring> keyring_;  // after db_: destroyed before it
  std::unique_ptr<audit::AuditLog> audit_;    // after db_: drained and destroyed before it
  std::unique_ptr<directory::Directory> directory_;
  std::unique_ptr<access::AccessService> access_;
  std::unique_ptr<people::PersonService> persons_;
  std::unique_ptr<notify::Inbox> inbox_;
  std::unique_ptr<referral::ScreeningService> screenings_;
  std::unique_ptr<referral::ConsentService> consents_;
  std::unique_ptr<referral::ReferralService> referrals_;
  std::unique_ptr<plan::PlanService> plans_;
  std::unique_ptr<plan::MeetingService> meetings_;
  std::unique_ptr<plan::FindingService> findings_;
  std::unique_ptr<partners::PartnersService> partners_;
  std::unique_ptr<reports::AnnualGatherer> annual_reports_;
  std::unique_ptr<reports::ReportJobs> report_jobs_;  // last: its worker stops before the rest goes
};

directory::SessionPolicy SessionPolicyFrom(const Config& config);
access::AlertThresholds AlertThresholdsFrom(const Config& config);
// NRM_MASTER_KEY when set, else config.EffectiveMasterKeyFile().
crypto::MasterKeySource MasterKeySourceFrom(const Config& config);

}  // namespace nrm::app
