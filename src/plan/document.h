// Plan documents: the two import formats (docs/plan-import.md) turned into a
// PlanSpec, with every problem found reported at once and located (CSV line
// of the record; JSON line where the item or task starts, and a pointer).
// Every failure of a document -- malformed, too deep, too big, a number out
// of range -- is such a problem, never an exception.
//
// These functions check everything that needs no database: shapes, types,
// lengths, dates, cadences, numbering. Agency codes are checked against the
// registry by PlanService, inside the import transaction.
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "plan/model.h"

namespace nrm::plan {

struct ParsedPlan {
  PlanSpec spec;
  std::vector<ImportProblem> problems;  // empty: spec is valid
};

// The JSON shape of data/plan-2004.json: {"plan": {...}, "items": [...]}.
ParsedPlan ParsePlanJson(std::string_view text);
// One header line, then one record per task (columns in docs/plan-import.md).
ParsedPlan ParsePlanCsv(std::string_view text);

// The checks both formats share; normalises deadlines (a month becomes its
// last day; ongoing defaults to quarterly) and summarises item deadlines that
// were not given. Appends to `problems`.
void ValidatePlanSpec(PlanSpec& spec, std::vector<ImportProblem>& problems);

// Limits of a document (also documented in docs/plan-import.md).
inline constexpr size_t kMaxPlanDocumentBytes = 4 * 1024 * 1024;
inline constexpr size_t kMaxPlanTextBytes = 8000;
inline constexpr size_t kMaxPlanTasks = 5000;
// JSON structure, checked in one linear pass before the document is parsed:
// the format nests 7 deep, and 5000 tasks take about 100,000 values.
inline constexpr int kMaxPlanDepth = 16;
inline constexpr size_t kMaxPlanValues = 250000;

}  // namespace nrm::plan
