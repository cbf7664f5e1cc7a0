#include "demo/demo.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "auth/crypto.h"
#include "core/case_number.h"
#include "core/id_number.h"
#include "core/patent_number.h"
#include "core/uscc.h"
#include "demo/accounts.h"
#include "register/dict.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/test_util.h"
#include "store/testing/test_db.h"

namespace sg::demo {
namespace {

constexpr Date kToday{2025, 6, 30};
constexpr int64_t kCases = 500;

struct DemoDb {
  std::unique_ptr<store::testing::TestDb> db;
  std::unique_ptr<store::Connection> conn;
  DemoCounts counts;
};

// A demo data set in a new database of the engine under test, loaded as `shenguan demo` does.
DemoDb Generate(uint64_t seed, int64_t cases = kCases) {
  DemoDb db;
  db.db = std::make_unique<store::testing::TestDb>();
  db.conn = db.db->Connect("OFF");
  db.counts = GenerateDemo(*db.conn, {cases, seed, kToday}, nullptr);
  return db;
}

// Every column of every row of `table`, in id order, as one string.
std::string Dump(store::Connection& conn, const std::string& table, int columns,
                 const std::string& order = "1") {
  std::string out;
  auto rows = conn.Query("SELECT * FROM " + table + " ORDER BY " + order);
  while (rows.Next()) {
    for (int c = 0; c < columns; ++c) {
      out += rows.IsNull(c) ? "\\N" : rows.Str(c);
      out += '\t';
    }
    out += '\n';
  }
  return out;
}

std::string DumpAll(store::Connection& conn) {
  return Dump(conn, "agencies", 12) + Dump(conn, "users", 7) + Dump(conn, "parties", 14) +
         Dump(conn, "ip_rights", 17) + Dump(conn, "cases", 23) +
         Dump(conn, "case_panel", 2, "1, 2") + Dump(conn, "case_parties", 4, "1, 4") +
         Dump(conn, "case_ip_rights", 2, "1, 2") + Dump(conn, "case_links", 5) +
         Dump(conn, "case_events", 10) + Dump(conn, "case_search", 2) + Dump(conn, "changes", 7);
}

int64_t Count(store::Connection& conn, const std::string& table) {
  return conn.QueryInt("SELECT COUNT(*) FROM " + table).value_or(-1);
}

class DemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { db_ = new DemoDb(Generate(7)); }
  static void TearDownTestSuite() {
    // DEMO_KEEP=path keeps a copy of the generated SQLite database for inspection.
    const char* keep = std::getenv("DEMO_KEEP");
    if (keep && db_->conn->engine() == store::Engine::kSqlite) {
      db_->conn->Exec("VACUUM INTO ?", keep);
    }
    delete db_;
  }
  store::Connection& conn() { return *db_->conn; }
  static DemoDb* db_;
};
DemoDb* DemoTest::db_ = nullptr;

TEST_F(DemoTest, SameSeedGivesIdenticalRowsAndAnotherSeedDiffers) {
  DemoDb same = Generate(7);
  EXPECT_EQ(DumpAll(conn()), DumpAll(*same.conn));
  DemoDb other = Generate(8);
  EXPECT_NE(Dump(conn(), "cases", 23), Dump(*other.conn, "cases", 23));
}

TEST_F(DemoTest, CountsMatchTheTables) {
  const DemoCounts& c = db_->counts;
  EXPECT_EQ(c.cases, kCases);
  EXPECT_EQ(c.cases, Count(conn(), "cases"));
  EXPECT_EQ(c.agencies, Count(conn(), "agencies"));
  EXPECT_EQ(c.users, Count(conn(), "users"));
  EXPECT_EQ(c.parties, Count(conn(), "parties"));
  EXPECT_EQ(c.ip_rights, Count(conn(), "ip_rights"));
  EXPECT_EQ(c.case_parties, Count(conn(), "case_parties"));
  EXPECT_EQ(c.case_ip_rights, Count(conn(), "case_ip_rights"));
  EXPECT_EQ(c.case_panels, Count(conn(), "case_panel"));
  EXPECT_EQ(c.case_links, Count(conn(), "case_links"));
  EXPECT_EQ(c.events, Count(conn(), "case_events"));
  EXPECT_EQ(c.changes, Count(conn(), "changes"));
  EXPECT_EQ(c.search_terms, Count(conn(), "case_terms") + Count(conn(), "case_search"));
  EXPECT_GT(c.case_links, 0);
  // The feed's seq runs 1..n without gaps.
  EXPECT_EQ(conn().QueryInt("SELECT MAX(seq) FROM changes"), c.changes);
}

TEST_F(DemoTest, EveryKindAndLinkTypeIsPresentAndOwnedByAnAllowedAgency) {
  std::set<std::string> kinds;
  auto rows = conn().Query(
      "SELECT c.kind, a.type, COALESCE(a.court_level, '') FROM cases c "
      "JOIN agencies a ON a.id = c.agency_id");
  while (rows.Next()) {
    kinds.insert(rows.Str(0));
    EXPECT_TRUE(reg::AgencyMayOwn(rows.Text(1), rows.Text(2), rows.Text(0)))
        << rows.Str(0) << " at " << rows.Str(1) << "/" << rows.Str(2);
  }
  for (const auto& k : reg::DictValues("case_kind")) EXPECT_TRUE(kinds.count(k)) << k;
  std::set<std::string> links;
  auto l = conn().Query("SELECT DISTINCT type FROM case_links");
  while (l.Next()) links.insert(l.Str(0));
  for (const auto& t : reg::DictValues("link_type")) EXPECT_TRUE(links.count(t)) << t;
}

TEST_F(DemoTest, AppealsPointFromSecondToFirstInstance) {
  auto rows = conn().Query(
      "SELECT f.kind, t.kind, f.received_on, t.closed_on FROM case_links l "
      "JOIN cases f ON f.id = l.from_case_id JOIN cases t ON t.id = l.to_case_id "
      "WHERE l.type = 'appeal_of'");
  int n = 0;
  while (rows.Next()) {
    ++n;
    EXPECT_TRUE(rows.Str(0).ends_with("_second"));
    EXPECT_TRUE(rows.Str(1).ends_with("_first"));
    EXPECT_GT(rows.Str(2), rows.Str(3));  // appealed after the judgment
  }
  EXPECT_GT(n, 0);
}

TEST_F(DemoTest, IdentifiersPassCoreValidation) {
  const core::CivilDate today{kToday.year, kToday.month, kToday.day};
  int usccs = 0, ids = 0, patents = 0;
  auto p = conn().Query("SELECT uscc, id_number FROM parties");
  while (p.Next()) {
    if (!p.IsNull(0)) {
      ++usccs;
      EXPECT_TRUE(core::ValidateUscc(p.Text(0)).valid) << p.Str(0);
    }
    if (!p.IsNull(1)) {
      ++ids;
      EXPECT_TRUE(core::ValidateIdNumber(p.Text(1), today).valid) << p.Str(1);
      // Adults only.
      EXPECT_LE(p.Str(1).substr(6, 8), std::to_string(kToday.year - 18) + "0630");
    }
  }
  auto r = conn().Query("SELECT number FROM ip_rights WHERE type LIKE 'patent_%'");
  while (r.Next()) {
    ++patents;
    EXPECT_TRUE(core::ValidatePatentNumber(r.Text(0), today).valid) << r.Str(0);
  }
  EXPECT_GT(usccs, 50);
  EXPECT_GT(ids, 50);
  EXPECT_GT(patents, 10);
}

TEST_F(DemoTest, CourtNumbersParseAndRunWithoutGapsInDateOrder) {
  // scope -> (sequence -> filed_on)
  std::map<std::string, std::map<int64_t, std::string>> scopes;
  auto rows = conn().Query(
      "SELECT c.case_number, c.filed_on FROM cases c JOIN agencies a ON a.id = c.agency_id "
      "WHERE a.type = 'court' AND c.case_number IS NOT NULL");
  int n = 0;
  while (rows.Next()) {
    ++n;
    auto parsed = core::ParseCaseNumber(rows.Text(0));
    ASSERT_TRUE(parsed) << rows.Str(0);
    EXPECT_EQ(std::to_string(parsed->year), rows.Str(1).substr(0, 4));
    const std::string scope = parsed->court_code + "|" + std::to_string(parsed->year) + "|" +
                              parsed->specialized + parsed->type_code;
    EXPECT_TRUE(scopes[scope].emplace(parsed->sequence, rows.Str(1)).second) << rows.Str(0);
  }
  EXPECT_GT(n, 100);
  for (const auto& [scope, seqs] : scopes) {
    int64_t expect = 1;
    std::string last_date;
    for (const auto& [seq, filed] : seqs) {
      EXPECT_EQ(seq, expect++) << scope;
      EXPECT_GE(filed, last_date) << scope;
      last_date = filed;
    }
  }
}

TEST_F(DemoTest, DatesAreOrderedAndNotAfterToday) {
  const std::string today = kToday.ToString();
  auto rows = conn().Query(
      "SELECT status, received_on, filed_on, closed_on, case_number, handler_id, title "
      "FROM cases");
  std::map<std::string, int> statuses;
  while (rows.Next()) {
    const std::string status = rows.Str(0), received = rows.Str(1);
    ++statuses[status];
    EXPECT_LE(received, today);
    EXPECT_GE(received, "2022-01-01");
    EXPECT_FALSE(rows.Str(6).empty());
    if (status == "received") {
      EXPECT_TRUE(rows.IsNull(2) && rows.IsNull(3) && rows.IsNull(4) && rows.IsNull(5));
      continue;
    }
    const std::string filed = rows.Str(2);
    EXPECT_GE(filed, received);
    EXPECT_LE(filed, today);
    EXPECT_FALSE(rows.IsNull(4));
    EXPECT_FALSE(rows.IsNull(5));
    if (status == "closed") {
      EXPECT_GE(rows.Str(3), filed);
      EXPECT_LE(rows.Str(3), today);
    } else {
      EXPECT_EQ(status, "filed");
      EXPECT_TRUE(rows.IsNull(3));
    }
  }
  EXPECT_GT(statuses["closed"], statuses["filed"]);  // older cases are mostly closed
  EXPECT_GT(statuses["filed"], 0);
  const TimestampMs end_of_today = ChinaMidnight(kToday.AddDays(1));
  EXPECT_EQ(conn().QueryInt("SELECT COUNT(*) FROM case_events WHERE at >= ? OR effective_on > ?",
                            end_of_today, today),
            0);
  EXPECT_EQ(conn().QueryInt("SELECT COUNT(*) FROM changes WHERE at >= ?", end_of_today), 0);
}

TEST_F(DemoTest, RefusesADatabaseThatHoldsData) {
  EXPECT_THROW(GenerateDemo(conn(), {10, 1, kToday}, nullptr), std::runtime_error);
  EXPECT_EQ(Count(conn(), "cases"), kCases);
}

TEST(DemoOptionsTest, RequiresToday) {
  store::testing::TestDb db;
  auto conn = db.Connect();
  EXPECT_THROW(GenerateDemo(*conn, {10, 1, Date{}}, nullptr), std::runtime_error);
  EXPECT_EQ(Count(*conn, "agencies"), 0);
}

// The fields of each line of a demo-accounts.txt.
std::vector<std::vector<std::string>> ParseAccountsFile(const std::string& text) {
  std::vector<std::vector<std::string>> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    if (end == std::string::npos) break;  // a last line without '\n' is not a line
    std::vector<std::string> fields;
    size_t f = start;
    for (size_t tab; (tab = text.find('\t', f)) < end; f = tab + 1) {
      fields.push_back(text.substr(f, tab - f));
    }
    fields.push_back(text.substr(f, end - f));
    lines.push_back(std::move(fields));
    start = end + 1;
  }
  return lines;
}

