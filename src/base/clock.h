// The one place the program learns the time.
//
// Nothing else reads the system clock: `serve --now` and `demo --today` install a FixedClock so
// that tests, demos and screenshots never depend on the real date. Thread-safe.
#pragma once

#include <atomic>
#include <memory>

#include "base/civil_time.h"

namespace sg {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimestampMs Now() const = 0;
  // Today's legal date in China time.
  Date Today() const { return ChinaDate(Now()); }
};

// Real time.
class SystemClock final : public Clock {
 public:
  TimestampMs Now() const override;
};

// Time that starts at a fixed instant. With advance=true it moves forward with the real clock
// from that instant (a server started with --now keeps ticking); otherwise it stands still.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimestampMs start, bool advance = false);
  TimestampMs Now() const override;
  void Set(TimestampMs now) { start_.store(now); }

 private:
  std::atomic<TimestampMs> start_;
  TimestampMs real_start_;
  bool advance_;
};

}  // namespace sg
