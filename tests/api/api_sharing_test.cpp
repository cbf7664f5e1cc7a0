// Data sharing through the API (issue 6): a complaint transferred to the enforcement unit's
// penalty case and on to the police; a dispute diverted to arbitration and returned; a first
// instance and its appeal — each chain visible from every case in it to those allowed to see it,
// and hidden from those who are not; the change feed read across a restart with writes going on,
// its long poll and its event stream.
#include <atomic>
#include <set>
#include <thread>

#include "tests/api/api_fixture.h"

namespace sg::apitest {
namespace {

namespace json = boost::json;

class SharingApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    city_court_ = AddMidCourt();
    yuci_court_ = AddYuciCourt(city_court_);
    bureau_ = AddBureau();
    unit_ = AddAgency({{"name", "晋中市市场监督管理局知识产权执法中队"},
                       {"abbr", "晋中执法中队"},
                       {"type", "market_regulation"},
                       {"area_code", "140700"}});
    police_ = AddAgency({{"name", "晋中市公安局"},
                         {"abbr", "晋中公安"},
                         {"type", "public_security"},
                         {"area_code", "140700"}});
    arbitration_ = AddAgency({{"name", "晋中仲裁委员会知识产权仲裁中心"},
                              {"abbr", "晋中仲裁"},
                              {"type", "arbitration"},
                              {"area_code", "140700"}});
    other_ = AddAgency({{"name", "太原市市场监督管理局"},
                        {"abbr", "太原市监"},
                        {"type", "market_regulation"},
                        {"area_code", "140100"}});
  }

  // A token of `role` bound to `agency`.
  std::vector<std::string> TokenOf(int64_t agency, const std::string& role) {
    auto t = Post("/api/v1/tokens",
                  {{"name", role + std::to_string(agency) + "-" + std::to_string(++tokens_)},
                   {"role", role},
                   {"agency_id", agency},
                   {"rate_limit", 100000}});
    return {"Authorization: Bearer " + std::string(t.at("token").as_string())};
  }
  HttpResponse As(const std::vector<std::string>& who, const std::string& method,
                  const std::string& target, const std::string& body = "") {
    auto headers = who;
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    return HttpRequest(server_->port(), method, target, body, headers);
  }
  int64_t NewCase(const json::object& body) {
    return Post("/api/v1/cases", body).at("id").as_int64();
  }
  json::value Transfer(int64_t case_id, const std::string& type, int64_t to,
                       const std::string& kind, int status = 201) {
    return Post("/api/v1/cases/" + std::to_string(case_id) + "/transfers",
                {{"type", type}, {"to_agency_id", to}, {"kind", kind}, {"reason", "依法移送"}},
                status);
  }
  // The ids of a chain's cases and its links as "from>to:type", as `who` sees them.
  std::pair<std::set<int64_t>, std::set<std::string>> Chain(const std::vector<std::string>& who,
                                                            int64_t case_id) {
    auto r = As(who, "GET", "/api/v1/cases/" + std::to_string(case_id) + "/chain");
    EXPECT_EQ(r.status, 200) << r.body;
    std::pair<std::set<int64_t>, std::set<std::string>> out;
    if (r.status != 200) return out;
    const auto v = json::parse(r.body);
    for (const auto& c : v.at("cases").as_array()) out.first.insert(c.at("id").as_int64());
    for (const auto& l : v.at("links").as_array()) {
      out.second.insert(std::to_string(l.at("from").as_int64()) + ">" +
                        std::to_string(l.at("to").as_int64()) + ":" +
                        std::string(l.at("type").as_string()));
    }
    return out;
  }
  static std::string Link(int64_t from, int64_t to, const std::string& type) {
    return std::to_string(from) + ">" + std::to_string(to) + ":" + type;
  }

  int64_t city_court_ = 0, yuci_court_ = 0, bureau_ = 0, unit_ = 0, police_ = 0, arbitration_ = 0,
          other_ = 0;
  int tokens_ = 0;
};

