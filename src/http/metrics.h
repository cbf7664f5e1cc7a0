// Request counters and latency histograms per route, rendered as Prometheus text at /metrics.
// Thread-safe and lock-free on the request path.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sg::http {

class Metrics {
 public:
  // `route_names` are the patterns ("GET /api/v1/cases/{id}"); one more slot counts unmatched.
  explicit Metrics(std::vector<std::string> route_names);
  // Records one request. `route` is the route index, or -1 when nothing matched.
  void Observe(int route, int status, double seconds);
  // Prometheus text exposition; `extra` is appended verbatim (gauges from elsewhere).
  std::string Render(const std::string& extra) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.5,   2.0};
  struct Slot {
    std::array<std::atomic<uint64_t>, 6> by_class{};  // 1xx..5xx by status / 100, [0] unused
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> micros_sum{0};
  };
  std::vector<std::string> names_;
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace sg::http
