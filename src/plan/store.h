// The plan module's SQL shared by its services (plans, progress, board,
// meetings): agency lookups, inserting a plan's rows, loading tasks with
// their due states, task history and audit entries. Internal to plan/.
//
// Every function works inside the caller's transaction and leaves ending it
// to the caller; after an error the transaction is dead (store/database.h).
//
// Thread-safety: functions of the caller's transaction's thread.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "audit/log.h"
#include "core/error.h"
#include "directory/model.h"
#include "plan/calendar.h"
#include "plan/model.h"
#include "plan/service.h"
#include "store/database.h"

namespace nrm::plan::internal {

struct AgencyIndex {
  std::map<std::string, std::string> id_by_code;
  std::map<std::string, std::string> code_by_id;
  std::string Code(const std::string& id) const {
    auto it = code_by_id.find(id);
    return it == code_by_id.end() ? "" : it->second;
  }
};
Result<AgencyIndex> LoadAgencies(store::Transaction& tx);

// Inserts a plan (revision = next for its code) with all items and tasks.
// The spec must have passed ValidatePlanSpec and LocateUnknownAgencies.
Result<Plan> InsertPlan(store::Transaction& tx, const PlanSpec& spec, const directory::Principal* actor, int64_t now,
                        const std::string& id);
// One item with its tasks (used by InsertPlan and by meeting decisions).
Status InsertItem(store::Transaction& tx, const std::string& plan_id, const ItemSpec& item, const AgencyIndex& agencies,
                  const directory::Principal* actor, int64_t now, const Clock& clock,
                  const std::optional<std::string>& meeting_id);
Status InsertTask(store::Transaction& tx, const std::string& plan_id, const std::string& item_id, int position,
                  const TaskSpec& task, const std::vector<std::string>& responsible_codes, const AgencyIndex& agencies,
                  const directory::Principal* actor, int64_t now, const std::string& task_id,
                  const std::optional<std::string>& meeting_id);

// Problems for every agency code not in the registry.
void LocateUnknownAgencies(const PlanSpec& spec, const AgencyIndex& agencies, std::vector<ImportProblem>& problems);

Result<Plan> LoadPlan(store::Transaction& tx, const std::string& plan_id);

// Tasks matching `where` (SQL over aliases t = plan_tasks, i = plan_items,
// p = plans), ordered by plan, item, position, with agencies and due states
// as of `today`.
Result<std::vector<Task>> LoadTasks(store::Transaction& tx, const std::string& where,
                                    const std::vector<store::Value>& params, const AgencyIndex& agencies, Day today,
                                    const PlanOptions& options);
// The due state of `t` given the periods it has submitted/accepted reports for.
void ResolveDueState(Task& t, const std::string& plan_start, Day today, const std::set<std::string>& reported,
                     const PlanOptions& options);
// A task's reporting cadence: its own, else quarterly.
Cadence CadenceOf(const Task& t);

struct HistoryRow {
  std::string task_id;
  std::optional<std::string> report_id;
  std::string action;
  std::optional<std::string> period, status, state, comment, narrative;
  bool narrative_internal = false;
};
Status AppendHistory(store::Transaction& tx, const Clock& clock, const directory::Principal* actor,
                     const HistoryRow& row);

// An audit entry for a change; call last, right before Commit.
Status AuditChange(audit::AuditLog& audit, store::Transaction& tx, const directory::Principal* actor,
                   const std::string& action, const std::string& object_type, const std::string& object_id,
                   const std::string& request_id, std::map<std::string, std::string> detail = {});

std::optional<std::string> OptText(const store::Row& r, size_t i);

}  // namespace nrm::plan::internal
