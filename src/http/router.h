// Routing: a pure function from a request to a handler, testable without sockets.
//
// Patterns are literal segments and placeholders: "/api/v1/cases/{id}". A placeholder named
// {id} (or ending in _id) only matches a positive integer; any other placeholder matches one
// segment. A path that matches no pattern answers 404; one that matches with another method
// answers 405 with Allow.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace sg::http {

using Handler = std::function<void(Request&, Reply)>;

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  bool is_public = false;  // answers without a session (shared/API.md "Public routes")
  size_t index = 0;        // position, for metrics
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler, bool is_public = false);
  // Finds the route and fills req.path_ids / path_args. nullptr with *status = 404 or 405 (and
  // *allow set) when nothing matches.
  const Route* Match(Request& req, int* status, std::string* allow) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Routes the request and calls its handler; answers 404/405 and turns handler exceptions into
// error responses. `on_route` (may be null) learns the matched route for metrics.
void Dispatch(const Router& router, Request& req, Reply reply,
              const std::function<void(const Route*)>& on_route = nullptr);

// Wraps a synchronous handler body.
Handler Sync(std::function<Response(Request&)> fn);

}  // namespace sg::http
