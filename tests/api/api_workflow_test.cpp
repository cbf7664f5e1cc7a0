// The statutory clock of a civil first-instance case as the court lives it: received, filed,
// assigned, served, suspended for a public notice, extended by the president, judged; alerts that
// rank the cases running out of time; a summary case converted to ordinary procedure; and the
// public deadline calculator. Every date below is worked out by hand in its comment, with the
// holidays of data/holidays-cn.json (民事诉讼法 第85条: the start day is not counted, and a period
// whose last day is a rest day ends on the next working day). Today is Monday 2024-06-03.
#include <algorithm>

#include "tests/api/api_fixture.h"

namespace sg::apitest {
namespace {

namespace json = boost::json;

// Meets the password policy: 10+ characters of three classes, containing no username below.
constexpr const char* kPassword = "Qiche-Xiang2024";

// Who acts: the extra headers that carry a token or a signed-in session.
struct Caller {
  std::vector<std::string> headers;
};

class WorkflowApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    court_ = AddMidCourt();
    clerk_ = TokenCaller("clerk");
    approver_ = TokenCaller("approver");
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
    auto login = HttpRequest(
        server_->port(), "POST", "/api/v1/auth/login",
        json::serialize(json::object{{"username", "wang.judge"}, {"password", kPassword}}),
        {"Content-Type: application/json"});
    ASSERT_EQ(login.status, 200) << login.body;
    const std::string cookie = login.Header("set-cookie");
    judge_ = {{"Cookie: " + cookie.substr(0, cookie.find(';')),
               "X-CSRF-Token: " + std::string(Parse(login).at("csrf_token").as_string())}};
  }

  Caller TokenCaller(const std::string& role) {
    auto t = Post("/api/v1/tokens", {{"name", role + " of the court"},
                                     {"role", role},
                                     {"agency_id", court_},
                                     {"rate_limit", 100000}});
    return {{"Authorization: Bearer " + std::string(t.at("token").as_string())}};
  }

  HttpResponse Send(const Caller& who, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    auto headers = who.headers;
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    return HttpRequest(server_->port(), method, target, body, headers);
  }

  // Takes an action effective on `on` and expects `status`; returns the reply.
  json::value Take(const Caller& who, int64_t id, const std::string& action, const std::string& on,
                   const json::object& fields, int status = 200) {
    auto r = Send(who, "POST", CasePath(id) + "/actions",
                  json::serialize(
                      json::object{{"action", action}, {"effective_on", on}, {"fields", fields}}));
    EXPECT_EQ(r.status, status) << action << " on " << on << ": " << r.body;
    return Parse(r);
  }

  // The items of a list, by value: safe to loop over.
  json::array Items(const std::string& target) { return GetJson(target).at("items").as_array(); }

  static std::string CasePath(int64_t id) { return "/api/v1/cases/" + std::to_string(id); }

  // The case's deadline `code` (of the party, when given) from GET deadlines.
  json::object Deadline(int64_t id, const std::string& code,
                        std::optional<int64_t> party = std::nullopt) {
    for (const auto& item : Items(CasePath(id) + "/deadlines")) {
      const auto& o = item.as_object();
      const bool party_matches =
          party ? o.at("party_id") == json::value(*party) : o.at("party_id").is_null();
      if (o.at("code") == json::value(code) && party_matches) return o;
    }
    ADD_FAILURE() << "case " << id << " has no deadline " << code;
    return {};
  }

  // A civil case filed under summary procedure on `filed_on`, assigned to the judge.
  int64_t SummaryCase(const std::string& title, const std::string& filed_on) {
    return Post("/api/v1/cases", {{"kind", "civil_first"},
                                  {"agency_id", court_},
                                  {"title", title},
                                  {"procedure", "summary"},
                                  {"received_on", filed_on},
                                  {"filed_on", filed_on},
                                  {"handler_id", judge_id_}})
        .at("id")
        .as_int64();
  }

  int64_t court_ = 0, judge_id_ = 0;
  Caller clerk_, approver_, judge_;
};