TEST(DemoAccountsTest, EveryRoleHasAnAccountThatSignsIn) {
  DemoDb db = Generate(7, 200);
  store::Connection& conn = *db.conn;
  const TimestampMs at = ChinaMidnight(kToday) + 9LL * 3600 * 1000;
  const std::vector<DemoAccount> accounts = CreateDemoAccounts(conn, 7, at);

  std::set<std::string> roles;
  std::set<std::string> agencies;
  for (const auto& a : accounts) {
    roles.insert(a.role);
    agencies.insert(a.agency_name);
    auto r = conn.Query(
        "SELECT u.password_hash, u.must_change_password, u.totp_enabled, u.totp_secret, ro.code, "
        "ro.requires_totp, ag.name, u.id FROM users u JOIN roles ro ON ro.id = u.role_id "
        "JOIN agencies ag ON ag.id = u.agency_id WHERE u.username = ?",
        a.username);
    ASSERT_TRUE(r.Next()) << a.username;
    EXPECT_EQ(r.Int(7), a.user_id);
    EXPECT_TRUE(auth::VerifyPassword(r.Text(0), a.password)) << a.username;
    EXPECT_EQ(auth::PasswordPolicyError(a.username, a.password), std::nullopt) << a.password;
    EXPECT_EQ(r.Int(1), 0) << a.username << " must not need a password change";
    EXPECT_EQ(r.Str(4), a.role);
    EXPECT_EQ(r.Str(6), a.agency_name);
    if (r.Int(5) != 0) {
      EXPECT_EQ(r.Int(2), 1) << a.username;
      EXPECT_EQ(r.OptStr(3), a.totp_secret);
      auto secret = auth::Base32Decode(a.totp_secret);
      ASSERT_TRUE(secret) << a.totp_secret;
      EXPECT_EQ(secret->size(), 20u);
    } else {
      EXPECT_EQ(r.Int(2), 0) << a.username;
      EXPECT_TRUE(a.totp_secret.empty()) << a.username;
    }
    r.Close();
    if (a.role == "handler") {
      // own_cases shows a handler the cases it handles: there must be some.
      EXPECT_GT(conn.QueryInt("SELECT COUNT(*) FROM cases WHERE handler_id = ?", a.user_id), 0)
          << a.username;
    }
  }
  for (const char* role : {"system_admin", "agency_admin", "clerk", "handler", "approver",
                           "supervisor", "external_system"}) {
    EXPECT_TRUE(roles.contains(role)) << role;
  }
  EXPECT_EQ(agencies,
            (std::set<std::string>{
                "晋中市中级人民法院", "榆次区人民法院", "晋中市市场监督管理局知识产权执法中队",
                "晋中仲裁委员会知识产权仲裁中心", "晋中市12345政务服务便民热线"}));
  // The other demo users are handlers who cannot sign in.
  EXPECT_EQ(conn.QueryInt("SELECT COUNT(*) FROM users WHERE role_id IS NULL"), 0);
  EXPECT_EQ(conn.QueryInt("SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL"),
            static_cast<int64_t>(accounts.size()));

  // demo-accounts.txt: username, password, role, agency, TOTP secret or '-'.
  const std::string file = FormatAccountsFile(accounts);
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(file.back(), '\n');
  const auto lines = ParseAccountsFile(file);
  ASSERT_EQ(lines.size(), accounts.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const DemoAccount& a = accounts[i];
    ASSERT_EQ(lines[i].size(), 5u) << i;
    EXPECT_EQ(lines[i][0], a.username);
    EXPECT_EQ(lines[i][1], a.password);
    EXPECT_EQ(lines[i][2], a.role);
    EXPECT_EQ(lines[i][3], a.agency_name);
    EXPECT_EQ(lines[i][4], a.totp_secret.empty() ? "-" : a.totp_secret);
  }

  EXPECT_THROW(CreateDemoAccounts(conn, 7, at), std::runtime_error);
  // The same seed prints the same accounts.
  DemoDb again = Generate(7, 200);
  EXPECT_EQ(FormatAccountsFile(CreateDemoAccounts(*again.conn, 7, at)), file);
}

}  // namespace
}  // namespace sg::demo

