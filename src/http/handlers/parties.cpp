// /api/v1/parties and /api/v1/ip-rights.
#include "service/parties.h"
#include "base/json_util.h"
#include "http/handlers/common.h"
#include "http/handlers/routes.h"

namespace sg::http {

void AddPartyRoutes(Router& router, App& app) {
  router.Add("GET", "/api/v1/parties", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::ListParties(*reader, req.QueryParams(), Today(app)));
             }));
  router.Add("POST", "/api/v1/parties", [&app](Request& req, Reply reply) {
    const auto body = ReadJsonBody(req);
    ObjectReader r(body.as_object());
    auto party = std::make_shared<reg::NewParty>(svc::ParsePartyInput(r, Today(app)));
    r.Finish();
    SubmitWrite(app, std::move(reply), [party](store::WriteContext& ctx) {
      auto p = svc::CreateParty(ctx, *party);
      return Created(p, "/api/v1/parties/" + std::to_string(p.at("id").as_int64()));
    });
  });
  router.Add("GET", "/api/v1/parties/{id}", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::GetParty(*reader, req.Id()));
             }));

  router.Add("GET", "/api/v1/ip-rights", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::ListIpRights(*reader, req.QueryParams()));
             }));
  router.Add("POST", "/api/v1/ip-rights", [&app](Request& req, Reply reply) {
    const auto body = ReadJsonBody(req);
    ObjectReader r(body.as_object());
    auto right = std::make_shared<reg::NewIpRight>(svc::ParseIpRightInput(r, Today(app)));
    r.Finish();
    SubmitWrite(app, std::move(reply), [right](store::WriteContext& ctx) {
      auto ip = svc::CreateIpRight(ctx, *right);
      return Created(ip, "/api/v1/ip-rights/" + std::to_string(ip.at("id").as_int64()));
    });
  });
  router.Add("GET", "/api/v1/ip-rights/{id}", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::GetIpRight(*reader, req.Id()));
             }));
}

}  // namespace sg::http
