#include "calendar/calendar.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

// Expected dates are counted by hand from data/holidays-cn.json (the notices it names) and
// checked against an independent day-by-day count.

namespace sg::cal {
namespace {

Date D(const char* text) {
  const std::optional<Date> d = Date::Parse(text);
  if (!d) throw std::logic_error(std::string("bad test date ") + text);
  return *d;
}

const Calendar& Cn() { return *Calendar::Builtin(); }

constexpr Unit kD = Unit::kDays;
constexpr Unit kW = Unit::kWorkingDays;
constexpr Unit kM = Unit::kMonths;
constexpr RestDayRule kNext = RestDayRule::kNextWorkingDay;
constexpr RestDayRule kNone = RestDayRule::kNone;

struct PeriodCase {
  const char* start;
  int64_t length;
  Unit unit;
  RestDayRule rule;
  const char* due;
  const char* moved_from;  // "" when not moved
  bool provisional;
  size_t crossed;  // how many special days in (start, due]
  const char* why;
};

TEST(CalendarTest, AddsPeriodsTable) {
  const PeriodCase kCases[] = {
      // time-limits.md: a complaint received Fri 2024-02-02 is decided within 7 working days.
      {"2024-02-02", 7, kW, kNext, "2024-02-18", "", false, 10,
       "time-limits.md example: 02-04 (调休), 02-05..02-09, then 春节 to 02-18 (调休 Sunday)"},
      // 春节 2024: 02-10..02-17 off; Sundays 02-04 and 02-18 worked.
      {"2024-02-01", 10, kD, kNext, "2024-02-18", "2024-02-11", false, 10,
       "2024: ends on 春节 Sunday 02-11; the first working day after is the 调休 Sunday 02-18"},
      {"2024-02-01", 10, kD, kNone, "2024-02-11", "", false, 3,
       "2024: rest_day_rule none keeps the holiday as the last day"},
      {"2024-02-10", 1, kD, kNext, "2024-02-18", "2024-02-11", false, 8,
       "2024: the start day 02-10 is not counted, nor listed as crossed"},
      {"2024-02-08", 2, kW, kNext, "2024-02-18", "", false, 9,
       "2024: 02-09 (除夕 worked in 2024), then the next working day is 02-18"},
      {"2024-01-25", 10, kD, kNext, "2024-02-04", "", false, 1,
       "2024: ends on the 调休 Sunday 02-04, a working day, so it stays"},
      // 春节 2025: 01-28..02-04 off (除夕 now a holiday); Sun 01-26 and Sat 02-08 worked.
      {"2025-01-20", 10, kD, kNext, "2025-02-05", "2025-01-30", false, 9,
       "2025: ends inside 春节; moves to Wed 02-05, the first working day after it"},
      {"2025-01-24", 2, kW, kNext, "2025-01-27", "", false, 1,
       "2025: the 调休 Sunday 01-26 counts as the first working day"},
      {"2025-01-24", 3, kW, kNext, "2025-02-05", "", false, 9,
       "2025: the third working day is after the holiday"},
      {"2025-01-27", 12, kD, kNext, "2025-02-08", "", false, 9,
       "2025: from before 春节, ends on the 调休 Saturday 02-08, which stays"},
      {"2025-02-05", 3, kW, kNext, "2025-02-08", "", false, 1,
       "2025: Thu, Fri, then the 调休 Saturday 02-08"},
      // 春节 2026: 02-15..02-23 off; Saturdays 02-14 and 02-28 worked.
      {"2026-02-04", 10, kD, kNext, "2026-02-14", "", false, 1,
       "2026: a 10-day period from before 春节 ends on the 调休 Saturday 02-14, which stays"},
      {"2026-02-10", 10, kD, kNext, "2026-02-24", "2026-02-20", false, 10,
       "2026: ends inside 春节; moves to Tue 02-24"},
      {"2026-02-13", 1, kW, kNext, "2026-02-14", "", false, 1,
       "2026: the next working day after Fri 02-13 is the 调休 Saturday"},
      {"2026-02-13", 2, kW, kNext, "2026-02-24", "", false, 10,
       "2026: then the nine days of 春节 are skipped"},
      {"2026-02-18", 10, kD, kNext, "2026-02-28", "", false, 6,
       "2026: ends on the 调休 Saturday 02-28, which stays"},
      {"2026-02-27", 2, kW, kNext, "2026-03-02", "", false, 1,
       "2026: 调休 Saturday 02-28, then Monday 03-02 (Sunday 03-01 rests)"},
      // 国庆节 2024: 10-01..10-07 off; Sun 09-29 and Sat 10-12 worked.
      {"2024-09-18", 15, kD, kNext, "2024-10-08", "2024-10-03", false, 8,
       "2024: 15 days end on 国庆节 10-03; the period ends on Tue 10-08"},
      {"2024-09-27", 2, kW, kNext, "2024-09-30", "", false, 1,
       "2024: the 调休 Sunday 09-29 counts"},
      {"2024-09-27", 3, kW, kNext, "2024-10-08", "", false, 8,
       "2024: the third working day is after 国庆节"},
      {"2025-09-20", 15, kD, kNext, "2025-10-09", "2025-10-05", false, 9,
       "2025: 国庆节、中秋节 run to 10-08"},
      // Months: same day number, or the month's last day (time-limits.md).
      {"2024-01-31", 1, kM, kNext, "2024-02-29", "", false, 10,
       "Jan 31 + 1 month in a leap year is Feb 29"},
      {"2025-01-31", 1, kM, kNext, "2025-02-28", "", false, 5,
       "Jan 31 + 1 month in a common year is Feb 28"},
      {"2024-08-31", 6, kM, kNext, "2025-02-28", "", false, 24, "time-limits.md example"},
      {"2024-02-29", 12, kM, kNext, "2025-02-28", "", false, 36,
       "Feb 29 + 12 months is Feb 28 of the next, common year"},
      {"2023-08-31", 6, kM, kNext, "2024-02-29", "", false, 21,
       "Aug 31 + 6 months into a leap February"},
      {"2024-04-01", 6, kM, kNext, "2024-10-08", "2024-10-01", false, 24,
       "six months (民诉法 Art. 152) ending on 国庆节 move to the day after it"},
      {"2024-05-31", 1, kM, kNext, "2024-07-01", "2024-06-30", false, 1,
       "May 31 + 1 month is Sunday 06-30, moved to Monday"},
      // Into 2027, which the file does not cover: provisional; weekends and fixed dates rest.
      {"2026-12-21", 10, kD, kNext, "2026-12-31", "", false, 0,
       "ends on the last covered day: not provisional"},
      {"2026-12-22", 10, kD, kNext, "2027-01-04", "2027-01-01", true, 1,
       "2027: 元旦 Fri 01-01 (fixed date), then the weekend; Monday 01-04"},
      {"2026-12-30", 2, kW, kNext, "2027-01-04", "", true, 1,
       "2027: 12-31 counts; 元旦 and the weekend do not"},
      {"2027-04-29", 2, kD, kNext, "2027-05-03", "2027-05-01", true, 2,
       "2027: 劳动节 May 1-2 (fixed since 2025) fall on the weekend"},
      {"2027-09-30", 1, kW, kNext, "2027-10-04", "", true, 3,
       "2027: 国庆节 Oct 1-3 (Fri-Sun) rest"},
      // Starting before the covered years.
      {"2021-12-25", 10, kD, kNext, "2022-01-04", "", true, 3,
       "2021 is not covered and its days 12-26..12-31 are counted"},
      {"2021-12-31", 1, kD, kNext, "2022-01-04", "2022-01-01", false, 3,
       "only the start day is in 2021 and it is not counted"},
      // rest_day_rule.
      {"2024-03-01", 2, kD, kNone, "2024-03-03", "", false, 0,
       "rest_day_rule none leaves a Sunday as the last day"},
      {"2024-03-01", 2, kD, kNext, "2024-03-04", "2024-03-03", false, 0,
       "next_working_day moves a Sunday to Monday (民诉法 Art. 85)"},
      {"2024-03-01", 2, kW, kNone, "2024-03-05", "", false, 0,
       "working days ignore rest_day_rule: Mon 03-04, Tue 03-05"},
  };
  for (const PeriodCase& c : kCases) {
    SCOPED_TRACE(std::string(c.start) + " + " + std::to_string(c.length) + " " +
                 std::string(UnitName(c.unit)) + ": " + c.why);
    const Calendar::Period p = Cn().Add(D(c.start), c.length, c.unit, c.rule);
    EXPECT_EQ(p.due.ToString(), c.due);
    EXPECT_EQ(p.moved_from ? p.moved_from->ToString() : "", c.moved_from);
    EXPECT_EQ(p.provisional, c.provisional);
    EXPECT_EQ(p.crossed.size(), c.crossed);
  }
}

TEST(CalendarTest, ListsCrossedDaysOfTheExample) {
  const Calendar::Period p = Cn().Add(D("2024-02-02"), 7, kW, kNext);
  ASSERT_EQ(p.crossed.size(), 10u);
  EXPECT_EQ(p.crossed.front(), (SpecialDay{D("2024-02-04"), false, "春节调休上班"}));
  for (size_t i = 1; i <= 8; ++i) {
    EXPECT_EQ(p.crossed[i],
              (SpecialDay{D("2024-02-09").AddDays(static_cast<int64_t>(i)), true, "春节"}));
  }
  EXPECT_EQ(p.crossed.back(), (SpecialDay{D("2024-02-18"), false, "春节调休上班"}));
  EXPECT_EQ(SpecialDayKind(p.crossed.front()), "workday");
  EXPECT_EQ(SpecialDayKind(p.crossed[1]), "holiday");
}

TEST(CalendarTest, ListsFixedHolidaysOfAnUncoveredYearAsCrossed) {
  const Calendar::Period p = Cn().Add(D("2026-12-22"), 10, kD, kNext);
  ASSERT_EQ(p.crossed.size(), 1u);
  EXPECT_EQ(p.crossed[0], (SpecialDay{D("2027-01-01"), true, "元旦"}));
}

struct DayCase {
  const char* date;
  bool working;
  const char* why;
};

TEST(CalendarTest, KnowsWorkingDaysTable) {
  const DayCase kCases[] = {
      {"2024-02-04", true, "2024 春节调休上班 on a Sunday"},
      {"2024-02-09", true, "2024 除夕 was worked (not yet a statutory holiday)"},
      {"2024-02-10", false, "2024 春节 on a Saturday"},
      {"2024-02-12", false, "2024 春节 on a Monday"},
      {"2025-01-28", false, "2025 除夕 is a holiday under the revised rules"},
      {"2025-02-08", true, "2025 春节调休上班 on a Saturday"},
      {"2022-12-31", false, "a holiday listed on a Saturday is still a rest day"},
      {"2024-03-02", false, "an ordinary Saturday"},
      {"2024-03-04", true, "an ordinary Monday"},
      {"2027-01-01", false, "2027 not covered: 元旦 is a fixed date"},
      {"2027-01-04", true, "2027 not covered: an ordinary Monday"},
      {"2027-02-08", true, "2027 not covered: 春节 is lunar and unknown, so worked"},
      {"2027-10-01", false, "2027 not covered: 国庆节"},
      {"2030-05-02", false, "2030 not covered: May 2 is 劳动节 from 2025"},
      {"2018-05-02", true, "2018 not covered: May 2 was not yet a statutory holiday"},
      {"1999-03-06", false, "far outside the table: a Saturday"},
      {"2150-10-02", false, "far outside the table: 国庆节"},
  };
  for (const DayCase& c : kCases) {
    EXPECT_EQ(Cn().IsWorkingDay(D(c.date)), c.working) << c.date << ": " << c.why;
  }
}

TEST(CalendarTest, DescribesSpecialDays) {
  EXPECT_EQ(Cn().Special(D("2024-02-10")), (SpecialDay{D("2024-02-10"), true, "春节"}));
  EXPECT_EQ(Cn().Special(D("2024-02-18")), (SpecialDay{D("2024-02-18"), false, "春节调休上班"}));
  EXPECT_EQ(Cn().Special(D("2024-03-04")), std::nullopt);
  EXPECT_EQ(Cn().Special(D("2027-10-02")), (SpecialDay{D("2027-10-02"), true, "国庆节"}));
  EXPECT_EQ(Cn().Special(D("2027-02-06")), std::nullopt);
}

TEST(CalendarTest, BuiltinNamesItsSources) {
  EXPECT_EQ(Calendar::Builtin(), Calendar::Builtin());
  EXPECT_EQ(Cn().CoveredYears(), (std::vector<int>{2022, 2023, 2024, 2025, 2026}));
  EXPECT_TRUE(Cn().Covers(2024));
  EXPECT_FALSE(Cn().Covers(2027));
  EXPECT_NE(Cn().SourceOf(2024).find("国办发明电〔2023〕7号"), std::string::npos);
  EXPECT_EQ(Cn().SourceOf(2027), "");
}

struct CountCase {
  const char* from;
  const char* to;
  Unit unit;
  int64_t count;
  const char* why;
};

TEST(CalendarTest, CountsTable) {
  const CountCase kCases[] = {
      {"2024-02-02", "2024-02-18", kW, 7, "the time-limits.md example"},
      {"2024-02-18", "2024-02-02", kW, -7, "mirrored when to < from"},
      {"2024-02-09", "2024-02-17", kW, 0, "only weekend and 春节 in between"},
      {"2024-02-02", "2024-02-02", kW, 0, "same day"},
      {"2023-12-31", "2024-12-31", kW, 251, "2024: 366 days - 104 weekend days - 11 holidays"},
      {"2024-12-31", "2025-12-31", kW, 248, "2025: 365 - 104 - 13 (除夕, May 2 added)"},
      {"2025-12-31", "2026-12-31", kW, 248, "2026: 365 - 104 - 13"},
      {"2026-12-31", "2027-12-31", kW, 259,
       "2027 provisional: 261 weekdays - 元旦 (Fri) - 国庆 Oct 1 (Fri)"},
      {"2024-01-01", "2025-01-01", kD, 366, "a leap year of calendar days"},
      {"2025-01-01", "2024-01-01", kD, -366, "mirrored"},
      {"2024-08-31", "2025-02-28", kM, 6, "the time-limits.md example"},
      {"2024-08-31", "2025-02-27", kM, 5, "one day short of six months"},
      {"2024-01-31", "2024-02-29", kM, 1, "Jan 31 + 1 month is Feb 29"},
      {"2024-01-31", "2024-02-28", kM, 0, "not yet a month"},
      {"2025-02-28", "2024-08-31", kM, -6, "mirrored: -Count(2024-08-31, 2025-02-28)"},
      {"2024-03-15", "2024-03-15", kM, 0, "same day"},
  };
  for (const CountCase& c : kCases) {
    EXPECT_EQ(Cn().Count(D(c.from), D(c.to), c.unit), c.count)
        << c.from << " → " << c.to << " in " << UnitName(c.unit) << ": " << c.why;
  }
}

// Count undoes Add. For n >= 1 and due = Add(start, n, u, kNone).due, Count(start, due, u) == n
// in every unit. With kNextWorkingDay: working days and months still give n (a move is a few
// days, shorter than any month), days give n plus the days moved; and the due day is always a
// working day.
TEST(CalendarTest, CountAgreesWithAdd) {
  std::mt19937_64 rng(20240202);
  const int64_t first = D("2022-01-01").ToDays();
  const int64_t last = D("2026-12-31").ToDays();
  std::uniform_int_distribution<int64_t> pick_start(first, last);
  std::uniform_int_distribution<int64_t> pick_days(1, 400);
  std::uniform_int_distribution<int64_t> pick_months(1, 60);
  for (int i = 0; i < 3000; ++i) {
    const Date start = Date::FromDays(pick_start(rng));
    const int64_t n = pick_days(rng);
    const int64_t m = pick_months(rng);
    SCOPED_TRACE(start.ToString() + " n=" + std::to_string(n) + " m=" + std::to_string(m));

    EXPECT_EQ(Cn().Count(start, Cn().Add(start, n, kD, kNone).due, kD), n);
    EXPECT_EQ(Cn().Count(start, Cn().Add(start, n, kW, kNone).due, kW), n);
    EXPECT_EQ(Cn().Count(start, Cn().Add(start, m, kM, kNone).due, kM), m);

    const Calendar::Period days = Cn().Add(start, n, kD, kNext);
    const int64_t moved = days.moved_from ? days.due.ToDays() - days.moved_from->ToDays() : 0;
    EXPECT_EQ(Cn().Count(start, days.due, kD), n + moved);
    EXPECT_TRUE(Cn().IsWorkingDay(days.due));
    const Calendar::Period months = Cn().Add(start, m, kM, kNext);
    EXPECT_EQ(Cn().Count(start, months.due, kM), m);
    EXPECT_TRUE(Cn().IsWorkingDay(months.due));
    // The n-th working day is the first day by which n working days have passed.
    const Date wd = Cn().Add(start, n, kW, kNext).due;
    EXPECT_TRUE(Cn().IsWorkingDay(wd));
    EXPECT_EQ(Cn().Count(start, wd.AddDays(-1), kW), n - 1);
  }
}

// The tabulated years and the direct computation outside them agree with a day-by-day walk.
TEST(CalendarTest, WorkingDaysAgreeWithADayByDayWalk) {
  std::mt19937_64 rng(85);
  const int64_t first = D("1995-01-01").ToDays();
  const int64_t last = D("2105-12-31").ToDays();
  std::uniform_int_distribution<int64_t> pick_start(first, last);
  std::uniform_int_distribution<int64_t> pick_span(0, 2500);
  for (int i = 0; i < 500; ++i) {
    const int64_t from = pick_start(rng);
    const int64_t span = pick_span(rng);
    int64_t walked = 0;
    for (int64_t d = from + 1; d <= from + span; ++d) {
      if (Cn().IsWorkingDay(Date::FromDays(d))) ++walked;
    }
    const Date a = Date::FromDays(from);
    const Date b = Date::FromDays(from + span);
    ASSERT_EQ(Cn().Count(a, b, kW), walked) << a.ToString() << " → " << b.ToString();
    if (walked > 0) {
      const Date due = Cn().Add(a, walked, kW, kNone).due;
      ASSERT_LE(due, b) << a.ToString();
      ASSERT_TRUE(Cn().IsWorkingDay(due)) << a.ToString();
      ASSERT_EQ(Cn().Count(a, due, kW), walked) << a.ToString();
    }
  }
}

TEST(CalendarTest, RefusesLengthsOutOfRange) {
  EXPECT_THROW((void)Cn().Add(D("2024-01-01"), 0, kD, kNext), std::invalid_argument);
  EXPECT_THROW((void)Cn().Add(D("2024-01-01"), -1, kW, kNext), std::invalid_argument);
  EXPECT_THROW((void)Cn().Add(D("2024-01-01"), kMaxPeriodDays + 1, kD, kNext),
               std::invalid_argument);
  EXPECT_THROW((void)Cn().Add(D("2024-01-01"), kMaxPeriodMonths + 1, kM, kNext),
               std::invalid_argument);
  try {
    (void)Cn().Add(D("2024-01-01"), 0, kW, kNext);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "period length must be between 1 and 100000 working_days, not 0");
  }
  // The longest periods still finish, far beyond the table.
  EXPECT_TRUE(Cn().Add(D("2024-01-01"), kMaxPeriodDays, kW, kNext).provisional);
  EXPECT_EQ(Cn().Add(D("2024-01-31"), kMaxPeriodMonths, kM, kNone).due, D("2124-01-31"));
}

TEST(CalendarTest, ParsesAndNamesUnitsAndRules) {
  for (Unit u : {kD, kW, kM}) EXPECT_EQ(ParseUnit(UnitName(u)), u);
  for (RestDayRule r : {kNext, kNone}) EXPECT_EQ(ParseRestDayRule(RestDayRuleName(r)), r);
  EXPECT_EQ(UnitName(kW), "working_days");
  EXPECT_EQ(RestDayRuleName(kNext), "next_working_day");
  EXPECT_EQ(ParseUnit("Days"), std::nullopt);
  EXPECT_EQ(ParseUnit("weeks"), std::nullopt);
  EXPECT_EQ(ParseRestDayRule(""), std::nullopt);
}

struct BadFileCase {
  const char* json;
  const char* message;  // expected inside what()
  const char* why;
};

TEST(CalendarTest, RefusesMalformedFiles) {
  const BadFileCase kCases[] = {
      {"{", "not valid JSON", "truncated"},
      {"[]", "the top level must be a JSON object", "not an object"},
      {R"({"sources": {}, "days": []})", R"(missing field "covers")", "no covers"},
      {R"({"covers": [], "sources": {}, "days": []})", "must list at least one year",
       "covers nothing"},
      {R"({"covers": ["2027"], "sources": {}, "days": []})", "covers[0] must be a whole number",
       "year as a string"},
      {R"({"covers": [1800], "sources": {}, "days": []})", "covers[0] 1800 is outside 1950–2200",
       "implausible year"},
      {R"({"covers": [2027, 2027], "sources": {"2027": "x"}, "days": []})",
       "covers[1] 2027 is listed twice", "duplicate year"},
      {R"({"covers": [2027], "sources": {}, "days": []})", "names no notice for covered year 2027",
       "a year without its source"},
      {R"({"covers": [2027], "sources": {"2027": "x", "2028": "y"}, "days": []})",
       R"(sources.2028: "2028" is not a year listed in "covers")", "a source for no year"},
      {R"({"covers": [2027], "source": {"2027": "x"}, "days": []})", R"(unknown field "source")",
       "misspelt top-level field"},
      {R"({"covers": [2027], "sources": {"2027": "x"},
           "days": [{"date": "2027-02-30", "kind": "holiday", "name": "x"}]})",
       R"(days[0].date "2027-02-30" is not a valid YYYY-MM-DD date)", "no such day"},
      {R"({"covers": [2027], "sources": {"2027": "x"},
           "days": [{"date": "2027-01-01", "kind": "festival", "name": "元旦"}]})",
       R"(days[0].kind must be "holiday" or "workday", not "festival")", "unknown kind"},
      {R"({"covers": [2027], "sources": {"2027": "x"},
           "days": [{"date": "2028-01-01", "kind": "holiday", "name": "元旦"}]})",
       R"(days[0].date "2028-01-01" is in 2028, which "covers" does not list)",
       "a date outside the covered years"},
      {R"({"covers": [2027], "sources": {"2027": "x"},
           "days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
                    {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}]})",
       R"(days[1].date "2027-01-01" is already listed at days[0])", "duplicate date"},
      {R"({"covers": [2027], "sources": {"2027": "x"},
           "days": [{"date": "2027-01-04", "kind": "workday", "name": "调休"}]})",
       R"("2027-01-04" is a Monday to Friday, so it cannot be an adjusted working day)",
       "an adjusted working day on a weekday"},
      {R"({"covers": [2027], "sources": {"2027": "x"},
           "days": [{"date": "2027-01-01", "kind": "holiday", "nmae": "元旦"}]})",
       R"(days[0]: unknown field "nmae")", "misspelt day field"},
      {R"({"covers": [2027], "sources": {"2027": "x"},
           "days": [{"date": "2027-01-01", "kind": "holiday"}]})",
       R"(days[0]: missing field "name")", "a day without its name"},
  };
  for (const BadFileCase& c : kCases) {
    try {
      (void)Calendar::FromJson(c.json);
      ADD_FAILURE() << "accepted: " << c.why;
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("holiday file: ", 0), 0u) << what;
      EXPECT_NE(what.find(c.message), std::string::npos) << c.why << ": got " << what;
    }
  }
}

