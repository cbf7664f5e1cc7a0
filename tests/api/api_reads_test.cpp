// The reads the web UI draws from: the actions a caller may take on a case now (checked against
// what POST .../actions actually does, for every action, caller and stage of a civil case), its
// service records, the approver's extension requests, stored imports with their reports, the audit
// chain's verification, and the years the working-day calendar knows. Today is Monday 2024-06-03.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "base/clock.h"
#include "store/database.h"
#include "tests/api/api_fixture.h"

namespace sg::apitest {
namespace {

namespace json = boost::json;

// Meets the password policy: 10+ characters of three classes, containing no username below.
constexpr const char* kPassword = "Qiche-Xiang2024";
// The day after today: an action with this effective_on is refused for its date (400
// effective_on) only once nothing else stands in its way, and so changes nothing.
constexpr const char* kTomorrow = "2024-06-04";

// Who acts: the extra headers that carry a token or a signed-in session.
struct Caller {
  std::string name;
  std::vector<std::string> headers;
};

class ReadsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    court_ = AddMidCourt();
    yuci_ = AddYuciCourt(court_);
    clerk_ = TokenCaller("clerk", court_);
    approver_ = TokenCaller("approver", court_);
    supervisor_ = TokenCaller("supervisor", court_);
    // The judge signs in like a browser; a handler sees only the cases assigned to him.
    judge_id_ = Post("/api/v1/users", {{"username", "wang.judge"},
                                       {"display_name", "王法官"},
                                       {"agency_id", court_},
                                       {"role", "handler"}})
                    .at("id")
                    .as_int64();
    auto set = server_->PostJson(
        "/api/v1/users/" + std::to_string(judge_id_) + "/password",
        json::serialize(json::object{{"password", kPassword}, {"must_change_password", false}}));
    ASSERT_EQ(set.status, 204) << set.body;
    judge_ = Login("wang.judge", kPassword);
    judge_.name = "judge";
  }

  Caller TokenCaller(const std::string& role, int64_t agency) {
    auto t = Post("/api/v1/tokens", {{"name", role + " of " + std::to_string(agency)},
                                     {"role", role},
                                     {"agency_id", agency},
                                     {"rate_limit", 100000}});
    return {role, {"Authorization: Bearer " + std::string(t.at("token").as_string())}};
  }

  Caller Login(const std::string& username, const std::string& password) {
    auto login =
        HttpRequest(server_->port(), "POST", "/api/v1/auth/login",
                    json::serialize(json::object{{"username", username}, {"password", password}}),
                    {"Content-Type: application/json"});
    EXPECT_EQ(login.status, 200) << login.body;
    const std::string cookie = login.Header("set-cookie");
    return {username,
            {"Cookie: " + cookie.substr(0, cookie.find(';')),
             "X-CSRF-Token: " + std::string(Parse(login).at("csrf_token").as_string())}};
  }

  HttpResponse Send(const Caller& who, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    auto headers = who.headers;
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    return HttpRequest(server_->port(), method, target, body, headers);
  }
  json::value GetAs(const Caller& who, const std::string& target, int status = 200) {
    auto r = Send(who, "GET", target);
    EXPECT_EQ(r.status, status) << who.name << " GET " << target << ": " << r.body;
    return r.body.empty() ? json::value() : Parse(r);
  }

  // Takes an action effective on `on` and expects 200; returns the reply.
  json::value Take(const Caller& who, int64_t id, const std::string& action, const std::string& on,
                   const json::object& fields) {
    auto r = Send(who, "POST", CasePath(id) + "/actions",
                  json::serialize(
                      json::object{{"action", action}, {"effective_on", on}, {"fields", fields}}));
    EXPECT_EQ(r.status, 200) << action << " on " << on << ": " << r.body;
    return Parse(r);
  }

  static std::string CasePath(int64_t id) { return "/api/v1/cases/" + std::to_string(id); }

  // A civil case of `agency` received on `received_on`, filed and assigned to the judge (by the
  // administrator, who may take any action).
  int64_t AssignedCase(int64_t agency, const std::string& title, const std::string& procedure,
                       const std::string& filed_on) {
    const int64_t id = Post("/api/v1/cases", {{"kind", "civil_first"},
                                              {"agency_id", agency},
                                              {"title", title},
                                              {"received_on", filed_on}})
                           .at("id")
                           .as_int64();
    const Caller admin{"admin", {"Authorization: Bearer " + server_->token()}};
    Take(admin, id, "file", filed_on, {{"procedure", procedure}});
    Take(admin, id, "assign_handler", filed_on, {{"handler_id", judge_id_}});
    return id;
  }

  int64_t court_ = 0, yuci_ = 0, judge_id_ = 0;
  Caller clerk_, approver_, supervisor_, judge_;
};

