#include "http/plain_http.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/url/parse.hpp>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace sg::http {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kSliceMs = 100;                    // how often a wait looks at `cancel`
constexpr size_t kMaxResponseHead = 16 * 1024;   // the status line and headers we read
constexpr size_t kErrorExcerpt = 200;            // bytes of a non-2xx body kept as the error
constexpr size_t kMaxResponseBody = 64 << 20;    // HttpGet: the most of an answer it reads
constexpr size_t kMaxRequestHead = 16 * 1024;    // PlainServer: headers
constexpr size_t kMaxRequestBody = 1024 * 1024;  // PlainServer: body
constexpr auto kServerReadTimeout = std::chrono::seconds(10);

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Closes a socket when it goes out of scope.
class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Waits for `events` on fd until the deadline or cancellation. Returns true when ready.
bool WaitFor(int fd, short events, Clock::time_point deadline, const std::atomic<bool>* cancel,
             bool* cancelled) {
  for (;;) {
    if (cancel && cancel->load()) {
      *cancelled = true;
      return false;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, kSliceMs)));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

std::string NumericAddress(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  } else if (sa->sa_family == AF_INET6) {
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

// Reads a request head and body from a connected socket (PlainServer). nullopt on a malformed or
// oversized request, or a timeout.
std::optional<PlainRequest> ReadRequest(int fd, int* status_on_error) {
  const auto deadline = Clock::now() + kServerReadTimeout;
  std::string raw;
  char buf[8192];
  size_t head_end = std::string::npos;
  bool cancelled = false;
  while (head_end == std::string::npos) {
    if (raw.size() > kMaxRequestHead) {
      *status_on_error = 431;
      return std::nullopt;
    }
    if (!WaitFor(fd, POLLIN, deadline, nullptr, &cancelled)) return std::nullopt;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    raw.append(buf, static_cast<size_t>(n));
    head_end = raw.find("\r\n\r\n");
  }
  PlainRequest req;
  std::string_view head(raw.data(), head_end);
  const size_t line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  const size_t sp1 = request_line.find(' ');
  const size_t sp2 = request_line.find(' ', sp1 == std::string_view::npos ? 0 : sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) {
    *status_on_error = 400;
    return std::nullopt;
  }
  req.method = std::string(request_line.substr(0, sp1));
  req.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
  size_t content_length = 0;
  while (pos < head.size()) {
    size_t next = head.find("\r\n", pos);
    if (next == std::string_view::npos) next = head.size();
    const std::string_view line = head.substr(pos, next - pos);
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name = Lower(line.substr(0, colon));
      std::string value(Trim(line.substr(colon + 1)));
      if (name == "content-length") {
        try {
          content_length = std::stoul(value);
        } catch (const std::exception&) {
          *status_on_error = 400;
          return std::nullopt;
        }
      } else if (name == "transfer-encoding") {
        *status_on_error = 411;  // chunked bodies are not needed by webhooks
        return std::nullopt;
      }
      req.headers.emplace_back(std::move(name), std::move(value));
    }
    pos = next + 2;
  }
  if (content_length > kMaxRequestBody) {
    *status_on_error = 413;
    return std::nullopt;
  }
  req.body = raw.substr(head_end + 4);
  while (req.body.size() < content_length) {
    if (!WaitFor(fd, POLLIN, deadline, nullptr, &cancelled)) return std::nullopt;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    req.body.append(buf, static_cast<size_t>(n));
  }
  req.body.resize(content_length);
  return req;
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    default:
      return "Status";
  }
}

void SendAll(int fd, std::string_view data) {
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

void WriteResponse(int fd, const PlainResponse& r) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + Reason(r.status) + "\r\n";
  out += "Content-Type: " + r.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n\r\n";
  out += r.body;
  SendAll(fd, out);
}

}  // namespace

std::optional<HttpUrl> ParseHttpUrl(std::string_view text, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<HttpUrl> {
    *error = std::move(message);
    return std::nullopt;
  };
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return fail("地址不是完整的 URL，应形如 http://host:port/path");
  const auto& u = *parsed;
  HttpUrl out;
  out.scheme = Lower(u.scheme());
  if (out.scheme != "http" && out.scheme != "https") {
    return fail("地址只能以 http:// 或 https:// 开头");
  }
  if (u.has_userinfo()) return fail("地址中不能包含用户名或密码，请改用签名密钥验证");
  if (u.has_fragment()) return fail("地址中不能包含 # 片段");
  if (!u.has_authority() || u.encoded_host().empty()) return fail("地址缺少主机名");
  out.host = u.host_address();
  if (u.has_port()) {
    if (u.port().empty() || u.port_number() == 0) return fail("地址中的端口无效");
    out.port = u.port_number();
  } else {
    out.port = out.scheme == "https" ? 443 : 80;
  }
  out.target = std::string(u.encoded_target());
  if (out.target.empty() || out.target.front() != '/') out.target.insert(0, "/");
  return out;
}

