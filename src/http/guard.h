// The guard every routed request passes before its handler (issue 4 "The HTTP layer"):
//  1. rate limits: per IP for public routes and callers without valid credentials (stricter for
//     logins), per session or token otherwise (a token may carry its own limit); over the limit
//     answers 429 with Retry-After. /healthz is never limited, so that probes see a busy server
//     as alive;
//  2. authentication: `Authorization: Bearer <token>` or the `sg_session` cookie; none or an
//     invalid one answers 401 on every route that is not public;
//  3. CSRF: a write (any method but GET/HEAD) authenticated by cookie must send the session's
//     token in X-CSRF-Token, else 403;
//  4. forced steps: a user who must change the initial password or enrol TOTP may only call the
//     kAuthenticated routes (/api/v1/auth/…) until done: 403;
//  5. permission: the route's permission string must be among the role's, else 403.
// Data scope is enforced below, in every query (auth/scope.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/app.h"
#include "http/message.h"
#include "http/router.h"

namespace sg::http {

inline constexpr std::string_view kSessionCookie = "sg_session";

std::optional<Response> GuardRequest(App& app, const Route& route, Request& req);

// The value of cookie `name` in a Cookie header, or "".
std::string_view CookieValue(std::string_view cookie_header, std::string_view name);
// A 429 with Retry-After.
Response RateLimited(int64_t retry_after_seconds);
bool IsLoopback(std::string_view ip);

}  // namespace sg::http
