// The unified case register over HTTP: create, number, read, update, list, search, and the
// error conventions of shared/API.md.
#include <future>
#include <set>

#include "tests/api/api_fixture.h"

namespace sg::apitest {
namespace {

namespace json = boost::json;

class CaseApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    mid_court_ = AddMidCourt();
    yuci_court_ = AddYuciCourt(mid_court_);
    bureau_ = AddBureau();
  }

  json::object CivilCase(int64_t agency, const std::string& title) {
    return {{"kind", "civil_first"},    {"agency_id", agency},
            {"title", title},           {"received_on", "2024-05-20"},
            {"filed_on", "2024-05-22"}, {"claim_amount_fen", 5000000}};
  }
  int64_t CountCases() { return GetJson("/api/v1/cases").at("total").as_int64(); }

  int64_t mid_court_ = 0, yuci_court_ = 0, bureau_ = 0;
};

TEST_F(CaseApiTest, FilingAssignsSpcCaseNumbersPerCourt) {
  auto r =
      server_->PostJson("/api/v1/cases", json::serialize(CivilCase(mid_court_, "侵害商标权纠纷")));
  ASSERT_EQ(r.status, 201) << r.body;
  auto c = Parse(r);
  EXPECT_EQ(r.Header("location"), "/api/v1/cases/" + std::to_string(c.at("id").as_int64()));
  EXPECT_EQ(c.at("case_number"), "（2024）晋07知民初1号");
  EXPECT_EQ(c.at("status"), "filed");
  EXPECT_EQ(c.at("procedure"), "ordinary");
  EXPECT_EQ(c.at("uid").as_string().size(), 36u);
  auto second = Post("/api/v1/cases", CivilCase(mid_court_, "侵害发明专利权纠纷"));
  EXPECT_EQ(second.at("case_number"), "（2024）晋07知民初2号");
  auto basic = Post("/api/v1/cases", CivilCase(yuci_court_, "侵害外观设计专利权纠纷"));
  EXPECT_EQ(basic.at("case_number"), "（2024）晋0702知民初1号");
  auto penalty = Post("/api/v1/cases", {{"kind", "admin_penalty"},
                                        {"agency_id", bureau_},
                                        {"title", "销售假冒注册商标商品案"},
                                        {"filed_on", "2024-06-01"}});
  EXPECT_EQ(penalty.at("case_number"), "晋中市监处〔2024〕1号");
  auto received = Post(
      "/api/v1/cases",
      {{"kind", "complaint"}, {"agency_id", bureau_}, {"title", "投诉某网店销售假冒太重输液产品"}});
  EXPECT_TRUE(received.at("case_number").is_null()) << "numbers are assigned on filing";
  EXPECT_EQ(received.at("received_on"), "2024-06-03") << "defaults to the injected today";
}

TEST_F(CaseApiTest, ConcurrentFilingsGetNumbersWithoutGapsOrDuplicates) {
  constexpr int kN = 40;
  std::vector<std::future<HttpResponse>> futures;
  for (int i = 0; i < kN; ++i) {
    futures.push_back(std::async(std::launch::async, [this, i] {
      return server_->PostJson(
          "/api/v1/cases", json::serialize(CivilCase(mid_court_, "并发立案 " + std::to_string(i))));
    }));
  }
  std::set<std::string> numbers;
  for (auto& f : futures) {
    auto r = f.get();
    ASSERT_EQ(r.status, 201) << r.body;
    numbers.insert(std::string(Parse(r).at("case_number").as_string()));
  }
  ASSERT_EQ(numbers.size(), static_cast<size_t>(kN));
  for (int i = 1; i <= kN; ++i) {
    EXPECT_TRUE(numbers.contains("（2024）晋07知民初" + std::to_string(i) + "号")) << i;
  }
}

TEST_F(CaseApiTest, PatchNeedsAFreshEtagAndOverwritesNothingOtherwise) {
  auto c = Post("/api/v1/cases", CivilCase(mid_court_, "原标题"));
  const std::string target = "/api/v1/cases/" + std::to_string(c.at("id").as_int64());
  auto got = server_->Get(target);
  const std::string etag = got.Header("etag");
  ASSERT_FALSE(etag.empty());
  const std::string patch = R"({"title": "新标题", "tags": ["重点"]})";
  auto r = server_->Request("PATCH", target, patch, {"Content-Type: application/merge-patch+json"});
  EXPECT_EQ(r.status, 428);
  EXPECT_EQ(Code(r), "precondition_required");
  r = server_->Request("PATCH", target, patch,
                       {"Content-Type: application/merge-patch+json", "If-Match: \"v999\""});
  EXPECT_EQ(r.status, 412);
  EXPECT_EQ(GetJson(target).at("title"), "原标题");
  r = server_->Request("PATCH", target, patch,
                       {"Content-Type: application/merge-patch+json", "If-Match: " + etag});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r).at("title"), "新标题");
  EXPECT_NE(r.Header("etag"), etag);
  // The old ETag is now stale.
  r = server_->Request("PATCH", target, R"({"title": "又一个"})",
                       {"Content-Type: application/json", "If-Match: " + etag});
  EXPECT_EQ(r.status, 412);
  auto events = GetJson(target + "/events");
  const auto& items = events.at("items").as_array();
  ASSERT_GE(items.size(), 3u);  // created, filed, updated
  EXPECT_EQ(items.back().at("type"), "updated");
  EXPECT_EQ(items.back().at("before").at("title"), "原标题");
  EXPECT_EQ(items.back().at("after").at("title"), "新标题");
}

