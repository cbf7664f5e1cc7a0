// What the delivery worker does when a receiver fails, and which changes a filter selects. Plain
// functions, tested without a server (policy_test.cpp). docs/data-exchange.md "Webhooks" shows
// the schedule as a table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sg::webhook {

// Retries back off exponentially: after the n-th failed attempt of a delivery the next one is due
// base·2^(n-1) later, at most `cap`, stretched by up to `jitter` (0.1 = 10 %) so that many
// subscriptions failing together do not retry in lockstep. After max_attempts failed attempts the
// delivery is dead (dead-letter list). With the defaults (30 s, 6 h cap, 17 attempts) the waits
// are 30 s, 1, 2, 4, 8, 16, 32, 64, 128, 256 min, then 6 h six times: the 17th and last attempt
// comes 44 h 31 min 30 s after the first (up to 10 % later with jitter), about two days.
struct RetryPolicy {
  int64_t base_ms = 30'000;
  int64_t cap_ms = 6 * 3'600'000;
  int max_attempts = 17;
  double jitter = 0.1;
};

// serve --webhook-retry-base-ms scales the whole schedule: the cap stays 720 × base (6 h at 30 s).
RetryPolicy ScaledRetryPolicy(int64_t base_ms, int max_attempts);

// The wait after `failed_attempts` (≥ 1) failures, before jitter.
int64_t RetryDelayMs(const RetryPolicy& p, int failed_attempts);
// The same stretched by `unit` (in [0, 1)) × jitter.
int64_t JitteredDelayMs(const RetryPolicy& p, int failed_attempts, double unit);
// True when a delivery that has failed `failed_attempts` times is dead.
bool Exhausted(const RetryPolicy& p, int failed_attempts);
// The time from the first attempt to the last one, before jitter.
int64_t TotalRetrySpanMs(const RetryPolicy& p);

// ---- Event filters ----
// A subscription names the changes it wants as filters on "<entity>.<type>" (feed.h: entity case,
// party, ip_right, agency, transfer; type created, updated, snapshot, …): "case.created", "case.*"
// (every change of an entity) or "*" (every change).

inline constexpr std::string_view kEntities[] = {"case", "party", "ip_right", "agency", "transfer"};

// nullopt when `filter` is well formed, else a Chinese reason.
std::optional<std::string> FilterError(std::string_view filter);
// Whether `filter` selects a change of `entity` and `type` (the writer does the same in SQL).
bool FilterMatches(std::string_view filter, std::string_view entity, std::string_view type);

}  // namespace sg::webhook
