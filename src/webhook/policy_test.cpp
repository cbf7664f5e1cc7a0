#include "webhook/policy.h"

#include <gtest/gtest.h>

namespace sg::webhook {
namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;

// The schedule docs/data-exchange.md prints: 30 s doubling, capped at 6 h, 17 attempts.
TEST(WebhookRetryTest, DefaultScheduleDoublesFromThirtySecondsToSixHours) {
  const RetryPolicy p;
  const int64_t expected[] = {30 * kSecond,  1 * kMinute,   2 * kMinute,  4 * kMinute,
                              8 * kMinute,   16 * kMinute,  32 * kMinute, 64 * kMinute,
                              128 * kMinute, 256 * kMinute, 6 * kHour,    6 * kHour,
                              6 * kHour,     6 * kHour,     6 * kHour,    6 * kHour};
  for (int n = 1; n <= 16; ++n) {
    EXPECT_EQ(RetryDelayMs(p, n), expected[n - 1]) << "after failure " << n;
  }
  EXPECT_EQ(RetryDelayMs(p, 40), 6 * kHour) << "never beyond the cap, never overflowing";
  EXPECT_FALSE(Exhausted(p, 16));
  EXPECT_TRUE(Exhausted(p, 17));
  // The 17th attempt comes 44 h 31 min 30 s after the first: about two days.
  EXPECT_EQ(TotalRetrySpanMs(p), 44 * kHour + 31 * kMinute + 30 * kSecond);
}

TEST(WebhookRetryTest, JitterOnlyStretchesUpToTenPercent) {
  const RetryPolicy p;
  EXPECT_EQ(JitteredDelayMs(p, 1, 0.0), 30 * kSecond);
  EXPECT_EQ(JitteredDelayMs(p, 1, 0.5), 31'500);
  EXPECT_LT(JitteredDelayMs(p, 1, 0.999999), 33 * kSecond);
  EXPECT_LT(JitteredDelayMs(p, 11, 0.999999), 6 * kHour + 36 * kMinute);
}

TEST(WebhookRetryTest, ScaledPolicyKeepsTheShape) {
  const RetryPolicy p = ScaledRetryPolicy(20, 3);
  EXPECT_EQ(RetryDelayMs(p, 1), 20);
  EXPECT_EQ(RetryDelayMs(p, 2), 40);
  EXPECT_EQ(p.cap_ms, 20 * 720);
  EXPECT_TRUE(Exhausted(p, 3));
  const RetryPolicy d = ScaledRetryPolicy(30'000, 17);
  EXPECT_EQ(d.cap_ms, RetryPolicy{}.cap_ms);
}

TEST(WebhookFilterTest, AcceptsAndMatchesTheThreeForms) {
  EXPECT_FALSE(FilterError("*"));
  EXPECT_FALSE(FilterError("case.*"));
  EXPECT_FALSE(FilterError("case.created"));
  EXPECT_FALSE(FilterError("transfer.updated"));
  EXPECT_TRUE(FilterError("case"));
  EXPECT_TRUE(FilterError("cases.created"));
  EXPECT_TRUE(FilterError("case.Created"));
  EXPECT_TRUE(FilterError("case."));
  EXPECT_TRUE(FilterError("*.created"));

  EXPECT_TRUE(FilterMatches("*", "party", "created"));
  EXPECT_TRUE(FilterMatches("case.*", "case", "snapshot"));
  EXPECT_FALSE(FilterMatches("case.*", "transfer", "created"));
  EXPECT_TRUE(FilterMatches("case.created", "case", "created"));
  EXPECT_FALSE(FilterMatches("case.created", "case", "updated"));
}

}  // namespace
}  // namespace sg::webhook
