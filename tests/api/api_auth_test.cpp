// Who may call what, as a user or another system sees it: credentials on every private route,
// browser sessions with their CSRF token, the first-login password change, lockout, TOTP,
// session expiry, token revocation, masking of personal data, and the tamper-evident audit log.
#include <fstream>

#include "auth/crypto.h"
#include "base/civil_time.h"
#include "tests/api/api_fixture.h"

namespace sg::apitest {
namespace {

namespace json = boost::json;

// Clock readings after kNow (09:00 China time), for restarting the server later in the day.
constexpr const char* k0916 = "2024-06-03T09:16:00+08:00";
constexpr const char* k0925 = "2024-06-03T09:25:00+08:00";
constexpr const char* k0931 = "2024-06-03T09:31:00+08:00";
constexpr const char* k0950 = "2024-06-03T09:50:00+08:00";
constexpr const char* k2104 = "2024-06-03T21:04:00+08:00";
constexpr const char* k2105 = "2024-06-03T21:05:00+08:00";

// Meets the password policy: 10+ characters of three classes, containing no username below.
constexpr const char* kPassword = "Qiche-Xiang2024";
// identifiers.md: a valid resident ID number (born 1949-12-31) and its masked form.
constexpr const char* kIdNumber = "11010519491231002X";
constexpr const char* kMaskedIdNumber = "110105********002X";

// A signed-in browser: the cookie it sends back, and the CSRF token its writes must echo.
struct Session {
  std::string cookie;  // "sg_session=…"
  std::string csrf;
};

class AuthApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    court_ = AddMidCourt();
  }

  // `shenguan user add`, as an administrator sets up an account.
  void AddUser(const std::string& name, const std::string& role, int64_t agency,
               bool must_change_password = false) {
    const auto file = dir_ / (name + ".password");
    std::ofstream(file) << kPassword << "\n";
    std::vector<std::string> args{"user", "add", name, "--role", role};
    args.insert(args.end(), {"--agency-id", std::to_string(agency), "--password-file",
                             file.string(), "--db", db_url_});
    if (!must_change_password) args.push_back("--no-force-change");
    std::string out;
    ASSERT_EQ(RunShenguan(args, &out), 0) << out;
  }

  HttpResponse Login(const std::string& user, const std::string& password,
                     const std::string& totp = "") const {
    json::object body{{"username", user}, {"password", password}};
    if (!totp.empty()) body["totp"] = totp;
    return HttpRequest(server_->port(), "POST", "/api/v1/auth/login", json::serialize(body),
                       {"Content-Type: application/json"});
  }
  static Session SessionOf(const HttpResponse& login) {
    const std::string set_cookie = login.Header("set-cookie");
    Session s{set_cookie.substr(0, set_cookie.find(';')), ""};
    if (login.status == 200) s.csrf = std::string(Parse(login).at("csrf_token").as_string());
    return s;
  }
  Session SignIn(const std::string& user, const std::string& password = kPassword) const {
    auto r = Login(user, password);
    EXPECT_EQ(r.status, 200) << r.body;
    return SessionOf(r);
  }

  // A request from the browser holding `s`, with exactly the extra `headers` given.
  HttpResponse Call(const Session& s, const std::string& method, const std::string& target,
                    const std::string& body = "", std::vector<std::string> headers = {}) const {
    headers.push_back("Cookie: " + s.cookie);
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    return HttpRequest(server_->port(), method, target, body, headers);
  }
  // A write as the web app sends it, with the session's CSRF token.
  HttpResponse Write(const Session& s, const std::string& method, const std::string& target,
                     const std::string& body = "") const {
    return Call(s, method, target, body, {"X-CSRF-Token: " + s.csrf});
  }

  // Stops the server and starts a new one on the same database with its clock at `now`.
  void Restart(const std::string& now) {
    const std::string token = server_->token();
    server_.reset();
    server_ = std::make_unique<ServerProcess>(db_url_, now);
    server_->SetToken(token);
  }

  // The server's clock in Unix seconds, as /healthz reports it (kNow plus the real time since
  // the server started).
  int64_t ServerUnixSeconds() {
    auto now = ParseTimestamp(GetJson("/healthz").at("now").as_string());
    EXPECT_TRUE(now.has_value());
    return now.value_or(0) / 1000;
  }

  // Audit entries matching `query`, newest first, read by the administrator.
  json::array AuditEntries(const std::string& query) {
    return GetJson("/api/v1/audit?limit=500&" + query).at("items").as_array();
  }

