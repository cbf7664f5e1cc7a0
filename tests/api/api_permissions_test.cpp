// THE permission matrix (issue 4): every route of the router × every shipped role × a record in
// the caller's data scope and one outside it, against the real server on the engine under test.
//
// The routes come from the router itself (BuildRouter in-process, as src/http/openapi_test.cpp
// does). Rules() below says how to call each one: the target for a record in scope and for one out
// of scope, and a valid body for writes. A route without a rule fails PermissionTableTest, and so
// does a rule for a route that no longer exists: when you add a route, add its rule here.
//
// The answer of every cell is computed, never written per cell, from the route's access and the
// role's permissions and data scope as GET /api/v1/roles reports them:
//   public                                  → 2xx for every caller
//   authenticated                           → 2xx; a token on a session-only route: 403
//   a permission the role lacks             → 403 forbidden
//   a record outside the role's data scope  → 404 not_found
//   otherwise                               → 2xx (never 401/403/404)
//
// Callers: an API token per role bound to agency A (a county court under a city court); roles whose
// scope is own_cases get a real user session instead (a token has no cases of its own), and that
// user handles the in-scope case. One server and one world serve the whole suite.
// On failure the whole matrix is printed (route × role, GOT!WANT where they differ);
// SHENGUAN_PRINT_MATRIX=1 prints it when everything passes too.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/crypto.h"
#include "base/civil_time.h"
#include "base/clock.h"
#include "http/app.h"
#include "store/database.h"
#include "store/test_util.h"
#include "store/testing/test_db.h"
#include "tests/api/api_fixture.h"
#include "tests/api/server_process.h"
#include "workflow/definition.h"

namespace sg::apitest {
namespace {

namespace json = boost::json;

constexpr const char* kPassword = "Matrix-Pass-2024!";
constexpr const char* kNewPassword = "Matrix-Other-2025?";

int64_t Id(const json::value& v) { return v.at("id").to_number<int64_t>(); }
std::string Str(const json::value& v) { return std::string(v.as_string()); }

std::string ErrorCodeOf(const HttpResponse& r) {
  boost::system::error_code ec;
  const auto v = json::parse(r.body, ec);
  if (ec || !v.is_object()) return "";
  const auto* e = v.as_object().if_contains("error");
  if (!e || !e->is_object()) return "";
  const auto* c = e->as_object().if_contains("code");
  return c && c->is_string() ? Str(*c) : "";
}

// ---- The router's own table
// ----------------------------------------------------------------------

struct RouteInfo {
  std::string method;
  std::string pattern;
  std::string access;
  bool loopback_public = false;  // /metrics: open on loopback, where these tests run
  std::string key() const { return method + " " + pattern; }
};

std::vector<RouteInfo> RouterRoutes() {
  store::testing::TempDir dir;
  FixedClock clock(0);
  auto db = store::Database::Open("sqlite:" + dir.File("routes.db"), clock, {});
  http::App app(*db, clock, "test");
  const http::Router router = http::BuildRouter(app);
  std::vector<RouteInfo> out;
  for (const auto& r : router.routes())
    out.push_back({r.method, r.pattern, r.access, r.loopback_public});
  return out;
}

// ---- Callers and the world
// -----------------------------------------------------------------------

struct Caller {
  std::string role;
  std::string data_scope;
  std::set<std::string> permissions;
  int64_t agency_id = 0;
  std::string token;  // an API token; empty for a session:
  std::string cookie;
  std::string csrf;
  int64_t user_id = 0;

  bool session() const { return token.empty(); }
  std::vector<std::string> Headers(const std::string& method) const {
    if (!session()) return {"Authorization: Bearer " + token};
    std::vector<std::string> h{"Cookie: sg_session=" + cookie};
    if (method != "GET" && method != "HEAD") h.push_back("X-CSRF-Token: " + csrf);
    return h;
  }
};

std::vector<std::string> Bearer(const std::string& token) {
  return {"Authorization: Bearer " + token};
}

// The records every cell works on, and the administrator's means to make more.
class World {
 public:
  int port = 0;
  std::string db_url;
  std::string admin_token;
  std::string scratch;                            // a file path prefix for password files
  std::chrono::system_clock::time_point started;  // when the server (and its clock) started
  std::vector<Caller> callers;                    // one per shipped role, in GET /roles order

  int64_t city = 0, a = 0, b = 0, bureau = 0;  // C; A and B under C; M elsewhere
  int64_t case_a = 0, case_b = 0;
  int64_t own_case_user = 0;  // the handler whose own cases the in-scope cases are
  int64_t party_a = 0, party_b = 0;
  int64_t ip_a = 0, ip_b = 0;
  int64_t user_a = 0, user_b = 0;
  int64_t token_b = 0;                 // a token of agency B, for GET /tokens
  int64_t import_a = 0, import_b = 0;  // imports made by clerks of A and of B
  std::string login_name;              // a user of A who logs in with kPassword
  std::set<int64_t> foreign_parties;   // parties registered by an agency other than A

  std::string Unique() { return std::to_string(++counter_); }

  HttpResponse Send(std::vector<std::string> headers, const std::string& method,
                    const std::string& target, const std::string& body = "") const {
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    return HttpRequest(port, method, target, body, headers);
  }
  HttpResponse Admin(const std::string& method, const std::string& target,
                     const std::string& body = "") const {
    return Send(Bearer(admin_token), method, target, body);
  }
  static json::value Expect(const HttpResponse& r, int status, const std::string& what) {
    if (r.status != status) {
      throw std::runtime_error(what + ": expected " + std::to_string(status) + ", got " +
                               std::to_string(r.status) + " " + r.body);
    }
    return r.body.empty() ? json::value() : json::parse(r.body);
  }
  json::value AdminGet(const std::string& target) const {
    return Expect(Admin("GET", target), 200, "GET " + target);
  }
  json::value PostAs(const std::vector<std::string>& auth, const std::string& target,
                     const json::object& body) const {
    return Expect(Send(auth, "POST", target, json::serialize(body)), 201, "POST " + target);
  }
  json::value AdminPost(const std::string& target, const json::object& body) const {
    return PostAs(Bearer(admin_token), target, body);
  }

