// Hostile input, after which the database is unchanged and the server still answers: SQL
// injection in every list filter, path traversal into the file system, oversized and malformed
// requests, and a flood of anonymous requests.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <optional>
#include <thread>

#include "base/params.h"
#include "tests/api/api_fixture.h"

namespace sg::apitest {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

// The classic probes: quote breaking, stacked statements, UNION reads and LIKE wildcards.
const std::vector<std::string> kInjections = {
    "' OR 1=1 --",
    "1; DROP TABLE cases",
    "\" OR \"\"=\"",
    "%' --",
    "1 UNION SELECT password_hash FROM users",
};

// Every filter of every list route (shared/API.md).
struct ListRoute {
  std::string path;
  std::vector<std::string> filters;
};
const std::vector<ListRoute> kListRoutes = {
    {"/api/v1/cases",
     {"kind", "agency_id", "status", "filed_from", "filed_to", "closed_from", "closed_to",
      "party_id", "ip_right_id", "handler_id", "deadline", "q", "sort", "cursor", "include_sub",
      "limit"}},
    {"/api/v1/parties", {"type", "uscc", "id_number", "q", "cursor", "limit"}},
    {"/api/v1/ip-rights", {"type", "owner_party_id", "number", "q", "cursor", "limit"}},
    {"/api/v1/audit",
     {"actor_id", "actor_type", "action", "entity", "entity_id", "outcome", "ip", "from", "to",
      "limit", "cursor"}},
};

// The tables that hold the register and the accounts. audit_log is left out: reads of
// personal data are audited, so the probes themselves may add entries.
const std::vector<std::string> kTables = {
    "agencies", "cases", "case_parties", "case_events", "parties", "ip_rights",
    "users",    "roles", "api_tokens",   "sessions",    "changes",
};

// One keep-alive HTTP/1.1 connection, as a script hammering the server would hold it.
class KeepAliveClient {
 public:
  explicit KeepAliveClient(int port) : port_(port) {}
  ~KeepAliveClient() { Close(); }
  KeepAliveClient(const KeepAliveClient&) = delete;
  KeepAliveClient& operator=(const KeepAliveClient&) = delete;

  // Sends a GET; reconnects once when the server has closed the connection. nullopt when no
  // response came at all.
  std::optional<HttpResponse> Get(const std::string& target) {
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0 && !Open()) return std::nullopt;
      if (SendAll(request)) {
        if (auto r = ReadResponse()) return r;
      }
      Close();
    }
    return std::nullopt;
  }

 private:
  bool Open() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      Close();
      return false;
    }
    buffer_.clear();
    return true;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool SendAll(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }
  // Reads more bytes into buffer_; false on close, error or a 10-second silence.
  bool Fill() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) return false;
    char buf[16384];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }
  std::optional<HttpResponse> ReadResponse() {
    size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    HttpResponse r;
    const std::string head = buffer_.substr(0, head_end);
    r.status = std::stoi(head.substr(9, 3));
    size_t length = 0;
    for (size_t pos = head.find("\r\n"); pos != std::string::npos;) {
      const size_t next = head.find("\r\n", pos + 2);
      const std::string line =
          head.substr(pos + 2, next == std::string::npos ? next : next - pos - 2);
      const size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        if (name == "content-length") length = std::stoul(value);
        r.headers[name] = value;
      }
      pos = next;
    }
    while (buffer_.size() < head_end + 4 + length) {
      if (!Fill()) return std::nullopt;
    }
    r.body = buffer_.substr(head_end + 4, length);
    buffer_.erase(0, head_end + 4 + length);
    if (r.Header("connection") == "close") Close();
    return r;
  }

  int port_;
  int fd_ = -1;
  std::string buffer_;
};

