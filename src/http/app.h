// What the HTTP handlers share: the database, the clock and the metrics. Built by `serve`.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "base/clock.h"
#include "http/metrics.h"
#include "http/router.h"
#include "store/database.h"

namespace sg::http {

struct App {
  store::Database& db;
  const Clock& clock;
  std::string version;
  std::unique_ptr<Metrics> metrics;  // set by BuildRouter's caller once routes are known
};

// Every route of /api/v1 and the root (/healthz, /metrics).
Router BuildRouter(App& app);

}  // namespace sg::http