  static json::object CaseBody(int64_t agency, const std::string& title) {
    return {{"kind", "civil_first"},    {"agency_id", agency},
            {"title", title},           {"received_on", "2024-05-20"},
            {"filed_on", "2024-05-22"}, {"claim_amount_fen", 100000}};
  }
  json::object PartyBody() { return {{"type", "organization"}, {"name", "矩阵当事人" + Unique()}}; }
  json::object IpBody() {
    const std::string n = Unique();
    return {{"type", "trademark"},
            {"title", "矩阵商标" + n},
            {"number", std::to_string(30000000 + std::stoll(n))},
            {"nice_class", 9}};
  }
  json::object AgencyBody() {
    const std::string n = Unique();
    return {{"name", "矩阵市场监督管理局" + n},
            {"abbr", "矩阵市监" + n},
            {"type", "market_regulation"},
            {"area_code", "140100"}};
  }
  json::object UserBody(int64_t agency, const std::string& role, std::string* username) {
    const std::string name = "mx_u" + Unique();
    if (username) *username = name;
    return {{"username", name},
            {"display_name", "矩阵用户" + name},
            {"agency_id", agency},
            {"role", role}};
  }
  json::object TokenBody(int64_t agency, const std::string& role) {
    return {{"name", "矩阵令牌" + Unique()},
            {"role", role},
            {"agency_id", agency},
            {"rate_limit", 100000}};
  }

  // A user of `agency` (no password: it cannot log in, which no cell needs).
  int64_t AddUser(int64_t agency, const std::string& role) {
    return Id(AdminPost("/api/v1/users", UserBody(agency, role, nullptr)));
  }
  // A user of A with kPassword (who must change it, which the "authenticated" routes allow).
  std::string AddLoginUser(const std::string& role) {
    std::string name;
    auto body = UserBody(a, role, &name);
    body["password"] = kPassword;
    AdminPost("/api/v1/users", body);
    return name;
  }
  json::object RoleBody() {
    return {{"code", "mx_role" + Unique()},
            {"name", "矩阵角色"},
            {"data_scope", "custom"},
            {"permissions", json::array{"case:record:read"}},
            {"agency_ids", json::array{a}}};
  }
  int64_t AddRole() { return Id(AdminPost("/api/v1/roles", RoleBody())); }
  int64_t AddToken(int64_t agency) {
    return Id(AdminPost("/api/v1/tokens", TokenBody(agency, "supervisor")));
  }
  std::string TokenSecret(int64_t agency, const std::string& role) {
    return Str(AdminPost("/api/v1/tokens", TokenBody(agency, role)).at("token"));
  }

  // Logs in; `like` gives the role data of the caller returned.
  Caller Login(const std::string& username, const std::string& password, Caller like) const {
    const auto r =
        Send({}, "POST", "/api/v1/auth/login",
             json::serialize(json::object{{"username", username}, {"password", password}}));
    const auto body = Expect(r, 200, "login " + username);
    const std::string set = r.Header("set-cookie");
    const std::string prefix = "sg_session=";
    size_t start = set.find(prefix);
    if (start == std::string::npos) throw std::runtime_error("login without a cookie: " + set);
    start += prefix.size();
    like.token.clear();
    like.cookie = set.substr(start, set.find(';', start) - start);
    like.csrf = Str(body.at("csrf_token"));
    like.user_id = Id(body.at("user"));
    return like;
  }
  // A new session of a new user with the role of `like`, for cells that end or change it.
  Caller FreshSession(const Caller& like) {
    return Login(AddLoginUser(like.role), kPassword, like);
  }

  // The server's clock: --now kNow, advancing with real time since the server started.
  int64_t ServerUnixSeconds() const {
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now() - started)
                             .count();
    return (*ParseTimestamp(kNow) + elapsed) / 1000;
  }