// Sends a request and returns the response, or nullopt when the server closed the connection
// without one (an acceptable answer to a malformed request).
std::optional<HttpResponse> TryRequest(int port, const std::string& method,
                                       const std::string& target, const std::string& body = "",
                                       const std::vector<std::string>& headers = {}) {
  try {
    return HttpRequest(port, method, target, body, headers);
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

class HostileInputTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    court_ = AddMidCourt();
    Post("/api/v1/cases",
         {{"kind", "civil_first"},
          {"agency_id", court_},
          {"title", "侵害商标权纠纷"},
          {"filed_on", "2024-05-22"},
          {"parties", json::array{json::object{{"role", "plaintiff"},
                                               {"party",
                                                {{"type", "organization"},
                                                 {"name", "太原重型机械集团有限公司"},
                                                 {"uscc", "91110000802100433B"}}}}}}});
    Post("/api/v1/ip-rights",
         {{"type", "trademark"}, {"number", "1234567"}, {"nice_class", 7}, {"title", "太重"}});
  }

  // What the register holds: the row count of each table, and the cases and parties as the
  // administrator reads them.
  std::map<std::string, std::string> Snapshot() {
    std::map<std::string, std::string> s;
    auto conn = db_->Connect();
    for (const auto& table : kTables) {
      s[table] = std::to_string(conn->QueryInt("SELECT COUNT(*) FROM " + table).value_or(-1));
    }
    s["cases.json"] = server_->Get("/api/v1/cases").body;
    s["parties.json"] = server_->Get("/api/v1/parties").body;
    s["users.json"] = server_->Get("/api/v1/users").body;
    return s;
  }

  // The body as JSON, or null when it is not JSON (or not UTF-8, which JSON text must be).
  static json::value ParsedBody(const HttpResponse& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.body, ec);
    if (ec) ADD_FAILURE() << "the body is not JSON text: " << ec.message() << ": " << r.body;
    return ec ? json::value() : v;
  }

  // A refusal must be a 400 naming `param` in a JSON error body, an answer 200 with nothing
  // found; never a 500.
  static void ExpectRefusedOrEmpty(const HttpResponse& r, const std::string& param,
                                   const std::string& what) {
    SCOPED_TRACE(what);
    const json::value body = ParsedBody(r);
    if (r.status == 400) {
      const auto* field =
          body.is_object() ? body.at("error").as_object().if_contains("field") : nullptr;
      EXPECT_TRUE(field && *field == param.c_str()) << r.body;
      return;
    }
    ASSERT_EQ(r.status, 200) << r.body;
    if (body.is_object()) {
      EXPECT_TRUE(body.at("items").as_array().empty()) << r.body;
    }
  }

  int64_t court_ = 0;
};

TEST_F(HostileInputTest, SqlInjectionInListFiltersFindsNothingAndChangesNothing) {
  const auto before = Snapshot();
  for (const auto& route : kListRoutes) {
    for (const auto& filter : route.filters) {
      for (const auto& probe : kInjections) {
        const std::string target = route.path + "?" + filter + "=" + PercentEncode(probe);
        ExpectRefusedOrEmpty(server_->Get(target), filter, target);
      }
    }
  }
  // In the path, ids are ids.
  for (const auto& probe : kInjections) {
    for (const std::string base : {"/api/v1/cases/", "/api/v1/parties/", "/api/v1/ip-rights/",
                                   "/api/v1/agencies/", "/api/v1/users/"}) {
      auto r = server_->Get(base + PercentEncode(probe));
      EXPECT_TRUE(r.status == 400 || r.status == 404) << base << probe << " " << r.status;
    }
  }
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(GetJson("/healthz").at("status"), "ok");
  EXPECT_EQ(GetJson("/api/v1/cases").at("total"), 1);
}

