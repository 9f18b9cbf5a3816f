// The report's own words in az and en: section titles, column heads, chart
// titles. A small table, so a missing key shows as the key, not as a crash.
// Thread-safety: immutable table.
#pragma once

#include <string>
#include <string_view>

namespace nrm::reports {

// The text of `key` in `lang` ("az" or "en"; anything else is English).
std::string Label(std::string_view key, std::string_view lang);

}  // namespace nrm::reports