 private:
  int counter_ = 0;
};

// ---- The table: how to call each route
// -----------------------------------------------------------

// One call of a cell: the target, a JSON body for writes, more headers, and the caller to use when
// not the cell's own (a fresh session of the same role, for routes that end or change it).
struct Call {
  std::string target;
  std::string body;
  std::vector<std::string> headers;
  std::optional<Caller> as;
};

enum class Records {
  kNone,          // no record in the path: one cell per role
  kScoped,        // {id} of a record in the caller's scope, and of one outside it
  kVisibleToAll,  // {id} of a record that everyone who may read it sees (agencies, IP rights)
};

struct Rule {
  Records records = Records::kNone;
  // "authenticated" routes that only a signed-in user may call: tokens get 403.
  bool session_only = false;
  std::function<Call(World&, const Caller&, bool in_scope)> call;
  // A rule beyond the route's permission, checked after the scope: workflow actions name the
  // roles that may take them (workflows/<kind>.json). Empty: none.
  std::function<bool(const Caller&)> also_requires;
};

using Make = std::function<Call(World&, const Caller&, bool)>;

Rule Plain(Make make) { return {Records::kNone, false, std::move(make), {}}; }
Rule Scoped(Make make) { return {Records::kScoped, false, std::move(make), {}}; }
Rule Everyone(Make make) { return {Records::kVisibleToAll, false, std::move(make), {}}; }
Rule SessionOnly(Make make) { return {Records::kNone, true, std::move(make), {}}; }

Make Get(std::string target) {
  return [target](World&, const Caller&, bool) { return Call{target, "", {}, std::nullopt}; };
}
std::string Body(const json::object& o) { return json::serialize(o); }
std::string Path(const std::string& prefix, int64_t id, const std::string& suffix = "") {
  return prefix + std::to_string(id) + suffix;
}

// Writes a row the API makes only as a side effect (a webhook dead letter, a notification)
// straight into the matrix's database, through a writer of its own as the CLI does.
int64_t WebhookRow(World& w, const std::function<int64_t(store::WriteContext&)>& make) {
  FixedClock clock(*ParseTimestamp(kNow));
  auto db = store::Database::Open(w.db_url, clock, {});
  int64_t id = 0;
  db->writer().Run([&](store::WriteContext& ctx) { id = make(ctx); });
  return id;
}

// Keyed by "METHOD PATTERN" exactly as the router has it. Every route needs one.
std::map<std::string, Rule> Rules() {
  std::map<std::string, Rule> t;

  // Root and public routes.
  t["GET /healthz"] = Plain(Get("/healthz"));
  t["GET /metrics"] = Plain(Get("/metrics"));
  t["GET /api/v1/dict"] = Plain(Get("/api/v1/dict"));
  t["GET /api/v1/validate/{type}"] = Plain(Get("/api/v1/validate/uscc?value=91140700MA0GRJ8T1D"));
  t["POST /api/v1/auth/login"] = Plain([](World& w, const Caller&, bool) {
    return Call{"/api/v1/auth/login",
                Body({{"username", w.login_name}, {"password", kPassword}}),
                {},
                std::nullopt};
  });

  // The caller's own account ("authenticated"). Sessions use a fresh user of the same role, so
  // that the matrix's own session survives.
  t["GET /api/v1/auth/me"] = Plain(Get("/api/v1/auth/me"));
  t["POST /api/v1/auth/logout"] = SessionOnly([](World& w, const Caller& c, bool) {
    Call call{"/api/v1/auth/logout", "", {}, std::nullopt};
    if (c.session()) call.as = w.FreshSession(c);
    return call;
  });
  t["POST /api/v1/auth/password"] = SessionOnly([](World& w, const Caller& c, bool) {
    Call call{"/api/v1/auth/password",
              Body({{"current_password", kPassword}, {"new_password", kNewPassword}}),
              {},
              std::nullopt};
    if (c.session()) call.as = w.FreshSession(c);
    return call;
  });
  t["POST /api/v1/auth/totp/enrol"] = SessionOnly([](World& w, const Caller& c, bool) {
    Call call{"/api/v1/auth/totp/enrol", "", {}, std::nullopt};
    if (c.session()) call.as = w.FreshSession(c);
    return call;
  });
  t["POST /api/v1/auth/totp/confirm"] = SessionOnly([](World& w, const Caller& c, bool) {
    Call call{"/api/v1/auth/totp/confirm", Body({{"code", "000000"}}), {}, std::nullopt};
    if (c.session()) {
      // Enrol first, then confirm with the right code for the server's clock.
      const Caller fresh = w.FreshSession(c);
      const auto e = World::Expect(w.Send(fresh.Headers("POST"), "POST", "/api/v1/auth/totp/enrol"),
                                   200, "totp enrol");
      call.body = Body({{"code", auth::TotpCode(Str(e.at("secret")), w.ServerUnixSeconds())}});
      call.as = fresh;
    }
    return call;
  });

  // Cases.
  t["GET /api/v1/cases"] = Plain(Get("/api/v1/cases"));
  t["POST /api/v1/cases"] = Plain([](World& w, const Caller&, bool) {
    return Call{
        "/api/v1/cases", Body(World::CaseBody(w.a, "矩阵立案" + w.Unique())), {}, std::nullopt};
  });
  t["GET /api/v1/cases/{id}"] = Scoped([](World& w, const Caller&, bool in) {
    return Call{Path("/api/v1/cases/", in ? w.case_a : w.case_b), "", {}, std::nullopt};
  });
  t["PATCH /api/v1/cases/{id}"] = Scoped([](World& w, const Caller&, bool in) {
    return Call{Path("/api/v1/cases/", in ? w.case_a : w.case_b),
                Body({{"summary", "matrix " + w.Unique()}}),
                {"If-Match: *"},
                std::nullopt};
  });
  t["GET /api/v1/cases/{id}/events"] = Scoped([](World& w, const Caller&, bool in) {
    return Call{Path("/api/v1/cases/", in ? w.case_a : w.case_b, "/events"), "", {}, std::nullopt};
  });

  // Parties and IP rights.
  t["GET /api/v1/parties"] = Plain(Get("/api/v1/parties"));
  t["POST /api/v1/parties"] = Plain([](World& w, const Caller&, bool) {
    return Call{"/api/v1/parties", Body(w.PartyBody()), {}, std::nullopt};
  });
  t["GET /api/v1/parties/{id}"] = Scoped([](World& w, const Caller&, bool in) {
    return Call{Path("/api/v1/parties/", in ? w.party_a : w.party_b), "", {}, std::nullopt};
  });
  t["GET /api/v1/ip-rights"] = Plain(Get("/api/v1/ip-rights"));
  t["POST /api/v1/ip-rights"] = Plain([](World& w, const Caller&, bool) {
    return Call{"/api/v1/ip-rights", Body(w.IpBody()), {}, std::nullopt};
  });
  t["GET /api/v1/ip-rights/{id}"] = Everyone([](World& w, const Caller&, bool in) {
    return Call{Path("/api/v1/ip-rights/", in ? w.ip_a : w.ip_b), "", {}, std::nullopt};
  });

  // Agencies.
  t["GET /api/v1/agencies"] = Plain(Get("/api/v1/agencies"));
  t["POST /api/v1/agencies"] = Plain([](World& w, const Caller&, bool) {
    return Call{"/api/v1/agencies", Body(w.AgencyBody()), {}, std::nullopt};
  });
  t["GET /api/v1/agencies/{id}"] = Everyone([](World& w, const Caller&, bool in) {
    return Call{Path("/api/v1/agencies/", in ? w.a : w.bureau), "", {}, std::nullopt};
  });

  // Users: writes work on a fresh user of A (in scope) or B (out of scope).
  t["GET /api/v1/users"] = Plain(Get("/api/v1/users"));
  t["POST /api/v1/users"] = Plain([](World& w, const Caller&, bool) {
    return Call{"/api/v1/users", Body(w.UserBody(w.a, "clerk", nullptr)), {}, std::nullopt};
  });
  t["GET /api/v1/users/{id}"] = Scoped([](World& w, const Caller&, bool in) {
    return Call{Path("/api/v1/users/", in ? w.user_a : w.user_b), "", {}, std::nullopt};
  });
  t["PATCH /api/v1/users/{id}"] = Scoped([](World& w, const Caller&, bool in) {
    return Call{Path("/api/v1/users/", w.AddUser(in ? w.a : w.b, "clerk")),
                Body({{"display_name", "矩阵改名"}}),
                {},
                std::nullopt};
  });
  t["POST /api/v1/users/{id}/password"] = Scoped([](World& w, const Caller&, bool in) {
    return Call{Path("/api/v1/users/", w.AddUser(in ? w.a : w.b, "clerk"), "/password"),
                Body({{"password", kNewPassword}, {"must_change_password", true}}),
                {},
                std::nullopt};
  });
  for (const char* action : {"lock", "unlock", "totp-reset"}) {
    const std::string suffix = std::string("/") + action;
    t["POST /api/v1/users/{id}" + suffix] = Scoped([suffix](World& w, const Caller&, bool in) {
      return Call{
          Path("/api/v1/users/", w.AddUser(in ? w.a : w.b, "clerk"), suffix), "", {}, std::nullopt};
    });
  }

  // Roles, tokens and the audit log.
  t["GET /api/v1/roles"] = Plain(Get("/api/v1/roles"));
  // Workflows and the clock (issue 5).
  t["GET /api/v1/workflows"] = Plain(Get("/api/v1/workflows"));
  t["GET /api/v1/workflows/{kind}"] = Plain(Get("/api/v1/workflows/civil_first"));
  t["GET /api/v1/calendar/period"] =
      Plain(Get("/api/v1/calendar/period?start=2024-02-02&length=7&unit=working_days"));
  t["PUT /api/v1/calendar/years"] = Plain([](World&, const Caller&, bool) {
    return Call{
        "/api/v1/calendar/years",
        Body({{"covers", json::array{2031}},
              {"sources", {{"2031", "矩阵测试"}}},
              {"days", json::array{json::object{
                           {"date", "2031-01-01"}, {"kind", "holiday"}, {"name", "元旦"}}}}}),
        {},
        std::nullopt};
  });
  t["GET /api/v1/cases/{id}/deadlines"] = Scoped([](World& w, const Caller&, bool in) {
    return Call{
        Path("/api/v1/cases/", in ? w.case_a : w.case_b, "/deadlines"), "", {}, std::nullopt};
  });
  t["GET /api/v1/alerts"] = Plain(Get("/api/v1/alerts"));
  t["GET /api/v1/calendar/years"] = Plain(Get("/api/v1/calendar/years"));
  t["GET /api/v1/extensions"] = Plain(Get("/api/v1/extensions?status=pending"));
  for (const std::string sub : {"actions", "services"}) {
    t["GET /api/v1/cases/{id}/" + sub] = Scoped([sub](World& w, const Caller&, bool in) {
      return Call{
          Path("/api/v1/cases/", in ? w.case_a : w.case_b, "/" + sub), "", {}, std::nullopt};
    });
  }
  // Sharing (issue 6). A hand-over of a fresh case of A (the in-scope one, handled by the own-case
  // user) to B, or of a case of B to A (out of scope: B's case is not A's to send).
  t["POST /api/v1/cases/{id}/transfers"] = Scoped([](World& w, const Caller&, bool in) {
    json::object c = World::CaseBody(in ? w.a : w.b, "矩阵移送" + w.Unique());
    if (in && w.own_case_user) c["handler_id"] = w.own_case_user;
    const int64_t id = Id(w.AdminPost("/api/v1/cases", c));
    return Call{Path("/api/v1/cases/", id, "/transfers"),
                Body({{"type", "transfer"},
                      {"to_agency_id", in ? w.b : w.a},
                      {"kind", "civil_first"},
                      {"reason", "移送管辖"}}),
                {},
                std::nullopt};
  });
  for (const std::string answer : {"accept", "return"}) {
    // A fresh transfer to A (in scope: A answers it), or from C to B (neither side is A).
    t["POST /api/v1/transfers/{id}/" + answer] = Scoped([answer](World& w, const Caller&, bool in) {
      const int64_t from = in ? w.b : w.city;
      const int64_t to = in ? w.a : w.b;
      const int64_t id =
          Id(w.AdminPost("/api/v1/cases", World::CaseBody(from, "矩阵接收" + w.Unique())));
      const int64_t transfer =
          Id(w.AdminPost(Path("/api/v1/cases/", id, "/transfers"), {{"type", "transfer"},
                                                                    {"to_agency_id", to},
                                                                    {"kind", "civil_first"},
                                                                    {"reason", "移送管辖"}}));
      return Call{Path("/api/v1/transfers/", transfer, "/" + answer),
                  Body({{"reason", "不属于本院管辖"}}),
                  {},
                  std::nullopt};
    });
  }
  t["GET /api/v1/transfers"] = Plain(Get("/api/v1/transfers?direction=in"));
  for (const std::string sub : {"chain", "related"}) {
    t["GET /api/v1/cases/{id}/" + sub] = Scoped([sub](World& w, const Caller&, bool in) {
      return Call{
          Path("/api/v1/cases/", in ? w.case_a : w.case_b, "/" + sub), "", {}, std::nullopt};
    });
  }
  t["GET /api/v1/feed"] = Plain(Get("/api/v1/feed?limit=5"));
  t["GET /api/v1/dashboard/summary"] =
      Plain(Get("/api/v1/dashboard/summary?from=2024-01-01&to=2024-06-30"));
  t["GET /api/v1/dashboard/charts"] =
      Plain(Get("/api/v1/dashboard/charts?from=2024-01-01&to=2024-06-30"));
  t["GET /api/v1/dashboard/indicators"] =
      Plain(Get("/api/v1/dashboard/indicators?from=2024-01-01&to=2024-06-30"));
  t["PUT /api/v1/dashboard/indicator-ranges/{code}"] = Plain([](World&, const Caller&, bool) {
    return Call{"/api/v1/dashboard/indicator-ranges/in_limit_rate",
                Body({{"low", 90}, {"high", 100}}),
                {},
                std::nullopt};
  });
  t["GET /api/v1/dashboard/report"] = Plain(Get("/api/v1/dashboard/report?period=2024-05"));
  t["GET /api/v1/dashboard/events"] = Plain(Get("/api/v1/dashboard/events?after=0&wait=0"));
  // Bulk exchange: a one-row NDJSON import of a case for the caller's agency A (by id), and an
  // export of the cases the caller sees.
  t["POST /api/v1/imports"] = Plain([](World& w, const Caller&, bool) {
    const std::string row = Body({{"external_id", "mx-import-" + w.Unique()},
                                  {"source_system", "matrix"},
                                  {"kind", "civil_first"},
                                  {"agency", w.a},
                                  {"title", "矩阵导入"},
                                  {"received_on", "2024-05-20"}});
    return Call{"/api/v1/imports?entity=cases&format=ndjson",
                row + "\n",
                {"Content-Type: application/x-ndjson"},
                std::nullopt};
  });
  t["GET /api/v1/exports/{entity}"] = Plain(Get("/api/v1/exports/cases?format=csv"));
  t["GET /api/v1/imports"] = Plain(Get("/api/v1/imports"));
  t["GET /api/v1/imports/{id}"] = Scoped([](World& w, const Caller&, bool in) {
    return Call{Path("/api/v1/imports/", in ? w.import_a : w.import_b), "", {}, std::nullopt};
  });
  {
    // A fresh filed case per cell (an action moves it on): assign its handler, which the
    // definition lets clerks and approvers do.
    Rule assign = Scoped([](World& w, const Caller&, bool in) {
      json::object c = World::CaseBody(in ? w.a : w.b, "矩阵分案" + w.Unique());
      if (in && w.own_case_user) c["handler_id"] = w.own_case_user;
      const int64_t id = Id(w.AdminPost("/api/v1/cases", c));
      return Call{
          Path("/api/v1/cases/", id, "/actions"),
          Body({{"action", "assign_handler"},
                {"fields", {{"handler_id", w.own_case_user ? w.own_case_user : w.user_a}}}}),
          {},
          std::nullopt};
    });
    assign.also_requires = [](const Caller& c) {
      const auto* action =
          wf::Registry::Builtin().Find("civil_first")->FindAction("assign_handler");
      return c.role == "system_admin" ||
             std::find(action->roles.begin(), action->roles.end(), c.role) != action->roles.end();
    };
    t["POST /api/v1/cases/{id}/actions"] = assign;
  }
  t["POST /api/v1/roles"] = Plain([](World& w, const Caller&, bool) {
    return Call{"/api/v1/roles", Body(w.RoleBody()), {}, std::nullopt};
  });
  // Roles belong to no agency: every role that may change them may change any custom one.
  t["PATCH /api/v1/roles/{id}"] = Everyone([](World& w, const Caller&, bool) {
    return Call{
        Path("/api/v1/roles/", w.AddRole()), Body({{"name", "矩阵改名"}}), {}, std::nullopt};
  });
  t["GET /api/v1/tokens"] = Plain(Get("/api/v1/tokens"));
  t["POST /api/v1/tokens"] = Plain([](World& w, const Caller&, bool) {
    return Call{"/api/v1/tokens", Body(w.TokenBody(w.a, "supervisor")), {}, std::nullopt};
  });
  t["DELETE /api/v1/tokens/{id}"] = Scoped([](World& w, const Caller&, bool in) {
    return Call{Path("/api/v1/tokens/", w.AddToken(in ? w.a : w.b)), "", {}, std::nullopt};
  });
  t["GET /api/v1/audit"] = Plain(Get("/api/v1/audit?limit=5"));
  t["GET /api/v1/audit/verify"] = Plain(Get("/api/v1/audit/verify"));

  // Webhooks (issue 6). A subscription is its owner's: "in scope" is one the caller made itself
  // (callers that may not make one get any, as they are refused before the scope matters), "out"
  // one of the administrator's. Dead letters and notifications cannot be made on demand through
  // the API; they are written into the database (WebhookRow).
  {
    auto subscription = [](World& w, const Caller& c, bool in) {
      const std::string body = Body({{"url", "http://127.0.0.1:9/matrix"},
                                     {"events", json::array{"case.*"}},
                                     {"name", "矩阵订阅" + w.Unique()}});
      const bool own = in && c.permissions.contains("feed:webhook:write");
      const auto r = own ? w.Send(c.Headers("POST"), "POST", "/api/v1/webhooks", body)
                         : w.Admin("POST", "/api/v1/webhooks", body);
      return Id(World::Expect(r, 201, "POST /api/v1/webhooks"));
    };
    auto at = [subscription](std::string suffix, std::string body = "") {
      return Scoped([subscription, suffix, body](World& w, const Caller& c, bool in) {
        return Call{
            Path("/api/v1/webhooks/", subscription(w, c, in), suffix), body, {}, std::nullopt};
      });
    };
    t["GET /api/v1/webhooks"] = Plain(Get("/api/v1/webhooks"));
    t["POST /api/v1/webhooks"] = Plain([](World& w, const Caller&, bool) {
      return Call{"/api/v1/webhooks",
                  Body({{"url", "http://127.0.0.1:9/matrix"},
                        {"events", json::array{"*"}},
                        {"name", "矩阵订阅" + w.Unique()}}),
                  {},
                  std::nullopt};
    });
    t["GET /api/v1/webhooks/{id}"] = at("");
    t["PATCH /api/v1/webhooks/{id}"] = at("", Body({{"name", "矩阵改名"}}));
    t["DELETE /api/v1/webhooks/{id}"] = at("");
    t["POST /api/v1/webhooks/{id}/rotate-secret"] = at("/rotate-secret");
    t["GET /api/v1/webhooks/{id}/deliveries"] = at("/deliveries");
    t["POST /api/v1/webhooks/{id}/resend-dead"] = at("/resend-dead");
    t["POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/resend"] =
        Scoped([subscription](World& w, const Caller& c, bool in) {
          const int64_t sub = subscription(w, c, in);
          const int64_t dead = WebhookRow(w, [sub](store::WriteContext& ctx) {
            return ctx.conn().Insert(
                "INSERT INTO webhook_deliveries (subscription_id, seq, status, attempts, "
                "next_attempt_at, dead_at, created_at) "
                "SELECT ?, MAX(seq), 'dead', 17, ?, ?, ? FROM changes",
                sub, ctx.now(), ctx.now(), ctx.now());
          });
          return Call{
              Path("/api/v1/webhooks/", sub, "/deliveries/" + std::to_string(dead) + "/resend"),
              "",
              {},
              std::nullopt};
        });
    t["GET /api/v1/notifications"] = Plain(Get("/api/v1/notifications"));
    // Every caller has its own notifications: both cells mark one of the caller's.
    t["POST /api/v1/notifications/{id}/read"] = Everyone([](World& w, const Caller& c, bool) {
      const auto me =
          World::Expect(w.Send(c.Headers("GET"), "GET", "/api/v1/auth/me"), 200, "auth/me");
      const bool user = !me.at("user").is_null();
      const int64_t who = user ? Id(me.at("user")) : Id(me.at("token"));
      const int64_t id = WebhookRow(w, [user, who](store::WriteContext& ctx) {
        return ctx.conn().Insert(
            "INSERT INTO notifications (recipient_type, recipient_id, kind, message, created_at) "
            "VALUES (?, ?, 'webhook.disabled', '矩阵通知', ?)",
            user ? "user" : "token", who, ctx.now());
      });
      return Call{Path("/api/v1/notifications/", id, "/read"), "", {}, std::nullopt};
    });
  }
  return t;
}

// ---- Expected answers
// ----------------------------------------------------------------------------

enum class Want { k2xx, k403, k404 };

const char* WantText(Want w) {
  switch (w) {
    case Want::k2xx:
      return "2xx";
    case Want::k403:
      return "403";
    case Want::k404:
      return "404";
  }
  return "?";
}

Want Expected(const RouteInfo& route, const Rule& rule, const Caller& c, bool in_scope) {
  if (route.access == http::kPublic || route.loopback_public) return Want::k2xx;
  if (route.access == http::kAuthenticated) {
    return rule.session_only && !c.session() ? Want::k403 : Want::k2xx;
  }
  if (!c.permissions.contains(route.access)) return Want::k403;
  if (!in_scope && rule.records == Records::kScoped && c.data_scope != "all") return Want::k404;
  if (rule.also_requires && !rule.also_requires(c)) return Want::k403;
  return Want::k2xx;
}

bool Matches(Want want, const HttpResponse& r) {
  switch (want) {
    case Want::k2xx:
      return r.status >= 200 && r.status < 300;
    case Want::k403:
      return r.status == 403 && ErrorCodeOf(r) == "forbidden";
    case Want::k404:
      return r.status == 404 && ErrorCodeOf(r) == "not_found";
  }
  return false;
}

// ---- The suite: one server, one world
// ------------------------------------------------------------

class PermissionMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      routes_ = RouterRoutes();
      db_ = std::make_unique<store::testing::TestDb>();
      world_ = std::make_unique<World>();
      World& w = *world_;
      w.db_url = db_->url();
      w.scratch = db_->File("matrix");
      w.admin_token =
          CreateToken(w.db_url, "system_admin", {"--rate-limit", "100000", "--now", kNow});
      w.started = std::chrono::system_clock::now();
      server_ = std::make_unique<ServerProcess>(
          w.db_url, kNow,
          std::vector<std::string>{"--rate-login", "100000", "--rate-caller", "100000",
                                   "--rate-anonymous", "100000"});
      w.port = server_->port();
      BuildWorld(w);
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() {
    server_.reset();
    world_.reset();
    db_.reset();
  }