TEST_F(HostileInputTest, StaticFilesNeverLeaveTheWebDirectory) {
  const fs::path web = dir_ / "web";
  fs::create_directories(web / "assets");
  const std::string index = "<!doctype html><title>审管</title><div id=app></div>";
  const std::string secret = "TOP-SECRET-0xC0FFEE";
  std::ofstream(web / "index.html") << index;
  std::ofstream(web / "assets" / "app.js") << "console.log('审管');";
  std::ofstream(dir_ / "secret") << secret;
  fs::create_symlink(dir_ / "secret", web / "assets" / "link.js");
  const std::string token = server_->token();
  server_.reset();
  server_ = std::make_unique<ServerProcess>(db_url_, kNow,
                                            std::vector<std::string>{"--web-dir", web.string()});
  server_->SetToken(token);
  const int port = server_->port();

  const std::vector<std::string> probes = {"/../secret",
                                           "/assets/../../secret",
                                           "/%2e%2e/secret",
                                           "/%2E%2E/secret",
                                           "/assets/%2e%2e/%2e%2e/secret",
                                           "/..%2fsecret",
                                           "/%2e%2e%2fsecret",
                                           "//etc/passwd",
                                           "/assets/..\\..\\secret",
                                           "/assets/..%5c..%5csecret",
                                           "/assets/link.js",
                                           "/%252e%252e/secret",
                                           "/.%2e/secret",
                                           "/assets/%00/../../secret",
                                           "/" + (dir_ / "secret").string(),
                                           "/assets/../../secret%00.js"};
  for (const auto& target : probes) {
    auto r = TryRequest(port, "GET", target);
    if (!r) continue;  // closing the connection is an answer too
    EXPECT_EQ(r->body.find(secret), std::string::npos) << target;
    // A refusal, or for a path without an extension the web app itself (history mode).
    if (r->status == 200) {
      EXPECT_EQ(r->body, index) << target;
    } else {
      EXPECT_TRUE(r->status == 404 || r->status == 400) << target << " " << r->status;
    }
  }

  // A route of the web app (history mode) gets the app; the app's files are served as typed.
  auto r = HttpRequest(port, "GET", "/cases/123");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, index);
  EXPECT_TRUE(r.Header("content-type").starts_with("text/html")) << r.Header("content-type");
  r = HttpRequest(port, "GET", "/assets/app.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.Header("content-type").starts_with("text/javascript")) << r.Header("content-type");
  r = HttpRequest(port, "GET", "/assets/missing.js");
  EXPECT_EQ(r.status, 404) << "a missing file is not the app";

  // Every answer, page or data, carries the browser protections.
  for (const std::string target :
       {"/", "/cases/123", "/assets/app.js", "/api/v1/dict", "/api/v1/cases", "/../secret"}) {
    r = HttpRequest(port, "GET", target);
    EXPECT_NE(r.Header("content-security-policy").find("frame-ancestors"), std::string::npos)
        << target;
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << target;
    EXPECT_FALSE(r.Header("referrer-policy").empty()) << target;
  }
}

