#include "http/guard.h"

#include "auth/crypto.h"

namespace sg::http {
namespace {

constexpr std::string_view kLoginPattern = "/api/v1/auth/login";
constexpr std::string_view kHealthPattern = "/healthz";

Response Refuse(ErrorCode code, std::string message) {
  return Error(ApiError(code, std::move(message)));
}

}  // namespace

bool IsLoopback(std::string_view ip) {
  return ip == "::1" || ip.starts_with("127.") || ip.starts_with("::ffff:127.");
}

std::string_view CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return part.substr(eq + 1);
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

Response RateLimited(int64_t retry_after_seconds) {
  Response r = Error(ApiError(ErrorCode::kRateLimited, "请求过于频繁，请稍后再试"));
  for (auto& [k, v] : r.headers) {
    if (k == "Retry-After") v = std::to_string(std::max<int64_t>(1, retry_after_seconds));
  }
  return r;
}

std::optional<Response> GuardRequest(App& app, const Route& route, Request& req) {
  if (route.pattern == kHealthPattern) return std::nullopt;
  const std::string_view authz = req.Header("authorization");
  const bool bearer =
      authz.size() > 7 && (authz.starts_with("Bearer ") || authz.starts_with("bearer "));
  const std::string_view cookie =
      bearer ? std::string_view() : CookieValue(req.Header("cookie"), kSessionCookie);
  const bool has_credentials = bearer || !cookie.empty();
  const auto limit_ip = [&]() -> std::optional<Response> {
    const bool login = route.pattern == kLoginPattern;
    const auto& rule = login ? app.limits.login : app.limits.anonymous;
    if (const int64_t wait = app.limiter->Take((login ? "login:" : "ip:") + req.remote_ip, rule)) {
      return RateLimited(wait);
    }
    return std::nullopt;
  };

  const bool open = route.is_public() || (route.loopback_public && IsLoopback(req.remote_ip));
  if (!has_credentials) {
    if (auto refused = limit_ip()) return refused;
    if (open) return std::nullopt;
    return Refuse(ErrorCode::kUnauthenticated, "请先登录，或在 Authorization 请求头中提供访问令牌");
  }
  auth::AuthResult who = bearer ? app.auth->Token(authz.substr(7)) : app.auth->Session(cookie);
  if (!who.principal) {
    if (auto refused = limit_ip()) return refused;
    if (open) return std::nullopt;  // stale cookie on a public route: serve it anonymously
    return Refuse(ErrorCode::kUnauthenticated, who.message);
  }
  const auth::Principal& p = *who.principal;
  // Per-caller limit; logins stay limited per IP even for a signed-in caller.
  if (route.pattern == kLoginPattern) {
    if (auto refused = limit_ip()) return refused;
  } else {
    auth::Principal::Kind kind = p.kind;
    const std::string key = kind == auth::Principal::Kind::kToken
                                ? "token:" + std::to_string(p.id)
                                : "session:" + std::to_string(p.session_id);
    RateRule rule = app.limits.caller;
    if (p.rate_limit) rule = RateRule{*p.rate_limit, *p.rate_limit * 2};
    if (const int64_t wait = app.limiter->Take(key, rule)) return RateLimited(wait);
  }
  if (!bearer && req.method != "GET" && req.method != "HEAD" &&
      !auth::ConstantTimeEquals(req.Header("x-csrf-token"), p.csrf_token)) {
    return Refuse(ErrorCode::kForbidden,
                  "缺少或错误的 CSRF 令牌（X-CSRF-Token），请刷新页面后重试");
  }
  req.principal = std::move(who.principal);
  if (open || route.access == kAuthenticated) return std::nullopt;
  if (p.must_change_password) {
    return Refuse(ErrorCode::kForbidden, "请先修改初始密码（POST /api/v1/auth/password）");
  }
  if (p.must_enrol_totp) {
    return Refuse(ErrorCode::kForbidden,
                  "您的角色须使用动态验证码登录，请先完成绑定（/api/v1/auth/totp）");
  }
#ifndef SHENGUAN_BENCH_NO_AUTHZ
  if (!p.Has(route.access)) {
    return Refuse(ErrorCode::kForbidden, "您没有此操作的权限（" + route.access + "）");
  }
#endif
  return std::nullopt;
}

}  // namespace sg::http
