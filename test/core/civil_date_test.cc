#include "core/civil_date.h"

#include <gtest/gtest.h>

namespace nrm::civil {
namespace {

TEST(CivilDate, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2004));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_EQ(DaysInMonth(2004, 2), 29u);
  EXPECT_EQ(DaysInMonth(1900, 2), 28u);
  EXPECT_EQ(DaysInMonth(2023, 4), 30u);
  EXPECT_EQ(DaysInMonth(2023, 12), 31u);
  EXPECT_EQ(DaysInMonth(2023, 13), 0u);
}

TEST(CivilDate, ParseAndFormatRoundTrip) {
  EXPECT_EQ(ParseDate("1970-01-01"), 0);
  EXPECT_EQ(ParseDate("1969-12-31"), -1);
  EXPECT_EQ(ParseDate("2000-03-01"), 11017);
  for (Day d = DayOf(1900, 1, 1); d <= DayOf(2101, 1, 1); d += 37) {
    const auto text = FormatDate(d);
    ASSERT_EQ(ParseDate(text), d) << text;
  }
  EXPECT_EQ(FormatDate(DayOf(2004, 2, 29)), "2004-02-29");
  const CivilDate c = DateOf(DayOf(1904, 2, 29));
  EXPECT_EQ(c.year, 1904);
  EXPECT_EQ(c.month, 2u);
  EXPECT_EQ(c.day, 29u);
}

TEST(CivilDate, ParseRefusesBadDates) {
  EXPECT_TRUE(ParseDate("2004-02-29"));
  EXPECT_FALSE(ParseDate("2003-02-29"));
  EXPECT_FALSE(ParseDate("1900-02-29"));
  EXPECT_TRUE(ParseDate("2000-02-29"));
  EXPECT_FALSE(ParseDate("2004-02-30"));
  EXPECT_FALSE(ParseDate("2004-04-31"));
  EXPECT_FALSE(ParseDate("2004-13-01"));
  EXPECT_FALSE(ParseDate("2004-00-10"));
  EXPECT_FALSE(ParseDate("2004-01-00"));
  EXPECT_FALSE(ParseDate("2004-1-01"));
  EXPECT_FALSE(ParseDate("2004-01-1"));
  EXPECT_FALSE(ParseDate(" 2004-01-01"));
  EXPECT_FALSE(ParseDate("2004-01-01 "));
  EXPECT_FALSE(ParseDate("+204-01-01"));
  EXPECT_FALSE(ParseDate("2004/01/01"));
  EXPECT_FALSE(ParseDate("2004-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseDate(""));
  EXPECT_FALSE(ParseDate(std::string_view("2004-01-0\0", 10)));
}

TEST(CivilDate, YearBounds) {
  EXPECT_TRUE(ParseDate("1900-01-01"));
  EXPECT_FALSE(ParseDate("1899-12-31"));
  EXPECT_TRUE(ParseDate("2999-12-31"));
  EXPECT_FALSE(ParseDate("3000-01-01"));
  EXPECT_FALSE(IsDate("1989-12-31", 1990, 2100));
  EXPECT_TRUE(IsDate("1990-01-01", 1990, 2100));
  EXPECT_TRUE(IsDate("2100-12-31", 1990, 2100));
  EXPECT_FALSE(IsDate("2101-01-01", 1990, 2100));
}

TEST(CivilDate, MonthEnd) {
  EXPECT_EQ(ParseMonthEnd("2004-02"), DayOf(2004, 2, 29));
  EXPECT_EQ(ParseMonthEnd("2005-02"), DayOf(2005, 2, 28));
  EXPECT_EQ(ParseMonthEnd("2005-12"), DayOf(2005, 12, 31));
  EXPECT_FALSE(ParseMonthEnd("2005-13"));
  EXPECT_FALSE(ParseMonthEnd("2005-1"));
}

TEST(CivilDate, Arithmetic) {
  EXPECT_EQ(DaysBetween(DayOf(2004, 1, 1), DayOf(2005, 1, 1)), 366);
  EXPECT_EQ(DaysBetween(DayOf(2005, 1, 1), DayOf(2006, 1, 1)), 365);
  EXPECT_EQ(AddDays(DayOf(2004, 2, 28), 1), DayOf(2004, 2, 29));
  EXPECT_EQ(AddDays(DayOf(2005, 2, 28), 1), DayOf(2005, 3, 1));
  EXPECT_EQ(AddMonths(DayOf(2004, 1, 31), 1), DayOf(2004, 2, 29));
  EXPECT_EQ(AddMonths(DayOf(2005, 1, 31), 1), DayOf(2005, 2, 28));
  EXPECT_EQ(AddMonths(DayOf(2004, 11, 15), 3), DayOf(2005, 2, 15));
  EXPECT_EQ(AddMonths(DayOf(2004, 2, 15), -3), DayOf(2003, 11, 15));
  EXPECT_EQ(AddMonths(DayOf(2004, 2, 29), 12), DayOf(2005, 2, 28));
  EXPECT_EQ(AddMonths(DayOf(1970, 1, 1), -1), DayOf(1969, 12, 1));
}

TEST(CivilDate, Age) {
  const Day born = DayOf(2000, 6, 15);
  EXPECT_EQ(AgeOn(born, DayOf(2018, 6, 14)), 17);
  EXPECT_EQ(AgeOn(born, DayOf(2018, 6, 15)), 18);
  EXPECT_EQ(AgeOn(born, born), 0);
  EXPECT_FALSE(AgeOn(born, born - 1));
  const Day leapling = DayOf(2004, 2, 29);
  EXPECT_EQ(AgeOn(leapling, DayOf(2005, 2, 27)), 0);
  EXPECT_EQ(AgeOn(leapling, DayOf(2005, 2, 28)), 1);
  EXPECT_EQ(AgeOn(leapling, DayOf(2008, 2, 28)), 3);
  EXPECT_EQ(AgeOn(leapling, DayOf(2008, 2, 29)), 4);
}

TEST(CivilDate, Instants) {
  EXPECT_EQ(DayOfMillis(0), 0);
  EXPECT_EQ(DayOfMillis(kDayMillis - 1), 0);
  EXPECT_EQ(DayOfMillis(-1), -1);
  EXPECT_EQ(DayOfMillis(-kDayMillis), -1);
  EXPECT_EQ(DayOfMillis(-kDayMillis - 1), -2);
  EXPECT_EQ(EndOfDayMillis(5) + 1, StartOfDayMillis(6));
  EXPECT_EQ(YearEndMillis(1969), 0);
  EXPECT_EQ(YearEndMillis(2004), StartOfDayMillis(DayOf(2005, 1, 1)));
  EXPECT_EQ(YearOfMillis(YearEndMillis(2004) - 1), 2004);
  EXPECT_EQ(YearOfMillis(YearEndMillis(2004)), 2005);
}

TEST(CivilDate, FormatRfc3339) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1'764'010'863'123), "2025-11-24T19:01:03.123Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339(StartOfDayMillis(DayOf(2004, 2, 29)) + 3'600'000), "2004-02-29T01:00:00.000Z");
}