TEST_F(HostileInputTest, OversizedOrDeepRequestsAreRefusedAndStoreNothing) {
  const auto before = Snapshot();
  const int port = server_->port();
  auto r = TryRequest(
      port, "GET", "/api/v1/cases", "",
      {"Authorization: Bearer " + server_->token(), "X-Filler: " + std::string(64 * 1024, 'a')});
  if (r) {
    EXPECT_TRUE(r->status == 431 || r->status == 400) << r->status << " " << r->body;
  }
  r = TryRequest(port, "GET", "/api/v1/dict", "",
                 std::vector<std::string>(2000, "X-Many: " + std::string(40, 'b')));
  if (r) {
    EXPECT_TRUE(r->status == 431 || r->status == 400) << r->status << " " << r->body;
  }

  json::object big{
      {"kind", "civil_first"}, {"agency_id", court_}, {"title", std::string(2 * 1024 * 1024, 'x')}};
  auto res = server_->PostJson("/api/v1/cases", json::serialize(big));
  EXPECT_EQ(res.status, 413) << res.body.substr(0, 200);
  EXPECT_EQ(Code(res), "payload_too_large");

  // Small but deep: a parser that recurses would run out of stack.
  res = server_->PostJson("/api/v1/cases", std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_EQ(Code(res), "invalid_json");

  EXPECT_EQ(GetJson("/healthz").at("status"), "ok");
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(HostileInputTest, InvalidUtf8IsA400NotA500) {
  const auto before = Snapshot();
  for (const std::string body : {
           "{\"kind\": \"civil_first\", \"title\": \"\xff\xfe\"}",
           "{\"kind\": \"civil_first\", \"title\": \"\xc0\xaf\"}",      // overlong '/'
           "{\"kind\": \"civil_first\", \"title\": \"\xed\xa0\x80\"}",  // a surrogate
           "{\"kind\": \"civil_first\", \"title\": \"\xe4\xb8\"}",      // cut short
       }) {
    auto r = server_->PostJson("/api/v1/cases", body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(Code(r), "invalid_json") << r.body;
  }
  auto r = server_->PostJson("/api/v1/parties",
                             "{\"type\": \"person\", \"name\": \"\xe5\xbc\xa0\xff\"}");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Code(r), "invalid_json");

  // A garbled link: the same answers as for any other wrong value.
  for (const auto& route : kListRoutes) {
    for (const auto& filter : route.filters) {
      for (const std::string bad : {"%FF%FE", "%E5%BC", "%C0%AF%C0%AF"}) {
        const std::string target = route.path + "?" + filter + "=" + bad;
        ExpectRefusedOrEmpty(server_->Get(target), filter, target);
      }
    }
  }
  for (const std::string type : {"uscc", "id_number", "case_number", "patent_number"}) {
    r = server_->Get("/api/v1/validate/" + type + "?value=%E6%99%8B%FF%FE");
    EXPECT_TRUE(r.status == 200 || r.status == 400) << r.status << " " << r.body;
    ParsedBody(r);
  }
  r = server_->Get("/api/v1/cases/%FF");
  EXPECT_TRUE(r.status == 400 || r.status == 404) << r.status << " " << r.body;
  ParsedBody(r);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(HostileInputTest, HeadersThatAreNotUtf8DoNotBreakSignIn) {
  const auto password_file = dir_ / "password";
  std::ofstream(password_file) << "Qiche-Xiang2024\n";
  std::string out;
  ASSERT_EQ(RunShenguan({"user", "add", "ma.clerk", "--role", "clerk", "--agency-id",
                         std::to_string(court_), "--password-file", password_file.string(),
                         "--no-force-change", "--db", db_url_},
                        &out),
            0)
      << out;
  const std::string login = R"({"username": "ma.clerk", "password": "Qiche-Xiang2024"})";
  // Browsers and scripts send what they like; a long one may be cut in the middle of a character.
  for (const std::string& agent :
       {std::string("Mozilla/5.0 \xff\xfe"), std::string(255, 'M') + "\xe4\xb8\xad"}) {
    auto r = HttpRequest(server_->port(), "POST", "/api/v1/auth/login", login,
                         {"Content-Type: application/json", "User-Agent: " + agent});
    EXPECT_EQ(r.status, 200) << r.body;
  }
}

TEST_F(HostileInputTest, AFloodOfAnonymousRequestsIsThrottledWhileHealthStaysUp) {
  constexpr int kClients = 4;
  constexpr int kPerClient = 1250;  // 5,000 in all
  const int port = server_->port();
  std::atomic<bool> done = false;
  struct Tally {
    int ok = 0, limited = 0, other = 0, lost = 0;
    bool retry_after = true;
  };
  std::vector<std::future<Tally>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::async(std::launch::async, [port] {
      Tally t;
      KeepAliveClient client(port);
      for (int n = 0; n < kPerClient; ++n) {
        auto r = client.Get("/api/v1/dict");
        if (!r) {
          ++t.lost;
        } else if (r->status == 200) {
          ++t.ok;
        } else if (r->status == 429) {
          ++t.limited;
          t.retry_after = t.retry_after && std::atoi(r->Header("retry-after").c_str()) >= 1 &&
                          Code(*r) == "rate_limited";
        } else {
          ++t.other;
        }
      }
      return t;
    }));
  }
  // Meanwhile the load balancer's health check and signed-in users still get through.
  auto checks = std::async(std::launch::async, [&] {
    int slow = 0, failed = 0, count = 0;
    while (!done) {
      const auto start = std::chrono::steady_clock::now();
      auto r = TryRequest(port, "GET", "/healthz");
      if (std::chrono::steady_clock::now() - start > std::chrono::seconds(1)) ++slow;
      if (!r || r->status != 200) ++failed;
      ++count;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::array<int, 3>{slow, failed, count};
  });
  Tally all;
  for (auto& c : clients) {
    const Tally t = c.get();
    all.ok += t.ok;
    all.limited += t.limited;
    all.other += t.other;
    all.lost += t.lost;
    all.retry_after = all.retry_after && t.retry_after;
  }
  done = true;
  const auto [slow, failed, count] = checks.get();
  EXPECT_EQ(all.ok + all.limited, kClients * kPerClient)
      << "other " << all.other << ", lost " << all.lost;
  EXPECT_GT(all.limited, 0);
  EXPECT_GT(all.ok, 0);
  EXPECT_TRUE(all.retry_after) << "every 429 says when to come back";
  EXPECT_EQ(slow, 0) << "of " << count << " health checks";
  EXPECT_EQ(failed, 0) << "of " << count << " health checks";
  EXPECT_GT(count, 0);

  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(HttpRequest(port, "GET", "/healthz").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(server_->Get("/api/v1/cases").status, 200) << "a token has its own allowance";
}

// A connection that stops halfway through a request (slowloris), or sits idle after one, is
// closed after --read-timeout, while other clients are served meanwhile; a keep-alive client that
// comes back within the timeout is served on the same connection.
TEST_F(HostileInputTest, SlowAndIdleConnectionsAreClosedAfterTheReadTimeout) {
  const std::string token = server_->token();
  server_.reset();
  server_ = std::make_unique<ServerProcess>(db_url_, kNow,
                                            std::vector<std::string>{"--read-timeout", "1"});
  server_->SetToken(token);
  const int port = server_->port();

  const auto connect_to_server = [port] {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    return fd;
  };
  const auto send_text = [](int fd, std::string_view text) {
    EXPECT_EQ(::send(fd, text.data(), text.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(text.size()));
  };
  // Reads until the server closes the connection; returns what came and how long it took, or
  // nullopt when the connection is still open after `limit`.
  const auto read_until_closed = [](int fd, std::chrono::seconds limit)
      -> std::optional<std::pair<std::string, std::chrono::steady_clock::duration>> {
    const auto start = std::chrono::steady_clock::now();
    std::string got;
    while (std::chrono::steady_clock::now() - start < limit) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return std::make_pair(got, std::chrono::steady_clock::now() - start);
      got.append(buf, static_cast<size_t>(n));
    }
    return std::nullopt;
  };

  // Half a request line and header, then silence.
  const int slow = connect_to_server();
  send_text(slow, "GET /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
  // A keep-alive client: one request now, another after half the timeout, then idle.
  const int idle = connect_to_server();
  send_text(idle, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  send_text(idle, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  // Others are served meanwhile.
  EXPECT_EQ(HttpRequest(port, "GET", "/healthz").status, 200);

  const auto slow_end = read_until_closed(slow, std::chrono::seconds(5));
  ASSERT_TRUE(slow_end.has_value()) << "the half-sent request is still open after 5 s";
  EXPECT_EQ(slow_end->first, "") << "nothing is answered to half a request";
  EXPECT_GE(slow_end->second, std::chrono::milliseconds(400)) << "closed before the timeout";
  const auto idle_end = read_until_closed(idle, std::chrono::seconds(5));
  ASSERT_TRUE(idle_end.has_value()) << "the idle keep-alive connection is still open after 5 s";
  size_t answers = 0;
  for (size_t at = idle_end->first.find("HTTP/1.1 200 OK"); at != std::string::npos;
       at = idle_end->first.find("HTTP/1.1 200 OK", at + 1)) {
    ++answers;
  }
  EXPECT_EQ(answers, 2U) << "both requests of the keep-alive client were answered: "
                         << idle_end->first;
  ::close(slow);
  ::close(idle);
  EXPECT_EQ(HttpRequest(port, "GET", "/healthz").status, 200);
}

}  // namespace
}  // namespace sg::apitest