// For every caller, at every stage of a civil case's life, an action is listed exactly when POST
// accepts it as far as state and role go: POSTed for tomorrow, a listed action is refused only
// for its date (400 naming effective_on), an unlisted one for the state (409) or the role or
// permission (403). The fields are the definition's own.
TEST_F(ReadsApiTest, ActionsListedAreExactlyThoseThePostWouldTake) {
  const json::value def = GetJson("/api/v1/workflows/civil_first");
  std::map<std::string, json::object> defined;
  for (const auto& a : def.at("actions").as_array()) {
    defined.emplace(std::string(a.at("code").as_string()), a.as_object());
  }
  ASSERT_FALSE(defined.empty());

  auto created =
      Parse(Send(clerk_, "POST", "/api/v1/cases",
                 json::serialize(json::object{
                     {"kind", "civil_first"},
                     {"agency_id", court_},
                     {"title", "张伟诉山西某科技有限公司侵害发明专利权纠纷"},
                     {"received_on", "2024-01-02"},
                     {"parties", json::array{json::object{{"role", "plaintiff"},
                                                          {"party",
                                                           {{"type", "person"},
                                                            {"name", "张伟"},
                                                            {"id_number", "11010519491231002X"}}}},
                                             json::object{{"role", "defendant"},
                                                          {"party",
                                                           {{"type", "organization"},
                                                            {"name", "山西某科技有限公司"},
                                                            {"uscc", "91110000802100433B"}}}}}}})));
  const int64_t id = created.at("id").as_int64();
  const std::string path = CasePath(id);
  const int64_t defendant = created.at("parties").at(1).at("party_id").as_int64();

  int listed_total = 0;
  const auto check = [&](const std::string& when) -> std::map<std::string, std::set<std::string>> {
    std::map<std::string, std::set<std::string>> listed_by;
    for (const Caller* c : {&clerk_, &approver_, &judge_, &supervisor_}) {
      SCOPED_TRACE(when + " as " + c->name);
      auto got = Send(*c, "GET", path + "/actions");
      if (got.status == 404) {
        // Out of the caller's scope (the judge before the case is his): POST says the same.
        auto post =
            Send(*c, "POST", path + "/actions", json::serialize(json::object{{"action", "file"}}));
        EXPECT_EQ(post.status, 404) << post.body;
        continue;
      }
      EXPECT_EQ(got.status, 200) << got.body;
      if (got.status != 200) continue;
      const json::value body = Parse(got);
      std::set<std::string> listed;
      for (const auto& item : body.at("items").as_array()) {
        const std::string code(item.at("code").as_string());
        listed.insert(code);
        if (!defined.contains(code)) {
          ADD_FAILURE() << "listed " << code << ", which the definition does not have";
          continue;
        }
        const auto& a = defined.at(code);
        EXPECT_EQ(item.at("label"), a.at("label"));
        EXPECT_EQ(item.at("to"), a.at("to"));
        EXPECT_EQ(item.at("fields"), a.at("fields")) << code;
      }
      listed_total += static_cast<int>(listed.size());
      for (const auto& [code, a] : defined) {
        auto post =
            Send(*c, "POST", path + "/actions",
                 json::serialize(json::object{{"action", code}, {"effective_on", kTomorrow}}));
        const bool taken_but_for_date = post.status == 400 && Field(post) == "effective_on";
        EXPECT_EQ(listed.contains(code), taken_but_for_date) << code << ": " << post.body;
        if (!taken_but_for_date) {
          EXPECT_TRUE(post.status == 409 || post.status == 403) << code << ": " << post.body;
        }
      }
      listed_by[c->name] = std::move(listed);
    }
    return listed_by;
  };

  // Received: the clerk files or refuses it; the approver may only refuse it; the supervisor
  // (read-only: no case:record:update) may take nothing.
  auto listed = check("received");
  EXPECT_TRUE(listed["clerk"].contains("file"));
  EXPECT_TRUE(listed["clerk"].contains("not_accept"));
  EXPECT_FALSE(listed["approver"].contains("file"));
  EXPECT_TRUE(listed["approver"].contains("not_accept"));
  EXPECT_TRUE(listed["supervisor"].empty());
  EXPECT_FALSE(listed.contains("judge")) << "the case is not his yet";

  Take(clerk_, id, "file", "2024-01-05", {{"procedure", "ordinary"}});
  listed = check("filed");
  EXPECT_TRUE(listed["clerk"].contains("assign_handler"));
  EXPECT_FALSE(listed["clerk"].contains("file"));

  Take(clerk_, id, "assign_handler", "2024-01-08", {{"handler_id", judge_id_}});
  Take(clerk_, id, "serve_complaint", "2024-01-09",
       {{"party_id", defendant}, {"served_on", "2024-01-09"}, {"method", "post"}});
  listed = check("trial");
  EXPECT_TRUE(listed["judge"].contains("start_suspension"));
  EXPECT_FALSE(listed["judge"].contains("end_suspension")) << "no period is open";
  EXPECT_TRUE(listed["judge"].contains("request_extension"));
  EXPECT_FALSE(listed["approver"].contains("decide_extension")) << "nothing to decide";

  Take(judge_, id, "start_suspension", "2024-02-01",
       {{"suspension_kind", "public_notice"}, {"reason", "公告送达开庭传票"}});
  listed = check("trial, a period open");
  EXPECT_TRUE(listed["judge"].contains("end_suspension"));
  EXPECT_FALSE(listed["judge"].contains("start_suspension")) << "one is open already";
  EXPECT_FALSE(listed["judge"].contains("suspend")) << "suspending opens another";

  Take(judge_, id, "end_suspension", "2024-03-01", {{"suspension_kind", "public_notice"}});
  Take(judge_, id, "request_extension", "2024-05-20",
       {{"deadline", "trial_ordinary"}, {"length", 6}, {"reason", "案情复杂"}});
  listed = check("trial, an extension pending");
  EXPECT_TRUE(listed["approver"].contains("decide_extension"));
  EXPECT_FALSE(listed["judge"].contains("decide_extension")) << "the approver's to take";

  Take(approver_, id, "decide_extension", "2024-05-27", {{"approved", true}, {"reason", "同意"}});
  Take(judge_, id, "judge", "2024-06-03",
       {{"outcome", "judgment"}, {"document_number", "（2024）晋07知民初1号"}});
  listed = check("closed");
  EXPECT_FALSE(listed["judge"].contains("judge"));
  EXPECT_TRUE(listed["clerk"].contains("serve_judgment"));
  EXPECT_GT(listed_total, 0);

  // The stage comes with the list; another court's clerk does not see the case at all.
  EXPECT_EQ(GetAs(clerk_, path + "/actions").at("stage"), "closed");
  const Caller yuci_clerk = TokenCaller("clerk", yuci_);
  EXPECT_EQ(Code(Send(yuci_clerk, "GET", path + "/actions")), "not_found");
  EXPECT_EQ(Send(clerk_, "GET", "/api/v1/cases/999999/actions").status, 404);
}