  static void BuildWorld(World& w) {
    const auto roles = w.AdminGet("/api/v1/roles").at("items").as_array();
    w.city = Id(w.AdminPost("/api/v1/agencies", {{"name", "晋中市中级人民法院"},
                                                 {"abbr", "晋中中院"},
                                                 {"type", "court"},
                                                 {"court_level", "intermediate"},
                                                 {"court_code", "晋07"},
                                                 {"area_code", "140700"}}));
    w.a = Id(w.AdminPost("/api/v1/agencies", {{"name", "榆次区人民法院"},
                                              {"abbr", "榆次法院"},
                                              {"type", "court"},
                                              {"court_level", "basic"},
                                              {"court_code", "晋0702"},
                                              {"area_code", "140702"},
                                              {"parent_id", w.city}}));
    w.b = Id(w.AdminPost("/api/v1/agencies", {{"name", "太谷区人民法院"},
                                              {"abbr", "太谷法院"},
                                              {"type", "court"},
                                              {"court_level", "basic"},
                                              {"court_code", "晋0703"},
                                              {"area_code", "140703"},
                                              {"parent_id", w.city}}));
    w.bureau = Id(w.AdminPost("/api/v1/agencies", {{"name", "太原市市场监督管理局"},
                                                   {"abbr", "太原市监"},
                                                   {"type", "market_regulation"},
                                                   {"area_code", "140100"}}));

    // One caller per shipped role, bound to A.
    std::vector<int64_t> own_case_users;
    for (const auto& rv : roles) {
      const auto& r = rv.as_object();
      Caller c;
      c.role = Str(r.at("code"));
      c.data_scope = Str(r.at("data_scope"));
      for (const auto& p : r.at("permissions").as_array()) c.permissions.insert(Str(p));
      c.agency_id = w.a;
      if (c.data_scope == "own_cases") {
        // A token sees no cases with this scope: use a real user who handles the in-scope case.
        const std::string name = "mx_" + c.role;
        const std::string file = w.scratch + "-" + name + ".txt";
        std::ofstream(file) << kPassword << "\n";
        std::string out;
        const int rc = RunShenguan(
            {"user", "add", name, "--role", c.role, "--agency-id", std::to_string(w.a),
             "--password-file", file, "--no-force-change", "--now", kNow, "--db", w.db_url},
            &out);
        if (rc != 0) throw std::runtime_error("shenguan user add " + name + " failed: " + out);
        c = w.Login(name, kPassword, c);
        own_case_users.push_back(c.user_id);
      } else if (c.data_scope == "custom") {
        throw std::runtime_error("role " + c.role +
                                 " has the custom data scope: teach the permission matrix to "
                                 "give it agencies (role_agencies)");
      } else {
        c.token = CreateToken(
            w.db_url, c.role,
            {"--agency-id", std::to_string(w.a), "--rate-limit", "100000", "--now", kNow});
      }
      w.callers.push_back(std::move(c));
    }
    if (w.callers.empty()) throw std::runtime_error("GET /api/v1/roles listed no roles");
    w.login_name = w.AddLoginUser("supervisor");

    // The in-scope case (handled by the own_cases users) in A; the out-of-scope one in B.
    auto in_case = World::CaseBody(w.a, "矩阵本院案件");
    if (!own_case_users.empty()) {
      in_case["handler_id"] = own_case_users.front();
      w.own_case_user = own_case_users.front();
      if (own_case_users.size() > 1) {
        in_case["panel_ids"] = json::array(own_case_users.begin() + 1, own_case_users.end());
      }
    }
    w.case_a = Id(w.AdminPost("/api/v1/cases", in_case));
    w.case_b = Id(w.AdminPost("/api/v1/cases", World::CaseBody(w.b, "矩阵兄弟法院案件")));

    // Parties registered by A and by B; IP rights from both (visible to all readers).
    const auto clerk_a = Bearer(w.TokenSecret(w.a, "clerk"));
    const auto clerk_b = Bearer(w.TokenSecret(w.b, "clerk"));
    w.party_a = Id(w.PostAs(clerk_a, "/api/v1/parties", w.PartyBody()));
    w.party_b = Id(w.PostAs(clerk_b, "/api/v1/parties", w.PartyBody()));
    w.foreign_parties.insert(w.party_b);
    w.ip_a = Id(w.PostAs(clerk_a, "/api/v1/ip-rights", w.IpBody()));
    w.ip_b = Id(w.PostAs(clerk_b, "/api/v1/ip-rights", w.IpBody()));
    // An import by a clerk of A and one by a clerk of B: a stored import is its agency's.
    const auto import_case = [&w](const std::vector<std::string>& clerk, int64_t agency) {
      const std::string row = Body({{"external_id", "mx-world-import-" + w.Unique()},
                                    {"source_system", "matrix"},
                                    {"kind", "civil_first"},
                                    {"agency", agency},
                                    {"title", "矩阵导入"},
                                    {"received_on", "2024-05-20"}});
      auto headers = clerk;
      headers.push_back("Content-Type: application/x-ndjson");
      const auto r = HttpRequest(w.port, "POST", "/api/v1/imports?entity=cases&format=ndjson",
                                 row + "\n", headers);
      return Id(World::Expect(r, 200, "POST /api/v1/imports"));
    };
    w.import_a = import_case(clerk_a, w.a);
    w.import_b = import_case(clerk_b, w.b);

    w.user_a = w.AddUser(w.a, "clerk");
    w.user_b = w.AddUser(w.b, "clerk");
    w.token_b = w.AddToken(w.b);
  }

