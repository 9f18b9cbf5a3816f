#include "plan/calendar.h"

#include <cstdio>

namespace nrm::plan {

namespace {

// H. Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
Day DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Day{era} * 146097 + static_cast<Day>(doe) - 719468;
}

void CivilFromDays(Day z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const Day era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const Day yy = static_cast<Day>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

unsigned DaysInMonth(int y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

bool Digits(std::string_view s, size_t from, size_t n, int& out) {
  out = 0;
  for (size_t i = from; i < from + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

Period Make(std::string key, int y, unsigned m_first, unsigned m_last) {
  return Period{std::move(key), DaysFromCivil(y, m_first, 1), DaysFromCivil(y, m_last, DaysInMonth(y, m_last))};
}

Period PeriodOfMonth(Cadence c, int y, unsigned m) {
  char buf[48];
  switch (c) {
    case Cadence::kMonthly: std::snprintf(buf, sizeof buf, "%04d-%02u", y, m); return Make(buf, y, m, m);
    case Cadence::kQuarterly: {
      const unsigned q = (m - 1) / 3 + 1;
      std::snprintf(buf, sizeof buf, "%04d-Q%u", y, q);
      return Make(buf, y, q * 3 - 2, q * 3);
    }
    case Cadence::kSemiannual: {
      const unsigned h = m <= 6 ? 1 : 2;
      std::snprintf(buf, sizeof buf, "%04d-H%u", y, h);
      return Make(buf, y, h == 1 ? 1 : 7, h == 1 ? 6 : 12);
    }
    case Cadence::kAnnual: std::snprintf(buf, sizeof buf, "%04d", y); return Make(buf, y, 1, 12);
  }
  return Make("", y, m, m);
}

}  // namespace

std::optional<Day> ParseDate(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!Digits(s, 0, 4, y) || !Digits(s, 5, 2, m) || !Digits(s, 8, 2, d)) return std::nullopt;
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (static_cast<unsigned>(d) > DaysInMonth(y, static_cast<unsigned>(m))) return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string FormatDate(Day day) {
  int y;
  unsigned m, d;
  CivilFromDays(day, y, m, d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

std::optional<Day> ParseMonthEnd(std::string_view s) {
  int y = 0, m = 0;
  if (s.size() != 7 || s[4] != '-' || !Digits(s, 0, 4, y) || !Digits(s, 5, 2, m)) return std::nullopt;
  if (y < 1900 || y > 2999 || m < 1 || m > 12) return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(m), DaysInMonth(y, static_cast<unsigned>(m)));
}

Day DayOfMillis(int64_t millis) {
  constexpr int64_t kDay = 86'400'000;
  return millis >= 0 ? millis / kDay : -((-millis + kDay - 1) / kDay);
}

int YearOf(Day day) {
  int y;
  unsigned m, d;
  CivilFromDays(day, y, m, d);
  return y;
}

int MonthOf(Day day) {
  int y;
  unsigned m, d;
  CivilFromDays(day, y, m, d);
  return static_cast<int>(m);
}

std::optional<Cadence> ParseCadence(std::string_view n) {
  if (n == "monthly") return Cadence::kMonthly;
  if (n == "quarterly") return Cadence::kQuarterly;
  if (n == "semiannual") return Cadence::kSemiannual;
  if (n == "annual") return Cadence::kAnnual;
  return std::nullopt;
}

const char* CadenceName(Cadence c) {
  switch (c) {
    case Cadence::kMonthly: return "monthly";
    case Cadence::kQuarterly: return "quarterly";
    case Cadence::kSemiannual: return "semiannual";
    case Cadence::kAnnual: return "annual";
  }
  return "quarterly";
}

Period PeriodOf(Cadence c, Day day) {
  int y;
  unsigned m, d;
  CivilFromDays(day, y, m, d);
  return PeriodOfMonth(c, y, m);
}

Period PreviousPeriod(Cadence c, const Period& p) { return PeriodOf(c, p.start - 1); }

std::optional<Period> ParsePeriod(Cadence c, std::string_view key) {
  int y = 0, n = 0;
  if (key.size() < 4 || !Digits(key, 0, 4, y) || y < 1900 || y > 2999) return std::nullopt;
  unsigned month = 0;
  switch (c) {
    case Cadence::kMonthly:
      if (key.size() != 7 || key[4] != '-' || !Digits(key, 5, 2, n) || n < 1 || n > 12) return std::nullopt;
      month = static_cast<unsigned>(n);
      break;
    case Cadence::kQuarterly:
      if (key.size() != 7 || key.substr(4, 2) != "-Q" || !Digits(key, 6, 1, n) || n < 1 || n > 4) return std::nullopt;
      month = static_cast<unsigned>(n) * 3;
      break;
    case Cadence::kSemiannual:
      if (key.size() != 7 || key.substr(4, 2) != "-H" || !Digits(key, 6, 1, n) || n < 1 || n > 2) return std::nullopt;
      month = static_cast<unsigned>(n) * 6;
      break;
    case Cadence::kAnnual:
      if (key.size() != 4) return std::nullopt;
      month = 12;
      break;
  }
  return PeriodOfMonth(c, y, month);
}

}  // namespace nrm::plan