// Service records come oldest served first, name the party as the case does and carry none of
// its identifiers.
TEST_F(ReadsApiTest, ServicesComeOldestFirstWithoutIdentifiers) {
  auto created = Post("/api/v1/cases",
                      {{"kind", "civil_first"},
                       {"agency_id", court_},
                       {"title", "张伟诉山西某科技有限公司侵害商标权纠纷"},
                       {"received_on", "2024-01-02"},
                       {"parties", json::array{json::object{{"role", "plaintiff"},
                                                            {"party",
                                                             {{"type", "person"},
                                                              {"name", "张伟"},
                                                              {"id_number", "11010519491231002X"},
                                                              {"phone", "13912345678"}}}},
                                               json::object{{"role", "defendant"},
                                                            {"party",
                                                             {{"type", "organization"},
                                                              {"name", "山西某科技有限公司"},
                                                              {"uscc", "91110000802100433B"}}}}}}});
  const int64_t id = created.at("id").as_int64();
  const std::string path = CasePath(id);
  const int64_t plaintiff = created.at("parties").at(0).at("party_id").as_int64();
  const int64_t defendant = created.at("parties").at(1).at("party_id").as_int64();
  EXPECT_TRUE(GetJson(path + "/services").at("items").as_array().empty());

  Take(clerk_, id, "file", "2024-01-05", {{"procedure", "ordinary"}});
  Take(clerk_, id, "assign_handler", "2024-01-08", {{"handler_id", judge_id_}});
  // Recorded first, served later: the defendant by post on 01-10, by the clerk's token.
  Take(clerk_, id, "serve_complaint", "2024-01-10",
       {{"party_id", defendant}, {"served_on", "2024-01-10"}, {"method", "post"}});
  // Recorded later, served earlier: the plaintiff in person on 01-09, by the judge.
  Take(judge_, id, "serve_complaint", "2024-01-11",
       {{"party_id", plaintiff}, {"served_on", "2024-01-09"}, {"method", "direct"}});

  std::string label;
  const json::value def = GetJson("/api/v1/workflows/civil_first");
  for (const auto& a : def.at("actions").as_array()) {
    if (a.at("code") == "serve_complaint") label = std::string(a.at("label").as_string());
  }
  auto r = Send(supervisor_, "GET", path + "/services");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("11010519491231002X"), std::string::npos);
  EXPECT_EQ(r.body.find("13912345678"), std::string::npos);
  const auto items = Parse(r).at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  const auto& first = items.at(0).as_object();
  EXPECT_EQ(first.at("case_id"), id);
  EXPECT_EQ(first.at("party_id"), plaintiff);
  EXPECT_EQ(first.at("party_name"), "张伟");
  EXPECT_EQ(first.at("party_type"), "person");
  EXPECT_EQ(first.at("served_on"), "2024-01-09");
  EXPECT_EQ(first.at("method"), "direct");
  EXPECT_EQ(first.at("document"), json::value(label));
  EXPECT_EQ(first.at("created_by"), judge_id_);
  EXPECT_EQ(first.at("created_by_name"), "王法官");
  EXPECT_TRUE(first.at("created_at").as_string().starts_with("2024-06-03T"));
  EXPECT_FALSE(first.contains("id_number"));
  EXPECT_FALSE(first.contains("phone"));
  const auto& second = items.at(1).as_object();
  EXPECT_EQ(second.at("party_id"), defendant);
  EXPECT_EQ(second.at("party_name"), "山西某科技有限公司");
  EXPECT_EQ(second.at("served_on"), "2024-01-10");
  EXPECT_EQ(second.at("method"), "post");
  EXPECT_TRUE(second.at("created_by").is_null()) << "a token is no user";
  EXPECT_GT(first.at("id").as_int64(), second.at("id").as_int64())
      << "ordered by the service date, not as recorded";

  // The judge sees his case's; another court's clerk does not see the case.
  EXPECT_EQ(GetAs(judge_, path + "/services").at("items").as_array().size(), 2u);
  const Caller yuci_clerk = TokenCaller("clerk", yuci_);
  EXPECT_EQ(Code(Send(yuci_clerk, "GET", path + "/services")), "not_found");
}

// The approver's to-do: the requests of the cases in scope, newest first, pending ones by
// status, each with what deciding it needs; pages follow the cursor.
TEST_F(ReadsApiTest, ExtensionRequestsAreTheApproversToDo) {
  const Caller admin{"admin", {"Authorization: Bearer " + server_->token()}};
  // Ordinary procedure filed 01-05: due 07-05; asked on 05-20, well before 15 days ahead.
  const int64_t early = AssignedCase(court_, "侵害发明专利权纠纷", "ordinary", "2024-01-05");
  Take(judge_, early, "request_extension", "2024-05-20",
       {{"deadline", "trial_ordinary"}, {"length", 6}, {"reason", "案情复杂，需委托技术鉴定"}});
  // Summary procedure filed 03-01: 3 months, 06-01 is a Saturday, so Monday 06-03; asked on
  // 05-30, fewer than 15 days ahead: late.
  const int64_t late = AssignedCase(court_, "侵害商标权纠纷", "summary", "2024-03-01");
  Take(judge_, late, "request_extension", "2024-05-30",
       {{"deadline", "trial_summary"}, {"length", 1}, {"reason", "当事人申请调解"}});
  // A case of the basic court below, asked by the administrator's token.
  const int64_t below = AssignedCase(yuci_, "侵害著作权纠纷", "ordinary", "2024-01-10");
  Take(admin, below, "request_extension", "2024-05-21",
       {{"deadline", "trial_ordinary"}, {"length", 3}, {"reason", "需要审计"}});

  // The court's approver (this court and below) sees all three, newest first.
  auto pending = GetAs(approver_, "/api/v1/extensions?status=pending");
  auto items = pending.at("items").as_array();
  ASSERT_EQ(items.size(), 3u) << pending;
  EXPECT_TRUE(pending.at("next_cursor").is_null());
  EXPECT_EQ(items.at(0).at("case_id"), below);
  EXPECT_EQ(items.at(1).at("case_id"), late);
  EXPECT_EQ(items.at(2).at("case_id"), early);
  const auto& l = items.at(1).as_object();
  const auto case_late = GetJson(CasePath(late));
  EXPECT_EQ(l.at("case_number"), case_late.at("case_number"));
  EXPECT_FALSE(l.at("case_number").is_null());
  EXPECT_EQ(l.at("title"), "侵害商标权纠纷");
  EXPECT_EQ(l.at("kind"), "civil_first");
  EXPECT_EQ(l.at("agency_id"), court_);
  EXPECT_EQ(l.at("agency_name"), "晋中市中级人民法院");
  EXPECT_EQ(l.at("deadline_code"), "trial_summary");
  EXPECT_EQ(l.at("deadline_label"), "简易程序审理期限");
  EXPECT_EQ(l.at("length"), 1);
  EXPECT_EQ(l.at("unit"), "months");
  EXPECT_EQ(l.at("reason"), "当事人申请调解");
  EXPECT_EQ(l.at("requested_by"), judge_id_);
  EXPECT_EQ(l.at("requested_by_name"), "王法官");
  EXPECT_EQ(l.at("requested_on"), "2024-05-30");
  EXPECT_EQ(l.at("late"), true);
  EXPECT_EQ(l.at("status"), "pending");
  EXPECT_TRUE(l.at("approver_id").is_null());
  EXPECT_TRUE(l.at("approver_name").is_null());
  EXPECT_TRUE(l.at("decided_on").is_null());
  EXPECT_TRUE(l.at("decision_reason").is_null());
  EXPECT_EQ(items.at(2).at("late"), false);
  EXPECT_TRUE(items.at(0).at("requested_by").is_null()) << "a token is no user";

  // The basic court's approver sees only its own case's.
  const Caller yuci_approver = TokenCaller("approver", yuci_);
  items = GetAs(yuci_approver, "/api/v1/extensions").at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items.at(0).at("case_id"), below);

  // The court's approver narrows the list to one agency, or to it and below, or to a kind.
  const std::string court = std::to_string(court_);
  EXPECT_EQ(GetAs(approver_, "/api/v1/extensions?agency_id=" + court).at("items").as_array().size(),
            2u);
  EXPECT_EQ(GetAs(approver_, "/api/v1/extensions?agency_id=" + court + "&include_sub=true")
                .at("items")
                .as_array()
                .size(),
            3u);
  EXPECT_EQ(GetAs(approver_, "/api/v1/extensions?kind=complaint").at("items").as_array().size(),
            0u);
  EXPECT_EQ(Field(Send(approver_, "GET", "/api/v1/extensions?kind=nonsense")), "kind");

  // Decided, a request leaves the to-do and shows its decision.
  Take(approver_, early, "decide_extension", "2024-05-27",
       {{"approved", true}, {"reason", "同意延长六个月"}});
  Take(approver_, late, "decide_extension", "2024-05-31",
       {{"approved", false}, {"reason", "不符合条件"}});
  items = GetAs(approver_, "/api/v1/extensions?status=pending").at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items.at(0).at("case_id"), below);
  items = GetAs(approver_, "/api/v1/extensions?status=granted").at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items.at(0).at("case_id"), early);
  EXPECT_EQ(items.at(0).at("status"), "granted");
  EXPECT_EQ(items.at(0).at("decided_on"), "2024-05-27");
  EXPECT_EQ(items.at(0).at("decision_reason"), "同意延长六个月");
  items = GetAs(approver_, "/api/v1/extensions?status=refused").at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items.at(0).at("case_id"), late);

  // One at a time, the pages give the same list.
  std::vector<int64_t> all, paged;
  const json::value every = GetAs(approver_, "/api/v1/extensions");
  for (const auto& i : every.at("items").as_array()) {
    all.push_back(i.at("id").as_int64());
  }
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    const auto p = GetAs(approver_, "/api/v1/extensions?limit=1" +
                                        (cursor.empty() ? std::string() : "&cursor=" + cursor));
    for (const auto& i : p.at("items").as_array()) paged.push_back(i.at("id").as_int64());
    if (p.at("next_cursor").is_null()) break;
    cursor = std::string(p.at("next_cursor").as_string());
  }
  EXPECT_EQ(paged, all);
  EXPECT_EQ(all.size(), 3u);

  auto bad = Send(approver_, "GET", "/api/v1/extensions?status=open");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Field(bad), "status");
  EXPECT_EQ(Field(Send(approver_, "GET", "/api/v1/extensions?limit=501")), "limit");
  EXPECT_EQ(Field(Send(approver_, "GET", "/api/v1/extensions?cursor=%21")), "cursor");
  // Only those who approve extensions read the list.
  EXPECT_EQ(Code(Send(supervisor_, "GET", "/api/v1/extensions")), "forbidden");
  EXPECT_EQ(Code(Send(clerk_, "GET", "/api/v1/extensions")), "forbidden");
}