TEST_F(CaseApiTest, PatchRefusesImmutableUnknownAndIllegalChanges) {
  auto c = Post("/api/v1/cases", CivilCase(mid_court_, "标题"));
  const std::string target = "/api/v1/cases/" + std::to_string(c.at("id").as_int64());
  const std::string etag = server_->Get(target).Header("etag");
  auto patch = [&](const std::string& body) {
    return server_->Request("PATCH", target, body,
                            {"Content-Type: application/json", "If-Match: " + etag});
  };
  auto r = patch(R"({"case_number": "（2024）晋07知民初99号"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "case_number");
  r = patch(R"({"colour": "red"})");
  EXPECT_EQ(Code(r), "unknown_field");
  EXPECT_EQ(Field(r), "colour");
  // The status moves only with workflow actions, which move the deadlines too.
  r = patch(R"({"status": "received"})");
  EXPECT_EQ(r.status, 409);
  r = patch(R"({"closed_on": "2024-05-01", "status": "closed"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Field(r), "status");
  EXPECT_NE(r.body.find("/actions"), std::string::npos) << r.body;
  r = patch(R"({"closed_on": "2024-05-01"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "closed_on") << "an open case has no closing date";
  r = patch(R"({"filed_on": "2030-01-01"})");
  EXPECT_EQ(Field(r), "filed_on");
  EXPECT_EQ(GetJson(target).at("version"), 1) << "refused patches change nothing";
  r = server_->Request("PATCH", target, R"({"title": "x"})",
                       {"Content-Type: text/plain", "If-Match: " + etag});
  EXPECT_EQ(r.status, 415);
}

TEST_F(CaseApiTest, FilingLaterAssignsTheNumberAndClosingRecordsTheDate) {
  auto c = Post("/api/v1/cases", {{"kind", "civil_first"},
                                  {"agency_id", yuci_court_},
                                  {"title", "收案待立案"},
                                  {"received_on", "2024-05-30"}});
  const std::string target = "/api/v1/cases/" + std::to_string(c.at("id").as_int64());
  auto r = server_->PostJson(target + "/actions",
                             R"({"action": "file", "fields": {"procedure": "ordinary"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r).at("case").at("case_number"), "（2024）晋0702知民初1号");
  EXPECT_EQ(Parse(r).at("case").at("filed_on"), "2024-06-03");
  // Transferred to another court by ruling: a closing action records the date and the outcome.
  r = server_->PostJson(target + "/actions", R"({"action": "transfer", "fields": {
                            "outcome": "transfer", "document_number": "（2024）晋0702知民初1号之一"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r).at("case").at("status"), "closed");
  EXPECT_EQ(Parse(r).at("case").at("outcome"), "transfer");
  EXPECT_EQ(Parse(r).at("case").at("closed_on"), "2024-06-03");
  EXPECT_EQ(GetJson(target + "/events").at("items").as_array().back().at("type"), "transfer");
}

TEST_F(CaseApiTest, BadInputIsRefusedNamingTheFieldAndStoresNothing) {
  const int64_t before = CountCases();
  auto r = server_->PostJson("/api/v1/cases", R"({"kind": "civil_first", )");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Code(r), "invalid_json");
  r = server_->PostJson("/api/v1/cases", "{\"kind\": \"civil_first\", \"title\": \"\xff\xfe\"}");
  EXPECT_EQ(Code(r), "invalid_json");
  r = server_->PostJson("/api/v1/cases",
                        R"({"kind": "civil_first", "agency_id": "7", "title": "x"})");
  EXPECT_EQ(Code(r), "invalid_field");
  EXPECT_EQ(Field(r), "agency_id");
  r = server_->PostJson(
      "/api/v1/cases",
      json::serialize(json::object{
          {"kind", "civil_first"}, {"agency_id", mid_court_}, {"title", "x"}, {"judge", "张三"}}));
  EXPECT_EQ(Code(r), "unknown_field");
  EXPECT_EQ(Field(r), "judge");
  auto with_party = CivilCase(mid_court_, "当事人信用代码有误");
  with_party["parties"] = json::array{json::object{
      {"role", "plaintiff"},
      {"party", {{"type", "organization"}, {"name", "某公司"}, {"uscc", "91110000802100433C"}}}}};
  r = server_->PostJson("/api/v1/cases", json::serialize(with_party));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "parties[0].party.uscc");
  auto wrong_agency = CivilCase(bureau_, "市场监管局不审理民事案件");
  r = server_->PostJson("/api/v1/cases", json::serialize(wrong_agency));
  EXPECT_EQ(Field(r), "agency_id");
  r = server_->Request("POST", "/api/v1/cases", json::serialize(CivilCase(mid_court_, "x")),
                       {"Content-Type: text/plain"});
  EXPECT_EQ(r.status, 415);
  r = server_->PostJson("/api/v1/cases", std::string(2 * 1024 * 1024, ' '));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Code(r), "payload_too_large");
  EXPECT_EQ(CountCases(), before);
  // A failed filing leaves no gap in the numbers.
  EXPECT_EQ(Post("/api/v1/cases", CivilCase(mid_court_, "有效")).at("case_number"),
            "（2024）晋07知民初1号");
}

