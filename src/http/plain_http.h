// A minimal blocking HTTP/1.1 client and server over plain TCP sockets, for webhooks: the
// delivery worker POSTs one JSON body per connection (webhook/worker.h), and
// `shenguan webhook-receiver` answers them (webhook/receiver.h). Neither needs keep-alive,
// chunked bodies or TLS, so this stays small and Beast stays in server.cpp alone.
//
// Thread-safety: the functions are reentrant; a PlainServer is used by one thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// An absolute http(s) URL taken apart.
struct HttpUrl {
  std::string scheme;  // "http" | "https"
  std::string host;    // without brackets for IPv6
  uint16_t port = 0;   // the scheme's default when the URL has none
  std::string target;  // path and query, at least "/"
};

// Parses `text` as an absolute http or https URL with a host, without user information
// (credentials do not belong in a URL that is listed and logged) and without a fragment. Returns
// nullopt and a Chinese reason in *error otherwise.
std::optional<HttpUrl> ParseHttpUrl(std::string_view text, std::string* error);

// Whether a numeric IPv4/IPv6 address is loopback, private (RFC 1918, fc00::/7), link-local,
// unspecified or otherwise not a public unicast address.
bool IsNonPublicAddress(std::string_view numeric_address);

struct PostOptions {
  std::chrono::milliseconds timeout{10'000};  // the whole exchange, connect to status line
  bool allow_non_public = true;  // false: refuse hosts resolving to IsNonPublicAddress()
  const std::atomic<bool>* cancel = nullptr;  // checked every 100 ms; aborts the exchange
};

struct PostResult {
  int status = 0;     // the HTTP status; 0 when there was no answer
  std::string error;  // why there was no answer, or the start of a non-2xx body
  int64_t duration_ms = 0;
  bool cancelled = false;
};

// POSTs `body` to `url` (http only; https answers with an error) with `headers` plus Host,
// Content-Length and Connection: close, and reads the answer's status line and headers. Never
// throws for network trouble: it is reported in PostResult::error.
PostResult HttpPost(const HttpUrl& url, const HeaderList& headers, std::string_view body,
                    const PostOptions& options);
// GETs `url` the same way and returns the whole answer's body in *body (also for a non-2xx
// status; chunked bodies decoded). For the federation follower (federation/follower.h).
PostResult HttpGet(const HttpUrl& url, const HeaderList& headers, const PostOptions& options,
                   std::string* body);

struct PlainRequest {
  std::string method;
  std::string target;
  HeaderList headers;  // names in lower case
  std::string body;
  std::string Header(std::string_view lower_name) const;
};

struct PlainResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
};

// A one-connection-at-a-time HTTP/1.1 server: each request is read whole (16 KiB of headers,
// 1 MiB of body, 10 s), answered, and its connection closed.
class PlainServer {
 public:
  // Binds and listens on host:port (port 0 picks a free one). Throws std::runtime_error.
  PlainServer(const std::string& host, uint16_t port);
  ~PlainServer();
  PlainServer(const PlainServer&) = delete;
  PlainServer& operator=(const PlainServer&) = delete;

  uint16_t port() const { return port_; }
  // Serves until `stop` becomes true (checked at least every 200 ms).
  void Run(const std::function<PlainResponse(const PlainRequest&)>& handler,
           const std::atomic<bool>& stop);

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

}  // namespace sg::http