// Invented for the test: not the State Council's 2027 notice.
constexpr const char* k2027 = R"({
  "covers": [2027],
  "sources": {"2027": "test fixture, not an official notice"},
  "days": [
    {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
    {"date": "2027-01-02", "kind": "holiday", "name": "元旦"},
    {"date": "2027-01-03", "kind": "holiday", "name": "元旦"},
    {"date": "2027-02-05", "kind": "holiday", "name": "春节"},
    {"date": "2027-02-08", "kind": "holiday", "name": "春节"},
    {"date": "2027-02-13", "kind": "workday", "name": "春节调休上班"}
  ]
})";

TEST(CalendarTest, WithYearsAddsANewYear) {
  const Calendar cal = Cn().WithYears(k2027);
  EXPECT_EQ(cal.CoveredYears(), (std::vector<int>{2022, 2023, 2024, 2025, 2026, 2027}));
  EXPECT_EQ(cal.SourceOf(2027), "test fixture, not an official notice");
  EXPECT_EQ(cal.SourceOf(2024), Cn().SourceOf(2024));

  const Calendar::Period p = cal.Add(D("2026-12-22"), 10, kD, kNext);
  EXPECT_EQ(p.due, D("2027-01-04"));
  EXPECT_FALSE(p.provisional);
  EXPECT_EQ(p.crossed.size(), 3u);
  // Thu 02-04, then 春节 02-05 and 02-08 with the weekend, Tue 02-09.
  EXPECT_EQ(cal.Add(D("2027-02-03"), 2, kW, kNext).due, D("2027-02-09"));
  EXPECT_FALSE(cal.IsWorkingDay(D("2027-02-08")));
  EXPECT_TRUE(cal.IsWorkingDay(D("2027-02-13")));
  // The built-in calendar is unchanged.
  EXPECT_TRUE(Cn().Add(D("2026-12-22"), 10, kD, kNext).provisional);
  EXPECT_TRUE(Cn().IsWorkingDay(D("2027-02-08")));
}

TEST(CalendarTest, WithYearsReplacesAYearItCovers) {
  const Calendar cal = Cn().WithYears(R"({
    "covers": [2026], "sources": {"2026": "replacement"},
    "days": [{"date": "2026-01-01", "kind": "holiday", "name": "元旦"}]})");
  EXPECT_EQ(cal.SourceOf(2026), "replacement");
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-02-16")));   // 春节 no longer listed
  EXPECT_FALSE(cal.IsWorkingDay(D("2026-02-14")));  // nor its 调休 Saturday
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-01-28")));  // other years kept
  EXPECT_EQ(cal.Special(D("2026-02-16")), std::nullopt);
  EXPECT_THROW((void)cal.WithYears("{}"), std::invalid_argument);
}

}  // namespace
}  // namespace sg::cal
