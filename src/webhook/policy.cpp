#include "webhook/policy.h"

#include <algorithm>

namespace sg::webhook {

RetryPolicy ScaledRetryPolicy(int64_t base_ms, int max_attempts) {
  RetryPolicy p;
  p.base_ms = std::max<int64_t>(1, base_ms);
  p.cap_ms = p.base_ms * 720;
  p.max_attempts = std::max(1, max_attempts);
  return p;
}

int64_t RetryDelayMs(const RetryPolicy& p, int failed_attempts) {
  int64_t delay = p.base_ms;
  for (int i = 1; i < failed_attempts && delay < p.cap_ms; ++i) delay *= 2;
  return std::min(delay, p.cap_ms);
}

int64_t JitteredDelayMs(const RetryPolicy& p, int failed_attempts, double unit) {
  const int64_t delay = RetryDelayMs(p, failed_attempts);
  return delay + static_cast<int64_t>(static_cast<double>(delay) * p.jitter * unit);
}

bool Exhausted(const RetryPolicy& p, int failed_attempts) {
  return failed_attempts >= p.max_attempts;
}

int64_t TotalRetrySpanMs(const RetryPolicy& p) {
  int64_t total = 0;
  for (int n = 1; n < p.max_attempts; ++n) total += RetryDelayMs(p, n);
  return total;
}

namespace {

bool IsWord(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

}  // namespace

std::optional<std::string> FilterError(std::string_view filter) {
  if (filter == "*") return std::nullopt;
  const size_t dot = filter.find('.');
  if (dot == std::string_view::npos) {
    return "事件应写作 实体.类型（如 case.created）、实体.*（如 case.*）或 *";
  }
  const std::string_view entity = filter.substr(0, dot);
  const std::string_view type = filter.substr(dot + 1);
  if (std::find(std::begin(kEntities), std::end(kEntities), entity) == std::end(kEntities)) {
    return "未知的实体“" + std::string(entity) + "”，可选 case、party、ip_right、agency、transfer";
  }
  if (type != "*" && !IsWord(type)) {
    return "事件类型应为小写英文（如 created、updated、snapshot）或 *";
  }
  return std::nullopt;
}

bool FilterMatches(std::string_view filter, std::string_view entity, std::string_view type) {
  if (filter == "*") return true;
  const size_t dot = filter.find('.');
  if (dot == std::string_view::npos || filter.substr(0, dot) != entity) return false;
  const std::string_view t = filter.substr(dot + 1);
  return t == "*" || t == type;
}

}  // namespace sg::webhook