TEST_F(CaseApiTest, PartiesAreMaskedAndMatchedByIdentifier) {
  auto c = CivilCase(mid_court_, "张伟诉山西某科技有限公司侵害发明专利权纠纷");
  c["parties"] = json::array{json::object{{"role", "plaintiff"},
                                          {"party",
                                           {{"type", "person"},
                                            {"name", "张伟"},
                                            {"id_number", "11010519491231002x"},
                                            {"phone", "13912345678"}}}},
                             json::object{{"role", "defendant"},
                                          {"party",
                                           {{"type", "organization"},
                                            {"name", "山西某科技有限责任公司"},
                                            {"uscc", "91110000802100433B"}}}}};
  auto created = Post("/api/v1/cases", c);
  const auto& parties = created.at("parties").as_array();
  ASSERT_EQ(parties.size(), 2u);
  const int64_t person = parties[0].at("party_id").as_int64();
  // The administrator registered the party through its own agency and may read personal data;
  // a supervisor of the court, without party:pii:read, sees it masked (api_auth_test has the
  // whole masking rule).
  auto p = GetJson("/api/v1/parties/" + std::to_string(person));
  EXPECT_EQ(p.at("id_number"), "11010519491231002X");
  const std::string supervisor = CreateToken(
      db_url_, "supervisor", {"--agency-id", std::to_string(mid_court_), "--rate-limit", "1000"});
  auto masked = HttpRequest(server_->port(), "GET", "/api/v1/parties/" + std::to_string(person), "",
                            {"Authorization: Bearer " + supervisor});
  ASSERT_EQ(masked.status, 200) << masked.body;
  EXPECT_EQ(Parse(masked).at("id_number"), "110105********002X");
  EXPECT_EQ(Parse(masked).at("phone"), "139****5678");
  // The same USCC in a second case reuses the party.
  auto c2 = CivilCase(yuci_court_, "第二案");
  c2["parties"] = json::array{json::object{{"role", "defendant"},
                                           {"party",
                                            {{"type", "organization"},
                                             {"name", "山西某科技有限公司"},
                                             {"uscc", "91110000802100433B"}}}}};
  auto created2 = Post("/api/v1/cases", c2);
  EXPECT_EQ(created2.at("parties").at(0).at("party_id"), parties[1].at("party_id"));
  auto list =
      GetJson("/api/v1/cases?party_id=" + std::to_string(parties[1].at("party_id").as_int64()));
  EXPECT_EQ(list.at("total"), 2);
  auto dup = server_->PostJson(
      "/api/v1/parties",
      R"({"type": "organization", "name": "重复", "uscc": "91110000802100433B"})");
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(Field(dup), "uscc");
}

