// Administration: users, roles, API tokens and the audit log (system:*). Every change is audited
// by the functions of auth/accounts.h; scope rules are theirs too.
#include "auth/accounts.h"
#include "auth/audit.h"
#include "base/json_util.h"
#include "http/handlers/common.h"
#include "http/handlers/routes.h"

namespace sg::http {
namespace {

Response NoContent() {
  Response r;
  r.status = 204;
  return r;
}

}  // namespace

void AddAdminRoutes(Router& router, App& app) {
  router.Add("POST", "/api/v1/users", "system:user:write", [&app](Request& req, Reply reply) {
    auto user = std::make_shared<auth::NewUser>(auth::ParseNewUser(ReadJsonBody(req)));
    SubmitWrite(app, std::move(reply), [user, actor = req.Actor()](store::WriteContext& ctx) {
      const int64_t id = auth::CreateUser(ctx, *user, actor.who(), actor.ip);
      return Created(auth::UserJson(ctx.conn(), id), "/api/v1/users/" + std::to_string(id));
    });
  });
  router.Add("GET", "/api/v1/users/{id}", "system:user:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               auth::RequireUserInScope(*reader, req.Caller(), req.Id());
               return Json(200, auth::UserJson(*reader, req.Id()));
             }));
  router.Add("PATCH", "/api/v1/users/{id}", "system:user:write", [&app](Request& req, Reply reply) {
    auto patch = std::make_shared<boost::json::value>(ReadJsonBody(req, true));
    SubmitWrite(app, std::move(reply),
                [&app, patch, id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                  auto user = auth::UpdateUser(ctx, id, patch->as_object(), actor.who(), actor.ip);
                  app.auth->ForgetUser(id);
                  return Json(200, user);
                });
  });
  router.Add("POST", "/api/v1/users/{id}/password", "system:user:write",
             [&app](Request& req, Reply reply) {
               const auto body = ReadJsonBody(req);
               ObjectReader r(body.as_object());
               const std::string password = r.ReqString("password", 256);
               const bool must_change = r.OptBool("must_change_password").value_or(true);
               r.Finish();
               std::string username;
               {
                 auto reader = app.db.Reader();
                 auth::RequireUserInScope(*reader, req.Caller(), req.Id(), &username);
               }
               auto hash = std::make_shared<std::string>(auth::HashNewPassword(username, password));
               SubmitWrite(app, std::move(reply),
                           [&app, hash, must_change, id = req.Id(),
                            actor = req.Actor()](store::WriteContext& ctx) {
                             auth::SetPassword(ctx, id, *hash, must_change, actor.who(), actor.ip);
                             app.auth->ForgetUser(id);
                             return NoContent();
                           });
             });
  for (const bool lock : {true, false}) {
    router.Add("POST", lock ? "/api/v1/users/{id}/lock" : "/api/v1/users/{id}/unlock",
               "system:user:write", [&app, lock](Request& req, Reply reply) {
                 SubmitWrite(
                     app, std::move(reply),
                     [&app, lock, id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                       auth::SetLocked(ctx, id, lock, actor.who(), actor.ip);
                       app.auth->ForgetUser(id);
                       return Json(200, auth::UserJson(ctx.conn(), id));
                     });
               });
  }
  router.Add("POST", "/api/v1/users/{id}/totp-reset", "system:user:write",
             [&app](Request& req, Reply reply) {
               SubmitWrite(app, std::move(reply),
                           [&app, id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                             auth::ResetTotp(ctx, id, actor.who(), actor.ip);
                             app.auth->ForgetUser(id);
                             return Json(200, auth::UserJson(ctx.conn(), id));
                           });
             });

  router.Add("GET", "/api/v1/roles", "system:role:read", Sync([&app](Request&) {
               auto reader = app.db.Reader();
               return Json(200, auth::ListRoles(*reader));
             }));

  router.Add("POST", "/api/v1/roles", "system:role:write", [&app](Request& req, Reply reply) {
    auto body = std::make_shared<boost::json::value>(ReadJsonBody(req));
    SubmitWrite(app, std::move(reply), [body, actor = req.Actor()](store::WriteContext& ctx) {
      const int64_t id = auth::CreateRole(ctx, *body, actor.who(), actor.ip);
      return Created(auth::RoleJson(ctx.conn(), id), "/api/v1/roles/" + std::to_string(id));
    });
  });
  router.Add("PATCH", "/api/v1/roles/{id}", "system:role:write", [&app](Request& req, Reply reply) {
    auto patch = std::make_shared<boost::json::value>(ReadJsonBody(req, true));
    SubmitWrite(app, std::move(reply),
                [&app, patch, id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                  auth::UpdateRole(ctx, id, patch->as_object(), actor.who(), actor.ip);
                  app.auth->ForgetAll();  // every holder of the role is affected
                  return Json(200, auth::RoleJson(ctx.conn(), id));
                });
  });

  router.Add("GET", "/api/v1/tokens", "system:token:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, auth::ListTokens(*reader, req.Caller()));
             }));
  router.Add("POST", "/api/v1/tokens", "system:token:write", [&app](Request& req, Reply reply) {
    auto t = std::make_shared<auth::NewToken>(auth::ParseNewToken(ReadJsonBody(req)));
    SubmitWrite(app, std::move(reply), [t, actor = req.Actor()](store::WriteContext& ctx) {
      auto created = auth::CreateToken(ctx, *t, actor.who(), actor.ip);
      // The token itself is shown this once; only its hash is stored.
      created.json["token"] = created.token;
      Response r = Created(created.json, "/api/v1/tokens/" + std::to_string(created.id));
      r.SetHeader("Cache-Control", "no-store");
      return r;
    });
  });
  router.Add("DELETE", "/api/v1/tokens/{id}", "system:token:write",
             [&app](Request& req, Reply reply) {
               SubmitWrite(app, std::move(reply),
                           [&app, id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                             auth::RevokeToken(ctx, id, actor.who(), actor.ip);
                             app.auth->ForgetAll();  // the token's cache entry is keyed by hash
                             return NoContent();
                           });
             });

  router.Add("GET", "/api/v1/audit", "system:audit:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, auth::ListAudit(*reader, req.Caller(), req.QueryParams()));
             }));
  // The chain check of `shenguan audit verify`, against the writer's last committed entry (taken
  // before the reader's snapshot, which therefore holds it) so that deleted newest entries show.
  router.Add("GET", "/api/v1/audit/verify", "system:audit:read", Sync([&app](Request&) {
               const int64_t last = app.db.writer().CommittedAuditTip().last_id;
               auto reader = app.db.Reader();
               return Json(200,
                           auth::VerifyAuditChainJson(
                               *reader, last > 0 ? std::optional<int64_t>(last) : std::nullopt));
             }));
}

}  // namespace sg::http
