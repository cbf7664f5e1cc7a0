// Black-box test support: starts the real `shenguan serve` on a free loopback port with a
// temporary database and a fixed --now, and talks HTTP/1.1 to it over plain sockets.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
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

  HttpResponse Get(const std::string& target, const std::vector<std::string>& headers = {}) const {
    return HttpRequest(port_, "GET", target, "", headers);
  }
  HttpResponse PostJson(const std::string& target, const std::string& body) const {
    return HttpRequest(port_, "POST", target, body, {"Content-Type: application/json"});
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int stdout_fd_ = -1;
  std::string output_;
};

// The path of the shenguan binary under test.
std::string ShenguanBinary();

}  // namespace sg::apitest
