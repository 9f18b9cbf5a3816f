// Plain types of the Coordinator's desk: action plans (items, tasks with
// responsible agencies and deadlines), progress reports with indicators and
// evidence, task history, meetings and their decisions, findings, and the
// board and yearly summary derived from them.
//
// Agencies appear by their registry code ("labour"), never by a name typed
// by a user. Nothing here is personal data of victims.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nrm::plan {

// A task's status (set by its newest report that was not returned) and a
// progress report's review state: submitted -> returned | accepted, returned
// -> submitted (revised); accepted is final. Name/Parse spell the values of
// the status/state columns and JSON fields; Parse gives nullopt otherwise.
enum class TaskStatus { kNotStarted, kInProgress, kDone, kBlocked };
enum class ReportState { kSubmitted, kReturned, kAccepted };

const char* Name(TaskStatus s);
const char* Name(ReportState s);
std::optional<TaskStatus> ParseTaskStatus(std::string_view name);
std::optional<ReportState> ParseReportState(std::string_view name);

// Text in Azerbaijani (as written) and English; either may be absent.
struct Text {
  std::optional<std::string> az;
  std::optional<std::string> en;
  bool operator==(const Text&) const = default;
};

// kind: "date" (due on `due`), "month" (due on the month's last day, already
// resolved into `due`) or "ongoing" (no `due`; one report per `cadence`).
struct Deadline {
  std::string kind = "date";
  std::optional<std::string> due;      // YYYY-MM-DD
  std::optional<std::string> cadence;  // monthly | quarterly | semiannual | annual
  Text text;
};

// ---- What a plan is made from (create/import input). `line` and `field`
// locate the source for error messages (0 / "" when unknown).
struct TaskSpec {
  std::string number;  // "<item>.<n>"
  Text text;
  std::vector<std::string> responsible;  // agency codes; empty: the item's
  Deadline deadline;
  bool deadline_inferred = false;
  bool internal = false;
  int line = 0;
  std::string field;
};

struct ItemSpec {
  int number = 0;
  Text measure;
  std::vector<std::string> responsible;
  std::optional<Text> responsible_text;
  bool responsible_inferred = false;
  std::optional<std::string> restored_from;
  std::optional<Deadline> deadline;  // summarised from the tasks when absent
  bool deadline_inferred = false;
  std::vector<TaskSpec> tasks;
  int line = 0;
  std::string field;
};

struct PlanSpec {
  std::string code;
  Text title;
  std::optional<Text> approved_by;
  std::string period_start;  // YYYY-MM-DD
  std::optional<std::string> period_end;
  std::string status = "active";     // draft | active | closed
  std::string kind = "action_plan";  // action_plan | meeting_decisions
  std::vector<ItemSpec> items;
};

// One refused row of an import or create.
struct ImportProblem {
  int line = 0;       // CSV record's first line / JSON line; 0 unknown
  std::string field;  // CSV column or JSON pointer
  std::string message;
};

// ---- Stored plans.
struct Plan {
  std::string id;
  std::string code;
  int64_t revision = 1;
  std::string kind;
  Text title;
  std::optional<Text> approved_by;
  std::string period_start;
  std::optional<std::string> period_end;
  std::string status;
  int64_t item_count = 0;
  int64_t task_count = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t version = 1;
};

struct PlanPatch {
  int64_t version = 0;
  std::optional<std::string> status;
  std::optional<Text> title;
  std::optional<std::optional<std::string>> period_end;  // set: change (to null or a date)
};

// due_state: date tasks done | on_track | due_soon | overdue; ongoing tasks
// reported | due | overdue (see PlanService).
struct Task {
  std::string id;
  std::string plan_id;
  std::string plan_code;
  std::string item_id;
  int item_number = 0;
  std::string number;
  Text text;
  std::vector<std::string> responsible;  // agency codes, in the plan's order
  Deadline deadline;
  bool deadline_inferred = false;
  bool internal = false;
  TaskStatus status = TaskStatus::kNotStarted;
  std::string due_state;
  std::optional<std::string> current_period;  // the period now open (reporting)
  std::optional<int64_t> last_report_at;
  std::optional<std::string> meeting_id;
  int64_t version = 1;
};

