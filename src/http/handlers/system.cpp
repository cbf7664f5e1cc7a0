// The root routes: /healthz (liveness and readiness) and /metrics (Prometheus text).
#include "http/guard.h"
#include "http/handlers/common.h"
#include "http/handlers/routes.h"

namespace sg::http {

void AddSystemRoutes(Router& router, App& app) {
  router.Add("GET", "/healthz", kPublic, Sync([&app](Request&) {
               bool db_ok = true;
               try {
                 auto reader = app.db.Reader();
                 reader->QueryInt("SELECT 1");
               } catch (const std::exception&) {
                 db_ok = false;
               }
               boost::json::object body{{"status", db_ok ? "ok" : "unavailable"},
                                        {"database", db_ok ? "ok" : "unavailable"},
                                        {"version", app.version},
                                        {"now", FormatTimestamp(app.clock.Now())}};
               return Json(db_ok ? 200 : 503, body);
             }));

  // shared/API.md: on loopback, or with a token that holds system:metrics:read.
  router.Add("GET", "/metrics", "system:metrics:read", Sync([&app](Request&) {
               const auto w = app.db.writer().Stats();
               std::string extra =
                   "# HELP shenguan_writer_jobs_total Write jobs run by the single writer.\n"
                   "# TYPE shenguan_writer_jobs_total counter\n"
                   "shenguan_writer_jobs_total " +
                   std::to_string(w.jobs) + "\n" +
                   "# HELP shenguan_writer_failed_jobs_total Write jobs rolled back.\n"
                   "# TYPE shenguan_writer_failed_jobs_total counter\n"
                   "shenguan_writer_failed_jobs_total " +
                   std::to_string(w.failed_jobs) + "\n" +
                   "# HELP shenguan_writer_commits_total Transactions committed (group commits).\n"
                   "# TYPE shenguan_writer_commits_total counter\n"
                   "shenguan_writer_commits_total " +
                   std::to_string(w.commits) + "\n";
               Response r;
               r.content_type = "text/plain; version=0.0.4; charset=utf-8";
               r.body = app.metrics ? app.metrics->Render(extra) : extra;
               return r;
             }),
             true);
}

Router BuildRouter(App& app) {
  Router router;
  AddSystemRoutes(router, app);
  AddReferenceRoutes(router, app);
  AddCaseRoutes(router, app);
  AddPartyRoutes(router, app);
  AddAuthRoutes(router, app);
  AddAdminRoutes(router, app);
  AddWorkflowRoutes(router, app);
  AddDashboardRoutes(router, app);
  AddExchangeRoutes(router, app);
  AddWebhookRoutes(router, app);
  AddSharingRoutes(router, app);
  router.SetGuard(
      [&app](const Route& route, Request& req) { return GuardRequest(app, route, req); });
  router.SetFallback([&app](Request& req) -> std::optional<Response> {
    if (!app.web || !app.web->available()) return std::nullopt;
    if (app.limiter) {
      if (const int64_t wait = app.limiter->Take("ip:" + req.remote_ip, app.limits.anonymous)) {
        return RateLimited(wait);
      }
    }
    return app.web->Serve(req.path, req.Header("if-none-match"), req.Header("accept-encoding"));
  });
  return router;
}

}  // namespace sg::http
