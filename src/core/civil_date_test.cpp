#include "core/civil_date.h"

#include <gtest/gtest.h>

namespace sg::core {
namespace {

TEST(CivilDateTest, LeapYearsFollowGregorianRule) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_TRUE(IsLeapYear(2000));   // divisible by 400
  EXPECT_FALSE(IsLeapYear(1900));  // century not divisible by 400
  EXPECT_FALSE(IsLeapYear(2023));
}

TEST(CivilDateTest, ValidatesRealDays) {
  EXPECT_TRUE(IsValidCivilDate({2024, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2023, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2024, 4, 31}));
  EXPECT_FALSE(IsValidCivilDate({2024, 13, 1}));
  EXPECT_FALSE(IsValidCivilDate({2024, 0, 1}));
  EXPECT_FALSE(IsValidCivilDate({2024, 1, 0}));
  EXPECT_TRUE(IsValidCivilDate({1949, 12, 31}));
}

TEST(CivilDateTest, OrdersChronologically) {
  EXPECT_LT((CivilDate{2024, 1, 31}), (CivilDate{2024, 2, 1}));
  EXPECT_LT((CivilDate{2023, 12, 31}), (CivilDate{2024, 1, 1}));
  EXPECT_EQ((CivilDate{2024, 5, 6}), (CivilDate{2024, 5, 6}));
}

}  // namespace
}  // namespace sg::core