struct Item {
  std::string id;
  int number = 0;
  Text measure;
  std::vector<std::string> responsible;
  std::optional<Text> responsible_text;
  bool responsible_inferred = false;
  std::optional<std::string> restored_from;
  Deadline deadline;
  std::vector<Task> tasks;
};

struct PlanDetail {
  Plan plan;
  std::vector<Item> items;
};

struct TaskFilter {
  std::optional<std::string> plan_id;
  std::optional<std::string> agency;  // code, or "mine"
  std::optional<std::string> status;
  std::optional<std::string> due_state;
};

// ---- Progress.
struct Indicator {
  std::string name;
  std::optional<std::string> unit;
  std::optional<double> target;
  std::optional<double> value;
};

struct Attachment {
  std::string id;
  std::string filename;
  std::string media_type;
  int64_t size = 0;
  std::string sha256;
  int64_t created_at = 0;
};

struct AttachmentContent {
  Attachment meta;
  std::vector<uint8_t> bytes;
};

struct ReportInput {
  std::optional<std::string> period;  // default: the period open now
  std::string status;
  std::optional<std::string> narrative;
  bool narrative_internal = false;
  std::vector<Indicator> indicators;
};

struct Report {
  std::string id;
  std::string task_id;
  std::string period;
  std::string period_start;
  std::string period_end;
  TaskStatus status = TaskStatus::kNotStarted;  // the task's status as reported
  std::optional<std::string> narrative;         // absent when internal and the caller may not see it
  bool narrative_internal = false;
  ReportState state = ReportState::kSubmitted;
  std::string agency;  // code
  std::vector<Indicator> indicators;
  std::vector<Attachment> attachments;
  int64_t submitted_at = 0;
  std::optional<int64_t> reviewed_at;
  std::optional<std::string> review_comment;
  int64_t version = 1;
};

struct HistoryEntry {
  int64_t at = 0;
  std::string action;  // task.create, report.submit, ...
  std::optional<std::string> actor_user_id;
  std::optional<std::string> actor_agency;
  std::optional<std::string> report_id;
  std::optional<std::string> period;
  std::optional<std::string> status;
  std::optional<std::string> state;
  std::optional<std::string> comment;
  std::optional<std::string> narrative;  // absent when internal and hidden from the caller
};

// ---- The board and the yearly summary.
struct TaskCounts {
  int64_t total = 0, not_started = 0, in_progress = 0, done = 0, blocked = 0;
  int64_t overdue = 0;  // due_state overdue
  int64_t due = 0;      // due_state due or due_soon
  void Add(const Task& t);
};

struct TaskBrief {
  std::string id, plan_id, number;
  Text text;
  std::vector<std::string> responsible;
  TaskStatus status = TaskStatus::kNotStarted;
  std::string due_state;
  std::optional<std::string> due;
  std::optional<std::string> current_period;
};

// Open (unanswered) findings addressed to one body, by age in days.
struct FindingAges {
  std::string agency;
  int64_t open = 0, days_0_30 = 0, days_31_90 = 0, days_91_180 = 0, days_over_180 = 0, oldest_days = 0;
};

struct Dashboard {
  std::optional<std::string> plan_id;
  std::string as_of;  // YYYY-MM-DD
  int silent_after_days = 0;
  TaskCounts totals;
  struct ByItem {
    std::string plan_id;
    int item_number = 0;
    Text measure;
    TaskCounts counts;
  };
  struct ByAgency {
    std::string agency;
    TaskCounts counts;
    std::optional<int64_t> last_report_at;
  };
  struct ByDeadline {
    std::string month;
    TaskCounts counts;
  };  // "YYYY-MM" or "ongoing"
  struct Silent {
    std::string agency;
    int64_t open_tasks = 0;
    std::optional<int64_t> last_report_at;
  };
  std::vector<ByItem> by_item;
  std::vector<ByAgency> by_agency;
  std::vector<ByDeadline> by_deadline;
  std::vector<TaskBrief> overdue;
  std::vector<TaskBrief> due;
  std::vector<Silent> silent_agencies;
  std::vector<FindingAges> open_findings;
};

