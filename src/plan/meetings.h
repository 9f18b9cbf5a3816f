// Coordination meetings (NAP §4: the Coordinator "organises regular
// meetings"): date, agenda, invited agencies and their attendance, minutes,
// and decisions. Each decision becomes a follow-up task with an owner agency
// and a deadline in the year's "meeting decisions" plan (code
// "meetings-<year>", kind meeting_decisions; one item per meeting), so it is
// reported on, reviewed, flagged overdue and summarised exactly like a task
// of the action plan.
//
// Rules: meetings.manage schedules and edits; plan.review sees every
// meeting; a plan.report holder sees the meetings its agency is invited to;
// anyone else gets kPermissionDenied. Edits use optimistic locking; every
// change is audited in its transaction.
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
#include "plan/service.h"
#include "store/database.h"

namespace nrm::plan {

class MeetingService {
 public:
  MeetingService(store::Database& db, audit::AuditLog& audit, const Clock& clock);

  Result<Meeting> Create(const directory::Principal& actor, const MeetingInput& input,
                         const std::string& request_id = "");
  // Newest first.
  Result<std::vector<Meeting>> List(const directory::Principal& actor);
  Result<Meeting> Get(const directory::Principal& actor, const std::string& meeting_id);
  Result<Meeting> Update(const directory::Principal& actor, const std::string& meeting_id, const MeetingPatch& patch,
                         const std::string& request_id = "");
  // Records a decision and creates its task; returns the decision.
  Result<Decision> AddDecision(const directory::Principal& actor, const std::string& meeting_id,
                               const DecisionInput& input, const std::string& request_id = "");

  // The code of the decisions plan of `year`.
  static std::string DecisionsPlanCode(int year);

 private:
  store::Database& db_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace nrm::plan