bool IsNonPublicAddress(std::string_view numeric_address) {
  const std::string addr(numeric_address);
  in_addr v4{};
  if (::inet_pton(AF_INET, addr.c_str(), &v4) == 1) {
    const uint32_t a = ntohl(v4.s_addr);
    const auto in = [a](uint32_t net, int bits) {
      const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
      return (a & mask) == net;
    };
    return in(0x00000000, 8) || in(0x0A000000, 8) || in(0x64400000, 10) || in(0x7F000000, 8) ||
           in(0xA9FE0000, 16) || in(0xAC100000, 12) || in(0xC0A80000, 16) ||
           in(0xE0000000, 3);  // this network, private, CGNAT,
                               // loopback, link-local, multicast
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, addr.c_str(), &v6) == 1) {
    const uint8_t* b = v6.s6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) {
      char v4text[INET_ADDRSTRLEN] = {};
      ::inet_ntop(AF_INET, b + 12, v4text, sizeof v4text);
      return IsNonPublicAddress(v4text);
    }
    return IN6_IS_ADDR_UNSPECIFIED(&v6) || IN6_IS_ADDR_LOOPBACK(&v6) ||
           IN6_IS_ADDR_LINKLOCAL(&v6) || IN6_IS_ADDR_MULTICAST(&v6) || (b[0] & 0xFE) == 0xFC;
  }
  return true;  // not an address at all: refuse rather than guess
}

namespace {

// Decodes a chunked body (RFC 9112 §7.1); nullopt when it is malformed.
std::optional<std::string> Dechunk(std::string_view in) {
  std::string out;
  size_t pos = 0;
  for (;;) {
    const size_t eol = in.find("\r\n", pos);
    if (eol == std::string_view::npos) return std::nullopt;
    size_t size = 0;
    const auto [end, ec] = std::from_chars(in.data() + pos, in.data() + eol, size, 16);
    if (ec != std::errc() || end == in.data() + pos) return std::nullopt;
    pos = eol + 2;
    if (size == 0) return out;
    if (pos + size + 2 > in.size()) return std::nullopt;
    out.append(in.substr(pos, size));
    pos += size + 2;
  }
}

// One request on a new connection. With `response_body`, the whole answer is read (to the end
// of the connection, which the request asks to close) and its body returned there.
PostResult Exchange(const HttpUrl& url, std::string_view method, const HeaderList& headers,
                    std::string_view body, const PostOptions& options, std::string* response_body) {
  const auto started = Clock::now();
  const auto deadline = started + options.timeout;
  PostResult result;
  auto finish = [&](std::string error) {
    result.error = std::move(error);
    result.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    return result;
  };
  if (url.scheme != "http") return finish("https is not supported by this version");

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(url.port);
  if (const int rc = ::getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return finish(std::string("cannot resolve host: ") + ::gai_strerror(rc));
  }
  std::string last_error = "no address";
  int connected = -1;
  for (addrinfo* ai = found; ai && connected < 0; ai = ai->ai_next) {
    if (!options.allow_non_public && IsNonPublicAddress(NumericAddress(ai->ai_addr))) {
      last_error = "address " + NumericAddress(ai->ai_addr) +
                   " is not public (serve --webhook-deny-private)";
      continue;
    }
    const int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
      last_error = std::string("connect: ") + std::strerror(errno);
      ::close(fd);
      continue;
    }
    if (!WaitFor(fd, POLLOUT, deadline, options.cancel, &result.cancelled)) {
      last_error = result.cancelled ? "cancelled" : "connect: timed out";
      ::close(fd);
      if (result.cancelled) break;
      continue;
    }
    int so_error = 0;
    socklen_t len = sizeof so_error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
    if (so_error != 0) {
      last_error = std::string("connect: ") + std::strerror(so_error);
      ::close(fd);
      continue;
    }
    connected = fd;
  }
  ::freeaddrinfo(found);
  if (connected < 0) return finish(last_error);
  Socket sock(connected);

  std::string host_header =
      url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  if (url.port != 80) host_header += ":" + std::to_string(url.port);
  std::string req =
      std::string(method) + " " + url.target + " HTTP/1.1\r\nHost: " + host_header + "\r\n";
  for (const auto& [name, value] : headers) {
    req += name;
    req += ": ";
    req += value;
    req += "\r\n";
  }
  req += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  req += body;
  size_t off = 0;
  while (off < req.size()) {
    if (!WaitFor(sock.fd(), POLLOUT, deadline, options.cancel, &result.cancelled)) {
      return finish(result.cancelled ? "cancelled" : "send: timed out");
    }
    const ssize_t n = ::send(sock.fd(), req.data() + off, req.size() - off, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) return finish(std::string("send: ") + std::strerror(errno));
    off += static_cast<size_t>(n);
  }

