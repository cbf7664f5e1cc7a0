// What the HTTP handlers share: the database, the clock, authentication, limits and metrics.
// Built by `serve`.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "auth/authn.h"
#include "base/clock.h"
#include "calendar/calendar.h"
#include "http/feed_waiters.h"
#include "http/metrics.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "http/static_files.h"
#include "store/database.h"
#include "workflow/definition.h"

namespace sg::http {

// Rate limits (issue 4): configurable with `serve --rate-*`.
struct RateLimits {
  RateRule anonymous{20, 200};  // per IP: public routes and requests without valid credentials
  RateRule login{0.2, 10};      // per IP: POST /api/v1/auth/login
  RateRule caller{50, 300};     // per session, or per token without its own limit
};

struct App {
  App(store::Database& database, const Clock& app_clock, std::string app_version)
      : db(database), clock(app_clock), version(std::move(app_version)) {}
  store::Database& db;
  const Clock& clock;
  std::string version;
  std::unique_ptr<Metrics> metrics;  // set by BuildRouter's caller once routes are known
  std::unique_ptr<auth::Authenticator> auth;
  std::unique_ptr<RateLimiter> limiter;
  std::unique_ptr<StaticFiles> web;  // the built web app, when there is one
  // Feed requests waiting for a change (GET /api/v1/feed?wait=N); SubmitWrite notifies it.
  std::unique_ptr<FeedWaiters> feed_waiters;
  RateLimits limits;
  // Adds `Secure` to the session cookie: set when a TLS terminator fronts the server.
  bool secure_cookies = false;
  // The workflow definitions (workflows/*.json, compiled in, or --workflows DIR).
  const wf::Registry* workflows = &wf::Registry::Builtin();

  // The working-day calendar: built in, plus the years loaded later. Swapped whole when an
  // administrator loads a year; readers keep the one they took. Thread-safe.
  std::shared_ptr<const cal::Calendar> Calendar() const {
    std::lock_guard lock(calendar_mu_);
    return calendar_ ? calendar_ : cal::Calendar::Builtin();
  }
  void SetCalendar(std::shared_ptr<const cal::Calendar> c) {
    std::lock_guard lock(calendar_mu_);
    calendar_ = std::move(c);
  }

 private:
  mutable std::mutex calendar_mu_;
  std::shared_ptr<const cal::Calendar> calendar_;
};

// Every route of /api/v1 and the root (/healthz, /metrics), the guard and the static files.
Router BuildRouter(App& app);

}  // namespace sg::http
