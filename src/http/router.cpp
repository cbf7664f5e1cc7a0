#include "http/router.h"

#include <charconv>
#include <optional>

#include "core/text_normalize.h"

namespace sg::http {
namespace {

// The segments between slashes of a path that starts with one ("/a/b" → a, b).
template <typename Out>
void Split(std::string_view path, std::vector<Out>* out) {
  out->clear();
  size_t start = 1;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    out->emplace_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
}

bool IsPlaceholder(std::string_view p) {
  return p.size() > 2 && p.front() == '{' && p.back() == '}';
}

// A placeholder's value: a positive integer for {id} and {…_id}, any non-empty segment otherwise.
bool Numeric(std::string_view placeholder) {
  const auto name = placeholder.substr(1, placeholder.size() - 2);
  return name == "id" || name.ends_with("_id");
}
std::optional<int64_t> PositiveId(std::string_view segment) {
  int64_t v = 0;
  auto res = std::from_chars(segment.data(), segment.data() + segment.size(), v);
  if (res.ec != std::errc() || res.ptr != segment.data() + segment.size() || v < 1) {
    return std::nullopt;
  }
  return v;
}

// Whether the path's segments `xs` match the pattern's `ps`; only then are ids and args filled.
bool MatchPattern(const std::vector<std::string>& ps, const std::vector<std::string_view>& xs,
                  std::vector<int64_t>* ids, std::vector<std::string>* args) {
  if (ps.size() != xs.size()) return false;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (!IsPlaceholder(ps[i])) {
      if (ps[i] != xs[i]) return false;
    } else if (Numeric(ps[i]) ? !PositiveId(xs[i]) : xs[i].empty()) {
      return false;
    }
  }
  ids->clear();
  args->clear();
  for (size_t i = 0; i < ps.size(); ++i) {
    if (!IsPlaceholder(ps[i])) continue;
    if (Numeric(ps[i])) {
      ids->push_back(*PositiveId(xs[i]));
    } else {
      args->emplace_back(xs[i]);
    }
  }
  return true;
}

}  // namespace

Route& Router::Add(std::string method, std::string pattern, std::string_view access,
                   Handler handler, bool loopback_public) {
  Route& r = routes_.emplace_back();
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.access = std::string(access);
  r.handler = std::move(handler);
  r.index = routes_.size() - 1;
  r.loopback_public = loopback_public;
  Split(r.pattern, &r.segments);
  return r;
}

const Route* Router::Match(Request& req, int* status, std::string* allow) const {
  allow->clear();
  std::vector<int64_t> ids;
  std::vector<std::string> args;
  std::vector<std::string_view> segments;
  if (!req.path.empty() && req.path[0] == '/') Split(std::string_view(req.path), &segments);
  for (const auto& r : routes_) {
    if (segments.empty() || !MatchPattern(r.segments, segments, &ids, &args)) continue;
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

void Dispatch(const Router& router, Request& req, const Reply& reply,
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
  return [fn = std::move(fn)](Request& req, const Reply& reply) { reply(fn(req)); };
}

}  // namespace sg::http
