#include "http/handlers/common.h"

#include "base/json_util.h"
#include "base/params.h"

namespace sg::http {

boost::json::value ReadJsonBody(const Request& req, bool merge_patch) {
  std::string_view ct = req.Header("content-type");
  ct = ct.substr(0, ct.find(';'));
  while (!ct.empty() && ct.back() == ' ') ct.remove_suffix(1);
  const bool ok = ct == "application/json" || (merge_patch && ct == "application/merge-patch+json");
  if (!ok) {
    throw ApiError(ErrorCode::kUnsupportedMediaType,
                   merge_patch ? "请以 application/merge-patch+json 或 application/json 提交"
                               : "请以 application/json 提交请求体");
  }
  return ParseJsonBody(req.body);
}

void SubmitWrite(App& app, Reply reply, std::function<Response(store::WriteContext&)> job) {
  auto result = std::make_shared<Response>();
  app.db.writer().Submit(
      [job = std::move(job), result](store::WriteContext& ctx) { *result = job(ctx); },
      [&app, reply = std::move(reply), result](const std::exception_ptr& e) {
        reply(e ? ErrorFromException(e) : std::move(*result));
        if (!e && app.feed_waiters) app.feed_waiters->Notify();
      });
}

Response Created(const boost::json::object& body, const std::string& location) {
  Response r = Json(201, body);
  r.SetHeader("Location", location);
  return r;
}

std::string Disposition(std::string_view ascii_stem, const std::string& file_name) {
  const size_t dot = file_name.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : file_name.substr(dot);
  return "attachment; filename=\"" + std::string(ascii_stem) + ext + "\"; filename*=UTF-8''" +
         PercentEncode(file_name);
}

}  // namespace sg::http