  // The status line and headers; of the body only what already came with them.
  std::string raw;
  char buf[4096];
  size_t head_end = std::string::npos;
  while (head_end == std::string::npos) {
    if (raw.size() > kMaxResponseHead) return finish("response headers too large");
    if (!WaitFor(sock.fd(), POLLIN, deadline, options.cancel, &result.cancelled)) {
      return finish(result.cancelled ? "cancelled" : "no answer: timed out");
    }
    const ssize_t n = ::recv(sock.fd(), buf, sizeof buf, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n < 0) return finish(std::string("receive: ") + std::strerror(errno));
    if (n == 0) {
      if (raw.empty()) return finish("connection closed without an answer");
      head_end = raw.size();
      break;
    }
    raw.append(buf, static_cast<size_t>(n));
    head_end = raw.find("\r\n\r\n");
  }
  if (raw.size() < 12 || raw.compare(0, 5, "HTTP/") != 0) return finish("malformed answer");
  const size_t sp = raw.find(' ');
  int status = 0;
  try {
    status = std::stoi(raw.substr(sp + 1, 3));
  } catch (const std::exception&) {
    return finish("malformed status line");
  }
  if (status < 100 || status > 599) return finish("malformed status line");
  result.status = status;
  if (response_body && head_end != std::string::npos && head_end < raw.size()) {
    // The rest of the answer, to the end of the connection.
    for (;;) {
      if (raw.size() > kMaxResponseBody) return finish("response too large");
      if (!WaitFor(sock.fd(), POLLIN, deadline, options.cancel, &result.cancelled)) {
        return finish(result.cancelled ? "cancelled" : "body: timed out");
      }
      const ssize_t n = ::recv(sock.fd(), buf, sizeof buf, 0);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n < 0) return finish(std::string("receive: ") + std::strerror(errno));
      if (n == 0) break;
      raw.append(buf, static_cast<size_t>(n));
    }
    std::string head = raw.substr(0, head_end);
    for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string payload = raw.size() >= head_end + 4 ? raw.substr(head_end + 4) : "";
    if (head.find("transfer-encoding: chunked") != std::string::npos) {
      auto plain = Dechunk(payload);
      if (!plain) return finish("malformed chunked body");
      payload = std::move(*plain);
    }
    *response_body = std::move(payload);
  }
  if (status >= 200 && status < 300) return finish("");
  std::string excerpt = head_end + 4 <= raw.size() ? raw.substr(head_end + 4, kErrorExcerpt) : "";
  return finish("HTTP " + std::to_string(status) + (excerpt.empty() ? "" : ": " + excerpt));
}

}  // namespace

PostResult HttpPost(const HttpUrl& url, const HeaderList& headers, std::string_view body,
                    const PostOptions& options) {
  return Exchange(url, "POST", headers, body, options, nullptr);
}

PostResult HttpGet(const HttpUrl& url, const HeaderList& headers, const PostOptions& options,
                   std::string* body) {
  // A GET carries no body: Content-Length 0 is harmless and keeps one request writer.
  return Exchange(url, "GET", headers, {}, options, body);
}

std::string PlainRequest::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return "";
}

PlainServer::PlainServer(const std::string& host, uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc =
          ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
      rc != 0) {
    throw std::runtime_error("cannot resolve " + host + ": " + ::gai_strerror(rc));
  }
  std::string error = "no address";
  for (addrinfo* ai = found; ai && fd_ < 0; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, 64) != 0) {
      error = std::strerror(errno);
      ::close(fd);
      continue;
    }
    fd_ = fd;
  }
  ::freeaddrinfo(found);
  if (fd_ < 0) throw std::runtime_error("cannot listen on " + host + ":" + service + ": " + error);
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &len);
  port_ = bound.ss_family == AF_INET6
              ? ntohs(reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port)
              : ntohs(reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
}

PlainServer::~PlainServer() {
  if (fd_ >= 0) ::close(fd_);
}

void PlainServer::Run(const std::function<PlainResponse(const PlainRequest&)>& handler,
                      const std::atomic<bool>& stop) {
  while (!stop.load()) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    Socket sock(client);
    int status = 400;
    auto req = ReadRequest(sock.fd(), &status);
    if (!req) {
      WriteResponse(sock.fd(), PlainResponse{status, "text/plain; charset=utf-8", "bad request\n"});
      continue;
    }
    PlainResponse res;
    try {
      res = handler(*req);
    } catch (const std::exception& e) {
      res = PlainResponse{500, "text/plain; charset=utf-8", std::string(e.what()) + "\n"};
    }
    WriteResponse(sock.fd(), res);
  }
}

}  // namespace sg::http
