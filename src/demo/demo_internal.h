// What GenerateDemo and the stepped demo (steps.h) share, so that both make the same data: the
// random streams, the size of the agency tree and of the pool, and the order cases are written
// in. Not part of the demo's interface.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "base/civil_time.h"
#include "demo/demo.h"
#include "demo/plan.h"
#include "demo/rng.h"

namespace sg::demo::internal {

// Large transactions keep the bulk load fast (each commit also checkpoints the WAL); 50,000
// cases is about 3 million rows, a WAL of a few hundred MB.
inline constexpr int64_t kChunkCases = 50000;
inline constexpr int64_t kProgressEvery = 5000;

inline constexpr std::string_view kHasData =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM agencies) OR EXISTS (SELECT 1 FROM cases) "
    "THEN 1 ELSE 0 END";
inline constexpr std::string_view kNextChangeSeq = "SELECT COALESCE(MAX(seq), 0) + 1 FROM changes";

// Separate streams per phase, so that, say, a different pool size does not reshuffle the
// handlers' names. Members are initialised in this order, each from the master's next value.
struct Streams {
  explicit Streams(uint64_t seed)
      : master(seed),
        agency(master.Next()),
        pool(master.Next()),
        plan(master.Next()),
        write(master.Next()) {}
  Rng master;
  Rng agency, pool, plan, write;
};

struct Shape {
  TimestampMs go_live = 0;  // agencies and handlers; the pool one hour later
  int handlers_scale = 1;
  int64_t parties = 0, ip_rights = 0;
};

// The register "went live" two weeks before the first case; agencies, handlers and the
// imported parties and IP rights are stamped with that day.
inline Shape ShapeOf(const DemoOptions& o) {
  const Date first_day = std::min(Date{2022, 1, 1}, o.today.AddDays(-365));
  Shape s;
  s.go_live = ChinaMidnight(first_day.AddDays(-14)) + 9LL * 3600 * 1000;
  s.handlers_scale = static_cast<int>(std::clamp<int64_t>(1 + o.cases / 50000, 1, 20));
  s.parties = std::max<int64_t>(o.cases / 3, 150);
  s.ip_rights = std::max<int64_t>(o.cases / 4, 120);
  return s;
}
inline TimestampMs PoolTime(const Shape& s) { return s.go_live + 3600 * 1000; }

// Filing-date order (receipt date for unfiled cases) makes case-number sequences follow the
// calendar; the plan index breaks ties so the order is total.
std::vector<size_t> WriteOrder(const std::vector<CasePlan>& plans);

}  // namespace sg::demo::internal
