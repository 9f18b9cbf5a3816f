// Monitoring and evaluation findings (NAP §3: "problems found are brought to
// the attention of the competent body"). A participant records a problem
// addressed to a competent body (an agency code); that body's users answer;
// the Coordinator sees open findings by body and age (PlanService::Board)
// and closes them.
//
// Rules:
//  - recording needs findings.create or plan.report;
//  - answering needs a user of the addressed agency holding plan.report,
//    findings.create or findings.view; only an open finding is answered;
//  - closing needs findings.view;
//  - findings.view reads all; others read what their agency recorded or
//    must answer (else kNotFound for one, filtered out of lists).
// Findings are about the system's work, never about a person: the UI asks
// users not to name victims, and texts are length-bounded.
//
// Who calls it: plan/routes_desk.cc.
// Thread-safety: safe for concurrent use; all state is in the Database.
#pragma once

#include <string>
#include <vector>

#include "audit/log.h"
#include "core/clock.h"
#include "core/error.h"
#include "directory/model.h"
#include "plan/model.h"
#include "store/database.h"

namespace nrm::plan {

class FindingService {
 public:
  FindingService(store::Database& db, audit::AuditLog& audit, const Clock& clock);

  Result<Finding> Create(const directory::Principal& actor, const FindingInput& input,
                         const std::string& request_id = "");
  // Open first, oldest first.
  Result<std::vector<Finding>> List(const directory::Principal& actor, const FindingFilter& filter);
  Result<Finding> Get(const directory::Principal& actor, const std::string& finding_id);
  Result<Finding> Answer(const directory::Principal& actor, const std::string& finding_id, int64_t version,
                         const std::string& answer, const std::string& request_id = "");
  Result<Finding> Close(const directory::Principal& actor, const std::string& finding_id, int64_t version,
                        const std::optional<std::string>& note, const std::string& request_id = "");

 private:
  store::Database& db_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace nrm::plan
