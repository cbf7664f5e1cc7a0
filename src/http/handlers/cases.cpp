// /api/v1/cases: the unified case register.
#include "service/cases.h"
#include "http/handlers/common.h"
#include "http/handlers/routes.h"
#include "service/case_actions.h"

namespace sg::http {

void AddCaseRoutes(Router& router, App& app) {
  router.Add("GET", "/api/v1/cases", "case:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200,
                           svc::ListCases(*reader, req.Caller(), req.QueryParams(), Today(app)));
             }));

  router.Add("POST", "/api/v1/cases", "case:record:create", [&app](Request& req, Reply reply) {
    // Shape and identifiers are checked here, off the writer thread.
    auto input = svc::ParseCreateCase(ReadJsonBody(req), Today(app));
    SubmitWrite(app, std::move(reply),
                [&app, input, actor = req.Actor()](store::WriteContext& ctx) {
                  const svc::Clockwork clock{*app.workflows, app.Calendar(), Today(app)};
                  auto c = svc::CreateCase(ctx, *input, actor, clock);
                  Response r = Created(c, "/api/v1/cases/" + std::to_string(c.at("id").as_int64()));
                  r.SetHeader("ETag", svc::CaseEtag(svc::CaseVersion(c)));
                  return r;
                });
  });

  // The hot read path: JSON text straight from the row, no object tree.
  router.Add("GET", "/api/v1/cases/{id}", "case:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               int64_t version = 0;
               std::string body =
                   svc::GetCaseText(*reader, req.Caller(), req.Id(), Today(app), &version);
               const std::string etag = svc::CaseEtag(version);
               Response r;
               if (req.Header("if-none-match") == etag) {
                 r.status = 304;
               } else {
                 r.body = std::move(body);
               }
               r.SetHeader("ETag", etag);
               return r;
             }));

  router.Add(
      "PATCH", "/api/v1/cases/{id}", "case:record:update", [&app](Request& req, Reply reply) {
        std::string if_match(req.Header("if-match"));
        if (if_match.empty()) {
          throw ApiError(
              ErrorCode::kPreconditionRequired,
              "修改案件须带 If-Match 请求头（取自读取案件时的 ETag），以免覆盖他人的修改");
        }
        auto patch = std::make_shared<boost::json::value>(ReadJsonBody(req, true));
        const int64_t id = req.Id();
        const Date today = Today(app);
        SubmitWrite(
            app, std::move(reply),
            [&app, id, if_match, patch, today, actor = req.Actor()](store::WriteContext& ctx) {
              const svc::Clockwork clock{*app.workflows, app.Calendar(), today};
              auto c = svc::PatchCase(ctx, id, if_match, patch->as_object(), clock, actor);
              Response r = Json(200, c);
              r.SetHeader("ETag", svc::CaseEtag(svc::CaseVersion(c)));
              return r;
            });
      });

  router.Add("GET", "/api/v1/cases/{id}/events", "case:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200,
                           svc::ListCaseEvents(*reader, req.Caller(), req.Id(), req.QueryParams()));
             }));
}

}  // namespace sg::http
