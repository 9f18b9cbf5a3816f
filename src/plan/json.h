// JSON shapes of the plan module's resources (src/plan/openapi.json): one
// ToJson per resource of plan/model.h, and the readers of the two shapes that
// several requests share, used by plan/routes*.cc.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "http/message.h"
#include "plan/model.h"

namespace nrm::http {
class JsonReader;
}

namespace nrm::plan {

nlohmann::json ToJson(const Text& t);
nlohmann::json ToJson(const Plan& p);
nlohmann::json ToJson(const PlanDetail& d);  // the plan with its items and their tasks
nlohmann::json ToJson(const Task& t);
nlohmann::json ToJson(const Report& r);
nlohmann::json ToJson(const Attachment& a);
nlohmann::json ToJson(const HistoryEntry& h);
nlohmann::json ToJson(const Dashboard& d);
nlohmann::json ToJson(const PlanSummary& s);
nlohmann::json ToJson(const Meeting& m);
nlohmann::json ToJson(const Decision& d);
nlohmann::json ToJson(const Finding& f);

// The 400 PlanImportProblem: every refused row of a plan document, each
// {field, code, detail, line} (line null when the problem has none), and
// nothing was written.
http::Response ImportProblemResponse(const std::vector<ImportProblem>& problems);

// Readers through the binder (http/binder.h), recording a field error on
// `in` for a bad value. A Text is {"az": ..., "en": ...}, each optional and
// at most kMaxPlanTextBytes; nullopt when absent or null.
std::optional<Text> ReadText(http::JsonReader& in, const char* name, bool required);
// An RFC 3339 date-time ("2026-05-06T10:00:00Z", optional fraction, Z or
// +hh:mm) -> ms since the epoch.
std::optional<int64_t> ReadDateTime(http::JsonReader& in, const char* name, bool required);

}  // namespace nrm::plan
