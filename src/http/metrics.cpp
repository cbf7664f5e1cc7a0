#include "http/metrics.h"

#include <cstdio>

namespace sg::http {

Metrics::Metrics(std::vector<std::string> route_names)
    : names_(std::move(route_names)), slots_(new Slot[names_.size() + 1]) {
  names_.emplace_back("unmatched");
}

void Metrics::Observe(int route, int status, double seconds) {
  const size_t i = route < 0 ? names_.size() - 1 : static_cast<size_t>(route);
  Slot& s = slots_[i];
  const int cls = status / 100;
  if (cls >= 1 && cls <= 5)
    s.by_class[static_cast<size_t>(cls)].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.micros_sum.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::Render(const std::string& extra) const {
  std::string out;
  char buf[512];
  out += "# HELP shenguan_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE shenguan_http_requests_total counter\n";
  for (size_t i = 0; i < names_.size(); ++i) {
    for (int cls = 1; cls <= 5; ++cls) {
      const auto n = slots_[i].by_class[static_cast<size_t>(cls)].load();
      if (n == 0) continue;
      std::snprintf(buf, sizeof buf,
                    "shenguan_http_requests_total{route=\"%s\",code=\"%dxx\"} %llu\n",
                    names_[i].c_str(), cls, static_cast<unsigned long long>(n));
      out += buf;
    }
  }
  out += "# HELP shenguan_http_request_duration_seconds Request latency by route.\n";
  out += "# TYPE shenguan_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < names_.size(); ++i) {
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) cumulative += slots_[i].buckets[b].load();
    if (cumulative == 0) continue;
    uint64_t running = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      running += slots_[i].buckets[b].load();
      if (b < kBuckets.size()) {
        std::snprintf(
            buf, sizeof buf,
            "shenguan_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
            names_[i].c_str(), kBuckets[b], static_cast<unsigned long long>(running));
      } else {
        std::snprintf(
            buf, sizeof buf,
            "shenguan_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
            names_[i].c_str(), static_cast<unsigned long long>(running));
      }
      out += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "shenguan_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                  "shenguan_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                  names_[i].c_str(), static_cast<double>(slots_[i].micros_sum.load()) / 1e6,
                  names_[i].c_str(), static_cast<unsigned long long>(cumulative));
    out += buf;
  }
  out += extra;
  return out;
}

}  // namespace sg::http