TEST_F(WorkflowApiTest, CivilFirstInstanceFromReceiptToJudgment) {
  // Tuesday 2024-01-02: the clerk receives a complaint of 张伟 against a company.
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
  EXPECT_EQ(created.at("stage"), "received");
  EXPECT_EQ(created.at("status"), "received");
  EXPECT_TRUE(created.at("case_number").is_null());
  const int64_t plaintiff = created.at("parties").at(0).at("party_id").as_int64();
  const int64_t defendant = created.at("parties").at(1).at("party_id").as_int64();
  // 7 days to decide on filing (民事诉讼法 第126条): 01-02 + 7 = Tuesday 01-09.
  auto review = Deadline(id, "filing_review");
  EXPECT_EQ(review.at("start"), "2024-01-02");
  EXPECT_EQ(review.at("due"), "2024-01-09");

  // Friday 01-05: filed under ordinary procedure, within the 7 days; the case gets its number,
  // with 知 for an IP trial.
  auto filed = Take(clerk_, id, "file", "2024-01-05", {{"procedure", "ordinary"}});
  EXPECT_EQ(filed.at("case").at("stage"), "filed");
  EXPECT_EQ(filed.at("case").at("status"), "filed");
  EXPECT_EQ(filed.at("case").at("filed_on"), "2024-01-05");
  EXPECT_EQ(filed.at("case").at("case_number"), "（2024）晋07知民初1号");
  review = Deadline(id, "filing_review");
  EXPECT_EQ(review.at("status"), "met");
  EXPECT_EQ(review.at("stopped_on"), "2024-01-05");
  // 5 days to serve the complaint (第128条): 01-05 + 5 = Wednesday 01-10.
  EXPECT_EQ(Deadline(id, "serve_complaint").at("due"), "2024-01-10");
  // 6 months of ordinary procedure (第152条): 2024-07-05, a Friday and no holiday, as the
  // calculator confirms, so it stays.
  auto trial = Deadline(id, "trial_ordinary");
  EXPECT_EQ(trial.at("start"), "2024-01-05");
  EXPECT_EQ(trial.at("due"), "2024-07-05");
  EXPECT_EQ(trial.at("provisional"), false);
  auto period = GetJson("/api/v1/calendar/period?start=2024-01-05&length=6&unit=months");
  EXPECT_EQ(period.at("due"), "2024-07-05");
  EXPECT_TRUE(period.at("moved_from").is_null()) << "2024-07-05 is a working day";

  // Monday 01-08: the case goes to 王法官; from now on he sees it.
  auto assigned = Take(clerk_, id, "assign_handler", "2024-01-08", {{"handler_id", judge_id_}});
  EXPECT_EQ(assigned.at("case").at("stage"), "trial");
  EXPECT_EQ(assigned.at("case").at("handler_id"), judge_id_);
  EXPECT_EQ(Send(judge_, "GET", path).status, 200);

  // Tuesday 01-09: the complaint reaches the defendant by post, within the 5 days. The defendant
  // has 15 days to answer from its own service: 01-09 + 15 = Wednesday 01-24. The plaintiff was
  // not served and has no answer period.
  Take(clerk_, id, "serve_complaint", "2024-01-09",
       {{"party_id", defendant}, {"served_on", "2024-01-09"}, {"method", "post"}});
  EXPECT_EQ(Deadline(id, "serve_complaint").at("status"), "met");
  auto answer = Deadline(id, "answer", defendant);
  EXPECT_EQ(answer.at("start"), "2024-01-09");
  EXPECT_EQ(answer.at("due"), "2024-01-24");
  for (const auto& item : Items(path + "/deadlines")) {
    EXPECT_NE(item.at("party_id"), json::value(plaintiff)) << item;
  }

  // Thursday 02-01 to Friday 03-01: a summons is served by public notice (公告), a period the
  // trial limit does not count (民诉法解释 第243条). While it lasts the limit stands still.
  Take(judge_, id, "start_suspension", "2024-02-01",
       {{"suspension_kind", "public_notice"},
        {"reason", "被告法定代表人下落不明，公告送达开庭传票"}});
  EXPECT_EQ(Deadline(id, "trial_ordinary").at("status"), "suspended");
  Take(judge_, id, "end_suspension", "2024-03-01", {{"suspension_kind", "public_notice"}});
  // Both ends count: 29 days of February 2024 and March 1st make 30 days, so the limit moves
  // from 07-05 to 08-04, a Sunday, and ends on Monday 08-05.
  trial = Deadline(id, "trial_ordinary");
  EXPECT_EQ(trial.at("status"), "running");
  EXPECT_EQ(trial.at("due"), "2024-08-05");
  ASSERT_EQ(trial.at("suspensions").as_array().size(), 1u);
  EXPECT_EQ(trial.at("suspensions").at(0).at("kind"), "public_notice");
  EXPECT_EQ(trial.at("suspensions").at(0).at("start"), "2024-02-01");
  EXPECT_EQ(trial.at("suspensions").at(0).at("end"), "2024-03-01");

  // Monday 05-20: the judge asks the president for 7 more months. The president may add at most
  // 6 (第152条), so the request is refused and nothing changes.
  const auto deadlines_before = GetJson(path + "/deadlines");
  const auto case_before = server_->Get(path);
  auto too_long = Send(judge_, "POST", path + "/actions",
                       json::serialize(json::object{{"action", "request_extension"},
                                                    {"effective_on", "2024-05-20"},
                                                    {"fields",
                                                     {{"deadline", "trial_ordinary"},
                                                      {"length", 7},
                                                      {"reason", "案情复杂，需委托技术鉴定"}}}}));
  EXPECT_EQ(too_long.status, 400) << too_long.body;
  EXPECT_EQ(Code(too_long), "invalid_field");
  EXPECT_EQ(Field(too_long), "fields.length");
  EXPECT_EQ(GetJson(path + "/deadlines"), deadlines_before);
  const auto case_after = server_->Get(path);
  EXPECT_EQ(case_after.body, case_before.body);
  EXPECT_EQ(case_after.Header("etag"), case_before.Header("etag"));

  // The same day he asks for 6 months, well before 15 days ahead of the due date (07-21): on
  // time, no warning, and nothing moves until the president decides.
  auto asked = Take(judge_, id, "request_extension", "2024-05-20",
                    {{"deadline", "trial_ordinary"}, {"length", 6}, {"reason", "案情复杂"}});
  EXPECT_TRUE(asked.at("warnings").as_array().empty()) << asked.at("warnings");
  trial = Deadline(id, "trial_ordinary");
  EXPECT_EQ(trial.at("due"), "2024-08-05");
  ASSERT_EQ(trial.at("extensions").as_array().size(), 1u);
  EXPECT_EQ(trial.at("extensions").at(0).at("status"), "pending");
  EXPECT_EQ(trial.at("extensions").at(0).at("late"), false);

  // Monday 05-27: the approver grants it. 12 months from 01-05 is 2025-01-05, plus the 30 days of
  // the notice 2025-02-04, the last day of the Spring Festival holiday (01-28 to 02-04): the
  // limit ends on Wednesday 2025-02-05, six months after 2024-08-05.
  Take(approver_, id, "decide_extension", "2024-05-27",
       {{"approved", true}, {"reason", "同意延长六个月"}});
  trial = Deadline(id, "trial_ordinary");
  EXPECT_EQ(trial.at("due"), "2025-02-05");
  EXPECT_EQ(trial.at("total"), 12);
  EXPECT_EQ(trial.at("extensions").at(0).at("status"), "granted");
  EXPECT_EQ(trial.at("extensions").at(0).at("decided_on"), "2024-05-27");
  EXPECT_EQ(trial.at("level"), "normal");

  // Today the trial limit is far off. The defendant never answered, but the answer period is
  // the party's time, not the court's: it raises no alert and does not make the case overdue.
  const auto case_now = GetJson(path);
  EXPECT_EQ(case_now.at("deadline").at("due"), "2025-02-05") << case_now.at("deadline");
  EXPECT_EQ(case_now.at("deadline").at("level"), "normal");
  for (const auto& alert : Items("/api/v1/alerts")) {
    EXPECT_NE(alert.at("case_id"), json::value(id)) << alert;
  }

  // Monday 06-03: judgment. A judgment needs its outcome and its document number; a request
  // without either is refused and changes nothing.
  auto refused =
      Take(judge_, id, "judge", "2024-06-03", {{"document_number", "（2024）晋07知民初1号"}}, 400);
  EXPECT_EQ(refused.at("error").at("field"), "fields.outcome");
  refused = Take(judge_, id, "judge", "2024-06-03", {{"outcome", "judgment"}}, 400);
  EXPECT_EQ(refused.at("error").at("field"), "fields.document_number");
  EXPECT_EQ(GetJson(path).at("version"), case_now.at("version"));
  auto judged = Take(judge_, id, "judge", "2024-06-03",
                     {{"outcome", "judgment"},
                      {"document_number", "（2024）晋07知民初1号"},
                      {"awarded_amount_fen", 5000000}});
  const auto& closed = judged.at("case");
  EXPECT_EQ(closed.at("stage"), "closed");
  EXPECT_EQ(closed.at("status"), "closed");
  EXPECT_EQ(closed.at("outcome"), "judgment");
  EXPECT_EQ(closed.at("document_number"), "（2024）晋07知民初1号");
  EXPECT_EQ(closed.at("awarded_amount_fen"), 5000000);
  EXPECT_EQ(closed.at("closed_on"), "2024-06-03");
  // The trial limit is met the day of the judgment, and no deadline of the case runs on.
  trial = Deadline(id, "trial_ordinary");
  EXPECT_EQ(trial.at("status"), "met");
  EXPECT_EQ(trial.at("stopped_on"), "2024-06-03");
  for (const auto& item : Items(path + "/deadlines")) {
    EXPECT_NE(item.at("status"), "running") << item;
    EXPECT_NE(item.at("status"), "suspended") << item;
  }

  // The case's history names each act in order; the refused ones left no trace.
  std::vector<std::string> types;
  for (const auto& e : Items(path + "/events")) {
    types.emplace_back(e.at("type").as_string());
  }
  EXPECT_EQ(types, (std::vector<std::string>{"created", "file", "assign_handler", "serve_complaint",
                                             "start_suspension", "end_suspension",
                                             "request_extension", "decide_extension", "judge"}));
}

