// /api/v1/parties and /api/v1/ip-rights.
#include <boost/json/serialize.hpp>

#include "base/json_util.h"
#include "http/handlers/common.h"
#include "http/handlers/routes.h"
#include "service/parties.h"

namespace sg::http {
namespace {

// Replies with `body`; when personal data in it was shown unmasked, only after the read is in
// the audit log (issue 4: every unmasked read is audited, once per request).
void ReplyAuditingPii(App& app, Request& req, Reply reply, const boost::json::object& body,
                      std::vector<int64_t> unmasked) {
  if (unmasked.empty()) return reply(Json(200, body));
  auto actor = req.Actor();
  auto response = std::make_shared<Response>(Json(200, body));
  SubmitWrite(
      app, std::move(reply),
      [actor, response, ids = std::move(unmasked), path = req.path](store::WriteContext& ctx) {
        auto audit = actor.Audit("pii.read", "party",
                                 ids.size() == 1 ? std::optional(ids[0]) : std::nullopt);
        boost::json::array list(ids.begin(), ids.end());
        audit.detail =
            boost::json::serialize(boost::json::object{{"path", path}, {"party_ids", list}});
        ctx.AppendAudit(std::move(audit));
        return *response;
      });
}

}  // namespace

void AddPartyRoutes(Router& router, App& app) {
  router.Add("GET", "/api/v1/parties", "party:record:read", [&app](Request& req, Reply reply) {
    std::vector<int64_t> unmasked;
    boost::json::object body;
    {
      auto reader = app.db.Reader();
      body = svc::ListParties(*reader, req.Caller(), req.QueryParams(), Today(app), &unmasked);
    }
    ReplyAuditingPii(app, req, std::move(reply), body, std::move(unmasked));
  });
  router.Add("POST", "/api/v1/parties", "party:record:create", [&app](Request& req, Reply reply) {
    const auto body = ReadJsonBody(req);
    ObjectReader r(body.as_object());
    auto party = std::make_shared<reg::NewParty>(svc::ParsePartyInput(r, Today(app)));
    r.Finish();
    SubmitWrite(app, std::move(reply), [party, actor = req.Actor()](store::WriteContext& ctx) {
      auto p = svc::CreateParty(ctx, *party, actor);
      return Created(p, "/api/v1/parties/" + std::to_string(p.at("id").as_int64()));
    });
  });
  router.Add("GET", "/api/v1/parties/{id}", "party:record:read", [&app](Request& req, Reply reply) {
    std::vector<int64_t> unmasked;
    boost::json::object body;
    {
      auto reader = app.db.Reader();
      body = svc::GetParty(*reader, req.Caller(), req.Id(), &unmasked);
    }
    ReplyAuditingPii(app, req, std::move(reply), body, std::move(unmasked));
  });

  router.Add("GET", "/api/v1/ip-rights", "ip:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::ListIpRights(*reader, req.QueryParams()));
             }));
  router.Add("POST", "/api/v1/ip-rights", "ip:record:create", [&app](Request& req, Reply reply) {
    const auto body = ReadJsonBody(req);
    ObjectReader r(body.as_object());
    auto right = std::make_shared<reg::NewIpRight>(svc::ParseIpRightInput(r, Today(app)));
    r.Finish();
    SubmitWrite(app, std::move(reply), [right, actor = req.Actor()](store::WriteContext& ctx) {
      auto ip = svc::CreateIpRight(ctx, *right, actor);
      return Created(ip, "/api/v1/ip-rights/" + std::to_string(ip.at("id").as_int64()));
    });
  });
  router.Add("GET", "/api/v1/ip-rights/{id}", "ip:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::GetIpRight(*reader, req.Id()));
             }));
}

}  // namespace sg::http
