// Data sharing (shared/API.md "Sharing"): transfers and their inbox, a case's chain and related
// cases, and the change feed with its long poll and server-sent events.
#include <charconv>
#include <chrono>

#include "base/errors.h"
#include "base/json_util.h"
#include "http/feed_waiters.h"
#include "http/handlers/common.h"
#include "http/handlers/routes.h"
#include "service/case_actions.h"
#include "service/cases.h"
#include "service/feed.h"
#include "service/paging.h"
#include "service/transfers.h"

namespace sg::http {
namespace {

constexpr int64_t kFeedDefaultLimit = 100;
constexpr int64_t kMaxWaitSeconds = 60;
// An event stream without `wait` still waits a while: EventSource reconnects when it ends.
constexpr int64_t kStreamWaitSeconds = 25;

struct FeedQuery {
  int64_t after = 0;
  int64_t limit = kFeedDefaultLimit;
  int64_t wait = 0;
  bool stream = false;  // Accept: text/event-stream
};

int64_t IntParam(const Params& params, const char* name, int64_t def, int64_t lo, int64_t hi) {
  const auto v = params.Get(name);
  if (!v) return def;
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || end != v->data() + v->size() || n < lo || n > hi) {
    ThrowInvalidField(name,
                      "应为 " + std::to_string(lo) + " 到 " + std::to_string(hi) + " 之间的整数");
  }
  return n;
}

FeedQuery ParseFeedQuery(const Request& req) {
  const Params params = req.QueryParams();
  FeedQuery q;
  q.stream = req.Header("accept").find("text/event-stream") != std::string_view::npos;
  // An event stream resumes from the Last-Event-ID its client sends when it reconnects.
  std::optional<std::string> cursor = params.Get("after");
  if (!cursor && q.stream && !req.Header("last-event-id").empty()) {
    cursor = std::string(req.Header("last-event-id"));
  }
  const auto after = svc::ParseFeedCursor(cursor.value_or(""));
  if (!after) ThrowInvalidField("after", "游标无效：应为上次返回的 next_cursor");
  q.after = *after;
  q.limit = IntParam(params, "limit", kFeedDefaultLimit, 1, svc::kFeedMaxLimit);
  q.wait = IntParam(params, "wait", q.stream ? kStreamWaitSeconds : 0, 0, kMaxWaitSeconds);
  return q;
}

Response FeedResponse(const svc::FeedPage& page, bool stream) {
  Response r;
  if (stream) {
    // text/event-stream (WHATWG HTML §9.2): each change an event whose id is its cursor; an
    // event with only an id moves the client's Last-Event-ID past changes it may not see.
    r.content_type = "text/event-stream; charset=utf-8";
    r.SetHeader("Cache-Control", "no-store");
    r.body = "retry: 1000\n\n";
    for (const auto& c : page.changes) {
      r.body += "id: " + std::to_string(c.seq) + "\nevent: change\ndata: ";
      r.body += svc::FeedChangeJson(c);
      r.body += "\n\n";
    }
    if (page.changes.empty() || page.changes.back().seq != page.next_seq) {
      r.body += "id: " + std::to_string(page.next_seq) + "\n\n";
    }
    return r;
  }
  r.body = "{\"changes\":[";
  for (size_t i = 0; i < page.changes.size(); ++i) {
    if (i) r.body += ',';
    r.body += svc::FeedChangeJson(page.changes[i]);
  }
  r.body += "],\"next_cursor\":\"" + std::to_string(page.next_seq) + "\"}";
  return r;
}

svc::Clockwork Clock(App& app) { return {*app.workflows, app.Calendar(), Today(app)}; }

}  // namespace

void AddSharingRoutes(Router& router, App& app) {
  if (!app.feed_waiters) app.feed_waiters = std::make_unique<FeedWaiters>();

  router.Add(
      "POST", "/api/v1/cases/{id}/transfers", "case:record:transfer",
      [&app](Request& req, Reply reply) {
        auto in =
            std::make_shared<svc::TransferRequest>(svc::ParseTransferRequest(ReadJsonBody(req)));
        SubmitWrite(app, std::move(reply),
                    [&app, in, id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                      const auto out = svc::CreateTransfer(ctx, Clock(app), id, *in, actor);
                      return Created(
                          out, "/api/v1/transfers/" + std::to_string(out.at("id").as_int64()));
                    });
      });
  for (const bool accept : {true, false}) {
    router.Add(
        "POST", accept ? "/api/v1/transfers/{id}/accept" : "/api/v1/transfers/{id}/return",
        "case:record:transfer", [&app, accept](Request& req, Reply reply) {
          std::optional<std::string> reason;
          if (!req.body.empty() || !accept) {
            const auto body = ReadJsonBody(req);
            ObjectReader r(body.as_object());
            reason = r.OptString("reason", 2000);
            r.Finish();
          }
          SubmitWrite(
              app, std::move(reply),
              [&app, accept, reason, id = req.Id(), actor = req.Actor()](store::WriteContext& ctx) {
                return Json(200, svc::AnswerTransfer(ctx, Clock(app), id, accept, reason, actor));
              });
        });
  }
  router.Add("GET", "/api/v1/transfers", "case:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::ListTransfers(*reader, req.Caller(), req.QueryParams()));
             }));
  router.Add("GET", "/api/v1/cases/{id}/chain", "case:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::GetCaseChain(*reader, req.Caller(), req.Id(), Today(app)));
             }));
  router.Add("GET", "/api/v1/cases/{id}/related", "case:record:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::ListRelatedCases(*reader, req.Caller(), req.Id(), Today(app)));
             }));

  router.Add("GET", "/api/v1/feed", "feed:change:read", [&app](Request& req, Reply reply) {
    const FeedQuery q = ParseFeedQuery(req);
    auto principal = req.principal;
    svc::FeedPage page;
    {
      auto reader = app.db.Reader();
      page = svc::ReadFeed(*reader, *principal, q.after, q.limit);
    }
    if (!page.changes.empty() || q.wait == 0) {
      reply(FeedResponse(page, q.stream));
      return;
    }
    // Nothing yet: wait for a commit, from where this read got to.
    auto shared_reply = std::make_shared<Reply>(std::move(reply));
    const int64_t from = page.next_seq;
    app.feed_waiters->Add(std::chrono::steady_clock::now() + std::chrono::seconds(q.wait),
                          [&app, principal, from, q, shared_reply](bool last) {
                            svc::FeedPage next;
                            try {
                              auto reader = app.db.Reader();
                              next = svc::ReadFeed(*reader, *principal, from, q.limit);
                            } catch (...) {
                              (*shared_reply)(ErrorFromException(std::current_exception()));
                              return true;
                            }
                            if (next.changes.empty() && !last) return false;
                            (*shared_reply)(FeedResponse(next, q.stream));
                            return true;
                          });
  });
}

}  // namespace sg::http