TEST_F(SharingApiTest, ComplaintToPenaltyToPoliceIsOneChainSeenByThoseAllowed) {
  const int64_t complaint =
      NewCase({{"kind", "complaint"},
               {"agency_id", bureau_},
               {"title", "投诉销售假冒“汾酒”"},
               {"received_on", "2024-05-27"},
               {"parties", json::array{json::object{
                               {"role", "respondent"},
                               {"party", {{"type", "organization"}, {"name", "榆次区某酒行"}}}}}}});
  const auto bureau_clerk = TokenOf(bureau_, "clerk");
  const auto unit_clerk = TokenOf(unit_, "clerk");
  const auto police_clerk = TokenOf(police_, "clerk");
  const auto stranger = TokenOf(other_, "clerk");

  // The bureau hands the complaint to the enforcement unit as a penalty case.
  auto r = As(bureau_clerk, "POST", "/api/v1/cases/" + std::to_string(complaint) + "/transfers",
              json::serialize(json::object{{"type", "transfer"},
                                           {"to_agency_id", unit_},
                                           {"kind", "admin_penalty"},
                                           {"reason", "发现违法线索，移送立案查处"}}));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto t1 = json::parse(r.body);
  EXPECT_EQ(t1.at("status"), "pending");
  const int64_t penalty = t1.at("receiving_case_id").as_int64();
  // The sender cannot answer its own hand-over; a stranger does not see it at all.
  const std::string accept1 = "/api/v1/transfers/" + std::to_string(t1.at("id").as_int64());
  EXPECT_EQ(As(bureau_clerk, "POST", accept1 + "/accept").status, 403);
  EXPECT_EQ(As(stranger, "POST", accept1 + "/accept").status, 404);
  // The unit finds it in its inbox and accepts it.
  r = As(unit_clerk, "GET", "/api/v1/transfers?direction=in&status=pending");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(json::parse(r.body).at("items").as_array().size(), 1u);
  r = As(unit_clerk, "POST", accept1 + "/accept");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("status"), "accepted");
  EXPECT_EQ(As(unit_clerk, "POST", accept1 + "/accept").status, 409);  // answered once
  // The receiving case has the complaint's party and is the unit's.
  auto p = GetJson("/api/v1/cases/" + std::to_string(penalty));
  EXPECT_EQ(p.at("kind"), "admin_penalty");
  EXPECT_EQ(p.at("agency_id").as_int64(), unit_);
  EXPECT_EQ(p.at("parties").as_array().at(0).at("name"), "榆次区某酒行");

  // The unit sends the suspected crime on to the police.
  r = As(unit_clerk, "POST", "/api/v1/cases/" + std::to_string(penalty) + "/transfers",
         json::serialize(json::object{{"type", "transfer"},
                                      {"to_agency_id", police_},
                                      {"kind", "report"},
                                      {"reason", "涉嫌销售假冒注册商标的商品罪，移送公安机关"}}));
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t police_case = json::parse(r.body).at("receiving_case_id").as_int64();

  const std::set<std::string> all_links = {Link(complaint, penalty, "transferred_to"),
                                           Link(penalty, police_case, "transferred_to")};
  // Whoever sees all three cases sees the whole chain from any of them.
  for (int64_t from : {complaint, penalty, police_case}) {
    auto [cases, links] = Chain({"Authorization: Bearer " + server_->token()}, from);
    EXPECT_EQ(cases, (std::set<int64_t>{complaint, penalty, police_case}));
    EXPECT_EQ(links, all_links);
  }
  // The unit handled both hand-overs: it sees all three.
  EXPECT_EQ(Chain(unit_clerk, complaint).first,
            (std::set<int64_t>{complaint, penalty, police_case}));
  // The bureau sees its complaint and the penalty case it became, not the police case.
  auto [bureau_cases, bureau_links] = Chain(bureau_clerk, penalty);
  EXPECT_EQ(bureau_cases, (std::set<int64_t>{complaint, penalty}));
  EXPECT_EQ(bureau_links, (std::set<std::string>{Link(complaint, penalty, "transferred_to")}));
  // The police see the penalty case that came to them and their own, not the complaint.
  EXPECT_EQ(Chain(police_clerk, police_case).first, (std::set<int64_t>{penalty, police_case}));
  // A stranger sees none of it.
  EXPECT_EQ(As(stranger, "GET", "/api/v1/cases/" + std::to_string(penalty) + "/chain").status, 404);
}