// A stored import keeps its whole report; dry runs store nothing; a clerk sees its own agency's
// imports, the administrator all.
TEST_F(ReadsApiTest, ImportsKeepTheirReportsWithinTheAgencyScope) {
  const auto row = [](const std::string& external_id, int64_t agency, const std::string& received) {
    return json::serialize(json::object{{"external_id", external_id},
                                        {"source_system", "旧系统"},
                                        {"kind", "civil_first"},
                                        {"agency", agency},
                                        {"title", "导入案件" + external_id},
                                        {"received_on", received}}) +
           "\n";
  };
  const auto upload = [&](const Caller& who, const std::string& query, const std::string& body) {
    auto headers = who.headers;
    headers.push_back("Content-Type: application/x-ndjson");
    return HttpRequest(server_->port(), "POST", "/api/v1/imports?" + query, body, headers);
  };
  const std::string file = row("R-1", court_, "2024-05-20") + row("R-2", court_, "2024-05-40") +
                           row("R-3", court_, "2024-05-21") + "{\"title\": 5}\n";
  auto posted = upload(clerk_, "entity=cases&format=ndjson&mode=partial", file);
  ASSERT_EQ(posted.status, 200) << posted.body;
  const auto report = Parse(posted);
  ASSERT_FALSE(report.at("id").is_null());
  const int64_t id = report.at("id").as_int64();
  ASSERT_EQ(report.at("accepted"), 2);
  ASSERT_GE(report.at("rejected").as_array().size(), 2u);

  // A dry run and a refused all-or-nothing import store nothing.
  auto dry =
      upload(clerk_, "entity=cases&format=ndjson&dry_run=true", row("R-9", court_, "2024-05-22"));
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(upload(clerk_, "entity=cases&format=ndjson", file).status, 422);
  const Caller yuci_clerk = TokenCaller("clerk", yuci_);
  auto other = upload(yuci_clerk, "entity=cases&format=ndjson", row("Y-1", yuci_, "2024-05-23"));
  ASSERT_EQ(other.status, 200) << other.body;
  const int64_t other_id = Parse(other).at("id").as_int64();

  // The full report, as the upload answered it.
  const auto got = GetAs(clerk_, "/api/v1/imports/" + std::to_string(id));
  EXPECT_EQ(got.at("id"), id);
  EXPECT_EQ(got.at("rejected"), report.at("rejected"));
  EXPECT_EQ(got.at("accepted"), 2);
  EXPECT_EQ(got.at("unchanged"), 0);
  EXPECT_EQ(got.at("rejected_count"),
            static_cast<int64_t>(report.at("rejected").as_array().size()));
  EXPECT_EQ(got.at("entity"), "cases");
  EXPECT_EQ(got.at("format"), "ndjson");
  EXPECT_EQ(got.at("mapping"), "columns");
  EXPECT_EQ(got.at("mode"), "partial");
  EXPECT_EQ(got.at("dry_run"), false);
  EXPECT_EQ(got.at("actor_type"), "token");
  EXPECT_EQ(got.at("actor_name"), json::value("clerk of " + std::to_string(court_)));
  EXPECT_EQ(got.at("agency_id"), court_);
  EXPECT_EQ(got.at("agency_name"), "晋中市中级人民法院");
  EXPECT_EQ(got.at("file_sha256").as_string().size(), 64u);
  EXPECT_TRUE(got.at("created_at").as_string().starts_with("2024-06-03T"));
  const auto& line2 = got.at("rejected").at(0);
  EXPECT_EQ(line2.at("line"), 2);
  EXPECT_EQ(line2.at("field"), "received_on");

  // The clerk's list holds its court's one import; the administrator's both, newest first.
  const auto mine = GetAs(clerk_, "/api/v1/imports").at("items").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine.at(0).at("id"), id);
  EXPECT_FALSE(mine.at(0).as_object().contains("rejected")) << "the list gives summaries";
  const auto all = GetJson("/api/v1/imports").at("items").as_array();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all.at(0).at("id"), other_id);
  EXPECT_EQ(all.at(1).at("id"), id);
  const auto page = GetJson("/api/v1/imports?limit=1");
  ASSERT_EQ(page.at("items").as_array().size(), 1u);
  const auto next =
      GetJson("/api/v1/imports?limit=1&cursor=" + std::string(page.at("next_cursor").as_string()));
  EXPECT_EQ(next.at("items").at(0).at("id"), id);
  EXPECT_TRUE(next.at("next_cursor").is_null());
  EXPECT_EQ(GetJson("/api/v1/imports?entity=parties").at("items").as_array().size(), 0u);
  EXPECT_EQ(Field(server_->Get("/api/v1/imports?entity=files")), "entity");

  // Out of scope is not found; without the import permission, forbidden.
  EXPECT_EQ(Code(Send(clerk_, "GET", "/api/v1/imports/" + std::to_string(other_id))), "not_found");
  EXPECT_EQ(Code(Send(yuci_clerk, "GET", "/api/v1/imports/" + std::to_string(id))), "not_found");
  EXPECT_EQ(Send(yuci_clerk, "GET", "/api/v1/imports/" + std::to_string(other_id)).status, 200);
  EXPECT_EQ(Code(Send(supervisor_, "GET", "/api/v1/imports")), "forbidden");
  EXPECT_EQ(server_->Get("/api/v1/imports/999999").status, 404);
}

