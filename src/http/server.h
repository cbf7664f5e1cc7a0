// The HTTP/1.1 server (Boost.Beast on Asio): keep-alive, N threads, a body limit and a timeout
// on every read. It turns Beast messages into http::Request, dispatches them through the Router,
// and writes the http::Response back. This file pair is the only place Beast is compiled.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "http/app.h"
#include "http/router.h"

namespace sg::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  int threads = 2;
  size_t body_limit = 1 << 20;  // 413 above this
  int read_timeout_seconds = 30;
};

class Server {
 public:
  Server(App& app, const Router& router, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port. Throws std::runtime_error when it cannot bind.
  uint16_t Listen();
  // Serves until SIGINT/SIGTERM or Stop(); then lets in-flight requests finish and returns.
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sg::http
