// /api/v1/dashboard: figures, each with the case query behind it (shared/API.md "Dashboard"),
// and the event stream that tells a dashboard or big screen to read them again.
#include "service/dashboard.h"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "base/errors.h"
#include "http/feed_waiters.h"
#include "http/handlers/common.h"
#include "http/handlers/routes.h"
#include "report/report.h"
#include "service/dashboard_report.h"
#include "service/feed.h"

namespace sg::http {
namespace {

// How long one event-stream response waits for a change before it ends with a keep-alive
// (`wait`, 0..60 s, default 15); EventSource then reconnects (after `retry`), which also caps the
// events at about one a second.
constexpr int64_t kEventsWaitSeconds = 15;
constexpr int64_t kEventsMaxWaitSeconds = 60;

// Whether any of `page`'s changes (all visible to the caller) can move a dashboard figure.
bool MovesFigures(const svc::FeedPage& page) {
  for (const auto& c : page.changes) {
    if (c.entity == "case" || c.entity == "transfer") return true;
  }
  return false;
}

// text/event-stream (WHATWG HTML §9.2): a `change` event naming the newest seq, or only the id
// and a comment when the wait ended without one. The id is the cursor a reconnect resumes from.
Response EventsResponse(int64_t seq, bool changed) {
  Response r;
  r.content_type = "text/event-stream; charset=utf-8";
  r.SetHeader("Cache-Control", "no-store");
  r.body = "retry: 1000\n\nid: " + std::to_string(seq) + "\n";
  r.body += changed ? "event: change\ndata: {\"seq\":" + std::to_string(seq) + "}\n\n"
                    : ": keep-alive\n\n";
  return r;
}

// The workbook's bytes: libxlsxwriter writes files only, so through a private temporary file.
std::string XlsxBytes(const report::Report& r) {
  std::string path = (std::filesystem::temp_directory_path() / "shenguan-report-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for the report");
  close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::remove(path.c_str()); }
  } remove{path};
  report::WriteXlsx(r, path);
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

void AddDashboardRoutes(Router& router, App& app) {
  if (!app.feed_waiters) app.feed_waiters = std::make_unique<FeedWaiters>();

  router.Add("GET", "/api/v1/dashboard/summary", "dashboard:stat:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::DashboardSummary(*reader, req.Caller(), req.QueryParams(),
                                                      Today(app)));
             }));

  router.Add("GET", "/api/v1/dashboard/charts", "dashboard:stat:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::DashboardCharts(*reader, req.Caller(), req.QueryParams(),
                                                     Today(app), *app.workflows));
             }));

  router.Add(
      "GET", "/api/v1/dashboard/indicators", "dashboard:stat:read", Sync([&app](Request& req) {
        auto reader = app.db.Reader();
        return Json(200,
                    svc::DashboardIndicators(*reader, req.Caller(), req.QueryParams(), Today(app)));
      }));
  router.Add("PUT", "/api/v1/dashboard/indicator-ranges/{code}", "dashboard:range:write",
             [&app](Request& req, Reply reply) {
               auto body = std::make_shared<boost::json::value>(ReadJsonBody(req));
               SubmitWrite(app, std::move(reply),
                           [body, code = req.path_args.at(0),
                            actor = req.Actor()](store::WriteContext& ctx) {
                             return Json(200, svc::SetIndicatorRange(ctx, code, *body, actor));
                           });
             });

  // GET /api/v1/dashboard/report?period=YYYY-MM|YYYY-Qn&format=pdf|xlsx&agency_id=&include_sub=
  // &kind=: the monthly or quarterly report as a download.
  router.Add("GET", "/api/v1/dashboard/report", "dashboard:stat:read", Sync([&app](Request& req) {
               const Params params = req.QueryParams();
               const std::string format = params.Get("format").value_or("pdf");
               if (format != "pdf" && format != "xlsx") {
                 ThrowInvalidField("format", "应为 pdf 或 xlsx");
               }
               const bool pdf = format == "pdf";
               report::Report model;
               {
                 auto reader = app.db.Reader();
                 model = svc::BuildDashboardReport(*reader, req.Caller(), params, Today(app),
                                                   app.clock.Now(), *app.workflows, pdf);
               }
               Response r;
               r.content_type = pdf ? "application/pdf"
                                    : "application/vnd.openxmlformats-officedocument."
                                      "spreadsheetml.sheet";
               r.body = pdf ? report::PdfBytes(model) : XlsxBytes(model);
               r.SetHeader("Cache-Control", "no-store");
               r.SetHeader(
                   "Content-Disposition",
                   Disposition("shenguan-report", svc::DashboardReportName(params) + "." + format));
               return r;
             }));

  // GET /api/v1/dashboard/events: one `change` event when a change the caller may see (a case
  // or a transfer) commits after the cursor (Last-Event-ID, or `after`), else a keep-alive after
  // `wait` seconds. A new stream (no cursor) answers at once with the newest change's cursor. The
  // figures are read again by the client; the stream carries no data, so dashboard:stat:read
  // suffices.
  router.Add(
      "GET", "/api/v1/dashboard/events", "dashboard:stat:read", [&app](Request& req, Reply reply) {
        const Params params = req.QueryParams();
        int64_t wait = kEventsWaitSeconds;
        if (const auto w = params.Get("wait")) {
          const auto [end, ec] = std::from_chars(w->data(), w->data() + w->size(), wait);
          if (ec != std::errc() || end != w->data() + w->size() || wait < 0 ||
              wait > kEventsMaxWaitSeconds) {
            ThrowInvalidField("wait", "应为 0 到 60 之间的整数（秒）");
          }
        }
        std::optional<std::string> cursor = params.Get("after");
        if (!cursor && !req.Header("last-event-id").empty()) {
          cursor = std::string(req.Header("last-event-id"));
        }
        int64_t from = 0;
        auto principal = req.principal;
        {
          auto reader = app.db.Reader();
          if (cursor) {
            const auto after = svc::ParseFeedCursor(*cursor);
            if (!after) ThrowInvalidField("after", "游标无效：应为上次事件的编号");
            from = *after;
          } else {
            from = svc::LatestChangeSeq(*reader);
          }
          const auto page = svc::ReadFeed(*reader, *principal, from, svc::kFeedMaxLimit);
          // A new stream (no cursor) is answered at once with the cursor to resume from, so
          // that the client knows it is connected; a resumed one waits.
          if (MovesFigures(page) || wait == 0 || !cursor) {
            reply(EventsResponse(page.next_seq, MovesFigures(page)));
            return;
          }
          from = page.next_seq;
        }
        auto shared_reply = std::make_shared<Reply>(std::move(reply));
        auto seen = std::make_shared<int64_t>(from);
        app.feed_waiters->Add(std::chrono::steady_clock::now() + std::chrono::seconds(wait),
                              [&app, principal, seen, shared_reply](bool last) {
                                try {
                                  auto reader = app.db.Reader();
                                  const auto page =
                                      svc::ReadFeed(*reader, *principal, *seen, svc::kFeedMaxLimit);
                                  *seen = page.next_seq;
                                  const bool changed = MovesFigures(page);
                                  if (!changed && !last) return false;
                                  (*shared_reply)(EventsResponse(*seen, changed));
                                } catch (...) {
                                  (*shared_reply)(ErrorFromException(std::current_exception()));
                                }
                                return true;
                              });
      });
}

}  // namespace sg::http
