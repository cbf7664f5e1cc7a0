// Black-box test support: starts the real `shenguan serve` on a free loopback port with a
// temporary database and a fixed --now, and talks HTTP/1.1 to it over plain sockets.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <thread>
#include <vector>

namespace sg::apitest {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Sends one request on a new connection. `headers` are raw "Name: value" lines.
HttpResponse HttpRequest(int port, const std::string& method, const std::string& target,
                         const std::string& body = "",
                         const std::vector<std::string>& headers = {});

// Runs a `shenguan` command to completion; returns its exit code and captures stdout+stderr.
int RunShenguan(const std::vector<std::string>& args, std::string* output);

class ServerProcess {
 public:
  // Starts `shenguan serve` on `db_url` (migrating it) with --now fixed.
  ServerProcess(const std::string& db_url, const std::string& now,
                const std::vector<std::string>& extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  const std::string& startup_output() const { return output_; }
  // Sends SIGTERM and waits; returns the exit status.
  int Stop();
  // Kills the process with SIGKILL (a crash at any moment) and waits.
  void Kill();

  // Requests sent through the methods below carry `Authorization: Bearer <token>` once a token is
  // set (ApiTest sets an administrator's); HttpRequest() sends exactly what it is given.
  void SetToken(std::string token) { token_ = std::move(token); }
  const std::string& token() const { return token_; }
  HttpResponse Request(const std::string& method, const std::string& target,
                       const std::string& body = "", std::vector<std::string> headers = {}) const {
    if (!token_.empty()) headers.push_back("Authorization: Bearer " + token_);
    return HttpRequest(port_, method, target, body, headers);
  }
  HttpResponse Get(const std::string& target, const std::vector<std::string>& headers = {}) const {
    return Request("GET", target, "", headers);
  }
  HttpResponse PostJson(const std::string& target, const std::string& body) const {
    return Request("POST", target, body, {"Content-Type: application/json"});
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int stdout_fd_ = -1;
  std::string output_;
  std::thread drain_;  // reads the server's output after start-up
  int Reap();          // waits for the process; returns its wait status
  std::string token_;
};

// Creates an API token with `shenguan token create` on a migrated database and returns it.
std::string CreateToken(const std::string& db_url, const std::string& role,
                        const std::vector<std::string>& extra_args = {});

// The path of the shenguan binary under test.
std::string ShenguanBinary();

}  // namespace sg::apitest