// The server verifies the chain as the CLI does, and names the first entry someone changed.
TEST_F(ReadsApiTest, AuditVerifyNamesTheFirstBrokenEntry) {
  auto ok = GetJson("/api/v1/audit/verify");
  EXPECT_EQ(ok.at("ok"), true) << ok;
  EXPECT_GT(ok.at("checked").as_int64(), 3);
  EXPECT_EQ(ok.at("checked"), ok.at("expected_last_id"));
  EXPECT_TRUE(ok.at("first_broken_id").is_null());
  EXPECT_TRUE(ok.at("reason").is_null());
  EXPECT_EQ(Code(Send(supervisor_, "GET", "/api/v1/audit/verify")), "forbidden");

  {
    // Someone with access to the database edits entry 2 behind the server's back.
    FixedClock clock(*ParseTimestamp(kNow));
    auto db = store::Database::Open(db_url_, clock, {});
    db->writer().Run([](store::WriteContext& ctx) {
      ctx.conn().Exec("UPDATE audit_log SET ip = ? WHERE id = ?", "203.0.113.9", 2);
    });
  }
  auto broken = GetJson("/api/v1/audit/verify");
  EXPECT_EQ(broken.at("ok"), false);
  EXPECT_EQ(broken.at("checked"), 1);
  EXPECT_EQ(broken.at("first_broken_id"), 2);
  EXPECT_EQ(broken.at("reason"), "hash mismatch");
}

// The years of the calendar with where they come from; a loaded year names who loaded it, and a
// year no file covers yet is provisional. Any signed-in caller may read them.
TEST_F(ReadsApiTest, CalendarYearsSayWhereEachYearComesFrom) {
  std::ifstream in(std::string(SHENGUAN_SOURCE_DIR) + "/data/holidays-cn.json");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const json::value data = json::parse(text);
  std::map<int64_t, std::pair<int64_t, int64_t>> counts;  // year -> holidays, workdays
  for (const auto& d : data.at("days").as_array()) {
    const int64_t year = std::stoll(std::string(d.at("date").as_string().subview(0, 4)));
    (d.at("kind") == "holiday" ? counts[year].first : counts[year].second) += 1;
  }

  const auto years = GetAs(supervisor_, "/api/v1/calendar/years").at("items").as_array();
  std::vector<int64_t> listed;
  for (const auto& y : years) {
    const int64_t year = y.at("year").as_int64();
    listed.push_back(year);
    SCOPED_TRACE(year);
    EXPECT_EQ(y.at("provisional"), false);
    EXPECT_EQ(y.at("source"), "builtin");
    EXPECT_EQ(y.at("notice"), data.at("sources").at(std::to_string(year)));
    EXPECT_TRUE(y.at("loaded_at").is_null());
    EXPECT_TRUE(y.at("loaded_by").is_null());
    EXPECT_TRUE(y.at("loaded_by_type").is_null());
    EXPECT_EQ(y.at("holidays"), counts[year].first);
    EXPECT_EQ(y.at("workdays"), counts[year].second);
  }
  std::vector<int64_t> covers;
  for (const auto& y : data.at("covers").as_array()) covers.push_back(y.as_int64());
  EXPECT_EQ(listed, covers);

  // A user who must still change the password may read them too.
  Post("/api/v1/users", {{"username", "li.clerk"},
                         {"display_name", "李书记员"},
                         {"agency_id", court_},
                         {"role", "clerk"},
                         {"password", kPassword}});
  const Caller fresh = Login("li.clerk", kPassword);
  EXPECT_EQ(GetAs(fresh, "/api/v1/calendar/years").at("items").as_array().size(), covers.size());

  auto put = server_->Request(
      "PUT", "/api/v1/calendar/years",
      json::serialize(json::object{
          {"covers", json::array{2031}},
          {"sources", {{"2031", "测试通知"}}},
          {"days", json::array{json::object{
                       {"date", "2031-01-01"}, {"kind", "holiday"}, {"name", "元旦"}}}}}),
      {"Content-Type: application/json"});
  ASSERT_EQ(put.status, 200) << put.body;
  const auto after = GetAs(judge_, "/api/v1/calendar/years").at("items").as_array();
  ASSERT_EQ(after.size(), covers.size() + 1);
  const auto& loaded = after.back().as_object();
  EXPECT_EQ(loaded.at("year"), 2031);
  EXPECT_EQ(loaded.at("provisional"), false);
  EXPECT_EQ(loaded.at("source"), "loaded");
  EXPECT_EQ(loaded.at("notice"), "测试通知");
  EXPECT_TRUE(loaded.at("loaded_at").as_string().starts_with("2024-06-03T"));
  EXPECT_EQ(loaded.at("loaded_by"), "api-test-system_admin");
  EXPECT_EQ(loaded.at("loaded_by_type"), "token");
  EXPECT_TRUE(loaded.at("loaded_by_id").is_int64());
  EXPECT_EQ(loaded.at("holidays"), 1);
  EXPECT_EQ(loaded.at("workdays"), 0);

  // Two years on, 2027 is not announced yet: provisional, its fixed-date holidays only (元旦,
  // 劳动节 May 1 and 2, 国庆节 Oct 1 to 3).
  const std::string token = server_->token();
  server_.reset();
  server_ = std::make_unique<ServerProcess>(db_url_, "2026-07-01T09:00:00+08:00");
  server_->SetToken(token);
  std::map<int64_t, json::object> by_year;
  const json::value later = GetJson("/api/v1/calendar/years");
  for (const auto& y : later.at("items").as_array()) {
    by_year.emplace(y.at("year").as_int64(), y.as_object());
  }
  ASSERT_TRUE(by_year.contains(2027));
  const auto& next = by_year.at(2027);
  EXPECT_EQ(next.at("provisional"), true);
  EXPECT_TRUE(next.at("source").is_null());
  EXPECT_TRUE(next.at("notice").is_null());
  EXPECT_EQ(next.at("holidays"), 6);
  EXPECT_EQ(next.at("workdays"), 0);
  EXPECT_FALSE(by_year.contains(2028));
  EXPECT_EQ(by_year.at(2031).at("source"), "loaded");
}

}  // namespace
}  // namespace sg::apitest

