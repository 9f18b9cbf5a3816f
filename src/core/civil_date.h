// Civil dates, instants, ages and reporting periods: the one home for calendar
// arithmetic in OpenNRM (proleptic Gregorian calendar, UTC throughout).
//
// A civil date ("2004-06-30") is a calendar day, not a moment; it is held as a
// `Day`, the number of days since 1970-01-01 (negative before). An instant is
// milliseconds since the Unix epoch, UTC, as Clock::NowMillis() returns.
//
// Inputs and outputs:
// - ParseDate accepts exactly "YYYY-MM-DD", a real calendar date (29 February
//   only in leap years) whose year lies in [min_year, max_year]; anything else
//   (signs, spaces, "2004-6-1", "2004-02-30") gives nullopt.
// - ParseRfc3339 accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)";
//   fractions past milliseconds are truncated; a leap second (:60) is read as
//   the following second. ParseInstantOrDate also accepts a bare date, read
//   as the last millisecond of that day (EndOfDayMillis).
// - FormatDate/FormatRfc3339 write the forms the parsers read.
// - Periods follow a cadence and have stable text keys that sort within one
//   cadence: monthly "2004-05", quarterly "2004-Q2", semiannual "2004-H1",
//   annual "2004".
//
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nrm::civil {

// Days since 1970-01-01 (may be negative).
using Day = int64_t;

inline constexpr int64_t kDayMillis = 86'400'000;
// Default year bounds of ParseDate: wide enough for birth dates and plans,
// narrow enough that a typo such as "0204" is refused.
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2999;

struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};

bool IsLeapYear(int year);
unsigned DaysInMonth(int year, unsigned month);  // month 1..12
// A date that the caller knows to be valid -> its Day.
Day DayOf(int year, unsigned month, unsigned day);
CivilDate DateOf(Day day);

std::optional<Day> ParseDate(std::string_view text, int min_year = kMinYear, int max_year = kMaxYear);
bool IsDate(std::string_view text, int min_year = kMinYear, int max_year = kMaxYear);
std::string FormatDate(Day day);
// "YYYY-MM" -> the last day of that month.
std::optional<Day> ParseMonthEnd(std::string_view text);

int YearOf(Day day);
int MonthOf(Day day);  // 1..12
// `months` later (or earlier when negative), the day of month clamped to the
// target month's length: 31 January + 1 month = 28/29 February.
Day AddMonths(Day day, int months);
inline Day AddDays(Day day, int64_t days) { return day + days; }
inline int64_t DaysBetween(Day from, Day to) { return to - from; }
// Completed years of someone born on `birth` on the day `on` (one born on
// 29 February has a birthday on 28 February in common years); nullopt when
// `on` is before `birth`.
std::optional<int> AgeOn(Day birth, Day on);

// The day an instant falls on (floor division, so it works before 1970).
Day DayOfMillis(int64_t millis);
int YearOfMillis(int64_t millis);
// First and last millisecond of a day; EndOfDayMillis(d) + 1 == StartOfDayMillis(d + 1).
inline int64_t StartOfDayMillis(Day day) { return day * kDayMillis; }
inline int64_t EndOfDayMillis(Day day) { return (day + 1) * kDayMillis - 1; }
// 1 January of (year + 1), 00:00 UTC: the exclusive end of a year.
inline int64_t YearEndMillis(int year) { return StartOfDayMillis(DayOf(year + 1, 1, 1)); }

// "2026-11-24T19:01:03.123Z".
std::string FormatRfc3339(int64_t millis);
std::optional<int64_t> ParseRfc3339(std::string_view text);
std::optional<int64_t> ParseInstantOrDate(std::string_view text);

enum class Cadence { kMonthly, kQuarterly, kSemiannual, kAnnual };
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

}  // namespace nrm::civil
