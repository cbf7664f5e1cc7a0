// The clock of one deadline: from its start, length, granted extensions and suspensions, where it
// ends and how much of it is used on a given day. Pure: no database, no clock; table-tested.
//
// Rules (shared/domain/time-limits.md, shared/API.md "Deadlines"):
//  - the start day is not counted; days and months follow 民事诉讼法 Art. 85 (a last day that is
//    a rest day moves to the next working day when the deadline's rule says so); working days
//    count only working days (行政处罚法 Art. 85);
//  - a granted extension adds its length in the deadline's own unit (民诉法 Art. 152 etc.);
//  - a suspension (不计入审限的期间: 公告, 鉴定, 中止 … 民诉法解释 Art. 243) from `start` to
//    `end`, both inclusive, adds its length: calendar days for days and months deadlines,
//    working days for working-day deadlines. A suspension still running stops the clock: it
//    counts up to `today`;
//  - near: more than ⅔ of the limit (with its extensions) is used, or 5 days or fewer are left
//    (court practice, time-limits.md); overdue: past the due date and not met.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/civil_time.h"
#include "calendar/calendar.h"

namespace sg::svc {

struct DeadlineRule {
  int64_t length = 0;
  cal::Unit unit = cal::Unit::kDays;
  cal::RestDayRule rest_day_rule = cal::RestDayRule::kNextWorkingDay;
  bool suspendable = false;
};

struct Suspension {
  Date start;
  std::optional<Date> end;  // none while it lasts
};

struct DeadlineClock {
  Date start;                      // the act that started it; not counted
  std::optional<Date> stopped_on;  // the act that met it
  int64_t extension = 0;           // granted, in the rule's unit
  std::vector<Suspension> suspensions;
};

struct DeadlineState {
  Date due;
  Date near_on;           // from this day the deadline is near (if still running)
  std::string status;     // running | suspended | met | missed
  std::string level;      // normal | near | overdue (for `today`)
  int64_t total = 0;      // length + extension, in the unit
  int64_t suspended = 0;  // suspended length added, in days (working days for that unit)
  int64_t used = 0;       // in the unit, up to today or the stop, suspensions left out
  int64_t left = 0;       // in the unit, from today (or the stop) to due; negative when past
  int64_t days_left = 0;  // calendar days from today (or the stop) to due, for badges
  bool provisional = false;
};

DeadlineState ComputeDeadline(const cal::Calendar& calendar, const DeadlineRule& rule,
                              const DeadlineClock& clock, Date today);

}  // namespace sg::svc