TEST_F(WorkflowApiTest, AlertsPutTheMostOverdueFirstAndNameWhoMustAct) {
  // Three summary cases (3 months, 民事诉讼法 第164条), none served yet:
  //  - filed Thursday 02-01: due 05-01, Labour Day (05-01 to 05-05), so Monday 05-06; overdue by
  //    28 days;
  //  - filed Tuesday 03-05: due Wednesday 06-05, 2 days left: near, and with 5 days or fewer
  //    left it goes to the president;
  //  - filed Wednesday 03-20: due Thursday 06-20, 17 days left. Of its 92 days more than ⅔
  //    (61⅓) are used from day 62, 05-21: near, for the judge.
  // The complaint of each should have been served within 5 days of filing (第128条), so those
  // limits are overdue too: 02-01 + 5 = Tuesday 02-06; 03-05 + 5 = Sunday 03-10, so Monday
  // 03-11; 03-20 + 5 = Monday 03-25.
  const int64_t overdue = SummaryCase("某甲诉某乙侵害商标权纠纷", "2024-02-01");
  const int64_t urgent = SummaryCase("某丙诉某丁侵害著作权纠纷", "2024-03-05");
  const int64_t near = SummaryCase("某戊诉某己不正当竞争纠纷", "2024-03-20");
  // A case filed today is nowhere near its limits.
  SummaryCase("某庚诉某辛侵害外观设计专利权纠纷", "2024-06-03");

  struct Expected {
    int64_t case_id;
    const char* deadline;
    const char* due;
    int64_t days_left;
    const char* level;
    const char* notify;
  };
  const std::vector<Expected> expected = {
      {overdue, "serve_complaint", "2024-02-06", -118, "overdue", "approver"},
      {urgent, "serve_complaint", "2024-03-11", -84, "overdue", "approver"},
      {near, "serve_complaint", "2024-03-25", -70, "overdue", "approver"},
      {overdue, "trial_summary", "2024-05-06", -28, "overdue", "approver"},
      {urgent, "trial_summary", "2024-06-05", 2, "near", "approver"},
      {near, "trial_summary", "2024-06-20", 17, "near", "handler"},
  };
  const auto check = [&](const json::array& items, const std::vector<Expected>& want) {
    ASSERT_EQ(items.size(), want.size()) << items;
    for (size_t i = 0; i < want.size(); ++i) {
      SCOPED_TRACE(i);
      EXPECT_EQ(items[i].at("case_id"), want[i].case_id);
      EXPECT_EQ(items[i].at("deadline"), want[i].deadline);
      EXPECT_EQ(items[i].at("due"), want[i].due);
      EXPECT_EQ(items[i].at("days_left"), want[i].days_left);
      EXPECT_EQ(items[i].at("level"), want[i].level);
      EXPECT_EQ(items[i].at("notify"), want[i].notify);
      EXPECT_EQ(items[i].at("handler_name"), "王法官");
      EXPECT_EQ(items[i].at("agency_id"), court_);
    }
  };
  check(GetJson("/api/v1/alerts").at("items").as_array(), expected);

  // Page by page, the same list.
  auto first = GetJson("/api/v1/alerts?limit=4");
  check(first.at("items").as_array(), {expected.begin(), expected.begin() + 4});
  ASSERT_TRUE(first.at("next_cursor").is_string());
  auto rest =
      GetJson("/api/v1/alerts?limit=4&cursor=" + std::string(first.at("next_cursor").as_string()));
  check(rest.at("items").as_array(), {expected.begin() + 4, expected.end()});
  EXPECT_TRUE(rest.at("next_cursor").is_null());

  // Filtered by level: the ones still within their limit, or those past it.
  check(GetJson("/api/v1/alerts?level=near").at("items").as_array(),
        {expected.begin() + 4, expected.end()});
  check(GetJson("/api/v1/alerts?level=overdue").at("items").as_array(),
        {expected.begin(), expected.begin() + 4});

  // The judge sees the alerts of his own cases.
  auto mine = Send(judge_, "GET", "/api/v1/alerts");
  ASSERT_EQ(mine.status, 200) << mine.body;
  check(Parse(mine).at("items").as_array(), expected);
}

