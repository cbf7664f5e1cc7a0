// /api/v1/dashboard: figures, each with the case query behind it (shared/API.md "Dashboard").
#include "service/dashboard.h"
#include "http/handlers/common.h"
#include "http/handlers/routes.h"

namespace sg::http {

void AddDashboardRoutes(Router& router, App& app) {
  router.Add("GET", "/api/v1/dashboard/summary", "dashboard:stat:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::DashboardSummary(*reader, req.Caller(), req.QueryParams(),
                                                      Today(app)));
             }));
}

}  // namespace sg::http
