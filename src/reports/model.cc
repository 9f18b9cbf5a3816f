#include "reports/model.h"

#include "core/enum_names.h"

namespace nrm::reports {

namespace {

constexpr EnumNames<JobStatus, 4> kJobStatuses = {{
    {JobStatus::kQueued, "queued"},
    {JobStatus::kRunning, "running"},
    {JobStatus::kDone, "done"},
    {JobStatus::kFailed, "failed"},
}};

}  // namespace

const char* Name(JobStatus s) { return NameIn(kJobStatuses, s); }
std::optional<JobStatus> ParseJobStatus(std::string_view n) { return ParseIn(kJobStatuses, n); }

}  // namespace nrm::reports
