// Token-bucket rate limiting keyed by string: a client IP, "session:<id>", "token:<id>",
// "login:<ip>". The caller picks the key and the rule; this module only counts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.h"

namespace sg::http {

// A bucket holds at most `burst` tokens and gains `per_second` tokens per second. A burst below 1
// is treated as 1 and a negative rate as 0; with per_second 0 a bucket never refills, so a key
// gets its burst once (until its bucket is evicted, see RateLimiter).
struct RateRule {
  double per_second;
  double burst;
};

// Thread-safe. Buckets live in shards, each behind its own mutex, so concurrent calls for
// different keys seldom wait on each other.
//
// Memory is bounded: at most `max_buckets` buckets are held, whatever the number of distinct
// keys. Buckets that have refilled to full are dropped (that loses nothing: a new bucket starts
// full). When a shard is full of non-full buckets, its least recently used ones are dropped; such
// a key starts again with a full burst. Under a flood of distinct keys the limiter therefore errs
// toward letting a quiet key through rather than toward refusing new clients.
class RateLimiter {
 public:
  static constexpr size_t kDefaultMaxBuckets = 100'000;
  // The Retry-After given when a bucket would take longer than this to yield a token (including
  // never, with per_second 0).
  static constexpr int64_t kMaxRetryAfterS = 24 * 3600;

  // `clock` must outlive the limiter; it is the only source of time.
  explicit RateLimiter(const Clock& clock, size_t max_buckets = kDefaultMaxBuckets);

  // Takes one token from key's bucket under `rule` (a key seen for the first time starts with a
  // full bucket). Returns 0 when allowed, else the whole seconds (>= 1, <= kMaxRetryAfterS) the
  // caller should wait before a token is available: the Retry-After value. A refused call takes
  // nothing. A key's bucket follows the latest rule it was used with.
  int64_t Take(std::string_view key, const RateRule& rule);

  // The number of buckets held now (for tests and metrics).
  size_t size() const;

 private:
  struct Bucket {
    double tokens;
    TimestampMs updated_ms;  // when `tokens` was last brought up to date
    TimestampMs used_ms;     // the last Take, for least-recently-used eviction
    RateRule rule;
  };
  // Lets the maps be searched with a string_view, without building a std::string per call.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  static constexpr size_t kShards = 16;
  struct alignas(64) Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Bucket, KeyHash, std::equal_to<>> buckets;
    uint64_t calls = 0;
  };

  // Drops full buckets; if the shard is still above `keep`, drops least recently used ones down
  // to `keep`. Called with the shard's mutex held.
  static void Sweep(Shard& shard, TimestampMs now, size_t keep);

  const Clock& clock_;
  size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
};

}  // namespace sg::http