TEST_F(WorkflowApiTest, ConvertingSummaryToOrdinaryKeepsTheFilingDate) {
  // Filed under summary procedure on Thursday 02-01 (due 05-06); on Monday 04-15, before that
  // limit ran out, the judge turns it into an ordinary case. The limit then counts from the
  // filing, not the conversion (民诉法解释 第258条): 6 months from 02-01 is Thursday 08-01.
  const int64_t id = SummaryCase("某甲诉某乙侵害发明专利权纠纷", "2024-02-01");
  EXPECT_EQ(Deadline(id, "trial_summary").at("due"), "2024-05-06");
  auto converted = Take(judge_, id, "convert_procedure", "2024-04-15",
                        {{"procedure", "ordinary"}, {"reason", "案情复杂，需要鉴定"}});
  EXPECT_EQ(converted.at("case").at("procedure"), "ordinary");
  EXPECT_EQ(converted.at("case").at("stage"), "filed");
  std::vector<std::string> codes;
  for (const auto& item : converted.at("deadlines").as_array()) {
    codes.emplace_back(item.at("code").as_string());
  }
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "trial_summary"), 0)
      << "the summary limit no longer applies";
  auto trial = Deadline(id, "trial_ordinary");
  EXPECT_EQ(trial.at("start"), "2024-02-01");
  EXPECT_EQ(trial.at("due"), "2024-08-01");
  // 182 days from 02-01 to 08-01; more than ⅔ (121⅓) of them are used from day 122, 06-02:
  // the case is near today, for the judge, with 59 days left.
  EXPECT_EQ(trial.at("near_on"), "2024-06-02");
  EXPECT_EQ(trial.at("level"), "near");
  bool listed = false;
  for (const auto& alert : Items("/api/v1/alerts?kind=civil_first")) {
    if (alert.at("case_id") != json::value(id) || alert.at("deadline") != "trial_ordinary") {
      continue;
    }
    listed = true;
    EXPECT_EQ(alert.at("due"), "2024-08-01");
    EXPECT_EQ(alert.at("days_left"), 59);
    EXPECT_EQ(alert.at("level"), "near");
    EXPECT_EQ(alert.at("notify"), "handler");
  }
  EXPECT_TRUE(listed);
  // Already ordinary: converting again is a conflict.
  Take(judge_, id, "convert_procedure", "2024-04-16",
       {{"procedure", "ordinary"}, {"reason", "重复"}}, 409);
}