// What the annual report prints for one plan and one calendar year. Task
// counts are the state as of the end of the year (or today, for the current
// year); indicators are those of reports whose period ends in the year.
struct PlanSummary {
  Plan plan;
  int year = 0;
  std::string as_of;
  struct IndicatorValue {
    std::string task_number, agency, period, name;
    std::optional<std::string> unit;
    std::optional<double> target, value;
  };
  struct ItemFigures {
    int number = 0;
    Text measure;
    TaskCounts counts;
    std::vector<IndicatorValue> indicators;
  };
  struct AgencyFigures {
    std::string agency;
    TaskCounts counts;
    int64_t reports_submitted = 0, reports_accepted = 0;
  };
  struct FindingFigures {
    int64_t recorded = 0, answered = 0, closed = 0;
    std::vector<FindingAges> open_by_body;
  };
  struct MeetingFigures {
    int64_t held = 0, scheduled = 0, decisions = 0, decisions_done = 0;
  };
  std::vector<ItemFigures> items;
  std::vector<AgencyFigures> agencies;
  FindingFigures findings;
  MeetingFigures meetings;
};

// ---- Meetings.
struct Invitee {
  std::string agency;                  // code
  std::string attendance = "invited";  // invited | present | absent | excused
};

struct Decision {
  std::string id;
  std::string number;  // the task number
  Text text;
  std::string owner_agency;
  std::string due;
  std::string task_id;
  TaskStatus task_status = TaskStatus::kNotStarted;
};

struct Meeting {
  std::string id;
  std::string title;
  int64_t scheduled_for = 0;  // ms since the epoch
  std::optional<std::string> location;
  std::string status;  // scheduled | held | cancelled
  std::vector<std::string> agenda;
  std::vector<Invitee> invited;
  std::optional<std::string> minutes;
  std::vector<Decision> decisions;
  std::optional<std::string> decisions_plan_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t version = 1;
};

struct MeetingInput {
  std::string title;
  int64_t scheduled_for = 0;
  std::optional<std::string> location;
  std::vector<std::string> agenda;
  std::vector<std::string> invited;  // codes
};

struct MeetingPatch {
  int64_t version = 0;
  std::optional<std::string> title;
  std::optional<int64_t> scheduled_for;
  std::optional<std::string> location;
  std::optional<std::string> status;
  std::optional<std::vector<std::string>> agenda;
  std::optional<std::vector<std::string>> invited;
  std::optional<std::string> minutes;
  std::vector<Invitee> attendance;
};

struct DecisionInput {
  Text text;
  std::string owner_agency;  // code
  std::string due;           // YYYY-MM-DD
  bool internal = false;
};

// ---- Findings (monitoring and evaluation).
struct Finding {
  std::string id;
  std::string title;
  std::string description;
  std::string addressed_to;     // code
  std::string reporter_agency;  // code
  std::optional<std::string> plan_task_id;
  std::string status;  // open | answered | closed
  int64_t created_at = 0;
  int64_t age_days = 0;
  std::optional<std::string> answer;
  std::optional<int64_t> answered_at;
  std::optional<int64_t> closed_at;
  std::optional<std::string> close_note;
  int64_t version = 1;
};

struct FindingInput {
  std::string title;
  std::string description;
  std::string addressed_to;  // code
  std::optional<std::string> plan_task_id;
};

struct FindingFilter {
  std::optional<std::string> status;
  std::optional<std::string> addressed_to;
};

}  // namespace nrm::plan
