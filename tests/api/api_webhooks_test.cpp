// Webhooks end to end (issue 6): the real `shenguan serve` delivers to the real
// `shenguan webhook-receiver` on loopback. Retries are shortened with
// `serve --webhook-retry-base-ms 20` (the schedule keeps its shape: 20, 40, 80 ms … capped at
// 14.4 s); the receiver checks signatures against the same --now as the server.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "store/testing/test_db.h"
#include "tests/api/server_process.h"

namespace sg::apitest {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kNow = "2024-06-03T09:00:00+08:00";

// A `shenguan` child process whose output goes to a file, started once it printed
// "listening on http://HOST:PORT".
class Child {
 public:
  Child(std::vector<std::string> args, const std::string& log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::vector<std::string> all{ShenguanBinary()};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    const std::regex listening("listening on http://[^:]+:(\\d+)");
    for (int i = 0; i < 600 && port_ == 0; ++i) {
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      std::smatch m;
      const std::string s = text.str();
      if (std::regex_search(s, m, listening)) {
        port_ = std::stoi(m[1]);
        break;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("shenguan exited at start: " + s);
      }
      std::this_thread::sleep_for(50ms);
    }
    if (port_ == 0) {
      Kill(SIGKILL);
      throw std::runtime_error("shenguan did not start listening");
    }
  }
  ~Child() { Kill(SIGTERM); }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  int port() const { return port_; }
  // Sends `sig` and waits; returns the exit status (128 + signal when killed).
  int Kill(int sig) {
    if (pid_ <= 0) return 0;
    ::kill(pid_, sig);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// A loopback port nobody listens on (for a receiver that starts later).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

class WebhookApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::testing::TestDb>();
    admin_ = CreateToken(db_->url(), "system_admin", {"--rate-limit", "100000", "--now", kNow});
  }
  // Both processes stop cleanly on SIGTERM: the worker's threads end before the writer, and
  // the sanitizers (which fail the exit status) found nothing.
  void TearDown() override {
    if (receiver_) {
      EXPECT_EQ(receiver_->Kill(SIGTERM), 0) << Log("receiver.log");
    }
    if (server_) {
      EXPECT_EQ(server_->Kill(SIGTERM), 0) << Log("server" + std::to_string(starts_) + ".log");
    }
    receiver_.reset();
    server_.reset();
    db_.reset();
  }
  std::string Log(const std::string& name) const {
    std::ifstream in(File(name));
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string File(const std::string& name) const { return db_->File(name); }

  void StartServer(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{
        "serve", "--db",  db_->url(), "--listen",      "127.0.0.1:0", "--threads",
        "2",     "--now", kNow,       "--rate-caller", "100000",      "--webhook-retry-base-ms",
        "20"};
    args.insert(args.end(), extra.begin(), extra.end());
    // A log per start: the port is read from the newest one.
    server_ = std::make_unique<Child>(args, File("server" + std::to_string(++starts_) + ".log"));
  }
  // The receiver on `port` with the secret of `subscription`, writing its lines to receiver.out.
  void StartReceiver(int port, const json::object& subscription, int fail_first = 0) {
    const std::string secret_file = File("secret.txt");
    std::ofstream(secret_file) << subscription.at("secret").as_string().c_str() << "\n";
    receiver_ = std::make_unique<Child>(
        std::vector<std::string>{"webhook-receiver", "--secret-file", secret_file, "--listen",
                                 "127.0.0.1:" + std::to_string(port), "--fail-first",
                                 std::to_string(fail_first), "--out", File("receiver.out"), "--now",
                                 kNow},
        File("receiver.log"));
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "", const std::string& token = "") {
    std::vector<std::string> headers{"Authorization: Bearer " + (token.empty() ? admin_ : token)};
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    return HttpRequest(server_->port(), method, target, body, headers);
  }
  json::value Expect(const HttpResponse& r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    return r.body.empty() ? json::value() : json::parse(r.body);
  }
  json::object Subscribe(int port, json::array events, const std::string& token = "") {
    const json::object body{{"url", "http://127.0.0.1:" + std::to_string(port) + "/hooks"},
                            {"events", std::move(events)},
                            {"name", "测试接收端"}};
    return Expect(Call("POST", "/api/v1/webhooks", json::serialize(body), token), 201, "subscribe")
        .as_object();
  }
  int64_t AddAgency(const std::string& name, const std::string& code, const std::string& area) {
    const json::object body{{"name", name},       {"abbr", name.substr(0, 6)},
                            {"type", "court"},    {"court_level", "basic"},
                            {"court_code", code}, {"area_code", area}};
    return Expect(Call("POST", "/api/v1/agencies", json::serialize(body)), 201, "agency")
        .at("id")
        .as_int64();
  }
  // Files a case; returns its uid.
  std::string AddCase(int64_t agency, const std::string& title) {
    const json::object body{{"kind", "civil_first"},    {"agency_id", agency},
                            {"title", title},           {"received_on", "2024-05-20"},
                            {"filed_on", "2024-05-22"}, {"claim_amount_fen", 100000}};
    return std::string(Expect(Call("POST", "/api/v1/cases", json::serialize(body)), 201, "case")
                           .at("uid")
                           .as_string());
  }

  // The receiver's lines so far.
  std::vector<json::object> Received() {
    std::vector<json::object> out;
    std::ifstream in(File("receiver.out"));
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) out.push_back(json::parse(line).as_object());
    }
    return out;
  }
  // Waits until `done` holds for the receiver's lines (at most 30 s).
  std::vector<json::object> WaitForLines(
      const std::function<bool(const std::vector<json::object>&)>& done) {
    std::vector<json::object> lines;
    for (int i = 0; i < 600; ++i) {
      lines = Received();
      if (done(lines)) return lines;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "the receiver did not get what was expected; it got " << lines.size()
                  << " lines";
    return lines;
  }
  // Waits until GET `target` satisfies `done`.
  json::value WaitForApi(const std::string& target,
                         const std::function<bool(const json::value&)>& done) {
    json::value v;
    for (int i = 0; i < 600; ++i) {
      const auto r = Call("GET", target);
      v = json::parse(r.body);
      if (r.status == 200 && done(v)) return v;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "GET " << target << " never became as expected: " << json::serialize(v);
    return v;
  }

  static std::string Key(const json::object& line) {
    return std::string(line.at("idempotency_key").as_string());
  }
  static std::string Uid(const json::object& line) {
    return std::string(line.at("body").at("uid").as_string());
  }
  static int64_t Seq(const json::object& line) { return line.at("body").at("seq").as_int64(); }
  static size_t CountAnswered(const std::vector<json::object>& lines, int status) {
    size_t n = 0;
    for (const auto& l : lines) n += l.at("answered").as_int64() == status ? 1 : 0;
    return n;
  }

  std::unique_ptr<store::testing::TestDb> db_;
  std::string admin_;
  std::unique_ptr<Child> server_;
  std::unique_ptr<Child> receiver_;
  int starts_ = 0;
};

TEST_F(WebhookApiTest, SignedDeliveryVerifiesAtTheRealReceiver) {
  StartServer();
  const int port = FreePort();
  const auto sub = Subscribe(port, {"case.*"});
  EXPECT_EQ(std::string(sub.at("secret").as_string()).rfind("whsec_", 0), 0u);
  StartReceiver(port, sub);
  const int64_t court = AddAgency("晋中市中级人民法院", "晋07", "140700");
  const std::string uid = AddCase(court, "侵害商标权纠纷");

  auto lines = WaitForLines([](const auto& l) { return !l.empty(); });
  ASSERT_EQ(lines.size(), 1u);
  const auto& got = lines[0];
  EXPECT_EQ(got.at("verification"), "valid");
  EXPECT_EQ(got.at("answered").as_int64(), 200);
  EXPECT_EQ(Uid(got), uid);
  EXPECT_EQ(got.at("body").at("entity"), "case");
  EXPECT_EQ(got.at("body").at("type"), "created");
  EXPECT_EQ(Key(got), uid + ":" + std::to_string(Seq(got)));
  EXPECT_EQ(std::string(got.at("signature").as_string()).substr(0, 3), "v1=");
  // The timestamp is the server's clock (--now, advancing), in unix seconds.
  const int64_t ts = std::stoll(std::string(got.at("timestamp").as_string()));
  EXPECT_GE(ts, 1717376400);
  EXPECT_LT(ts, 1717376400 + 120);
  // The secret is shown once: never in reads. The receiver prints the delivery before the
  // worker records the answer, so the count is waited for.
  const auto read = WaitForApi(
      "/api/v1/webhooks/" + std::to_string(sub.at("id").as_int64()),
      [](const json::value& v) { return v.at("counts").at("delivered").as_int64() == 1; });
  EXPECT_FALSE(read.as_object().contains("secret"));
  EXPECT_EQ(read.at("counts").at("delivered").as_int64(), 1);

  // After the secret is rotated, the receiver (still holding the old one) refuses with 401.
  const auto rotated =
      Expect(Call("POST",
                  "/api/v1/webhooks/" + std::to_string(sub.at("id").as_int64()) + "/rotate-secret"),
             200, "rotate");
  EXPECT_NE(rotated.at("secret"), sub.at("secret"));
  AddCase(court, "侵害发明专利权纠纷");
  lines = WaitForLines([](const auto& l) { return l.size() >= 2; });
  EXPECT_EQ(lines[1].at("verification"), "bad_signature");
  EXPECT_EQ(lines[1].at("answered").as_int64(), 401);
}

TEST_F(WebhookApiTest, ReceiverFailingThreeTimesGetsTheEventOnceWithOneKey) {
  StartServer();
  const int port = FreePort();
  const auto sub = Subscribe(port, {"case.created"});
  StartReceiver(port, sub, /*fail_first=*/3);
  const int64_t court = AddAgency("晋中市中级人民法院", "晋07", "140700");
  const std::string uid = AddCase(court, "侵害外观设计专利权纠纷");

  const auto lines = WaitForLines([](const auto& l) { return CountAnswered(l, 200) == 1; });
  ASSERT_EQ(lines.size(), 4u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(lines[i].at("answered").as_int64(), 500) << i;
  EXPECT_EQ(lines[3].at("answered").as_int64(), 200);
  std::set<std::string> keys;
  for (const auto& l : lines) {
    keys.insert(Key(l));
    EXPECT_EQ(l.at("verification"), "valid");
    EXPECT_EQ(Uid(l), uid);
  }
  EXPECT_EQ(keys.size(), 1u) << "every retry carries the same Idempotency-Key";

  const std::string deliveries =
      "/api/v1/webhooks/" + std::to_string(sub.at("id").as_int64()) + "/deliveries";
  const auto delivered = WaitForApi(deliveries + "?status=delivered", [](const json::value& v) {
    return v.at("items").as_array().size() == 1;
  });
  const auto& d = delivered.at("items").as_array()[0];
  EXPECT_EQ(d.at("attempts").as_int64(), 4);
  EXPECT_EQ(d.at("idempotency_key").as_string(), *keys.begin());
  EXPECT_EQ(d.at("event"), "case.created");
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(Received().size(), 4u) << "nothing is sent again once delivered";
}

TEST_F(WebhookApiTest, ReceiverDownAcrossAServerKillStillGetsEverythingInOrder) {
  StartServer();
  const int port = FreePort();  // nobody listens there yet
  const auto sub = Subscribe(port, {"case.created"});
  const int64_t court = AddAgency("晋中市中级人民法院", "晋07", "140700");
  std::vector<std::string> uids;
  for (int i = 0; i < 8; ++i) uids.push_back(AddCase(court, "宕机前立案" + std::to_string(i)));
  std::this_thread::sleep_for(200ms);  // a few failed attempts
  EXPECT_EQ(server_->Kill(SIGKILL), 128 + SIGKILL);
  StartServer();  // the same database
  for (int i = 0; i < 8; ++i) uids.push_back(AddCase(court, "重启后立案" + std::to_string(i)));
  StartReceiver(port, sub);

  const auto lines = WaitForLines([&](const auto& l) {
    std::set<std::string> ok;
    for (const auto& x : l) {
      if (x.at("answered").as_int64() == 200) ok.insert(Uid(x));
    }
    return ok.size() == uids.size();
  });
  // In order and without gaps: the first time each change arrives follows commit order. (A
  // delivery in flight at the kill may come twice; its key is the same.)
  std::vector<std::string> first_seen;
  std::set<std::string> seen_keys;
  int64_t last_seq = 0;
  for (const auto& l : lines) {
    EXPECT_EQ(l.at("verification"), "valid");
    if (!seen_keys.insert(Key(l)).second) continue;
    EXPECT_GT(Seq(l), last_seq);
    last_seq = Seq(l);
    first_seen.push_back(Uid(l));
  }
  EXPECT_EQ(first_seen, uids);
}

TEST_F(WebhookApiTest, RepeatedFailureDisablesNotifiesAndDeadLettersCanBeResent) {
  StartServer({"--webhook-max-attempts", "3"});
  const int port = FreePort();
  const auto sub = Subscribe(port, {"case.*"});
  const std::string path = "/api/v1/webhooks/" + std::to_string(sub.at("id").as_int64());
  StartReceiver(port, sub, /*fail_first=*/6);
  const int64_t court = AddAgency("晋中市中级人民法院", "晋07", "140700");
  const std::string uid = AddCase(court, "侵害计算机软件著作权纠纷");

  // Three failures: dead letter, subscription disabled, owner told, audited.
  auto state = WaitForApi(path, [](const json::value& v) { return v.at("status") == "disabled"; });
  EXPECT_EQ(state.at("disabled_reason"), "dead_letter");
  EXPECT_EQ(state.at("counts").at("dead").as_int64(), 1);
  EXPECT_EQ(Received().size(), 3u);
  auto notes = Expect(Call("GET", "/api/v1/notifications?unread=true"), 200, "notifications");
  ASSERT_EQ(notes.at("items").as_array().size(), 1u);
  const auto& note = notes.at("items").as_array()[0];
  EXPECT_EQ(note.at("kind"), "webhook.disabled");
  EXPECT_EQ(note.at("entity_id"), sub.at("id"));
  EXPECT_NE(std::string(note.at("message").as_string()).find("HTTP 500"), std::string::npos);
  const std::string note_path =
      "/api/v1/notifications/" + std::to_string(note.at("id").as_int64()) + "/read";
  const std::string other = CreateToken(db_->url(), "external_system", {"--now", kNow});
  EXPECT_EQ(Call("POST", note_path, "", other).status, 404) << "someone else's notification";
  EXPECT_FALSE(Expect(Call("POST", note_path), 200, "read").at("read_at").is_null());
  EXPECT_EQ(Expect(Call("GET", "/api/v1/notifications?unread=true"), 200, "unread")
                .at("unread")
                .as_int64(),
            0);
  const auto audit = Expect(Call("GET", "/api/v1/audit?action=webhook.disable"), 200, "audit");
  EXPECT_EQ(audit.at("items").as_array().size(), 1u);

  // While disabled, changes are not queued.
  AddCase(court, "停用期间立案");
  const auto dead = Expect(Call("GET", path + "/deliveries"), 200, "deliveries");
  ASSERT_EQ(dead.at("items").as_array().size(), 1u);
  EXPECT_EQ(dead.at("items").as_array()[0].at("status"), "dead");
  const int64_t delivery = dead.at("items").as_array()[0].at("id").as_int64();
  EXPECT_EQ(Call("POST", path + "/deliveries/" + std::to_string(delivery) + "/resend").status, 200)
      << "a dead letter may be re-sent while disabled: it waits for re-enabling";

  // Re-enabled, the re-sent dead letter fails three more times (the receiver fails 6): disabled
  // again. Re-enabled once more and re-sent, it arrives.
  Expect(Call("PATCH", path, R"({"status":"active"})"), 200, "enable");
  WaitForApi(path, [](const json::value& v) { return v.at("status") == "disabled"; });
  EXPECT_EQ(Received().size(), 6u);
  Expect(Call("PATCH", path, R"({"status":"active"})"), 200, "enable");
  EXPECT_EQ(Expect(Call("POST", path + "/resend-dead"), 200, "resend").at("resent").as_int64(), 1);
  const auto lines = WaitForLines([](const auto& l) { return CountAnswered(l, 200) == 1; });
  EXPECT_EQ(lines.size(), 7u);
  for (const auto& l : lines) EXPECT_EQ(Uid(l), uid);
  EXPECT_EQ(Call("POST", path + "/deliveries/" + std::to_string(delivery) + "/resend").status, 409)
      << "only dead letters are re-sent";
  EXPECT_EQ(Expect(Call("GET", "/api/v1/notifications"), 200, "all").at("items").as_array().size(),
            2u);
}

TEST_F(WebhookApiTest, ASubscriberLimitedToOneAgencyReceivesOnlyItsCases) {
  StartServer();
  const int64_t yuci = AddAgency("榆次区人民法院", "晋0702", "140702");
  const int64_t taigu = AddAgency("太谷区人民法院", "晋0703", "140703");
  const std::string system_a =
      CreateToken(db_->url(), "external_system",
                  {"--agency-id", std::to_string(yuci), "--rate-limit", "100000", "--now", kNow});
  const int port = FreePort();
  const auto sub = Subscribe(port, {"case.*"}, system_a);
  StartReceiver(port, sub);
  const std::string path = "/api/v1/webhooks/" + std::to_string(sub.at("id").as_int64());

  const std::string other_court = AddCase(taigu, "太谷法院案件");
  const std::string own_court = AddCase(yuci, "榆次法院案件");
  const auto lines = WaitForLines([](const auto& l) { return !l.empty(); });
  WaitForApi(path,
             [](const json::value& v) { return v.at("counts").at("pending").as_int64() == 0; });
  std::this_thread::sleep_for(200ms);
  const auto all = Received();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(Uid(all[0]), own_court);
  const auto filtered =
      Expect(Call("GET", path + "/deliveries?status=filtered", "", system_a), 200, "filtered");
  ASSERT_EQ(filtered.at("items").as_array().size(), 1u);
  EXPECT_EQ(filtered.at("items").as_array()[0].at("uid").as_string(), other_court);

  // Its subscriptions are its own: the administrator's are out of its sight, and it is in theirs.
  const auto admins = Subscribe(FreePort(), {"*"});
  EXPECT_EQ(
      Call("GET", "/api/v1/webhooks/" + std::to_string(admins.at("id").as_int64()), "", system_a)
          .status,
      404);
  EXPECT_EQ(Expect(Call("GET", "/api/v1/webhooks", "", system_a), 200, "list")
                .at("items")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(Call("GET", path).status, 200);
}

TEST_F(WebhookApiTest, BadSubscriptionsAreRefusedNamingTheField) {
  StartServer();
  auto code_and_field = [&](const json::object& body) {
    const auto r = Call("POST", "/api/v1/webhooks", json::serialize(body));
    const auto v = json::parse(r.body);
    const auto& e = v.at("error").as_object();
    return std::to_string(r.status) + " " + std::string(e.at("code").as_string()) + " " +
           (e.contains("field") ? std::string(e.at("field").as_string()) : "");
  };
  const json::array events{"case.*"};
  EXPECT_EQ(code_and_field({{"url", "ftp://127.0.0.1/x"}, {"events", events}}),
            "400 invalid_field url");
  EXPECT_EQ(code_and_field({{"url", "http://user:secret@127.0.0.1/x"}, {"events", events}}),
            "400 invalid_field url");
  EXPECT_EQ(code_and_field({{"url", "/hooks"}, {"events", events}}), "400 invalid_field url");
  EXPECT_EQ(code_and_field({{"url", "https://example.com/hooks"}, {"events", events}}),
            "400 invalid_field url");
  EXPECT_EQ(
      code_and_field({{"url", "http://127.0.0.1:9/x"}, {"events", json::array{"case.*", "cases"}}}),
      "400 invalid_field events[1]");
  EXPECT_EQ(code_and_field({{"url", "http://127.0.0.1:9/x"}, {"events", json::array{}}}),
            "400 invalid_field events");
  EXPECT_EQ(code_and_field({{"url", "http://127.0.0.1:9/x"}, {"events", events}, {"secret", "x"}}),
            "400 unknown_field secret");
  const auto sub = Subscribe(9, {"case.*"});
  const std::string path = "/api/v1/webhooks/" + std::to_string(sub.at("id").as_int64());
  EXPECT_EQ(Call("GET", path + "/deliveries?status=lost").status, 400);
  EXPECT_EQ(Call("PATCH", path, R"({"status":"paused"})").status, 400);
  EXPECT_EQ(Expect(Call("PATCH", path, R"({"events":["transfer.*","case.created"]})"), 200, "patch")
                .at("events")
                .as_array()
                .size(),
            2u);
  EXPECT_EQ(Call("DELETE", path).status, 204);
  EXPECT_EQ(Call("GET", path).status, 404);
}

}  // namespace
}  // namespace sg::apitest
