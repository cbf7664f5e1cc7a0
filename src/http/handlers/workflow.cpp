// Workflows and the statutory clock: definitions, the deadline calculator, holiday years,
// actions on a case (those the caller may take, and taking one), its deadlines and service
// records, alerts, and the approver's list of extension requests.
#include "http/handlers/common.h"
#include "http/handlers/routes.h"
#include "service/calendar_service.h"
#include "service/case_actions.h"
#include "service/case_records.h"
#include "service/cases.h"
#include "service/counters.h"
#include "service/deadlines.h"

namespace sg::http {

void AddWorkflowRoutes(Router& router, App& app) {
  router.Add("GET", "/api/v1/workflows", "case:record:read", Sync([&app](Request&) {
               boost::json::array items;
               for (const auto& kind : app.workflows->Kinds()) {
                 const auto* d = app.workflows->Find(kind);
                 items.push_back(boost::json::object{
                     {"kind", d->kind}, {"label", d->label}, {"version", d->version}});
               }
               return Json(200, boost::json::object{{"items", std::move(items)}});
             }));
  router.Add("GET", "/api/v1/workflows/{kind}", "case:record:read", Sync([&app](Request& req) {
               const std::string& kind = req.path_args.at(0);
               if (!app.workflows->Find(kind)) ThrowNotFound("没有此类案件的流程定义：" + kind);
               Response r;
               r.body = app.workflows->Json(kind);
               return r;
             }));

  // The deadline calculator, public (shared/API.md).
  router.Add("GET", "/api/v1/calendar/period", kPublic, Sync([&app](Request& req) {
               return Json(200, svc::PeriodJson(*app.Calendar(), req.QueryParams()));
             }));
  // The years the calendar knows, for every signed-in caller: holiday data is public (the
  // calculator above answers without a login).
  router.Add("GET", "/api/v1/calendar/years", kAuthenticated, Sync([&app](Request&) {
               auto reader = app.db.Reader();
               return Json(200, svc::ListCalendarYears(*reader, *app.Calendar(), Today(app)));
             }));
  // An administrator loads a newly announced holiday year (the format of
  // data/holidays-cn.json); every open deadline is recomputed with it.
  router.Add(
      "PUT", "/api/v1/calendar/years", "system:calendar:write", [&app](Request& req, Reply reply) {
        ReadJsonBody(req);  // well-formed JSON object, before the writer sees it
        auto text = std::make_shared<std::string>(req.body);
        SubmitWrite(
            app, std::move(reply), [&app, text, actor = req.Actor()](store::WriteContext& ctx) {
              const auto years = svc::StoreCalendarYears(ctx, *text, actor);
              auto calendar = svc::LoadCalendar(ctx.conn());
              // Due dates moved: the counters of near and overdue (and in-limit verdicts) of
              // each case recomputed follow.
              const Date today = Today(app);
              const int64_t cases = svc::RecomputeAllDeadlines(
                  ctx.conn(), *calendar, today,
                  [&](int64_t id) { svc::CountCase(ctx.conn(), *app.workflows, id, today); });
              app.SetCalendar(calendar);
              boost::json::array list(years.begin(), years.end());
              return Json(200, boost::json::object{{"years", std::move(list)},
                                                   {"recomputed_cases", cases}});
            });
      });

  router.Add("GET", "/api/v1/cases/{id}/actions", "case:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200,
                           svc::ListCaseActions(*reader, *app.workflows, req.Caller(), req.Id()));
             }));
  router.Add("POST", "/api/v1/cases/{id}/actions", svc::kTakeActionPermission,
             [&app](Request& req, Reply reply) {
               auto action =
                   std::make_shared<svc::ActionRequest>(svc::ParseActionRequest(ReadJsonBody(req)));
               SubmitWrite(
                   app, std::move(reply),
                   [&app, action, id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                     const Date today = Today(app);
                     auto out = svc::TakeCaseAction(ctx, *app.workflows, *app.Calendar(), id,
                                                    *action, actor, today);
                     Response r = Json(200, out);
                     r.SetHeader("ETag",
                                 svc::CaseEtag(svc::CaseVersion(out.at("case").as_object())));
                     return r;
                   });
             });
  router.Add("GET", "/api/v1/cases/{id}/deadlines", "case:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::ListCaseDeadlines(*reader, *app.Calendar(), req.Caller(),
                                                       req.Id(), Today(app)));
             }));
  router.Add("GET", "/api/v1/cases/{id}/services", "case:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::ListCaseServices(*reader, req.Caller(), req.Id()));
             }));
  router.Add("GET", "/api/v1/extensions", "case:extension:approve", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::ListExtensions(*reader, *app.workflows, req.Caller(),
                                                    req.QueryParams()));
             }));
  router.Add("GET", "/api/v1/alerts", "case:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200,
                           svc::ListAlerts(*reader, req.Caller(), req.QueryParams(), Today(app)));
             }));
}

}  // namespace sg::http
