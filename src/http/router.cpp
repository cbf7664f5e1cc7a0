#include "http/router.h"

#include <charconv>

#include "core/text_normalize.h"

namespace sg::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path, std::vector<int64_t>* ids,
                  std::vector<std::string>* args) {
  if (path.empty() || path[0] != '/') return false;
  const auto ps = Split(pattern);
  const auto xs = Split(path);
  if (ps.size() != xs.size()) return false;
  std::vector<int64_t> found_ids;
  std::vector<std::string> found_args;
  for (size_t i = 0; i < ps.size(); ++i) {
    const auto p = ps[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      const auto name = p.substr(1, p.size() - 2);
      const bool numeric = name == "id" || name.ends_with("_id");
      if (numeric) {
        int64_t v = 0;
        auto res = std::from_chars(xs[i].data(), xs[i].data() + xs[i].size(), v);
        if (res.ec != std::errc() || res.ptr != xs[i].data() + xs[i].size() || v < 1) {
          return false;
        }
        found_ids.push_back(v);
      } else {
        if (xs[i].empty()) return false;
        found_args.emplace_back(xs[i]);
      }
    } else if (p != xs[i]) {
      return false;
    }
  }
  *ids = std::move(found_ids);
  *args = std::move(found_args);
  return true;
}

}  // namespace

Route& Router::Add(std::string method, std::string pattern, std::string_view access,
                   Handler handler, bool loopback_public) {
  routes_.push_back(Route{std::move(method), std::move(pattern), std::string(access),
                          std::move(handler), routes_.size(), loopback_public});
  return routes_.back();
}

const Route* Router::Match(Request& req, int* status, std::string* allow) const {
  allow->clear();
  std::vector<int64_t> ids;
  std::vector<std::string> args;
  for (const auto& r : routes_) {
    if (!MatchPattern(r.pattern, req.path, &ids, &args)) continue;
    const bool head_as_get = req.method == "HEAD" && r.method == "GET";
    if (r.method == req.method || head_as_get) {
      req.path_ids = std::move(ids);
      req.path_args = std::move(args);
      return &r;
    }
    if (allow->find(r.method) == std::string::npos) {
      *allow += (allow->empty() ? "" : ", ") + r.method;
    }
  }
  *status = allow->empty() ? 404 : 405;
  return nullptr;
}

void Dispatch(const Router& router, Request& req, Reply reply,
              const std::function<void(const Route*)>& on_route) {
  if (!core::IsValidUtf8(req.path)) {
    if (on_route) on_route(nullptr);
    return reply(Error(ApiError(ErrorCode::kInvalidField, "路径不是有效的 UTF-8 文本", "path")));
  }
  int status = 0;
  std::string allow;
  const Route* route = router.Match(req, &status, &allow);
  if (on_route) on_route(route);
  if (!route) {
    if (status == 404 && router.fallback() && (req.method == "GET" || req.method == "HEAD")) {
      try {
        if (auto r = router.fallback()(req)) return reply(std::move(*r));
      } catch (...) {
        return reply(ErrorFromException(std::current_exception()));
      }
    }
    if (status == 405) {
      Response r = Error(ApiError(ErrorCode::kMethodNotAllowed, "不支持此请求方法：" + req.method));
      r.SetHeader("Allow", allow);
      reply(std::move(r));
    } else {
      reply(Error(ApiError(ErrorCode::kNotFound, "接口不存在：" + req.path)));
    }
    return;
  }
  try {
    if (router.guard()) {
      if (auto refused = router.guard()(*route, req)) return reply(std::move(*refused));
    }
    route->handler(req, reply);
  } catch (...) {
    reply(ErrorFromException(std::current_exception()));
  }
}

Handler Sync(std::function<Response(Request&)> fn) {
  return [fn = std::move(fn)](Request& req, Reply reply) { reply(fn(req)); };
}

}  // namespace sg::http
