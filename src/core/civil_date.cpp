#include "core/civil_date.h"

namespace sg::core {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool IsValidCivilDate(const CivilDate& date) {
  return date.day >= 1 && date.day <= DaysInMonth(date.year, date.month);
}

}  // namespace sg::core
