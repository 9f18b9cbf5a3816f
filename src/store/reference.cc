#include "store/reference.h"

#include <cstdio>

#include "core/civil_date.h"

namespace nrm::store {

Result<std::string> NextReference(Transaction& tx, std::string_view prefix, std::string_view counter, int64_t now_ms) {
  const int year = civil::YearOfMillis(now_ms);
  const std::string name = std::string(counter) + ":" + std::to_string(year);
  auto rows = tx.Query(
      "INSERT INTO reference_counters (name, next_value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET "
      "next_value = reference_counters.next_value + 1 RETURNING next_value",
      {name});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kInternal, "reference counter returned nothing");
  char digits[24];
  std::snprintf(digits, sizeof digits, "-%04d-%06lld", year, static_cast<long long>((*rows)[0].Int(0)));
  return std::string(prefix) + digits;
}

}  // namespace nrm::store