  void SetUp() override {
    ASSERT_TRUE(setup_error_.empty()) << "building the permission world failed: " << setup_error_;
  }

  static std::vector<RouteInfo> routes_;
  static std::unique_ptr<store::testing::TestDb> db_;
  static std::unique_ptr<ServerProcess> server_;
  static std::unique_ptr<World> world_;
  static std::string setup_error_;
};

std::vector<RouteInfo> PermissionMatrixTest::routes_;
std::unique_ptr<store::testing::TestDb> PermissionMatrixTest::db_;
std::unique_ptr<ServerProcess> PermissionMatrixTest::server_;
std::unique_ptr<World> PermissionMatrixTest::world_;
std::string PermissionMatrixTest::setup_error_;

// The table and the router agree: every route has a rule, every rule a route.
TEST(PermissionTableTest, EveryRouteHasARuleAndEveryRuleARoute) {
  const auto routes = RouterRoutes();
  const auto rules = Rules();
  ASSERT_FALSE(routes.empty());
  std::set<std::string> served;
  for (const auto& r : routes) {
    served.insert(r.key());
    EXPECT_TRUE(rules.contains(r.key()))
        << r.key() << " (access " << r.access
        << ") is served but has no rule in the permission matrix: add one to Rules() in "
           "tests/api/api_permissions_test.cpp saying how to call it (target in scope and out "
           "of scope for {id} routes, a valid body for writes)";
    const bool permission = r.access != http::kPublic && r.access != http::kAuthenticated;
    EXPECT_TRUE(!permission || std::count(r.access.begin(), r.access.end(), ':') == 2)
        << r.key() << ": access \"" << r.access << "\" is not public, authenticated or a "
        << "permission module:resource:action";
    if (auto it = rules.find(r.key()); it != rules.end()) {
      const bool has_id = r.pattern.find("{id}") != std::string::npos;
      EXPECT_EQ(has_id, it->second.records != Records::kNone)
          << r.key() << ": a route with {id} needs Scoped/Everyone records, one without Plain";
      EXPECT_EQ(it->second.session_only && r.access != http::kAuthenticated, false)
          << r.key() << ": only \"authenticated\" routes can be session-only";
    }
  }
  for (const auto& [key, rule] : rules) {
    EXPECT_TRUE(served.contains(key)) << "the permission matrix has a rule for " << key
                                      << ", which the router no longer serves: remove or rename it";
  }
}