  json::object CivilCase(int64_t agency) const {
    return {{"kind", "civil_first"},
            {"agency_id", agency},
            {"title", "侵害商标权纠纷"},
            {"received_on", "2024-05-20"},
            {"filed_on", "2024-05-22"}};
  }

  int64_t court_ = 0;
};

TEST_F(AuthApiTest, PrivateRoutesAnswer401WithoutValidCredentials) {
  const std::vector<std::pair<std::string, std::string>> private_routes = {
      {"GET", "/api/v1/cases"},   {"GET", "/api/v1/cases/1"},      {"POST", "/api/v1/cases"},
      {"GET", "/api/v1/users"},   {"GET", "/api/v1/audit"},        {"GET", "/api/v1/auth/me"},
      {"GET", "/api/v1/parties"}, {"POST", "/api/v1/auth/logout"}, {"GET", "/api/v1/tokens"}};
  const std::vector<std::vector<std::string>> bad_credentials = {
      {},
      {"Authorization: Bearer sg_this-token-was-never-issued"},
      {"Cookie: sg_session=garbage"},
      {"Authorization: Basic YWRtaW46YWRtaW4="},  // admin:admin, a scheme the server ignores
  };
  for (const auto& [method, target] : private_routes) {
    for (const auto& credentials : bad_credentials) {
      std::vector<std::string> headers = credentials;
      headers.push_back("Content-Type: application/json");
      auto r = HttpRequest(server_->port(), method, target, method == "POST" ? "{}" : "", headers);
      const std::string what =
          method + " " + target + " with [" + (credentials.empty() ? "" : credentials[0]) + "]";
      EXPECT_EQ(r.status, 401) << what << " " << r.body;
      if (r.status == 401) {
        EXPECT_EQ(Code(r), "unauthenticated") << what;
      }
    }
  }
  EXPECT_EQ(GetJson("/api/v1/cases").at("total"), 0) << "nothing was created on the way";

  // Public routes answer anyone, and a stale cookie or token does not lock a visitor out.
  for (const std::string target :
       {"/healthz", "/api/v1/dict", "/api/v1/validate/uscc?value=91110000802100433B"}) {
    for (const auto& credentials : bad_credentials) {
      auto r = HttpRequest(server_->port(), "GET", target, "", credentials);
      EXPECT_EQ(r.status, 200) << target << " " << r.body;
    }
  }
}

