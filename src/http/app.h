// What the HTTP handlers share: the database, the clock, authentication, limits and metrics.
// Built by `serve`.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "auth/authn.h"
#include "base/clock.h"
#include "http/metrics.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "http/static_files.h"
#include "store/database.h"

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
  RateLimits limits;
  // Adds `Secure` to the session cookie: set when a TLS terminator fronts the server.
  bool secure_cookies = false;
};

// Every route of /api/v1 and the root (/healthz, /metrics), the guard and the static files.
Router BuildRouter(App& app);

}  // namespace sg::http
