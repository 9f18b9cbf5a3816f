// Civil dates and reporting periods of the plan domain.
//
// Deadlines are calendar dates ("2004-06-30"), not moments: a task due on
// 30 June is overdue from 1 July (UTC). Reporting periods follow a cadence and
// have stable text keys that sort within one cadence:
//   monthly "2004-05", quarterly "2004-Q2", semiannual "2004-H1", annual "2004".
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nrm::plan {

// Days since 1970-01-01 (may be negative).
using Day = int64_t;

enum class Cadence { kMonthly, kQuarterly, kSemiannual, kAnnual };

// "YYYY-MM-DD", a real calendar date in years 1900..2999.
std::optional<Day> ParseDate(std::string_view text);
std::string FormatDate(Day day);
// "YYYY-MM" -> the last day of that month.
std::optional<Day> ParseMonthEnd(std::string_view text);
Day DayOfMillis(int64_t millis);
int YearOf(Day day);
int MonthOf(Day day);  // 1..12

std::optional<Cadence> ParseCadence(std::string_view name);
const char* CadenceName(Cadence c);

struct Period {
  std::string key;  // "2004-Q2"
  Day start = 0;
  Day end = 0;  // inclusive
};

// The period of `cadence` that contains `day`.
Period PeriodOf(Cadence cadence, Day day);
// The period just before `p`.
Period PreviousPeriod(Cadence cadence, const Period& p);
// Parses a key of `cadence`; nullopt when malformed or of another cadence.
std::optional<Period> ParsePeriod(Cadence cadence, std::string_view key);

}  // namespace nrm::plan
