#include "service/deadline_calc.h"

#include <algorithm>

namespace sg::svc {
namespace {

constexpr int64_t kNearDaysLeft = 5;

}  // namespace

DeadlineState ComputeDeadline(const cal::Calendar& calendar, const DeadlineRule& rule,
                              const DeadlineClock& clock, Date today) {
  DeadlineState out;
  out.total = rule.length + clock.extension;
  const bool working = rule.unit == cal::Unit::kWorkingDays;
  // The clock stands still on the day it stopped.
  const Date reference = clock.stopped_on ? *clock.stopped_on : today;

  // Suspended length: each suspension's days after the start, up to its end (or the reference
  // day while it lasts), both inclusive.
  bool suspended_now = false;
  if (rule.suspendable) {
    for (const auto& s : clock.suspensions) {
      const Date from = std::max(s.start, clock.start.AddDays(1));
      const Date to = s.end ? *s.end : reference;
      if (!s.end && !clock.stopped_on) suspended_now = true;
      if (to < from) continue;
      out.suspended += working ? calendar.Count(from.AddDays(-1), to, cal::Unit::kWorkingDays)
                               : to.ToDays() - from.ToDays() + 1;
    }
  }

  // The last day of the limit with its extensions, then shifted by the suspensions, then moved
  // off a rest day where the rule says so.
  const auto base = calendar.Add(clock.start, out.total, rule.unit, cal::RestDayRule::kNone);
  out.provisional = base.provisional;
  Date end = base.due;
  if (out.suspended > 0) {
    if (working) {
      const auto shifted =
          calendar.Add(end, out.suspended, cal::Unit::kWorkingDays, cal::RestDayRule::kNone);
      end = shifted.due;
      out.provisional = out.provisional || shifted.provisional;
    } else {
      end = end.AddDays(out.suspended);
    }
  }
  if (!working && rule.rest_day_rule == cal::RestDayRule::kNextWorkingDay) {
    const auto moved =
        calendar.Add(end.AddDays(-1), 1, cal::Unit::kDays, cal::RestDayRule::kNextWorkingDay);
    end = moved.due;
    out.provisional = out.provisional || moved.provisional;
  }
  out.due = end;

  // Near from the day more than two thirds are used (suspensions shift it like the due date), or
  // 5 days before the due date, whichever comes first.
  Date two_thirds;
  if (working) {
    const int64_t n = out.total * 2 / 3 + 1 + out.suspended;
    two_thirds = calendar
                     .Add(clock.start, std::min(n, out.total + out.suspended),
                          cal::Unit::kWorkingDays, cal::RestDayRule::kNone)
                     .due;
  } else {
    const int64_t span = base.due.ToDays() - clock.start.ToDays();
    two_thirds = clock.start.AddDays(span * 2 / 3 + 1 + out.suspended);
  }
  out.near_on = std::min(two_thirds, out.due.AddDays(-kNearDaysLeft));

  // Used and left, in the unit; the suspended part is not used time.
  const cal::Unit count_unit = rule.unit;
  if (working) {
    out.used = calendar.Count(clock.start, reference, count_unit) - out.suspended;
  } else {
    out.used = calendar.Count(clock.start, reference.AddDays(-out.suspended), count_unit);
  }
  out.used = std::max<int64_t>(out.used, 0);
  out.left = calendar.Count(reference, out.due, count_unit);
  out.days_left = out.due.ToDays() - reference.ToDays();

  if (clock.stopped_on) {
    out.status = *clock.stopped_on <= out.due ? "met" : "missed";
    out.level = "normal";
  } else {
    out.status = suspended_now ? "suspended" : "running";
    out.level = today > out.due ? "overdue" : today >= out.near_on ? "near" : "normal";
  }
  return out;
}

}  // namespace sg::svc
