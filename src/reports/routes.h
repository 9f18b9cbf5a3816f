// HTTP mapping of report jobs: POST /api/v1/reports/annual (202 + job),
// GET /api/v1/reports, GET /api/v1/reports/{id} (progress),
// GET /api/v1/reports/{id}/file (the download). All need reports.produce.
// Thread-safety: handlers are safe to call concurrently.
#pragma once

#include "directory/service.h"
#include "http/router.h"
#include "reports/jobs.h"

namespace nrm::reports {

void RegisterRoutes(http::Router& router, ReportJobs& jobs, directory::Directory& directory);

}  // namespace nrm::reports
