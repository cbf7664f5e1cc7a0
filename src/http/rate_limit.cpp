#include "http/rate_limit.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace sg::http {
namespace {

// Every this many calls a shard drops its full buckets, so memory shrinks again after a burst of
// new keys has passed even if the shard never reached its capacity.
constexpr uint64_t kSweepEvery = 4096;
constexpr double kMsPerSecond = 1000.0;

RateRule Normalize(const RateRule& rule) {
  return RateRule{std::max(rule.per_second, 0.0), std::max(rule.burst, 1.0)};
}

// A bucket's tokens at `now`. A clock that steps back credits nothing.
template <typename Bucket>
double TokensAt(const Bucket& b, TimestampMs now) {
  if (now <= b.updated_ms) return b.tokens;
  const double elapsed_s = static_cast<double>(now - b.updated_ms) / kMsPerSecond;
  return std::min(b.rule.burst, b.tokens + elapsed_s * b.rule.per_second);
}

}  // namespace

RateLimiter::RateLimiter(const Clock& clock, size_t max_buckets)
    : clock_(clock), shard_capacity_(std::max<size_t>(max_buckets / kShards, 1)) {}

int64_t RateLimiter::Take(std::string_view key, const RateRule& rule) {
  const RateRule r = Normalize(rule);
  const TimestampMs now = clock_.Now();
  Shard& shard = shards_[KeyHash{}(key) % kShards];
  std::lock_guard lock(shard.mu);

  if (++shard.calls % kSweepEvery == 0) Sweep(shard, now, shard_capacity_);
  auto it = shard.buckets.find(key);
  if (it == shard.buckets.end()) {
    // Free a quarter of the shard at once, so the cost of a sweep is shared by many new keys.
    if (shard.buckets.size() >= shard_capacity_) Sweep(shard, now, shard_capacity_ * 3 / 4);
    it = shard.buckets.emplace(std::string(key), Bucket{r.burst, now, now, r}).first;
  }

  Bucket& b = it->second;
  b.tokens = std::min(TokensAt(b, now), r.burst);
  b.updated_ms = std::max(b.updated_ms, now);
  b.used_ms = now;
  b.rule = r;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  if (r.per_second <= 0.0) return kMaxRetryAfterS;
  const double wait_s = (1.0 - b.tokens) / r.per_second;
  if (wait_s >= static_cast<double>(kMaxRetryAfterS)) return kMaxRetryAfterS;
  return std::max<int64_t>(static_cast<int64_t>(std::ceil(wait_s)), 1);
}

size_t RateLimiter::size() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    n += shard.buckets.size();
  }
  return n;
}

void RateLimiter::Sweep(Shard& shard, TimestampMs now, size_t keep) {
  auto& buckets = shard.buckets;
  std::erase_if(buckets, [now](const auto& entry) {
    return TokensAt(entry.second, now) >= entry.second.rule.burst;
  });
  if (buckets.size() <= keep) return;

  // Still too many: drop the least recently used. Erasing one element of an unordered_map leaves
  // iterators to the others valid.
  std::vector<decltype(buckets.begin())> order;
  order.reserve(buckets.size());
  for (auto it = buckets.begin(); it != buckets.end(); ++it) order.push_back(it);
  const size_t drop = buckets.size() - keep;
  std::nth_element(
      order.begin(), order.begin() + static_cast<std::ptrdiff_t>(drop), order.end(),
      [](const auto& a, const auto& b) { return a->second.used_ms < b->second.used_ms; });
  for (size_t i = 0; i < drop; ++i) buckets.erase(order[i]);
}

}  // namespace sg::http