TEST_F(PermissionMatrixTest, EveryRouteEveryRoleInAndOutOfScope) {
  World& w = *world_;
  const auto rules = Rules();
  struct Row {
    std::string label;
    std::vector<std::string> cells;  // per caller
  };
  std::vector<Row> rows;
  std::vector<std::string> failures;
  int cells = 0;
  for (const auto& route : routes_) {
    const auto it = rules.find(route.key());
    if (it == rules.end()) {
      ADD_FAILURE() << route.key() << " has no rule in the permission matrix (see "
                    << "PermissionTableTest)";
      continue;
    }
    const Rule& rule = it->second;
    for (const bool in : {true, false}) {
      if (!in && rule.records == Records::kNone) continue;
      Row row;
      row.label = route.key();
      if (rule.records == Records::kScoped) row.label += in ? " [in]" : " [out]";
      if (rule.records == Records::kVisibleToAll) row.label += in ? " [A]" : " [elsewhere]";
      for (const Caller& caller : w.callers) {
        const Want want = Expected(route, rule, caller, in);
        std::string where = row.label + " × " + caller.role;
        HttpResponse r;
        try {
          Call call = rule.call(w, caller, in);
          const Caller& as = call.as ? *call.as : caller;
          auto headers = as.Headers(route.method);
          headers.insert(headers.end(), call.headers.begin(), call.headers.end());
          r = w.Send(headers, route.method, call.target, call.body);
          where += " (" + route.method + " " + call.target + ")";
        } catch (const std::exception& e) {
          row.cells.push_back("ERR");
          failures.push_back(where + ": preparing the call failed: " + e.what());
          continue;
        }
        ++cells;
        const std::string got = std::to_string(r.status);
        if (Matches(want, r)) {
          row.cells.push_back(got);
        } else {
          row.cells.push_back(got + "!" + WantText(want));
          failures.push_back(where + ": want " + WantText(want) + ", got " + got + " " +
                             r.body.substr(0, 240));
        }
      }
      rows.push_back(std::move(row));
    }
  }
  std::cout << "[ permission matrix ] " << routes_.size() << " routes × " << w.callers.size()
            << " roles: " << cells << " cells, " << failures.size() << " wrong" << std::endl;
  if (failures.empty() && !std::getenv("SHENGUAN_PRINT_MATRIX")) return;

  size_t label_width = 0;
  for (const auto& row : rows) label_width = std::max(label_width, row.label.size());
  std::ostringstream m;
  m << "permission matrix (cell: status got; GOT!WANT where it differs from the expectation)\n";
  m << std::left << std::setw(static_cast<int>(label_width)) << ""
    << " ";
  std::vector<size_t> widths;
  for (const Caller& c : w.callers) {
    widths.push_back(std::max<size_t>(c.role.size(), 7));
    m << " " << std::setw(static_cast<int>(widths.back())) << c.role;
  }
  m << "\n";
  for (const auto& row : rows) {
    m << std::setw(static_cast<int>(label_width)) << row.label << " ";
    for (size_t i = 0; i < row.cells.size(); ++i) {
      m << " " << std::setw(static_cast<int>(widths[i])) << row.cells[i];
    }
    m << "\n";
  }
  m << "\n" << failures.size() << " cells differ:\n";
  for (const auto& f : failures) m << "  " << f << "\n";
  if (failures.empty()) {
    std::cout << m.str();
  } else {
    ADD_FAILURE() << m.str();
  }
}