TEST(CivilDate, ParseRfc3339) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("2025-11-24T19:01:03.123Z"), 1'764'010'863'123);
  EXPECT_EQ(ParseRfc3339("2025-11-24T19:01:03.1234567Z"), 1'764'010'863'123);
  EXPECT_EQ(ParseRfc3339("2025-11-24T19:01:03.1Z"), 1'764'010'863'100);
  EXPECT_EQ(ParseRfc3339("2025-11-24T23:01:03+04:00"), 1'764'010'863'000);
  EXPECT_EQ(ParseRfc3339("2025-11-24T15:31:03-03:30"), 1'764'010'863'000);
  for (int64_t ms : {int64_t{0}, int64_t{951'782'400'000}, int64_t{1'764'010'863'123}, int64_t{-86'400'001}})
    EXPECT_EQ(ParseRfc3339(FormatRfc3339(ms)), ms);
  EXPECT_FALSE(ParseRfc3339("2025-11-24T19:01:03"));  // no offset
  EXPECT_FALSE(ParseRfc3339("2025-11-24T24:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2025-11-24T19:60:00Z"));
  EXPECT_FALSE(ParseRfc3339("2025-02-30T19:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2025-11-24T19:01:03.Z"));
  EXPECT_FALSE(ParseRfc3339("2025-11-24T19:01:03Zjunk"));
  EXPECT_FALSE(ParseRfc3339("2025-11-24T19:01:03+4:00"));
  EXPECT_FALSE(ParseRfc3339("2025-11-24T19:01:03+04:60"));
  EXPECT_FALSE(ParseRfc3339("2025-11-24 19:01:03Z"));
  EXPECT_FALSE(ParseRfc3339("2025-11-24T 9:01:03Z"));
}

TEST(CivilDate, InstantOrDate) {
  EXPECT_EQ(ParseInstantOrDate("2004-02-29"), EndOfDayMillis(DayOf(2004, 2, 29)));
  EXPECT_EQ(ParseInstantOrDate("1970-01-01T00:00:01Z"), 1000);
  EXPECT_FALSE(ParseInstantOrDate("2003-02-29"));
  EXPECT_FALSE(ParseInstantOrDate("tomorrow"));
}

TEST(CivilDate, Periods) {
  const Day d = DayOf(2004, 5, 6);
  EXPECT_EQ(PeriodOf(Cadence::kMonthly, d).key, "2004-05");
  EXPECT_EQ(PeriodOf(Cadence::kQuarterly, d).key, "2004-Q2");
  EXPECT_EQ(PeriodOf(Cadence::kSemiannual, d).key, "2004-H1");
  EXPECT_EQ(PeriodOf(Cadence::kAnnual, d).key, "2004");
  const Period q1 = PreviousPeriod(Cadence::kQuarterly, PeriodOf(Cadence::kQuarterly, d));
  EXPECT_EQ(q1.key, "2004-Q1");
  EXPECT_EQ(q1.start, DayOf(2004, 1, 1));
  EXPECT_EQ(q1.end, DayOf(2004, 3, 31));
  EXPECT_EQ(PreviousPeriod(Cadence::kMonthly, PeriodOf(Cadence::kMonthly, DayOf(2004, 3, 1))).end, DayOf(2004, 2, 29));
  EXPECT_EQ(PreviousPeriod(Cadence::kAnnual, PeriodOf(Cadence::kAnnual, d)).key, "2003");
  auto h2 = ParsePeriod(Cadence::kSemiannual, "2004-H2");
  ASSERT_TRUE(h2);
  EXPECT_EQ(h2->start, DayOf(2004, 7, 1));
  EXPECT_EQ(h2->end, DayOf(2004, 12, 31));
  EXPECT_FALSE(ParsePeriod(Cadence::kQuarterly, "2004-Q5"));
  EXPECT_FALSE(ParsePeriod(Cadence::kQuarterly, "2004-H1"));
  EXPECT_FALSE(ParsePeriod(Cadence::kMonthly, "2004-13"));
  EXPECT_FALSE(ParsePeriod(Cadence::kAnnual, "1899"));
  for (auto c : {Cadence::kMonthly, Cadence::kQuarterly, Cadence::kSemiannual, Cadence::kAnnual})
    EXPECT_EQ(ParseCadence(CadenceName(c)), c);
  EXPECT_FALSE(ParseCadence("weekly"));
}

}  // namespace
}  // namespace nrm::civil
