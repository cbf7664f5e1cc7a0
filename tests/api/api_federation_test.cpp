// Federation (issue 6): two real instances on loopback follow each other's feed
// (`serve --follow URL --token-file F`). The bureau's instance A hands disputes over to the
// arbitration centre hosted on instance B; B answers them; each side applies the other's changes
// exactly once although either is killed with SIGKILL at random moments. A seeded generator
// decides when; the seed is printed (SHENGUAN_FED_SEED=N repeats a run).
#include <sys/socket.h>

#include <netinet/in.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "tests/api/api_fixture.h"

namespace sg::apitest {
namespace {

namespace json = boost::json;

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  const int port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

// One instance: its database, token, address, and the peer it follows.
struct Instance {
  std::unique_ptr<store::testing::TestDb> db;
  std::string token;
  int port = 0;
  std::string follow_url, token_file;
  std::unique_ptr<ServerProcess> server;

  void Start() {
    server = std::make_unique<ServerProcess>(
        db->url(), kNow,
        std::vector<std::string>{"--listen", "127.0.0.1:" + std::to_string(port), "--follow",
                                 follow_url, "--token-file", token_file});
    server->SetToken(token);
  }
  // A request that waits out a restart of this instance.
  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    for (int i = 0; i < 300; ++i) {
      try {
        auto r = server->Request(method, target, body,
                                 body.empty()
                                     ? std::vector<std::string>{}
                                     : std::vector<std::string>{"Content-Type: application/json"});
        if (r.status != 0 && r.status != 503) return r;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("no answer from 127.0.0.1:" + std::to_string(port) + target);
  }
  // uid -> status of every transfer `direction` of this instance's agencies.
  std::map<std::string, std::string> Transfers(const std::string& direction) {
    std::map<std::string, std::string> out;
    std::string cursor;
    for (;;) {
      auto r = Call("GET", "/api/v1/transfers?limit=200&direction=" + direction +
                               (cursor.empty() ? "" : "&cursor=" + cursor));
      if (r.status != 200) throw std::runtime_error(r.body);
      const auto v = json::parse(r.body);
      for (const auto& t : v.at("items").as_array()) {
        out[std::string(t.at("uid").as_string())] = std::string(t.at("status").as_string());
      }
      if (v.at("next_cursor").is_null()) return out;
      cursor = std::string(v.at("next_cursor").as_string());
    }
  }
};

class FederationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("shenguan-fed-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    for (Instance* i : {&a_, &b_}) {
      i->db = std::make_unique<store::testing::TestDb>();
      i->token =
          CreateToken(i->db->url(), "system_admin", {"--rate-limit", "100000", "--now", kNow});
      i->port = FreePort();
    }
    // Each follows the other with the other's token.
    for (auto [me, peer, name] : {std::tuple{&a_, &b_, "b"}, std::tuple{&b_, &a_, "a"}}) {
      me->follow_url = "http://127.0.0.1:" + std::to_string(peer->port);
      me->token_file = (dir_ / (std::string("token-") + name)).string();
      std::ofstream(me->token_file) << peer->token << "\n";
    }
    a_.Start();
    b_.Start();
  }
  void TearDown() override {
    a_.server.reset();
    b_.server.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  static int64_t Id(const HttpResponse& r) {
    EXPECT_TRUE(r.status == 200 || r.status == 201) << r.status << " " << r.body;
    return json::parse(r.body).at("id").as_int64();
  }
  // Waits until `done` holds, up to `seconds`.
  template <typename F>
  static bool Eventually(F done, int seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return done();
  }
  // The local id of the agency with `uid` on `i`, or 0.
  static int64_t AgencyByUid(Instance& i, const std::string& uid) {
    const auto list = json::parse(i.Call("GET", "/api/v1/agencies").body);
    for (const auto& a : list.at("items").as_array()) {
      if (a.at("uid").as_string() == uid) return a.at("id").as_int64();
    }
    return 0;
  }

  std::filesystem::path dir_;
  Instance a_, b_;
};

TEST_F(FederationTest, TransfersAndAnswersCrossInstancesExactlyOnceThroughKills) {
  uint64_t seed = std::random_device{}();
  if (const char* s = std::getenv("SHENGUAN_FED_SEED")) seed = std::stoull(s);
  std::cout << "[ federation ] seed " << seed << " (SHENGUAN_FED_SEED=" << seed << " repeats it)"
            << std::endl;
  std::mt19937_64 rng(seed);
  const auto started = std::chrono::steady_clock::now();

  // The bureau on A; the arbitration centre on B, which A learns of through B's feed.
  const int64_t bureau = Id(a_.Call("POST", "/api/v1/agencies",
                                    json::serialize(json::object{{"name", "晋中市市场监督管理局"},
                                                                 {"abbr", "晋中市监"},
                                                                 {"type", "market_regulation"},
                                                                 {"area_code", "140700"}})));
  const auto centre_reply =
      b_.Call("POST", "/api/v1/agencies",
              json::serialize(json::object{{"name", "晋中仲裁委员会知识产权仲裁中心"},
                                           {"abbr", "晋中仲裁"},
                                           {"type", "arbitration"},
                                           {"area_code", "140700"}}));
  const std::string centre_uid(json::parse(centre_reply.body).at("uid").as_string());
  int64_t centre_on_a = 0;
  ASSERT_TRUE(Eventually([&] { return (centre_on_a = AgencyByUid(a_, centre_uid)) != 0; }, 30))
      << "A never learned of B's agency";

  // 1,000 hand-overs from A, answered on B, with up to 10 kills of either side.
  int kTransfers = 1000;
  if (const char* n = std::getenv("SHENGUAN_FED_TRANSFERS")) kTransfers = std::atoi(n);
  std::set<int> kill_at;
  while (kill_at.size() < 10) kill_at.insert(static_cast<int>(rng() % (kTransfers + 200)));
  const auto maybe_kill = [&](int step) {
    if (!kill_at.count(step)) return;
    Instance& victim = rng() % 2 ? a_ : b_;
    victim.server->Kill();
    victim.Start();
  };
  const std::string complaint = json::serialize(json::object{{"kind", "complaint"},
                                                             {"agency_id", bureau},
                                                             {"title", "网购商品商标侵权纠纷"},
                                                             {"received_on", "2024-06-01"}});
  for (int i = 0; i < kTransfers; ++i) {
    maybe_kill(i);
    const int64_t c = Id(a_.Call("POST", "/api/v1/cases", complaint));
    const auto t = a_.Call("POST", "/api/v1/cases/" + std::to_string(c) + "/transfers",
                           json::serialize(json::object{{"type", "diversion"},
                                                        {"to_agency_id", centre_on_a},
                                                        {"kind", "arbitration"},
                                                        {"reason", "双方达成仲裁协议"}}));
    // 409: the hand-over committed before a kill ate its answer; the retry found it.
    ASSERT_TRUE(t.status == 201 || t.status == 409) << t.status << " " << t.body;
  }
  // B answers what reached it: most accepted, every fifth returned.
  std::map<std::string, std::string> on_b;
  ASSERT_TRUE(Eventually(
      [&] { return static_cast<int>((on_b = b_.Transfers("in")).size()) >= kTransfers; }, 90))
      << "B has " << on_b.size() << " of " << kTransfers << " hand-overs";
  int step = kTransfers;
  int n = 0;
  std::string cursor;
  for (;;) {
    auto page =
        json::parse(b_.Call("GET", "/api/v1/transfers?direction=in&status=pending&limit=200").body);
    const auto& items = page.at("items").as_array();
    if (items.empty()) break;
    for (const auto& t : items) {
      maybe_kill(step++);
      const bool back = ++n % 5 == 0;
      const auto r =
          b_.Call("POST",
                  "/api/v1/transfers/" + std::to_string(t.at("id").as_int64()) +
                      (back ? "/return" : "/accept"),
                  back ? json::serialize(json::object{{"reason", "未达成有效仲裁协议"}}) : "{}");
      ASSERT_TRUE(r.status == 200 || r.status == 409) << r.status << " " << r.body;
    }
  }
  // Both sides agree exactly: every hand-over, once, with the answer given on B.
  std::map<std::string, std::string> on_a;
  const bool agreed = Eventually(
      [&] {
        on_a = a_.Transfers("out");
        on_b = b_.Transfers("in");
        return on_a == on_b;
      },
      90);
  int differ = 0;
  for (const auto& [uid, status] : on_b) {
    if (on_a.count(uid) && on_a.at(uid) != status && ++differ <= 5) {
      std::cout << "  " << uid << ": A " << on_a.at(uid) << ", B " << status << std::endl;
    }
  }
  EXPECT_TRUE(agreed) << "A has " << on_a.size() << ", B has " << on_b.size() << ", " << differ
                      << " differ";
  EXPECT_EQ(on_a.size(), static_cast<size_t>(kTransfers));
  std::map<std::string, int> statuses;
  for (const auto& [uid, status] : on_b) ++statuses[status];
  EXPECT_EQ(statuses["pending"], 0);
  EXPECT_EQ(statuses["returned"], kTransfers / 5);
  EXPECT_EQ(statuses["accepted"], kTransfers - kTransfers / 5);
  // The receiving cases are the same cases on both sides: matched by uid, never by local id.
  const auto receiving_uids = [](Instance& i, const std::string& direction) {
    std::map<std::string, std::string> out;  // transfer uid -> receiving case uid
    const auto page =
        json::parse(i.Call("GET", "/api/v1/transfers?limit=20&direction=" + direction).body);
    for (const auto& t : page.at("items").as_array()) {
      const auto c = json::parse(
          i.Call("GET", "/api/v1/cases/" + std::to_string(t.at("receiving_case_id").as_int64()))
              .body);
      out[std::string(t.at("uid").as_string())] = std::string(c.at("uid").as_string());
    }
    return out;
  };
  const auto from_b = receiving_uids(b_, "in");
  const auto from_a = receiving_uids(a_, "out");
  ASSERT_EQ(from_b.size(), 20u);
  for (const auto& [transfer, case_uid] : from_b) {
    if (from_a.count(transfer)) {
      EXPECT_EQ(from_a.at(transfer), case_uid) << transfer;
    }
  }
  std::cout << "[ federation ] " << kTransfers << " hand-overs, " << kill_at.size()
            << " kills, agreed in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
            << " s" << std::endl;
}

}  // namespace
}  // namespace sg::apitest