TEST_F(CaseApiTest, ListFiltersSearchesAndPagesExactly) {
  auto zl =
      Post("/api/v1/ip-rights",
           {{"type", "patent_invention"}, {"number", "CN201710601862.3"}, {"title", "一种液压阀"}});
  EXPECT_EQ(zl.at("number"), "201710601862.3");
  for (int i = 0; i < 7; ++i) {
    auto c =
        CivilCase(i % 2 ? yuci_court_ : mid_court_, "侵害商标权纠纷 第" + std::to_string(i) + "件");
    if (i == 3) {
      c["title"] = "张伟诉寿阳小米公司不正当竞争纠纷";
      c["ip_right_ids"] = json::array{zl.at("id")};
    }
    Post("/api/v1/cases", c);
  }
  Post("/api/v1/cases",
       {{"kind", "complaint"}, {"agency_id", bureau_}, {"title", "关于小米包装的投诉"}});

  EXPECT_EQ(GetJson("/api/v1/cases?kind=civil_first").at("total"), 7);
  EXPECT_EQ(GetJson("/api/v1/cases?kind=civil_first,complaint").at("total"), 8);
  EXPECT_EQ(GetJson("/api/v1/cases?agency_id=" + std::to_string(mid_court_)).at("total"), 4);
  EXPECT_EQ(GetJson("/api/v1/cases?agency_id=" + std::to_string(mid_court_) + "&include_sub=true")
                .at("total"),
            7);
  EXPECT_EQ(GetJson("/api/v1/cases?status=received").at("total"), 1);
  EXPECT_EQ(GetJson("/api/v1/cases?q=%E5%BC%A0%E4%BC%9F").at("total"), 1);  // 张伟
  EXPECT_EQ(GetJson("/api/v1/cases?q=%E5%B0%8F%E7%B1%B3").at("total"), 2);  // 小米
  EXPECT_EQ(GetJson("/api/v1/cases?q=1710601862").at("total"), 1) << "IP numbers are searchable";
  EXPECT_EQ(GetJson("/api/v1/cases?q=%E6%99%8B0702").at("total"), 3) << "case numbers too";
  EXPECT_EQ(
      GetJson("/api/v1/cases?ip_right_id=" + std::to_string(zl.at("id").as_int64())).at("total"),
      1);
  EXPECT_EQ(GetJson("/api/v1/cases?filed_from=2024-05-22&filed_to=2024-05-22").at("total"), 7);
  EXPECT_EQ(GetJson("/api/v1/cases?filed_to=2024-05-21").at("total"), 0);

  // Paging: every case exactly once, in order, whatever the page size.
  for (const std::string sort : {"-id", "filed_on", "-claim_amount_fen", "case_number"}) {
    std::vector<int64_t> ids;
    std::string cursor;
    for (int page = 0; page < 10; ++page) {
      auto res = GetJson("/api/v1/cases?limit=3&sort=" + sort +
                         (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(res.at("total"), 8);
      for (const auto& item : res.at("items").as_array()) ids.push_back(item.at("id").as_int64());
      if (res.at("next_cursor").is_null()) break;
      cursor = std::string(res.at("next_cursor").as_string());
    }
    EXPECT_EQ(ids.size(), 8u) << sort;
    EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), 8u) << sort;
  }
  auto bad = server_->Get("/api/v1/cases?sort=colour");
  EXPECT_EQ(Field(bad), "sort");
  bad = server_->Get("/api/v1/cases?q=%E5%BC%A0");  // one character
  EXPECT_EQ(Field(bad), "q");
  bad = server_->Get("/api/v1/cases?limit=501");
  EXPECT_EQ(Field(bad), "limit");
  bad = server_->Get("/api/v1/cases?kind=divorce");
  EXPECT_EQ(Field(bad), "kind");
  bad = server_->Get("/api/v1/cases?cursor=garbage!");
  EXPECT_EQ(Field(bad), "cursor");
  bad = server_->Get("/api/v1/cases?filed_from=2024-02-30");
  EXPECT_EQ(Field(bad), "filed_from");
}

TEST_F(CaseApiTest, TheReadPathShowsWhatTheListShows) {
  auto c = CivilCase(mid_court_, "标题含 \"引号\"、反斜杠 \\ 和\n换行\t制表");
  c["parties"] = json::array{
      json::object{{"role", "plaintiff"},
                   {"party", {{"type", "organization"}, {"name", "山西\"某\"科技有限公司"}}}}};
  c["tags"] = json::array{"重点", "网络侵权"};
  auto created = Post("/api/v1/cases", c);
  const std::string target = "/api/v1/cases/" + std::to_string(created.at("id").as_int64());
  auto single = server_->Get(target);
  ASSERT_EQ(single.status, 200);
  auto list = GetJson("/api/v1/cases?limit=1");
  EXPECT_EQ(json::parse(single.body), list.at("items").at(0));
  EXPECT_EQ(json::parse(single.body), created);
  EXPECT_EQ(json::parse(single.body).at("title"), c.at("title"));
  auto again = server_->Get(target, {"If-None-Match: " + single.Header("etag")});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(CaseApiTest, MissingCasesAre404) {
  auto r = server_->Get("/api/v1/cases/999999");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Code(r), "not_found");
  EXPECT_EQ(server_->Get("/api/v1/cases/999999/events").status, 404);
}

}  // namespace
}  // namespace sg::apitest