namespace sg::demo {
namespace {

// Timing of a large run, for comparison with bench/raw_insert. Run with
//   demo_test --gtest_also_run_disabled_tests --gtest_filter='*DemoBench*'
// DEMO_BENCH_CASES (default 100000) sets the size, DEMO_BENCH_DB keeps the database there.
TEST(DemoBench, DISABLED_GenerateTimed) {
  store::testing::TempDir dir;
  const char* cases_env = std::getenv("DEMO_BENCH_CASES");
  const char* db_env = std::getenv("DEMO_BENCH_DB");
  const int64_t cases = cases_env ? std::stoll(cases_env) : 100000;
  const std::string path = db_env ? db_env : dir.File("bench.db");
  store::SqliteOptions o;
  o.synchronous = "OFF";
  auto conn = store::OpenSqlite(path, o);
  store::Migrate(*conn, 0);
  const auto start = std::chrono::steady_clock::now();
  const DemoCounts c = GenerateDemo(*conn, {cases, 1, kToday}, nullptr);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"cases\": %lld, \"rows\": %lld, \"seconds\": %.3f, \"rows_per_s\": %.0f}\n",
              static_cast<long long>(c.cases), static_cast<long long>(c.total_rows), secs,
              static_cast<double>(c.total_rows) / secs);
}

}  // namespace
}  // namespace sg::demo