TEST_F(AuthApiTest, BrowserSessionIsAnHttpOnlyCookieAndWritesNeedTheCsrfToken) {
  AddUser("wang.clerk", "clerk", court_);
  auto wrong = Login("wang.clerk", "Not-The-Password-1");
  EXPECT_EQ(wrong.status, 401);
  auto unknown = Login("nobody.here", kPassword);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(json::serialize(Parse(unknown).at("error").at("message")),
            json::serialize(Parse(wrong).at("error").at("message")))
      << "an unknown name and a wrong password must look alike";
  EXPECT_TRUE(wrong.Header("set-cookie").empty());

  auto login = Login("wang.clerk", kPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string set_cookie = login.Header("set-cookie");
  EXPECT_TRUE(set_cookie.starts_with("sg_session=")) << set_cookie;
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Path=/"), std::string::npos) << set_cookie;
  auto body = Parse(login);
  EXPECT_EQ(body.at("role"), "clerk");
  EXPECT_EQ(body.at("must_change_password"), false);
  EXPECT_EQ(body.at("totp_enrolment_required"), false);
  const Session s = SessionOf(login);
  ASSERT_GE(s.csrf.size(), 16u);
  EXPECT_EQ(set_cookie.find(s.csrf), std::string::npos) << "the CSRF token is not the cookie";

  auto me = Call(s, "GET", "/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Parse(me).at("user").at("username"), "wang.clerk");
  EXPECT_EQ(Parse(me).at("agency_id"), court_);
  EXPECT_EQ(Parse(me).at("csrf_token").as_string(), s.csrf);

  // A cross-site form can carry the cookie but cannot know the token.
  const std::string new_case = json::serialize(CivilCase(court_));
  auto r = Call(s, "POST", "/api/v1/cases", new_case);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(Code(r), "forbidden");
  r = Call(s, "POST", "/api/v1/cases", new_case, {"X-CSRF-Token: " + s.csrf + "x"});
  EXPECT_EQ(r.status, 403) << r.body;
  r = Call(s, "POST", "/api/v1/cases", new_case, {"X-CSRF-Token: "});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(GetJson("/api/v1/cases").at("total"), 0) << "refused writes store nothing";
  r = Write(s, "POST", "/api/v1/cases", new_case);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(GetJson("/api/v1/cases").at("total"), 1);

  r = Call(s, "POST", "/api/v1/auth/logout");
  EXPECT_EQ(r.status, 403) << "logging out is a write too: " << r.body;
  r = Write(s, "POST", "/api/v1/auth/logout");
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_NE(r.Header("set-cookie").find("Max-Age=0"), std::string::npos) << r.Header("set-cookie");
  EXPECT_EQ(Call(s, "GET", "/api/v1/auth/me").status, 401);
  EXPECT_EQ(Call(s, "GET", "/api/v1/cases").status, 401);
}

TEST_F(AuthApiTest, FirstLoginMustChangeThePasswordBeforeAnythingElse) {
  AddUser("zhao.new", "clerk", court_, /*must_change_password=*/true);
  auto login = Login("zhao.new", kPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(Parse(login).at("must_change_password"), true);
  const Session s = SessionOf(login);
  const Session elsewhere = SignIn("zhao.new");  // the same account on another computer
  auto r = Call(s, "GET", "/api/v1/cases");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(Code(r), "forbidden");
  EXPECT_EQ(Call(s, "GET", "/api/v1/auth/me").status, 200) << "the user may still see who it is";

  auto change = [&](const std::string& current, const std::string& next) {
    return Write(
        s, "POST", "/api/v1/auth/password",
        json::serialize(json::object{{"current_password", current}, {"new_password", next}}));
  };
  for (const std::string weak : {
           "Sh0rt-pw",              // 8 characters
           "onlylowercaseletters",  // one class
           "abcdefghij1234567890",  // two classes
           "Zhao.New-2024x",        // contains the username
           "Qiche-Xiang2024",       // the current password
       }) {
    r = change(kPassword, weak);
    EXPECT_EQ(r.status, 400) << weak << " " << r.body;
    EXPECT_EQ(Field(r), "new_password") << weak;
  }
  r = change("Wrong-Current-1", "Dengji-Yuan#2024");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Field(r), "current_password");
  EXPECT_EQ(Call(s, "GET", "/api/v1/cases").status, 403) << "refused changes change nothing";

  r = change(kPassword, "Dengji-Yuan#2024");
  ASSERT_EQ(r.status, 204) << r.body;
  r = Call(s, "GET", "/api/v1/cases");
  EXPECT_EQ(r.status, 200) << "the session goes on with the new password: " << r.body;
  EXPECT_EQ(Parse(Call(s, "GET", "/api/v1/auth/me")).at("must_change_password"), false);
  EXPECT_EQ(Call(elsewhere, "GET", "/api/v1/auth/me").status, 401)
      << "a password change ends the account's other sessions";
  EXPECT_EQ(Login("zhao.new", kPassword).status, 401) << "the initial password is gone";
  EXPECT_EQ(Login("zhao.new", "Dengji-Yuan#2024").status, 200);
}

TEST_F(AuthApiTest, FiveWrongPasswordsLockTheAccountForFifteenMinutes) {
  AddUser("sun.clerk", "clerk", court_);
  for (int i = 1; i <= 5; ++i) {
    auto r = Login("sun.clerk", "Guessing-Pw" + std::to_string(i));
    EXPECT_EQ(r.status, 401) << "attempt " << i << ": " << r.body;
  }
  auto r = Login("sun.clerk", kPassword);
  EXPECT_EQ(r.status, 401) << "locked even with the right password: " << r.body;
  const std::string message(Parse(r).at("error").at("message").as_string());
  EXPECT_NE(message.find("锁定"), std::string::npos) << message;
  EXPECT_TRUE(r.Header("set-cookie").empty());

  // The security officer sees each failure and where it came from.
  const auto failures = AuditEntries("action=login.failure");
  int for_user = 0;
  for (const auto& e : failures) {
    if (e.at("actor_name") != "sun.clerk") continue;
    ++for_user;
    EXPECT_EQ(e.at("ip"), "127.0.0.1") << json::serialize(e);
    EXPECT_EQ(e.at("outcome"), "failure");
  }
  EXPECT_GE(for_user, 5);
  EXPECT_EQ(AuditEntries("action=account.lock").size(), 1u);

  Restart(k0916);
  r = Login("sun.clerk", kPassword);
  EXPECT_EQ(r.status, 200) << "the lock ends after 15 minutes: " << r.body;
}

TEST_F(AuthApiTest, AnAdministratorsLockEndsTheSessionAtOnce) {
  AddUser("wu.clerk", "clerk", court_);
  const Session s = SignIn("wu.clerk");
  auto me = Call(s, "GET", "/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  const std::string user =
      "/api/v1/users/" + std::to_string(Parse(me).at("user").at("id").as_int64());
  Post(user + "/lock", json::object{}, 200);
  EXPECT_EQ(Call(s, "GET", "/api/v1/cases").status, 401) << "no grace period";
  EXPECT_EQ(Login("wu.clerk", kPassword).status, 401);
  Post(user + "/unlock", json::object{}, 200);
  EXPECT_EQ(Login("wu.clerk", kPassword).status, 200);
}

TEST_F(AuthApiTest, ApproversMustEnrolTotpAndACodeWorksOnlyOnce) {
  AddUser("qian.approver", "approver", court_);
  auto login = Login("qian.approver", kPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(Parse(login).at("totp_enrolment_required"), true);
  const Session s = SessionOf(login);
  auto r = Call(s, "GET", "/api/v1/cases");
  EXPECT_EQ(r.status, 403) << r.body;

  r = Write(s, "POST", "/api/v1/auth/totp/enrol");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string secret(Parse(r).at("secret").as_string());
  EXPECT_TRUE(Parse(r).at("uri").as_string().starts_with("otpauth://totp/"));
  const int64_t now = ServerUnixSeconds();
  r = Write(s, "POST", "/api/v1/auth/totp/confirm",
            json::serialize(json::object{{"code", auth::TotpCode(secret, now - 3600)}}));
  EXPECT_EQ(r.status, 400) << "an hour-old code: " << r.body;
  EXPECT_EQ(Field(r), "code");
  // The code of the current 30-second step; the server allows one step of drift either way.
  r = Write(s, "POST", "/api/v1/auth/totp/confirm",
            json::serialize(json::object{{"code", auth::TotpCode(secret, now)}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r).at("totp_enabled"), true);
  EXPECT_EQ(Call(s, "GET", "/api/v1/cases").status, 200) << "enrolled: the work can begin";

  r = Login("qian.approver", kPassword);
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(Field(r), "totp");
  EXPECT_TRUE(r.Header("set-cookie").empty());
  // The code confirmed above is spent; the next step's code is the one an app shows next.
  const std::string next = auth::TotpCode(secret, now + auth::kTotpStepSeconds);
  r = Login("qian.approver", kPassword, next);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r).at("totp_enrolment_required"), false);
  r = Login("qian.approver", kPassword, next);
  EXPECT_EQ(r.status, 401) << "a replayed code: " << r.body;
  EXPECT_TRUE(r.Header("set-cookie").empty());
}

TEST_F(AuthApiTest, SessionsEndAfterThirtyIdleMinutesOrTwelveHours) {
  AddUser("zhou.clerk", "clerk", court_);
  const Session busy = SignIn("zhou.clerk");
  const Session idle = SignIn("zhou.clerk");

  Restart(k0925);
  EXPECT_EQ(Call(busy, "GET", "/api/v1/auth/me").status, 200);
  Restart(k0931);
  EXPECT_EQ(Call(idle, "GET", "/api/v1/auth/me").status, 401) << "31 minutes without a request";
  Restart(k0950);
  EXPECT_EQ(Call(busy, "GET", "/api/v1/auth/me").status, 200)
      << "used 25 minutes ago, 50 minutes after login";

  // Twelve hours of activity would take 25 restarts; record the last request at 21:04 instead.
  db_->Connect()->Exec("UPDATE sessions SET last_seen_at = ?", ParseTimestamp(k2104).value());
  Restart(k2105);
  auto r = Call(busy, "GET", "/api/v1/auth/me");
  EXPECT_EQ(r.status, 401) << "used a minute ago, but signed in over 12 hours ago: " << r.body;
  EXPECT_EQ(Code(r), "unauthenticated");
  EXPECT_EQ(Login("zhou.clerk", kPassword).status, 200) << "signing in again is the way back";
}

TEST_F(AuthApiTest, RevokedTokensAreRefusedAtOnce) {
  auto created =
      Post("/api/v1/tokens", {{"name", "court-sync"}, {"role", "clerk"}, {"agency_id", court_}});
  const int64_t id = created.at("id").as_int64();
  const std::string token(created.at("token").as_string());
  const std::string bearer = "Authorization: Bearer " + token;
  auto r = HttpRequest(server_->port(), "GET", "/api/v1/cases", "", {bearer});
  EXPECT_EQ(r.status, 200) << r.body;

  r = server_->Request("DELETE", "/api/v1/tokens/" + std::to_string(id));
  EXPECT_EQ(r.status, 204) << r.body;
  r = HttpRequest(server_->port(), "GET", "/api/v1/cases", "", {bearer});
  EXPECT_EQ(r.status, 401) << "no grace period, not even the 2-second cache: " << r.body;
  EXPECT_EQ(Code(r), "unauthenticated");

  std::string out;
  ASSERT_EQ(RunShenguan({"token", "list", "--db", db_url_}, &out), 0) << out;
  const size_t row = out.find("court-sync");
  ASSERT_NE(row, std::string::npos) << out;
  const std::string line = out.substr(row, out.find('\n', row) - row);
  EXPECT_NE(line.find("revoked"), std::string::npos) << line;
}

TEST_F(AuthApiTest, PersonalDataIsMaskedOutsideTheOwnAgencyAndEveryUnmaskedReadIsAudited) {
  const int64_t agency_a = AddAgency({{"name", "榆次区人民法院"},
                                      {"abbr", "榆次法院"},
                                      {"type", "court"},
                                      {"court_level", "basic"},
                                      {"court_code", "晋0702"},
                                      {"area_code", "140702"},
                                      {"parent_id", court_}});
  const int64_t agency_b = AddAgency({{"name", "太谷区人民法院"},
                                      {"abbr", "太谷法院"},
                                      {"type", "court"},
                                      {"court_level", "basic"},
                                      {"court_code", "晋0703"},
                                      {"area_code", "140703"}});
  auto token = [&](const std::string& role, int64_t agency) {
    return "Authorization: Bearer " +
           CreateToken(db_url_, role,
                       {"--agency-id", std::to_string(agency), "--rate-limit", "100000"});
  };
  const std::string clerk_a = token("clerk", agency_a);
  const std::string clerk_b = token("clerk", agency_b);
  const std::string supervisor = token("supervisor", court_);  // the parent of agency A
  const int port = server_->port();

  auto r = HttpRequest(port, "POST", "/api/v1/parties",
                       json::serialize(json::object{{"type", "person"},
                                                    {"name", "张某某"},
                                                    {"id_number", kIdNumber},
                                                    {"phone", "13812345678"}}),
                       {clerk_a, "Content-Type: application/json"});
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t party = Parse(r).at("id").as_int64();
  const std::string target = "/api/v1/parties/" + std::to_string(party);
  auto pii_reads = [&] { return AuditEntries("action=pii.read"); };

  const size_t before = pii_reads().size();
  r = HttpRequest(port, "GET", target, "", {clerk_a});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r).at("id_number"), kIdNumber);
  EXPECT_EQ(Parse(r).at("phone"), "13812345678");
  auto reads = pii_reads();
  ASSERT_EQ(reads.size(), before + 1) << "one entry for one request";
  EXPECT_EQ(reads[0].at("entity"), "party");
  EXPECT_EQ(reads[0].at("entity_id"), party);
  EXPECT_EQ(reads[0].at("actor_type"), "token");
  EXPECT_EQ(reads[0].at("agency_id"), agency_a);

  r = HttpRequest(port, "GET", "/api/v1/parties", "", {clerk_a});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(Parse(r).at("items").as_array().size(), 1u);
  EXPECT_EQ(Parse(r).at("items").at(0).at("id_number"), kIdNumber);
  EXPECT_EQ(pii_reads().size(), before + 2) << "a list is one request, so one entry";

  // The parent court's supervisor sees the party, but not the personal data.
  r = HttpRequest(port, "GET", target, "", {supervisor});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r).at("id_number"), kMaskedIdNumber);
  EXPECT_EQ(Parse(r).at("phone"), "138****5678");
  EXPECT_EQ(Parse(r).at("name"), "张某某");
  r = HttpRequest(port, "GET", "/api/v1/parties", "", {supervisor});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r).at("items").at(0).at("id_number"), kMaskedIdNumber);
  EXPECT_EQ(pii_reads().size(), before + 2) << "masked reads are not PII reads";

  // Another court does not see the party at all, not even by its id or ID number.
  r = HttpRequest(port, "GET", target, "", {clerk_b});
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.body.find("0002X"), std::string::npos);
  r = HttpRequest(port, "GET", std::string("/api/v1/parties?id_number=") + kIdNumber, "",
                  {clerk_b});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r).at("total"), 0);
  EXPECT_EQ(pii_reads().size(), before + 2);
}