namespace sg::apitest {
namespace {

// The big screen's event stream: a new stream starts at the newest change and answers a
// keep-alive when nothing the caller may see changes; a case created in the caller's scope
// answers one `change` event whose id resumes after it; one outside the scope does not.
TEST_F(ReadsApiTest, DashboardEventsTellOnlyOfChangesInScope) {
  // A new stream answers at once (wait is the default 15 s, not spent).
  const auto head = Send(supervisor_, "GET", "/api/v1/dashboard/events");
  ASSERT_EQ(head.status, 200) << head.body;
  EXPECT_NE(head.Header("content-type").find("text/event-stream"), std::string::npos);
  EXPECT_NE(head.body.find(": keep-alive"), std::string::npos) << head.body;
  const size_t id_at = head.body.find("id: ");
  ASSERT_NE(id_at, std::string::npos);
  const std::string cursor = head.body.substr(id_at + 4, head.body.find('\n', id_at) - id_at - 4);

  // A bureau outside the supervisor's scope: its case moves nothing on this screen.
  const int64_t bureau = AddBureau();
  Post("/api/v1/cases", {{"kind", "complaint"},
                         {"agency_id", bureau},
                         {"title", "别处的投诉"},
                         {"received_on", "2024-06-03"}});
  const auto quiet = Send(supervisor_, "GET", "/api/v1/dashboard/events?wait=1&after=" + cursor);
  ASSERT_EQ(quiet.status, 200) << quiet.body;
  EXPECT_EQ(quiet.body.find("event: change"), std::string::npos) << quiet.body;

  Post("/api/v1/cases", {{"kind", "civil_first"},
                         {"agency_id", court_},
                         {"title", "本院新收的案件"},
                         {"received_on", "2024-06-03"}});
  const auto moved = Send(supervisor_, "GET", "/api/v1/dashboard/events?wait=5&after=" + cursor);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_NE(moved.body.find("event: change\ndata: {\"seq\":"), std::string::npos) << moved.body;

  // Last-Event-ID resumes after it: nothing new, so a keep-alive.
  const size_t moved_id = moved.body.find("id: ");
  const std::string next =
      moved.body.substr(moved_id + 4, moved.body.find('\n', moved_id) - moved_id - 4);
  auto headers = supervisor_.headers;
  headers.push_back("Last-Event-ID: " + next);
  const auto after =
      HttpRequest(server_->port(), "GET", "/api/v1/dashboard/events?wait=0", "", headers);
  EXPECT_EQ(after.body.find("event: change"), std::string::npos) << after.body;
  EXPECT_EQ(Send(supervisor_, "GET", "/api/v1/dashboard/events?wait=61").status, 400);
}

// The court indicators: seven items in a fixed order, each part an exact drill-down (amounts open
// the cases they sum), shown against the range an administrator sets; a caller without
// dashboard:range:write may not set one, and a bad range is refused naming the field.
TEST_F(ReadsApiTest, IndicatorsAreExactAndShownAgainstTheirRanges) {
  const Caller admin{"admin", {"Authorization: Bearer " + server_->token()}};
  const int64_t closed = AssignedCase(court_, "指标结案", "summary", "2024-05-06");
  Take(admin, closed, "withdraw", "2024-05-28",
       {{"outcome", "withdrawal"}, {"document_number", "（2024）晋07民初2号之一"}});
  Post("/api/v1/cases", {{"kind", "civil_first"},
                         {"agency_id", court_},
                         {"title", "超期未结"},
                         {"received_on", "2023-01-10"}});

  const std::string range = "from=2023-01-01&to=2024-06-03";
  const auto got = GetAs(supervisor_, "/api/v1/dashboard/indicators?" + range).as_object();
  const std::vector<std::string> codes{"case_dispute_ratio",
                                       "in_limit_rate",
                                       "mediation_withdrawal_rate",
                                       "appeal_rate",
                                       "second_instance_revise_remand_rate",
                                       "over_12_months_ratio",
                                       "enforcement_recovery_rate"};
  const auto& items = got.at("items").as_array();
  ASSERT_EQ(items.size(), codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    const auto& item = items[i].as_object();
    EXPECT_EQ(item.at("code").as_string(), codes[i]);
    EXPECT_EQ(item.at("status").as_string(), "none");
    EXPECT_FALSE(item.at("can_edit_range").as_bool());
    for (const char* part : {"numerator", "denominator"}) {
      const auto& fig = item.at(part).as_object();
      if (fig.contains("unit")) continue;  // an amount (执行到位率)
      const std::string q(fig.at("cases_query").as_string());
      EXPECT_EQ(GetAs(supervisor_, q + "&limit=1").at("total").as_int64(),
                fig.at("value").as_int64())
          << codes[i] << " " << part;
    }
  }
  // 调撤率: the one withdrawal of the one closed case.
  EXPECT_DOUBLE_EQ(items[2].at("value").as_double(), 100.0);
  // 超12个月未结: the case received 2023-01-10 is among the pending.
  EXPECT_GE(items[5].at("numerator").at("value").as_int64(), 1);
  EXPECT_EQ(Send(supervisor_, "GET", "/api/v1/dashboard/indicators?kind=civil_first").status, 400);

  const std::string target = "/api/v1/dashboard/indicator-ranges/mediation_withdrawal_rate";
  EXPECT_EQ(Send(supervisor_, "PUT", target, R"({"low": 10, "high": 60})").status, 403);
  const auto refused = [&](const std::string& body, const std::string& field) {
    const auto r = Send(admin, "PUT", target, body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(Parse(r).at("error").at("field").as_string(), field) << r.body;
  };
  refused(R"({"low": 70, "high": 60})", "low");
  refused(R"({"low": 10, "high": 120})", "high");
  refused(R"({"low": "ten"})", "low");
  refused(R"({"low": 10, "middle": 20})", "middle");
  EXPECT_EQ(
      Send(admin, "PUT", "/api/v1/dashboard/indicator-ranges/league_table", R"({"low": 1})").status,
      404);
  const auto set = Send(admin, "PUT", target, R"({"low": 10, "high": 60})");
  ASSERT_EQ(set.status, 200) << set.body;
  const auto after = GetAs(supervisor_, "/api/v1/dashboard/indicators?" + range).as_object();
  const auto& mw = after.at("items").as_array()[2].as_object();
  EXPECT_DOUBLE_EQ(mw.at("range").at("low").as_double(), 10.0);
  EXPECT_DOUBLE_EQ(mw.at("range").at("high").as_double(), 60.0);
  EXPECT_EQ(mw.at("status").as_string(), "above");  // 100.0 % against 10–60 %
  // An open upper end.
  ASSERT_EQ(Send(admin, "PUT", target, R"({"low": 10, "high": null})").status, 200);
  const auto open = GetAs(supervisor_, "/api/v1/dashboard/indicators?" + range).as_object();
  EXPECT_EQ(open.at("items").as_array()[2].at("status").as_string(), "within");
  EXPECT_TRUE(GetAs(admin, "/api/v1/dashboard/indicators?" + range)
                  .at("items")
                  .as_array()[0]
                  .at("can_edit_range")
                  .as_bool());
}

// The charts' figures are exact drill-downs: every age bucket and month equals the total of its
// cases_query, the buckets add up to the summary's pending and the months to its received and
// closed, and the stages' days come from the counters.
TEST_F(ReadsApiTest, DashboardChartFiguresEqualTheirCaseLists) {
  const Caller admin{"admin", {"Authorization: Bearer " + server_->token()}};
  for (const char* received : {"2022-03-01", "2023-05-20", "2023-12-10", "2024-01-15", "2024-04-30",
                               "2024-05-10", "2024-06-01"}) {
    Post("/api/v1/cases", {{"kind", "civil_first"},
                           {"agency_id", court_},
                           {"title", std::string("账龄测试 ") + received},
                           {"received_on", received}});
  }
  const int64_t closed = AssignedCase(court_, "当月结案", "summary", "2024-05-06");
  Take(admin, closed, "withdraw", "2024-05-28",
       {{"outcome", "withdrawal"}, {"document_number", "（2024）晋07民初1号之一"}});

  const std::string range = "from=2023-07-01&to=2024-06-03";
  const auto charts = GetAs(supervisor_, "/api/v1/dashboard/charts?" + range).as_object();
  const auto summary = GetAs(supervisor_, "/api/v1/dashboard/summary?" + range).as_object();
  auto total_of = [&](const json::value& fig) {
    const std::string q(fig.at("cases_query").as_string());
    return GetAs(supervisor_, q + "&limit=1").at("total").as_int64();
  };
  int64_t pending = 0;
  ASSERT_EQ(charts.at("age_buckets").as_array().size(), 6u);
  for (const auto& b : charts.at("age_buckets").as_array()) {
    EXPECT_EQ(b.at("value").as_int64(), total_of(b)) << b;
    pending += b.at("value").as_int64();
  }
  EXPECT_EQ(pending, summary.at("pending").at("value").as_int64());
  EXPECT_GT(pending, 0);
  // 2022-03-01 is over two years before 2024-06-03.
  EXPECT_EQ(charts.at("age_buckets").as_array().back().at("value").as_int64(), 1);

  int64_t received = 0, closed_sum = 0;
  const auto& months = charts.at("monthly").as_array();
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(months.front().at("month").as_string(), "2023-07");
  EXPECT_EQ(months.back().at("month").as_string(), "2024-06");
  for (const auto& m : months) {
    EXPECT_EQ(m.at("received").at("value").as_int64(), total_of(m.at("received"))) << m;
    EXPECT_EQ(m.at("closed").at("value").as_int64(), total_of(m.at("closed"))) << m;
    received += m.at("received").at("value").as_int64();
    closed_sum += m.at("closed").at("value").as_int64();
  }
  EXPECT_EQ(received, summary.at("received").at("value").as_int64());
  EXPECT_EQ(closed_sum, summary.at("closed").at("value").as_int64());
  EXPECT_EQ(closed_sum, 1);

  // The closed case left 已立案/审理 stages within the period: their mean days are counted.
  const auto& stages = charts.at("stage_days").as_array();
  ASSERT_FALSE(stages.empty());
  for (const auto& st : stages) {
    EXPECT_GT(st.at("exits").as_int64(), 0) << st;
    EXPECT_FALSE(st.at("stage_label").as_string().empty());
  }
  // The map: a case of the Yuci court counts in 榆次区; one of the intermediate court (a
  // city-level agency) counts where it took place, else under 市本级. Every division's figure is
  // its list's total, and they add up to the pending figure.
  Post("/api/v1/cases", {{"kind", "civil_first"},
                         {"agency_id", yuci_},
                         {"title", "榆次区法院的案件"},
                         {"received_on", "2024-06-01"}});
  Post("/api/v1/cases", {{"kind", "civil_first"},
                         {"agency_id", court_},
                         {"title", "发生在介休的案件"},
                         {"area_code", "140781"},
                         {"received_on", "2024-06-01"}});
  const auto mapped = GetAs(supervisor_, "/api/v1/dashboard/charts?" + range).as_object();
  const auto summary2 = GetAs(supervisor_, "/api/v1/dashboard/summary?" + range).as_object();
  std::map<std::string, int64_t> by_division;
  int64_t on_map = 0;
  for (const auto& d : mapped.at("map").as_array()) {
    EXPECT_EQ(d.at("value").as_int64(), total_of(d)) << d;
    by_division[std::string(d.at("division").as_string())] = d.at("value").as_int64();
    on_map += d.at("value").as_int64();
  }
  EXPECT_EQ(mapped.at("map").as_array().size(), 12u);
  EXPECT_EQ(on_map, summary2.at("pending").at("value").as_int64());
  EXPECT_EQ(by_division["榆次区"], 1);
  EXPECT_EQ(by_division["介休市"], 1);
  EXPECT_EQ(by_division["市本级"], on_map - 2);
  // Open cases by agency, kind and stage: each its list's total, together every open case.
  int64_t staged = 0;
  for (const auto& st : mapped.at("stages").as_array()) {
    EXPECT_EQ(st.at("value").as_int64(), total_of(st)) << st;
    EXPECT_FALSE(st.at("stage_label").as_string().empty());
    staged += st.at("value").as_int64();
  }
  EXPECT_EQ(staged, summary2.at("pending").at("value").as_int64());
  // The flow: an appeal of a Yuci judgment opens a second-instance case at the intermediate
  // court, which the flow counts once, by its kinds and agency types, as its list says.
  const int64_t first = AssignedCase(yuci_, "一审已结", "summary", "2024-05-06");
  Take(admin, first, "withdraw", "2024-05-30",
       {{"outcome", "withdrawal"}, {"document_number", "（2024）晋0702民初9号之一"}});
  const auto appeal = Send(admin, "POST", CasePath(first) + "/transfers",
                           json::serialize(json::object{{"type", "appeal"},
                                                        {"to_agency_id", court_},
                                                        {"kind", "civil_second"},
                                                        {"reason", "当事人不服提起上诉"}}));
  ASSERT_EQ(appeal.status, 201) << appeal.body;
  const auto flowing = GetAs(supervisor_, "/api/v1/dashboard/charts?" + range).as_object();
  const auto& flow = flowing.at("flow").as_array();
  ASSERT_EQ(flow.size(), 1u) << flowing;
  EXPECT_EQ(flow[0].at("type").as_string(), "appeal");
  EXPECT_EQ(flow[0].at("from_kind").as_string(), "civil_first");
  EXPECT_EQ(flow[0].at("to_kind").as_string(), "civil_second");
  EXPECT_EQ(flow[0].at("to_agency_type").as_string(), "court");
  EXPECT_EQ(flow[0].at("value").as_int64(), 1);
  EXPECT_EQ(total_of(flow[0]), 1);
  EXPECT_EQ(Send(supervisor_, "GET", "/api/v1/cases?via=handover").status, 400);
  EXPECT_EQ(Send(supervisor_, "GET", "/api/v1/cases?division=110000").status, 400);
  EXPECT_EQ(Send(supervisor_, "GET", "/api/v1/cases?stage=Trial%20X").status, 400);
  EXPECT_EQ(
      Send(supervisor_, "GET", "/api/v1/dashboard/charts?from=2024-07-01&to=2024-06-01").status,
      400);
}

// The monthly report downloads as a PDF whose text (pdftotext) carries the title, the scope and
// the figures, and as a workbook; a malformed or future period is refused naming the field.
TEST_F(ReadsApiTest, DashboardReportIsAPdfAndAWorkbook) {
  Post("/api/v1/cases", {{"kind", "civil_first"},
                         {"agency_id", court_},
                         {"title", "报告期内收案"},
                         {"received_on", "2024-05-20"}});
  const auto pdf =
      Send(supervisor_, "GET",
           "/api/v1/dashboard/report?period=2024-05&agency_id=" + std::to_string(court_) +
               "&include_sub=true");
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_NE(pdf.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
  ASSERT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  const std::string path = ::testing::TempDir() + "/shenguan-report-test.pdf";
  std::ofstream(path, std::ios::binary) << pdf.body;
  std::string text;
  if (FILE* f = popen(("pdftotext -layout " + path + " - 2>/dev/null").c_str(), "r")) {
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    pclose(f);
  }
  std::remove(path.c_str());
  EXPECT_NE(text.find("知识产权案件运行态势月报（2024年5月）"), std::string::npos) << text;
  EXPECT_NE(text.find("（含下级）"), std::string::npos) << text;
  EXPECT_NE(text.find("2024-05-01 至 2024-05-31"), std::string::npos) << text;
  // (-layout drops the spaces around the page number.)
  EXPECT_NE(text.find("第1页/共"), std::string::npos) << text;

  const auto xlsx = Send(supervisor_, "GET", "/api/v1/dashboard/report?period=2024-Q2&format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);
  for (const char* bad : {"period=2024-13", "period=2024-Q5", "period=2024-07", "format=pdf"}) {
    const auto r = Send(supervisor_, "GET", std::string("/api/v1/dashboard/report?") + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("\"field\":\"period\""), std::string::npos) << bad << r.body;
  }
  EXPECT_EQ(Send(supervisor_, "GET", "/api/v1/dashboard/report?period=2024-05&format=doc").status,
            400);
}

// GET /users, as the administration page and the handler pickers read it: filtered by role,
// login state and any part of a name, a page at a time by id, within the caller's agency scope;
// bad filters are refused naming the parameter.
TEST_F(ReadsApiTest, UsersAreFilteredAndPagedWithinTheScope) {
  std::vector<int64_t> clerks;
  for (int i = 1; i <= 5; ++i) {
    clerks.push_back(Post("/api/v1/users", {{"username", "zhang.clerk" + std::to_string(i)},
                                            {"display_name", "张书记员" + std::to_string(i)},
                                            {"agency_id", i == 5 ? yuci_ : court_},
                                            {"role", "clerk"},
                                            {"title", i == 2 ? "Senior Clerk" : "书记员"}})
                         .at("id")
                         .as_int64());
  }
  auto lock = server_->PostJson("/api/v1/users/" + std::to_string(clerks[0]) + "/lock", "{}");
  ASSERT_EQ(lock.status, 200) << lock.body;
  const Caller admin{"admin", {"Authorization: Bearer " + server_->token()}};
  const auto ids = [&](const std::string& query) {
    std::vector<int64_t> out;
    const auto page = GetAs(admin, "/api/v1/users?" + query);
    for (const auto& u : page.at("items").as_array()) out.push_back(u.at("id").as_int64());
    EXPECT_EQ(page.at("total").as_int64(), static_cast<int64_t>(out.size())) << query;
    return out;
  };
  const std::string court = std::to_string(court_);
  EXPECT_EQ(ids("q=ZHANG.CLERK"), clerks);  // ASCII in either case
  EXPECT_EQ(ids("q=%E4%B9%A6%E8%AE%B0%E5%91%98&role=clerk&agency_id=" + court),  // 书记员
            std::vector<int64_t>(clerks.begin(), clerks.begin() + 4));
  EXPECT_EQ(ids("q=senior"), std::vector<int64_t>{clerks[1]});  // the title
  EXPECT_EQ(ids("q=zhang&status=disabled"), std::vector<int64_t>{clerks[0]});
  EXPECT_EQ(ids("q=zhang&status=active"), std::vector<int64_t>(clerks.begin() + 1, clerks.end()));
  EXPECT_TRUE(ids("q=zhang&status=locked").empty());
  EXPECT_TRUE(ids("q=100%25").empty());  // % is a character, not a wildcard

  // Pages of two, followed to the end: every user once, by id, the same total on each page.
  const auto all = GetAs(admin, "/api/v1/users?limit=500");
  const int64_t total = all.at("total").as_int64();
  ASSERT_GE(total, 6);  // the judge and the five clerks: three pages at least
  std::vector<int64_t> paged;
  std::string cursor;
  for (int pages = 0; pages < 50; ++pages) {
    const auto page =
        GetAs(admin, "/api/v1/users?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    EXPECT_EQ(page.at("total").as_int64(), total);
    for (const auto& u : page.at("items").as_array()) paged.push_back(u.at("id").as_int64());
    if (page.at("next_cursor").is_null()) break;
    cursor = std::string(page.at("next_cursor").as_string());
  }
  ASSERT_EQ(static_cast<int64_t>(paged.size()), total);
  EXPECT_TRUE(std::is_sorted(paged.begin(), paged.end()));
  EXPECT_EQ(std::adjacent_find(paged.begin(), paged.end()), paged.end());

  // The county court's administrator sees its own people only.
  const Caller county = TokenCaller("agency_admin", yuci_);
  const auto theirs = GetAs(county, "/api/v1/users?q=zhang").at("items").as_array();
  ASSERT_EQ(theirs.size(), 1U);
  EXPECT_EQ(theirs[0].at("id").as_int64(), clerks[4]);

  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"role=nosuch", "role"},
           {"status=gone", "status"},
           {"limit=0", "limit"},
           {"cursor=zz", "cursor"},
           {"include_sub=maybe&agency_id=" + court, "include_sub"}}) {
    const auto refused = GetAs(admin, "/api/v1/users?" + query, 400);
    EXPECT_EQ(refused.at("error").at("field").as_string(), field) << query;
  }
}

}  // namespace
}  // namespace sg::apitest
