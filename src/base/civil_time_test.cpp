#include "base/civil_time.h"

#include <gtest/gtest.h>

namespace sg {
namespace {

TEST(DateTest, RoundTripsThroughDays) {
  for (int64_t d = -800000; d < 800000; d += 37) {
    EXPECT_EQ(Date::FromDays(d).ToDays(), d);
  }
  EXPECT_EQ(Date::FromDays(0).ToString(), "1970-01-01");
}

TEST(DateTest, ParsesOnlyRealDays) {
  EXPECT_TRUE(Date::Parse("2024-02-29"));
  EXPECT_FALSE(Date::Parse("2023-02-29"));
  EXPECT_FALSE(Date::Parse("2024-13-01"));
  EXPECT_FALSE(Date::Parse("2024-1-01"));
  EXPECT_FALSE(Date::Parse("2024-01-0a"));
  EXPECT_FALSE(Date::Parse(""));
}

TEST(DateTest, Weekdays) {
  EXPECT_EQ(Date::Parse("2024-02-02")->Weekday(), 5);  // Friday
  EXPECT_EQ(Date::Parse("2024-02-18")->Weekday(), 7);  // Sunday (调休 working day)
  EXPECT_EQ(Date::Parse("1970-01-01")->Weekday(), 4);
}

TEST(TimestampTest, FormatsInChinaTime) {
  // 2024-03-01T01:30:00Z is 09:30 in Beijing.
  const auto ms = ParseTimestamp("2024-03-01T01:30:00Z");
  ASSERT_TRUE(ms);
  EXPECT_EQ(FormatTimestamp(*ms), "2024-03-01T09:30:00+08:00");
  EXPECT_EQ(ParseTimestamp("2024-03-01T09:30:00+08:00"), ms);
  EXPECT_EQ(ParseTimestamp("2024-03-01T09:30:00.500+08:00"), *ms + 500);
}

TEST(TimestampTest, ChinaDateCrossesMidnightAtUtcSixteen) {
  EXPECT_EQ(ChinaDate(*ParseTimestamp("2024-12-31T15:59:59Z")).ToString(), "2024-12-31");
  EXPECT_EQ(ChinaDate(*ParseTimestamp("2024-12-31T16:00:00Z")).ToString(), "2025-01-01");
  EXPECT_EQ(FormatTimestamp(ChinaMidnight(*Date::Parse("2025-01-01"))),
            "2025-01-01T00:00:00+08:00");
}

TEST(TimestampTest, RefusesMalformed) {
  EXPECT_FALSE(ParseTimestamp("2024-03-01"));
  EXPECT_FALSE(ParseTimestamp("2024-03-01T25:00:00+08:00"));
  EXPECT_FALSE(ParseTimestamp("2024-03-01T09:30:00+0800"));
  EXPECT_FALSE(ParseTimestamp("2024-03-01T09:30:00"));
}

}  // namespace
}  // namespace sg
