#include "base/clock.h"

#include <chrono>

namespace sg {
namespace {
TimestampMs RealNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

TimestampMs SystemClock::Now() const { return RealNow(); }

FixedClock::FixedClock(TimestampMs start, bool advance)
    : start_(start), real_start_(advance ? RealNow() : 0), advance_(advance) {}

TimestampMs FixedClock::Now() const {
  return advance_ ? start_.load() + (RealNow() - real_start_) : start_.load();
}

}  // namespace sg
