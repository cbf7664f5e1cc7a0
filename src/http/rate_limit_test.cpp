#include "http/rate_limit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace sg::http {
namespace {

constexpr TimestampMs kStart = 1'700'000'000'000;

class RateLimitTest : public ::testing::Test {
 protected:
  void Advance(TimestampMs ms) { clock_.Set(clock_.Now() + ms); }

  FixedClock clock_{kStart};
  RateLimiter limiter_{clock_};
};

TEST_F(RateLimitTest, AllowsTheBurstThenRefusesWithRetryAfter) {
  const RateRule rule{1, 3};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter_.Take("1.2.3.4", rule), 0) << i;
  EXPECT_EQ(limiter_.Take("1.2.3.4", rule), 1);
  EXPECT_EQ(limiter_.Take("1.2.3.4", rule), 1) << "a refused call takes nothing";
}

TEST_F(RateLimitTest, RetryAfterIsTheWholeSecondsUntilTheNextToken) {
  const RateRule slow{0.1, 1};  // one token per ten seconds
  EXPECT_EQ(limiter_.Take("login:1.2.3.4", slow), 0);
  EXPECT_EQ(limiter_.Take("login:1.2.3.4", slow), 10);
  Advance(3'500);
  EXPECT_EQ(limiter_.Take("login:1.2.3.4", slow), 7) << "6.5 s left rounds up";

  const RateRule fast{4, 1};  // a token every 250 ms: never less than one second
  EXPECT_EQ(limiter_.Take("token:7", fast), 0);
  EXPECT_EQ(limiter_.Take("token:7", fast), 1);
}

TEST_F(RateLimitTest, RefillsOverTimeUpToTheBurst) {
  const RateRule rule{2, 4};
  for (int i = 0; i < 4; ++i) ASSERT_EQ(limiter_.Take("k", rule), 0);
  ASSERT_GT(limiter_.Take("k", rule), 0);

  Advance(500);  // one token
  EXPECT_EQ(limiter_.Take("k", rule), 0);
  EXPECT_GT(limiter_.Take("k", rule), 0);

  Advance(3'600'000);  // an hour refills only up to the burst
  for (int i = 0; i < 4; ++i) EXPECT_EQ(limiter_.Take("k", rule), 0) << i;
  EXPECT_GT(limiter_.Take("k", rule), 0);
}

TEST_F(RateLimitTest, AClockSteppingBackCreditsNothing) {
  const RateRule rule{1, 1};
  ASSERT_EQ(limiter_.Take("k", rule), 0);
  clock_.Set(kStart - 60'000);
  EXPECT_GT(limiter_.Take("k", rule), 0);
  clock_.Set(kStart + 1'000);
  EXPECT_EQ(limiter_.Take("k", rule), 0);
}

TEST_F(RateLimitTest, KeysAreIndependent) {
  const RateRule rule{1, 2};
  ASSERT_EQ(limiter_.Take("session:a", rule), 0);
  ASSERT_EQ(limiter_.Take("session:a", rule), 0);
  ASSERT_GT(limiter_.Take("session:a", rule), 0);
  EXPECT_EQ(limiter_.Take("session:b", rule), 0);
  EXPECT_EQ(limiter_.Take("session:b", rule), 0);
  EXPECT_GT(limiter_.Take("session:b", rule), 0);
}

TEST_F(RateLimitTest, ZeroRateAllowsTheBurstOnceAndNeverRefills) {
  const RateRule rule{0, 2};
  EXPECT_EQ(limiter_.Take("k", rule), 0);
  EXPECT_EQ(limiter_.Take("k", rule), 0);
  EXPECT_EQ(limiter_.Take("k", rule), RateLimiter::kMaxRetryAfterS);
  Advance(365LL * 24 * 3'600'000);
  EXPECT_EQ(limiter_.Take("k", rule), RateLimiter::kMaxRetryAfterS);
}

TEST_F(RateLimitTest, MemoryStaysBoundedUnderAFloodOfDistinctKeys) {
  const RateRule rule{0, 1};
  ASSERT_EQ(limiter_.Take("hot", rule), 0);
  for (int i = 0; i < 1'000'000; ++i) {
    if (i % 100 == 0) {
      Advance(1);
      // A key still in use is the last to be forgotten: it stays refused throughout.
      ASSERT_GT(limiter_.Take("hot", rule), 0) << i;
    }
    ASSERT_EQ(limiter_.Take("ip:" + std::to_string(i), rule), 0) << i;
  }
  EXPECT_LE(limiter_.size(), RateLimiter::kDefaultMaxBuckets);
  EXPECT_GT(limiter_.size(), RateLimiter::kDefaultMaxBuckets / 2);
}

TEST_F(RateLimitTest, MemoryShrinksOnceIdleBucketsHaveRefilled) {
  const RateRule rule{1, 1};
  for (int i = 0; i < 50'000; ++i) ASSERT_EQ(limiter_.Take("ip:" + std::to_string(i), rule), 0);
  ASSERT_EQ(limiter_.size(), 50'000u);

  Advance(2'000);  // every bucket is full again: keeping it would tell nothing
  constexpr int kActiveKeys = 256;
  for (int round = 0; round < 4096; ++round) {
    Advance(1'000);
    for (int k = 0; k < kActiveKeys; ++k) limiter_.Take("active:" + std::to_string(k), rule);
  }
  EXPECT_LE(limiter_.size(), static_cast<size_t>(kActiveKeys));
}

TEST_F(RateLimitTest, ConcurrentCallersShareOneBucketExactly) {
  const RateRule rule{0, 1000};
  std::atomic<int> allowed = 0;
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (limiter_.Take("shared", rule) == 0) ++allowed;
        limiter_.Take("own:" + std::to_string(i), rule);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(allowed.load(), 1000);
}

}  // namespace
}  // namespace sg::http
