// Webhooks (feed:webhook:*): subscriptions of other systems to the change feed, their deliveries
// and dead letters; and the caller's own notifications (any signed-in caller). Scope and audit
// rules are those of webhook/subscriptions.h and webhook/notifications.h.
#include "http/handlers/common.h"
#include "http/handlers/routes.h"
#include "webhook/notifications.h"
#include "webhook/subscriptions.h"

namespace sg::http {
namespace {

constexpr std::string_view kRead = "feed:webhook:read";
constexpr std::string_view kWrite = "feed:webhook:write";

// A response that carries a secret is not to be kept by caches.
Response NoStore(Response r) {
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

}  // namespace

void AddWebhookRoutes(Router& router, App& app) {
  router.Add("POST", "/api/v1/webhooks", kWrite, [&app](Request& req, Reply reply) {
    auto s = std::make_shared<webhook::NewSubscription>(
        webhook::ParseNewSubscription(ReadJsonBody(req)));
    SubmitWrite(app, std::move(reply), [s, actor = req.Actor()](store::WriteContext& ctx) {
      auto out = webhook::CreateSubscription(ctx, *s, actor);
      const std::string location = "/api/v1/webhooks/" + std::to_string(out.at("id").as_int64());
      return NoStore(Created(out, location));
    });
  });
  router.Add("GET", "/api/v1/webhooks", kRead, Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, webhook::ListSubscriptions(*reader, req.Caller()));
             }));
  router.Add("GET", "/api/v1/webhooks/{id}", kRead, Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, webhook::GetSubscription(*reader, req.Caller(), req.Id()));
             }));
  router.Add("PATCH", "/api/v1/webhooks/{id}", kWrite, [&app](Request& req, Reply reply) {
    auto patch = std::make_shared<boost::json::value>(ReadJsonBody(req, true));
    SubmitWrite(app, std::move(reply),
                [patch, id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                  return Json(200, webhook::UpdateSubscription(ctx, id, patch->as_object(), actor));
                });
  });
  router.Add("DELETE", "/api/v1/webhooks/{id}", kWrite, [&app](Request& req, Reply reply) {
    SubmitWrite(app, std::move(reply),
                [id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                  webhook::DeleteSubscription(ctx, id, actor);
                  Response r;
                  r.status = 204;
                  return r;
                });
  });
  router.Add("POST", "/api/v1/webhooks/{id}/rotate-secret", kWrite,
             [&app](Request& req, Reply reply) {
               SubmitWrite(app, std::move(reply),
                           [id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                             return NoStore(Json(200, webhook::RotateSecret(ctx, id, actor)));
                           });
             });
  router.Add("GET", "/api/v1/webhooks/{id}/deliveries", kRead, Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, webhook::ListDeliveries(*reader, req.Caller(), req.Id(),
                                                        req.QueryParams()));
             }));
  router.Add("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend", kWrite,
             [&app](Request& req, Reply reply) {
               SubmitWrite(app, std::move(reply),
                           [id = req.Id(), delivery = req.Id(1),
                            actor = req.Actor()](store::WriteContext& ctx) {
                             return Json(200, webhook::ResendDelivery(ctx, id, delivery, actor));
                           });
             });
  router.Add("POST", "/api/v1/webhooks/{id}/resend-dead", kWrite,
             [&app](Request& req, Reply reply) {
               SubmitWrite(app, std::move(reply),
                           [id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                             return Json(200, webhook::ResendDead(ctx, id, actor));
                           });
             });

  // The caller's own notifications: every signed-in caller has some to read.
  router.Add("GET", "/api/v1/notifications", kAuthenticated, Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200,
                           webhook::ListNotifications(*reader, req.Caller(), req.QueryParams()));
             }));
  router.Add("POST", "/api/v1/notifications/{id}/read", kAuthenticated,
             [&app](Request& req, Reply reply) {
               SubmitWrite(app, std::move(reply),
                           [id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                             return Json(200, webhook::MarkNotificationRead(ctx, actor, id));
                           });
             });
}

}  // namespace sg::http