TEST_F(WorkflowApiTest, CorrectingTheFilingDateMovesTheLimitsThatRunFromIt) {
  // Filed under summary procedure on 02-01 (3 months: 05-01 is Labour Day, due Mon 05-06). The
  // clerk finds the ruling to file was dated Tuesday 02-20: the limit runs from that act, due
  // Monday 05-20 (民诉法 第85条: the period runs from the act, its first day not counted).
  const int64_t id = SummaryCase("某丙诉某丁侵害商标权纠纷", "2024-02-01");
  EXPECT_EQ(Deadline(id, "trial_summary").at("due"), "2024-05-06");
  auto patch = server_->Request("PATCH", CasePath(id), R"({"filed_on": "2024-02-20"})",
                                {"Content-Type: application/merge-patch+json", "If-Match: *"});
  ASSERT_EQ(patch.status, 200) << patch.body;
  const auto trial = Deadline(id, "trial_summary");
  EXPECT_EQ(trial.at("start"), "2024-02-20");
  EXPECT_EQ(trial.at("due"), "2024-05-20");
  // Every limit that ran from the filing moved: serving the complaint (5 days, 民诉法 第128条)
  // is now due Sunday 02-25 → Monday 02-26, and is the case's earliest running deadline.
  EXPECT_EQ(Deadline(id, "serve_complaint").at("due"), "2024-02-26");
  EXPECT_EQ(Parse(patch).at("deadline").at("due"), "2024-02-26");
}

