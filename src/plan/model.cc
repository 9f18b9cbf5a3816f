#include "plan/model.h"

#include "core/enum_names.h"

namespace nrm::plan {

namespace {

constexpr EnumNames<TaskStatus, 4> kTaskStatuses = {{
    {TaskStatus::kNotStarted, "not_started"},
    {TaskStatus::kInProgress, "in_progress"},
    {TaskStatus::kDone, "done"},
    {TaskStatus::kBlocked, "blocked"},
}};

constexpr EnumNames<ReportState, 3> kReportStates = {{
    {ReportState::kSubmitted, "submitted"},
    {ReportState::kReturned, "returned"},
    {ReportState::kAccepted, "accepted"},
}};

}  // namespace

const char* Name(TaskStatus s) { return NameIn(kTaskStatuses, s); }
const char* Name(ReportState s) { return NameIn(kReportStates, s); }
std::optional<TaskStatus> ParseTaskStatus(std::string_view n) { return ParseIn(kTaskStatuses, n); }
std::optional<ReportState> ParseReportState(std::string_view n) { return ParseIn(kReportStates, n); }

}  // namespace nrm::plan
