// HTTP requests and responses as the router and handlers see them: plain values, free of Beast,
// so that routing and handlers compile fast and are tested without sockets.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/principal.h"
#include "base/errors.h"
#include "base/params.h"

namespace sg::http {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // decoded path without the query
  std::string query;   // raw query string
  // Header names in lower case.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_ip;
  // Filled by the router: the values of {placeholders} in the route pattern, in order.
  std::vector<int64_t> path_ids;
  std::vector<std::string> path_args;
  // Filled by the guard (http/guard.h) on every route that is not public.
  std::shared_ptr<const auth::Principal> principal;

  std::string_view Header(std::string_view lower_name) const;
  // The query parameters; throws invalid_field naming `query` for malformed escapes.
  Params QueryParams() const;
  // The single {id} of the route as a positive integer.
  int64_t Id(size_t index = 0) const { return path_ids.at(index); }
  // The caller; throws 401 on a route where the guard found none (a public route).
  const auth::Principal& Caller() const;
  // The caller and its IP, for writes that run later on the writer.
  auth::Actor Actor() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // A body produced piece by piece (large exports) instead of `body`: the server calls it on the
  // session's strand, each call appending the next piece to the (cleared) string, until it
  // returns false, and sends each piece as one chunk (Transfer-Encoding: chunked). A producer
  // that throws ends the connection, since the status line is already sent.
  std::function<bool(std::string& chunk)> stream;

  void SetHeader(std::string name, std::string value);
};

// A JSON response.
Response Json(int status, const boost::json::value& v);
// The error body of shared/API.md for an ApiError.
Response Error(const ApiError& e);
// Turns any exception into an error response (500 for what is not an ApiError; logged).
Response ErrorFromException(std::exception_ptr e);

// Delivers the response for a request. May be called from any thread, exactly once.
using Reply = std::function<void(Response&&)>;

}  // namespace sg::http
