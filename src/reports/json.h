// The API's JSON of a report job (its progress, and the file once done),
// used by reports/routes.cc.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "reports/jobs.h"

namespace nrm::reports {

nlohmann::json ToJson(const ReportJob& j);

}  // namespace nrm::reports
