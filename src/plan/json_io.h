// JSON shapes of the plan module's API (openapi.json), shared by its
// routes files. Include only from plan/routes*.cc: nlohmann/json is heavy.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "http/message.h"
#include "plan/model.h"

namespace nrm::plan::json_io {

nlohmann::json TextJson(const Text& t);
nlohmann::json PlanJson(const Plan& p);
nlohmann::json TaskJson(const Task& t);
nlohmann::json ReportJson(const Report& r);
nlohmann::json AttachmentJson(const Attachment& a);
nlohmann::json HistoryJson(const HistoryEntry& h);
nlohmann::json DashboardJson(const Dashboard& d);
nlohmann::json SummaryJson(const PlanSummary& s);
nlohmann::json MeetingJson(const Meeting& m);
nlohmann::json DecisionJson(const Decision& d);
nlohmann::json FindingJson(const Finding& f);

// The 400 problem+json listing every refused row ("errors": line, field,
// message).
http::Response ImportProblemResponse(const std::vector<ImportProblem>& problems);

// Strict member readers: nullopt when absent; an error for a wrong type.
Result<std::optional<Text>> OptionalText(const nlohmann::json& o, const char* key);
Result<std::optional<bool>> OptionalBool(const nlohmann::json& o, const char* key);
Result<std::optional<int64_t>> OptionalInt(const nlohmann::json& o, const char* key);
Result<int64_t> RequiredVersion(const nlohmann::json& o);
Result<std::optional<std::vector<std::string>>> OptionalStrings(const nlohmann::json& o, const char* key,
                                                                size_t max_items, size_t max_bytes);
}  // namespace nrm::plan::json_io