TEST_F(SharingApiTest, DiversionToArbitrationCanBeReturnedWithAReason) {
  const int64_t complaint = NewCase({{"kind", "complaint"},
                                     {"agency_id", bureau_},
                                     {"title", "网购商品商标侵权纠纷"},
                                     {"received_on", "2024-05-28"}});
  // Only mediation, arbitration and adjudication take a diversion; the agency must handle it.
  EXPECT_EQ(Field(server_->PostJson("/api/v1/cases/" + std::to_string(complaint) + "/transfers",
                                    json::serialize(json::object{{"type", "diversion"},
                                                                 {"to_agency_id", unit_},
                                                                 {"kind", "admin_penalty"},
                                                                 {"reason", "x"}}))),
            "kind");
  EXPECT_EQ(Field(server_->PostJson("/api/v1/cases/" + std::to_string(complaint) + "/transfers",
                                    json::serialize(json::object{{"type", "diversion"},
                                                                 {"to_agency_id", police_},
                                                                 {"kind", "arbitration"},
                                                                 {"reason", "x"}}))),
            "to_agency_id");
  auto t = Transfer(complaint, "diversion", arbitration_, "arbitration");
  const int64_t arb = t.at("receiving_case_id").as_int64();
  const std::string path = "/api/v1/transfers/" + std::to_string(t.at("id").as_int64());
  // A second hand-over of the same case to the same agency waits for the first.
  Transfer(complaint, "diversion", arbitration_, "arbitration", 409);
  const auto centre = TokenOf(arbitration_, "clerk");
  auto r = As(centre, "POST", path + "/return", "{}");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Field(r), "reason");
  r = As(centre, "POST", path + "/return",
         json::serialize(json::object{{"reason", "双方未达成仲裁协议"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("answer_reason"), "双方未达成仲裁协议");
  auto c = GetJson("/api/v1/cases/" + std::to_string(arb));
  EXPECT_EQ(c.at("status"), "closed");
  EXPECT_EQ(c.at("outcome"), "returned");
  auto out = GetJson("/api/v1/transfers?direction=out&status=returned");
  EXPECT_EQ(out.at("items").as_array().size(), 1u);
  auto [cases, links] = Chain({"Authorization: Bearer " + server_->token()}, arb);
  EXPECT_EQ(links, (std::set<std::string>{Link(complaint, arb, "diverted_to")}));
}

TEST_F(SharingApiTest, AnAppealOpensTheSecondInstanceAtTheHigherCourt) {
  const int64_t first = NewCase({{"kind", "civil_first"},
                                 {"agency_id", yuci_court_},
                                 {"title", "侵害外观设计专利权纠纷"},
                                 {"procedure", "ordinary"},
                                 {"received_on", "2024-01-08"},
                                 {"filed_on", "2024-01-10"}});
  const std::string actions = "/api/v1/cases/" + std::to_string(first) + "/actions";
  // Not before the judgment.
  auto r = server_->PostJson("/api/v1/cases/" + std::to_string(first) + "/transfers",
                             json::serialize(json::object{{"type", "appeal"},
                                                          {"to_agency_id", city_court_},
                                                          {"kind", "civil_second"},
                                                          {"reason", "不服一审判决"}}));
  EXPECT_EQ(r.status, 409) << r.body;
  const auto users = GetJson("/api/v1/users").at("items").as_array();
  const int64_t judge = Post("/api/v1/users", {{"username", "li.judge"},
                                               {"display_name", "李法官"},
                                               {"agency_id", yuci_court_},
                                               {"role", "handler"}})
                            .at("id")
                            .as_int64();
  Post(actions,
       {{"action", "assign_handler"},
        {"effective_on", "2024-01-11"},
        {"fields", {{"handler_id", judge}}}},
       200);
  Post(actions,
       {{"action", "judge"},
        {"effective_on", "2024-05-20"},
        {"fields", {{"outcome", "judgment"}, {"document_number", "（2024）晋0702知民初1号"}}}},
       200);
  // A basic court is not the appeal court; the kind must be the second instance.
  Transfer(first, "appeal", yuci_court_, "civil_second", 400);
  Transfer(first, "appeal", city_court_, "admin_second", 400);
  auto t = Transfer(first, "appeal", city_court_, "civil_second");
  const int64_t second = t.at("receiving_case_id").as_int64();
  auto [cases, links] = Chain({"Authorization: Bearer " + server_->token()}, second);
  EXPECT_EQ(cases, (std::set<int64_t>{first, second}));
  EXPECT_EQ(links, (std::set<std::string>{Link(second, first, "appeal_of")}));
  // The higher court sees the first instance it reviews.
  EXPECT_EQ(Chain(TokenOf(city_court_, "clerk"), second).first, (std::set<int64_t>{first, second}));
  (void)users;
}

TEST_F(SharingApiTest, RelatedCasesShareAPartyOrAnIpRight) {
  json::object party{
      {"type", "organization"}, {"name", "山西某某酒业有限公司"}, {"uscc", "9144030071526726XG"}};
  const int64_t a =
      NewCase({{"kind", "complaint"},
               {"agency_id", bureau_},
               {"title", "投诉一"},
               {"received_on", "2024-05-27"},
               {"parties", json::array{json::object{{"role", "respondent"}, {"party", party}}}}});
  const int64_t b =
      NewCase({{"kind", "civil_first"},
               {"agency_id", yuci_court_},
               {"title", "诉讼一"},
               {"received_on", "2024-05-29"},
               {"parties", json::array{json::object{{"role", "defendant"}, {"party", party}}}}});
  NewCase({{"kind", "complaint"},
           {"agency_id", bureau_},
           {"title", "无关投诉"},
           {"received_on", "2024-05-27"}});
  auto rel = GetJson("/api/v1/cases/" + std::to_string(a) + "/related").at("items").as_array();
  ASSERT_EQ(rel.size(), 1u);
  EXPECT_EQ(rel.at(0).at("id").as_int64(), b);
  EXPECT_EQ(rel.at(0).at("via").as_array().at(0).at("type"), "party");
  // The bureau's clerk does not see the court's case.
  auto r = As(TokenOf(bureau_, "clerk"), "GET", "/api/v1/cases/" + std::to_string(a) + "/related");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(json::parse(r.body).at("items").as_array().empty());
}

// Reads the whole feed from `cursor` on, appending the sequence numbers it gets.
std::string Drain(ServerProcess& server, std::string cursor, std::vector<int64_t>& seqs) {
  for (;;) {
    auto r = server.Get("/api/v1/feed?limit=7&after=" + cursor);
    if (r.status != 200) return cursor;
    const auto v = json::parse(r.body);
    for (const auto& c : v.at("changes").as_array()) seqs.push_back(c.at("seq").as_int64());
    const std::string next(v.at("next_cursor").as_string());
    if (v.at("changes").as_array().empty()) return next;
    cursor = next;
  }
}

TEST_F(SharingApiTest, FeedResumesAcrossARestartWithoutGapsOrDuplicates) {
  std::atomic<int> port{server_->port()};
  std::atomic<bool> stop{false};
  std::atomic<int> created{0};
  const std::string token = server_->token();
  const std::string body = json::serialize(json::object{{"kind", "complaint"},
                                                        {"agency_id", bureau_},
                                                        {"title", "持续写入"},
                                                        {"received_on", "2024-06-01"}});
  std::thread writer([&] {
    while (!stop) {
      try {
        auto r = HttpRequest(port, "POST", "/api/v1/cases", body,
                             {"Content-Type: application/json", "Authorization: Bearer " + token});
        if (r.status == 201) ++created;
      } catch (const std::exception&) {
        // The server is restarting: try again shortly.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  });
  std::vector<int64_t> seqs;
  std::string cursor;
  while (created < 20) cursor = Drain(*server_, cursor, seqs);
  // Restart on the same database while the writer goes on.
  server_->Stop();
  server_ = std::make_unique<ServerProcess>(db_url_, kNow);
  server_->SetToken(token);
  port = server_->port();
  const int before = created;
  while (created < before + 20) cursor = Drain(*server_, cursor, seqs);
  stop = true;
  writer.join();
  Drain(*server_, cursor, seqs);
  // Everything the register holds, once, in order.
  auto conn = db_->Connect("NORMAL");
  std::vector<int64_t> all;
  auto rows = conn->Query("SELECT seq FROM changes ORDER BY seq");
  while (rows.Next()) all.push_back(rows.Int(0));
  EXPECT_EQ(seqs, all);
  EXPECT_GE(static_cast<int>(all.size()), created.load());
}

TEST_F(SharingApiTest, LongPollAnswersWhenAChangeCommitsAndStreamsResume) {
  const std::string latest =
      GetJson("/api/v1/feed?limit=1000").at("next_cursor").as_string().c_str();
  HttpResponse waited;
  const auto started = std::chrono::steady_clock::now();
  std::thread poll([&] { waited = server_->Get("/api/v1/feed?wait=20&after=" + latest); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const int64_t id = NewCase({{"kind", "complaint"},
                              {"agency_id", bureau_},
                              {"title", "长轮询"},
                              {"received_on", "2024-06-01"}});
  poll.join();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(waited.status, 200) << waited.body;
  EXPECT_LT(secs, 10.0);  // answered by the commit, not by the 20 s timeout
  const auto changes = json::parse(waited.body).at("changes").as_array();
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.at(0).at("entity"), "case");
  EXPECT_EQ(changes.at(0).at("type"), "created");
  (void)id;
  // Nothing new: the wait ends empty, with the same cursor.
  auto empty = server_->Get("/api/v1/feed?wait=1&after=" +
                            std::string(json::parse(waited.body).at("next_cursor").as_string()));
  ASSERT_EQ(empty.status, 200);
  EXPECT_TRUE(json::parse(empty.body).at("changes").as_array().empty());

  // The event stream: each change an event whose id is its cursor; Last-Event-ID resumes.
  auto s = server_->Get("/api/v1/feed?limit=2&wait=0", {"Accept: text/event-stream"});
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.Header("content-type").rfind("text/event-stream", 0), 0u);
  EXPECT_NE(s.body.find("id: 1\nevent: change\ndata: {\"seq\":1,"), std::string::npos) << s.body;
  EXPECT_NE(s.body.find("id: 2\nevent: change\ndata: {\"seq\":2,"), std::string::npos) << s.body;
  auto resumed = server_->Get("/api/v1/feed?limit=1&wait=0",
                              {"Accept: text/event-stream", "Last-Event-ID: 2"});
  EXPECT_NE(resumed.body.find("id: 3\nevent: change\ndata: {\"seq\":3,"), std::string::npos)
      << resumed.body;
  // A malformed cursor is refused, naming it.
  auto bad = server_->Get("/api/v1/feed?after=abc");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Field(bad), "after");
}

}  // namespace
}  // namespace sg::apitest
