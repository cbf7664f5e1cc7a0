// The clock of a deadline, with hand-computed dates (shared/domain/holidays-cn.json for 2024).
#include "service/deadline_calc.h"

#include <gtest/gtest.h>

namespace sg::svc {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

const cal::Calendar& Cal() { return *cal::Calendar::Builtin(); }

DeadlineRule Months(int64_t n, bool suspendable = true) {
  return {n, cal::Unit::kMonths, cal::RestDayRule::kNextWorkingDay, suspendable};
}

TEST(DeadlineCalcTest, SixMonthsFromFilingEndOnTheSameDayNumber) {
  // 民诉法 Art. 152: filed Wed 2024-01-10, six months → Wed 2024-07-10.
  const auto s = ComputeDeadline(Cal(), Months(6), {D("2024-01-10"), {}, 0, {}}, D("2024-03-01"));
  EXPECT_EQ(s.due, D("2024-07-10"));
  EXPECT_EQ(s.status, "running");
  EXPECT_EQ(s.level, "normal");
  EXPECT_EQ(s.total, 6);
  EXPECT_EQ(s.used, 1) << "one whole month from 01-10 to 03-01";
  EXPECT_FALSE(s.provisional);
}

TEST(DeadlineCalcTest, AThirtyDayPublicNoticeMovesTheLimitByExactlyThirtyDays) {
  // 民诉法解释 Art. 243: 公告 from 04-01 to 04-30 inclusive is 30 days not counted.
  DeadlineClock clock{D("2024-01-10"), {}, 0, {{D("2024-04-01"), D("2024-04-30")}}};
  const auto s = ComputeDeadline(Cal(), Months(6), clock, D("2024-05-06"));
  EXPECT_EQ(s.suspended, 30);
  EXPECT_EQ(s.due, D("2024-08-09")) << "07-10 + 30 days, a Friday";
}

TEST(DeadlineCalcTest, AnUnsuspendableDeadlineIgnoresSuspensions) {
  DeadlineClock clock{D("2024-01-10"), {}, 0, {{D("2024-04-01"), D("2024-04-30")}}};
  const auto s = ComputeDeadline(Cal(), Months(6, false), clock, D("2024-05-06"));
  EXPECT_EQ(s.due, D("2024-07-10"));
}

TEST(DeadlineCalcTest, ASuspensionThatLastsStopsTheClock) {
  DeadlineClock clock{D("2024-01-10"), {}, 0, {{D("2024-06-01"), std::nullopt}}};
  const auto on_june_10 = ComputeDeadline(Cal(), Months(6), clock, D("2024-06-10"));
  EXPECT_EQ(on_june_10.status, "suspended");
  EXPECT_EQ(on_june_10.suspended, 10) << "06-01 … 06-10";
  EXPECT_EQ(on_june_10.due, D("2024-07-22")) << "07-10 + 10 = 07-20 (Sat) → Mon 07-22";
}

TEST(DeadlineCalcTest, AGrantedExtensionAddsItsLength) {
  // 民诉法 Art. 164 / 解释 Art. 258: summary procedure 3 months, +1 by the president.
  DeadlineRule summary = Months(3);
  const auto s = ComputeDeadline(Cal(), summary, {D("2024-01-10"), {}, 1, {}}, D("2024-03-01"));
  EXPECT_EQ(s.total, 4);
  EXPECT_EQ(s.due, D("2024-05-10"));
}

TEST(DeadlineCalcTest, ARestDayDueDateMovesToTheNextWorkingDay) {
  // 2024-03-01 + 6 months = Sun 2024-09-01 → Mon 09-02 (民诉法 Art. 85).
  const auto s = ComputeDeadline(Cal(), Months(6), {D("2024-03-01"), {}, 0, {}}, D("2024-03-02"));
  EXPECT_EQ(s.due, D("2024-09-02"));
}

TEST(DeadlineCalcTest, WorkingDaysSkipHolidaysAndCountAdjustedWeekends) {
  // time-limits.md: 7 working days from Fri 2024-02-02 end on Sun 2024-02-18 (调休).
  const DeadlineRule rule{7, cal::Unit::kWorkingDays, cal::RestDayRule::kNone, false};
  const auto s = ComputeDeadline(Cal(), rule, {D("2024-02-02"), {}, 0, {}}, D("2024-02-05"));
  EXPECT_EQ(s.due, D("2024-02-18"));
  EXPECT_EQ(s.used, 2) << "02-04 (调休 Sunday) and 02-05";
  EXPECT_EQ(s.left, 5);
}

TEST(DeadlineCalcTest, NearAfterTwoThirdsOrWithFiveDaysLeftAndOverdueAfterTheDueDate) {
  // 01-10 → 07-10 is 182 days; more than two thirds used from day 122 = 2024-05-11.
  const DeadlineClock clock{D("2024-01-10"), {}, 0, {}};
  EXPECT_EQ(ComputeDeadline(Cal(), Months(6), clock, D("2024-05-10")).level, "normal");
  EXPECT_EQ(ComputeDeadline(Cal(), Months(6), clock, D("2024-05-11")).near_on, D("2024-05-11"));
  EXPECT_EQ(ComputeDeadline(Cal(), Months(6), clock, D("2024-05-11")).level, "near");
  EXPECT_EQ(ComputeDeadline(Cal(), Months(6), clock, D("2024-07-10")).level, "near");
  const auto late = ComputeDeadline(Cal(), Months(6), clock, D("2024-07-12"));
  EXPECT_EQ(late.level, "overdue");
  EXPECT_EQ(late.left, 0) << "not yet a whole month past";
  EXPECT_EQ(late.days_left, -2);
  // A short limit is near from five days before its end.
  const DeadlineRule ten_days{10, cal::Unit::kDays, cal::RestDayRule::kNone, false};
  EXPECT_EQ(ComputeDeadline(Cal(), ten_days, {D("2024-03-04"), {}, 0, {}}, D("2024-03-05")).near_on,
            D("2024-03-09"));
}

TEST(DeadlineCalcTest, AStoppedDeadlineIsMetOrMissed) {
  const DeadlineClock met{D("2024-01-10"), D("2024-07-10"), 0, {}};
  EXPECT_EQ(ComputeDeadline(Cal(), Months(6), met, D("2024-12-01")).status, "met");
  const DeadlineClock missed{D("2024-01-10"), D("2024-07-11"), 0, {}};
  const auto s = ComputeDeadline(Cal(), Months(6), missed, D("2024-12-01"));
  EXPECT_EQ(s.status, "missed");
  EXPECT_EQ(s.level, "normal") << "a stopped deadline raises no alert";
}

TEST(DeadlineCalcTest, AYearTheCalendarDoesNotKnowMakesItProvisional) {
  const auto s = ComputeDeadline(Cal(), Months(6), {D("2026-10-01"), {}, 0, {}}, D("2026-11-27"));
  EXPECT_TRUE(s.provisional) << "2027 is not in the holiday file";
}

}  // namespace
}  // namespace sg::svc
