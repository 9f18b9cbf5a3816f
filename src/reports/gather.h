// Fills an AnnualReport for a year from the plan (plan::PlanService::Summary
// for every active plan, newest revision of each code), the resources desk
// (partners::PartnersService::Figures) and the agency registry (names in the
// report's language).
//
// Who calls it: reports/jobs.cc and the `nrm report annual` command, after
// they checked reports.produce (or run as the local operator). It reads as
// the system (no principal): the summary holds no narratives and no person.
// Thread-safety: safe for concurrent use (the services are).
#pragma once

#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "directory/service.h"
#include "partners/service.h"
#include "plan/service.h"
#include "reports/model.h"

namespace nrm::reports {

class AnnualGatherer {
 public:
  // `plan` may be null: the report then says no plan is loaded.
  AnnualGatherer(plan::PlanService* plan, partners::PartnersService& partners, directory::Directory& directory,
                 const Clock& clock);

  Result<AnnualReport> Gather(int year, const std::string& lang, const Progress& progress = {});

 private:
  plan::PlanService* plan_;
  partners::PartnersService& partners_;
  directory::Directory& directory_;
  const Clock& clock_;
};

}  // namespace nrm::reports