// Lists leave out what the caller may not see, and count only what it may.
TEST_F(PermissionMatrixTest, ListsLeaveOutOfScopeRecordsOut) {
  World& w = *world_;
  // The agencies of each scope rooted at A: A and everything below it.
  const auto agencies = w.AdminGet("/api/v1/agencies").at("items").as_array();
  std::set<int64_t> a_and_below{w.a};
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& ag : agencies) {
      const auto& parent = ag.at("parent_id");
      if (!parent.is_null() && a_and_below.contains(parent.to_number<int64_t>()) &&
          a_and_below.insert(Id(ag)).second) {
        grew = true;
      }
    }
  }
  const auto in_agency_scope = [&](const Caller& c, int64_t agency) {
    if (c.data_scope == "all") return true;
    if (c.data_scope == "agency_and_below") return a_and_below.contains(agency);
    return agency == c.agency_id;  // agency, own_cases
  };
  // Cases handed over between agencies are shared with the other side (auth/scope.h): the
  // receiving case with the sender, the source case with the receiver (not own_cases callers:
  // they see the cases they handle).
  std::multimap<int64_t, int64_t> shared_with;  // case -> agency
  const auto transfers = w.AdminGet("/api/v1/transfers?direction=out&limit=200");
  for (const auto& t : transfers.at("items").as_array()) {
    shared_with.emplace(t.at("receiving_case_id").to_number<int64_t>(),
                        t.at("from_agency_id").to_number<int64_t>());
    shared_with.emplace(t.at("from_case_id").to_number<int64_t>(),
                        t.at("to_agency_id").to_number<int64_t>());
  }
  const auto shared_in_scope = [&](const Caller& c, int64_t case_id) {
    const auto [from, to] = shared_with.equal_range(case_id);
    for (auto it = from; it != to; ++it) {
      if (in_agency_scope(c, it->second)) return true;
    }
    return false;
  };
  struct List {
    std::string target;
    std::string permission;
    int64_t in_id;
    int64_t out_id;
    std::function<bool(const Caller&, const json::object&)> visible;
  };
  const std::vector<List> lists = {
      {"/api/v1/cases?limit=500", "case:record:read", w.case_a, w.case_b,
       [&](const Caller& c, const json::object& o) {
         if (c.data_scope != "own_cases" && shared_in_scope(c, Id(o))) return true;
         if (c.data_scope == "own_cases") {
           if (!c.session()) return false;
           const auto& h = o.at("handler_id");
           if (!h.is_null() && h.to_number<int64_t>() == c.user_id) return true;
           if (const auto* panel = o.if_contains("panel_ids"); panel && panel->is_array()) {
             for (const auto& p : panel->as_array()) {
               if (p.to_number<int64_t>() == c.user_id) return true;
             }
           }
           return false;
         }
         return in_agency_scope(c, o.at("agency_id").to_number<int64_t>());
       }},
      // Parties show no agency: all of them are registered by A but the foreign ones, and none is
      // on a case.
      {"/api/v1/parties?limit=500", "party:record:read", w.party_a, w.party_b,
       [&](const Caller& c, const json::object& o) {
         return c.data_scope == "all" ||
                !w.foreign_parties.contains(o.at("id").to_number<int64_t>());
       }},
      {"/api/v1/users?limit=500", "system:user:read", w.user_a, w.user_b,
       [&](const Caller& c, const json::object& o) {
         return in_agency_scope(c, o.at("agency_id").to_number<int64_t>());
       }},
      {"/api/v1/tokens", "system:token:read", 0, w.token_b,
       [&](const Caller& c, const json::object& o) {
         return in_agency_scope(c, o.at("agency_id").to_number<int64_t>());
       }},
      // An import is its maker's agency's; one made without an agency only scope `all` sees.
      {"/api/v1/imports?limit=500", "case:record:create", w.import_a, w.import_b,
       [&](const Caller& c, const json::object& o) {
         const auto& agency = o.at("agency_id");
         return agency.is_null() ? c.data_scope == "all"
                                 : in_agency_scope(c, agency.to_number<int64_t>());
       }},
  };
  int checked = 0;
  for (const auto& list : lists) {
    const auto all = w.AdminGet(list.target);
    for (const Caller& c : w.callers) {
      if (!c.permissions.contains(list.permission)) continue;
      SCOPED_TRACE(list.target + " as " + c.role + " (" + c.data_scope + ")");
      std::set<int64_t> want;
      for (const auto& item : all.at("items").as_array()) {
        if (list.visible(c, item.as_object())) want.insert(Id(item));
      }
      const auto r = w.Send(c.Headers("GET"), "GET", list.target);
      ASSERT_EQ(r.status, 200) << r.body;
      const auto got_json = json::parse(r.body);
      std::set<int64_t> got;
      for (const auto& item : got_json.at("items").as_array()) got.insert(Id(item));
      ++checked;
      EXPECT_EQ(got, want);
      if (const auto* total = got_json.as_object().if_contains("total")) {
        EXPECT_EQ(total->to_number<int64_t>(), static_cast<int64_t>(want.size()))
            << "total counts what the caller may not see";
      }
      if (c.data_scope != "all") {
        EXPECT_FALSE(got.contains(list.out_id)) << "the out-of-scope record " << list.out_id;
      }
      if (list.in_id != 0) {
        EXPECT_TRUE(got.contains(list.in_id)) << "the in-scope record " << list.in_id;
      }
    }
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace sg::apitest
