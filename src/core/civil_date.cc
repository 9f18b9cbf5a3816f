#include "core/civil_date.h"

#include <cstdio>

namespace nrm::civil {

namespace {

bool Digits(std::string_view s, size_t from, size_t n, int& out) {
  out = 0;
  for (size_t i = from; i < from + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

Day FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

Period Make(std::string key, int y, unsigned m_first, unsigned m_last) {
  return Period{std::move(key), DayOf(y, m_first, 1), DayOf(y, m_last, DaysInMonth(y, m_last))};
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

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// H. Hinnant's days_from_civil / civil_from_days: eras of 400 years, years
// starting on 1 March so that the leap day is the last day of a year.
Day DayOf(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Day{era} * 146097 + static_cast<Day>(doe) - 719468;
}

CivilDate DateOf(Day z) {
  z += 719468;
  const Day era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const Day yy = static_cast<Day>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  CivilDate out;
  out.day = doy - (153 * mp + 2) / 5 + 1;
  out.month = mp < 10 ? mp + 3 : mp - 9;
  out.year = static_cast<int>(yy + (out.month <= 2));
  return out;
}

std::optional<Day> ParseDate(std::string_view s, int min_year, int max_year) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!Digits(s, 0, 4, y) || !Digits(s, 5, 2, m) || !Digits(s, 8, 2, d)) return std::nullopt;
  if (y < min_year || y > max_year || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (static_cast<unsigned>(d) > DaysInMonth(y, static_cast<unsigned>(m))) return std::nullopt;
  return DayOf(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

bool IsDate(std::string_view s, int min_year, int max_year) { return ParseDate(s, min_year, max_year).has_value(); }

std::string FormatDate(Day day) {
  const CivilDate c = DateOf(day);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

std::optional<Day> ParseMonthEnd(std::string_view s) {
  int y = 0, m = 0;
  if (s.size() != 7 || s[4] != '-' || !Digits(s, 0, 4, y) || !Digits(s, 5, 2, m)) return std::nullopt;
  if (y < kMinYear || y > kMaxYear || m < 1 || m > 12) return std::nullopt;
  return DayOf(y, static_cast<unsigned>(m), DaysInMonth(y, static_cast<unsigned>(m)));
}

int YearOf(Day day) { return DateOf(day).year; }

int MonthOf(Day day) { return static_cast<int>(DateOf(day).month); }

Day AddMonths(Day day, int months) {
  const CivilDate c = DateOf(day);
  const int64_t index = int64_t{c.year} * 12 + (c.month - 1) + months;
  const int y = static_cast<int>(FloorDiv(index, 12));
  const unsigned m = static_cast<unsigned>(index - int64_t{y} * 12) + 1;
  const unsigned last = DaysInMonth(y, m);
  return DayOf(y, m, c.day < last ? c.day : last);
}

std::optional<int> AgeOn(Day birth, Day on) {
  if (on < birth) return std::nullopt;
  const CivilDate b = DateOf(birth), o = DateOf(on);
  int age = o.year - b.year;
  // Before this year's birthday? A 29 February birthday falls on 28 February
  // in a common year, so compare against the day clamped to the month.
  const unsigned bday = b.day > DaysInMonth(o.year, b.month) ? DaysInMonth(o.year, b.month) : b.day;
  if (o.month < b.month || (o.month == b.month && o.day < bday)) --age;
  return age;
}

Day DayOfMillis(int64_t millis) { return FloorDiv(millis, kDayMillis); }

int YearOfMillis(int64_t millis) { return YearOf(DayOfMillis(millis)); }

std::string FormatRfc3339(int64_t millis) {
  const Day day = DayOfMillis(millis);
  const int64_t in_day = millis - StartOfDayMillis(day);
  const CivilDate c = DateOf(day);
  const int64_t secs = in_day / 1000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", c.year, c.month, c.day,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                static_cast<int>(in_day % 1000));
  return buf;
}

std::optional<int64_t> ParseRfc3339(std::string_view s) {
  if (s.size() < 20 || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':') return std::nullopt;
  const auto day = ParseDate(s.substr(0, 10));
  if (!day) return std::nullopt;
  int h = 0, m = 0, sec = 0;
  if (!Digits(s, 11, 2, h) || !Digits(s, 14, 2, m) || !Digits(s, 17, 2, sec)) return std::nullopt;
  if (h > 23 || m > 59 || sec > 60) return std::nullopt;
  size_t i = 19;
  int64_t millis = 0;
  if (s[i] == '.') {
    int digits = 0;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits)
      if (digits < 3) millis = millis * 10 + (s[i] - '0');
    if (digits == 0) return std::nullopt;
    for (int k = digits; k < 3; ++k) millis *= 10;
  }
  int64_t offset_min = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
    int oh = 0, om = 0;
    if (!Digits(s, i + 1, 2, oh) || !Digits(s, i + 4, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_min = (s[i] == '+' ? 1 : -1) * (oh * 60 + om);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return ((*day * 24 + h) * 60 + m - offset_min) * 60'000 + int64_t{sec} * 1000 + millis;
}

std::optional<int64_t> ParseInstantOrDate(std::string_view s) {
  if (s.size() == 10) {
    const auto day = ParseDate(s);
    if (!day) return std::nullopt;
    return EndOfDayMillis(*day);
  }
  return ParseRfc3339(s);
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
  const CivilDate d = DateOf(day);
  return PeriodOfMonth(c, d.year, d.month);
}

Period PreviousPeriod(Cadence c, const Period& p) { return PeriodOf(c, p.start - 1); }

std::optional<Period> ParsePeriod(Cadence c, std::string_view key) {
  int y = 0, n = 0;
  if (key.size() < 4 || !Digits(key, 0, 4, y) || y < kMinYear || y > kMaxYear) return std::nullopt;
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

}  // namespace nrm::civil