TEST_F(AuthApiTest, AuditVerifyNamesTheFirstTamperedEntry) {
  AddUser("li.clerk", "clerk", court_);
  EXPECT_EQ(Login("li.clerk", "Wrong-Password-1").status, 401);
  const Session s = SignIn("li.clerk");
  EXPECT_EQ(Write(s, "POST", "/api/v1/cases", json::serialize(CivilCase(court_))).status, 201);
  ASSERT_GE(AuditEntries("").size(), 5u);

  std::string out;
  EXPECT_EQ(RunShenguan({"audit", "verify", "--db", db_url_}, &out), 0) << out;
  EXPECT_NE(out.find("audit chain OK"), std::string::npos) << out;

  db_->Connect()->ExecScript("UPDATE audit_log SET detail = '{\"x\":1}' WHERE id = 2");
  out.clear();
  EXPECT_EQ(RunShenguan({"audit", "verify", "--db", db_url_}, &out), 1) << out;
  EXPECT_NE(out.find("BROKEN at entry 2"), std::string::npos) << out;
}

// RuoYi's 自定义数据权限: an administrator makes a role that reads exactly a list of agencies.
TEST_F(AuthApiTest, ACustomRoleSeesExactlyTheAgenciesItLists) {
  const int64_t yuci = AddAgency({{"name", "榆次区人民法院"},
                                  {"abbr", "榆次法院"},
                                  {"type", "court"},
                                  {"court_level", "basic"},
                                  {"court_code", "晋0702"},
                                  {"parent_id", court_}});
  const int64_t taigu = AddAgency({{"name", "太谷区人民法院"},
                                   {"abbr", "太谷法院"},
                                   {"type", "court"},
                                   {"court_level", "basic"},
                                   {"court_code", "晋0703"},
                                   {"parent_id", court_}});
  const auto case_in = [&](int64_t agency) {
    return Post("/api/v1/cases", {{"kind", "civil_first"},
                                  {"agency_id", agency},
                                  {"title", "侵害商标权纠纷"},
                                  {"received_on", "2024-05-20"}})
        .at("id")
        .as_int64();
  };
  const int64_t at_yuci = case_in(yuci);
  const int64_t at_taigu = case_in(taigu);
  case_in(court_);

  auto role = Post("/api/v1/roles", {{"code", "taigu_watch"},
                                     {"name", "太谷案件查阅"},
                                     {"data_scope", "custom"},
                                     {"permissions", json::array{"case:record:read"}},
                                     {"agency_ids", json::array{taigu}}});
  EXPECT_EQ(role.at("agency_ids"), (json::array{taigu}));
  const std::string token =
      CreateToken(db_url_, "taigu_watch", {"--agency-id", std::to_string(yuci)});
  const auto as_watcher = [&](const std::string& target) {
    return HttpRequest(server_->port(), "GET", target, "", {"Authorization: Bearer " + token});
  };
  auto list = as_watcher("/api/v1/cases");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Parse(list).at("total"), 1) << "its own agency (榆次) is not in the list";
  EXPECT_EQ(as_watcher("/api/v1/cases/" + std::to_string(at_taigu)).status, 200);
  EXPECT_EQ(as_watcher("/api/v1/cases/" + std::to_string(at_yuci)).status, 404);

  // A role holds only known permissions; the shipped roles change only with a new version.
  auto unknown =
      server_->PostJson("/api/v1/roles", R"({"code": "x1", "name": "x", "data_scope": "agency",
                           "permissions": ["case:record:delete"]})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(Field(unknown), "permissions[0]");
  auto roles = GetJson("/api/v1/roles");
  int64_t clerk_role = 0;
  for (const auto& r : roles.at("items").as_array()) {
    if (r.at("code") == "clerk") clerk_role = r.at("id").as_int64();
  }
  auto shipped = server_->Request("PATCH", "/api/v1/roles/" + std::to_string(clerk_role),
                                  R"({"name": "改名"})", {"Content-Type: application/json"});
  EXPECT_EQ(shipped.status, 409) << shipped.body;
}

}  // namespace
}  // namespace sg::apitest
