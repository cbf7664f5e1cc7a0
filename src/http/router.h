// Routing: a pure function from a request to a handler, testable without sockets.
//
// Patterns are literal segments and placeholders: "/api/v1/cases/{id}". A placeholder named
// {id} (or ending in _id) only matches a positive integer; any other placeholder matches one
// segment. A path that matches no pattern answers 404; one that matches with another method
// answers 405 with Allow.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"

namespace sg::http {

using Handler = std::function<void(Request&, Reply)>;

// Who may call a route: kPublic (shared/API.md "Public routes"), kAuthenticated (any signed-in
// caller, even one who must still change the password), or a permission string
// `module:resource:action` that the caller's role must hold. Every route names one, so that the
// permission matrix test (tests/api/api_permissions_test.cpp) covers every route.
inline constexpr std::string_view kPublic = "public";
inline constexpr std::string_view kAuthenticated = "authenticated";

struct Route {
  std::string method;
  std::string pattern;
  std::string access;  // kPublic, kAuthenticated or a permission
  Handler handler;
  size_t index = 0;  // position, for metrics
  // /metrics: also answers without a token on loopback.
  bool loopback_public = false;
  // The largest request body this route takes, in bytes; 0 takes the server's default
  // (ServerOptions::body_limit). Imports raise it; the server reads the header first to know.
  size_t body_limit = 0;
  // The pattern's segments between slashes, split once when the route is added.
  std::vector<std::string> segments;
  bool is_public() const { return access == kPublic; }
};

// Runs before a matched route's handler: authentication, limits, permission. Returns the response
// to send instead of running the handler, or nullopt to go on (having set req.principal).
using Guard = std::function<std::optional<Response>(const Route&, Request&)>;
// Answers a GET/HEAD that matched no route (the web app's static files), or nullopt for 404.
using Fallback = std::function<std::optional<Response>(Request&)>;

class Router {
 public:
  // Returns the route added, valid until the next Add (to set body_limit).
  Route& Add(std::string method, std::string pattern, std::string_view access, Handler handler,
             bool loopback_public = false);
  void SetGuard(Guard guard) { guard_ = std::move(guard); }
  void SetFallback(Fallback fallback) { fallback_ = std::move(fallback); }
  const Guard& guard() const { return guard_; }
  const Fallback& fallback() const { return fallback_; }
  // Finds the route and fills req.path_ids / path_args. nullptr with *status = 404 or 405 (and
  // *allow set) when nothing matches.
  const Route* Match(Request& req, int* status, std::string* allow) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  Guard guard_;
  Fallback fallback_;
};

// Routes the request and calls its handler; answers 404/405 and turns handler exceptions into
// error responses. `on_route` (may be null) learns the matched route for metrics.
void Dispatch(const Router& router, Request& req, const Reply& reply,
              const std::function<void(const Route*)>& on_route = nullptr);

// Wraps a synchronous handler body.
Handler Sync(std::function<Response(Request&)> fn);

}  // namespace sg::http
