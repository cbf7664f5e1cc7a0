#include "tests/api/server_process.h"

#include <algorithm>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <regex>
#include <stdexcept>
#include <thread>

namespace sg::apitest {

std::string ShenguanBinary() { return SHENGUAN_BIN; }

namespace {

// Sends the request, but stops as soon as the server answers: it may refuse a large body (413)
// before reading it all.
void WriteAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    pollfd p{fd, POLLOUT | POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) return;
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) return;
    const ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

HttpResponse HttpRequest(int port, const std::string& method, const std::string& target,
                         const std::string& body, const std::vector<std::string>& headers) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot connect to test server");
  }
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& h : headers) req += h + "\r\n";
  if (!body.empty() || method == "POST" || method == "PATCH") {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  WriteAll(fd, req);
  std::string raw;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  HttpResponse res;
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) throw std::runtime_error("malformed response: " + raw);
  const std::string head = raw.substr(0, head_end);
  res.body = raw.substr(head_end + 4);
  res.status = std::stoi(head.substr(9, 3));
  size_t pos = head.find("\r\n");
  while (pos != std::string::npos && pos < head.size()) {
    const size_t next = head.find("\r\n", pos + 2);
    const std::string line =
        head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      res.headers[name] = value;
    }
    pos = next;
  }
  return res;
}

int RunShenguan(const std::vector<std::string>& args, std::string* output) {
  int pipefd[2];
  if (::pipe(pipefd) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipefd[1], 1);
    ::dup2(pipefd[1], 2);
    ::close(pipefd[0]);
    std::vector<std::string> all{ShenguanBinary()};
    all.insert(all.end(), args.begin(), args.end());
    auto argv = Argv(all);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0) output->append(buf, static_cast<size_t>(n));
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string CreateToken(const std::string& db_url, const std::string& role,
                        const std::vector<std::string>& extra_args) {
  std::string out;
  if (RunShenguan({"migrate", "--db", db_url}, &out) != 0) {
    throw std::runtime_error("shenguan migrate failed: " + out);
  }
  out.clear();
  std::vector<std::string> args{"token",  "create",           "--db",   db_url,
                                "--name", "api-test-" + role, "--role", role};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  if (RunShenguan(args, &out) != 0)
    throw std::runtime_error("shenguan token create failed: " + out);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out.substr(out.rfind('\n') + 1);
}

ServerProcess::ServerProcess(const std::string& db_url, const std::string& now,
                             const std::vector<std::string>& extra_args) {
  int pipefd[2];
  if (::pipe(pipefd) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlive a crashed test
    ::dup2(pipefd[1], 1);
    ::close(pipefd[0]);
    std::vector<std::string> all{ShenguanBinary(), "serve", "--db",  db_url,
                                 "--threads",      "2",     "--now", now};
    // A free port unless the caller chose one (a restarted peer keeps its address).
    if (std::find(extra_args.begin(), extra_args.end(), "--listen") == extra_args.end()) {
      all.insert(all.end(), {"--listen", "127.0.0.1:0"});
    }
    all.insert(all.end(), extra_args.begin(), extra_args.end());
    auto argv = Argv(all);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  const std::regex listening("listening on http://127\\.0\\.0\\.1:(\\d+)");
  std::smatch m;
  char buf[4096];
  // Wait up to 30 s for the line that names the port.
  for (int waited = 0; waited < 300; ++waited) {
    pollfd p{pipefd[0], POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      const ssize_t n = ::read(pipefd[0], buf, sizeof buf);
      if (n <= 0) break;
      output_.append(buf, static_cast<size_t>(n));
      if (std::regex_search(output_, m, listening)) {
        port_ = std::stoi(m[1]);
        break;
      }
    }
  }
  // Keep reading what the server writes (its log), so that a full pipe never blocks it.
  stdout_fd_ = pipefd[0];
  drain_ = std::thread([fd = stdout_fd_] {
    char sink[4096];
    while (::read(fd, sink, sizeof sink) > 0) {
    }
  });
  if (port_ == 0) {
    Stop();
    throw std::runtime_error("shenguan serve did not start: " + output_);
  }
}

ServerProcess::~ServerProcess() { Stop(); }

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  Reap();
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return 0;
  ::kill(pid_, SIGTERM);
  const int status = Reap();
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int ServerProcess::Reap() {
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  if (drain_.joinable()) drain_.join();  // the pipe ends with the process
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
  return status;
}

}  // namespace sg::apitest
