#include "reports/json.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace nrm::reports {

nlohmann::json ToJson(const ReportJob& j) {
  using nlohmann::json;
  return json{{"id", j.id},
              {"kind", j.kind},
              {"year", j.year},
              {"lang", j.lang},
              {"format", j.format},
              {"status", Name(j.status)},
              {"percent", j.percent},
              {"stage", j.stage},
              {"error", j.error ? json(*j.error) : json(nullptr)},
              {"file_name", j.file_name ? json(*j.file_name) : json(nullptr)},
              {"size_bytes", j.size_bytes ? json(*j.size_bytes) : json(nullptr)},
              {"created_at", FormatRfc3339(j.created_at)},
              {"finished_at", j.finished_at ? json(FormatRfc3339(*j.finished_at)) : json(nullptr)}};
}

}  // namespace nrm::reports
