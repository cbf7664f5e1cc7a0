// The root routes: /healthz (liveness and readiness) and /metrics (Prometheus text).
#include "http/handlers/common.h"
#include "http/handlers/routes.h"

namespace sg::http {
namespace {

bool IsLoopback(const std::string& ip) {
  return ip == "127.0.0.1" || ip == "::1" || ip.rfind("127.", 0) == 0 || ip == "::ffff:127.0.0.1";
}

}  // namespace

void AddSystemRoutes(Router& router, App& app) {
  router.Add("GET", "/healthz", Sync([&app](Request&) {
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
             }),
             true);

  // Loopback only until tokens exist (shared/API.md: or a token with system:metrics:read).
  router.Add("GET", "/metrics", Sync([&app](Request& req) {
               if (!IsLoopback(req.remote_ip)) {
                 throw ApiError(ErrorCode::kForbidden, "指标接口只允许本机访问");
               }
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
  return router;
}

}  // namespace sg::http
