// A calendar date without a time zone, and the Gregorian rules the validators need.
//
// Core never reads the clock: callers pass "today" as a CivilDate so that results are
// reproducible and tests do not depend on when they run.
#pragma once

#include <compare>

namespace sg::core {

// A proleptic Gregorian date. A plain aggregate: {2024, 2, 29}. Nothing is checked on
// construction; use IsValidCivilDate() before trusting one built from user input.
struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..DaysInMonth(year, month)

  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 flags the defaulted comparison's 0.
  friend constexpr auto operator<=>(const CivilDate&, const CivilDate&) = default;
  friend constexpr bool operator==(const CivilDate&, const CivilDate&) = default;
};

// Returns true for Gregorian leap years (divisible by 4, except centuries not divisible by 400).
bool IsLeapYear(int year);

// Returns the number of days in `month` of `year`, or 0 when `month` is outside 1..12.
int DaysInMonth(int year, int month);

// Returns true when `date` names a real day: month 1..12 and day within that month.
// Years are not range-checked here; callers apply their own plausibility limits.
bool IsValidCivilDate(const CivilDate& date);

}  // namespace sg::core