TEST_F(WorkflowApiTest, DeadlineCalculatorAnswersAnyoneWithTheLegalExamples) {
  // time-limits.md: a complaint received on Friday 2024-02-02 must be decided within 7 working
  // days: 02-04 (a Sunday worked for the Spring Festival), 02-05 to 02-09, then 02-18 (a Sunday
  // worked after the holiday).
  auto r = HttpRequest(server_->port(), "GET",
                       "/api/v1/calendar/period?start=2024-02-02&length=7&unit=working_days&"
                       "rest_day_rule=none");
  ASSERT_EQ(r.status, 200) << r.body;
  auto p = Parse(r);
  EXPECT_EQ(p.at("due"), "2024-02-18");
  EXPECT_EQ(p.at("provisional"), false);
  EXPECT_TRUE(p.at("moved_from").is_null());
  // time-limits.md: 2024-08-31 plus 6 months ends on the last day of February 2025, a Friday.
  r = HttpRequest(server_->port(), "GET",
                  "/api/v1/calendar/period?start=2024-08-31&length=6&unit=months");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r).at("due"), "2025-02-28");
  // Labour Day: 3 months from 2024-02-01 end on 05-01, a holiday, moved to Monday 05-06.
  r = HttpRequest(server_->port(), "GET",
                  "/api/v1/calendar/period?start=2024-02-01&length=3&unit=months");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r).at("due"), "2024-05-06");
  EXPECT_EQ(Parse(r).at("moved_from"), "2024-05-01");
}

}  // namespace
}  // namespace sg::apitest
