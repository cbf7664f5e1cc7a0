// A stepped demo (steps.h) against one `shenguan demo` run of the same cases, seed and today:
// the same rows in every table, the same counters (as svc::RebuildCounters counts them), and the
// steps' bookkeeping: resuming, refusing other options, reporting completion.
#include "demo/steps.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "base/clock.h"
#include "calendar/calendar.h"
#include "service/case_actions.h"
#include "service/counters.h"
#include "store/testing/test_db.h"
#include "store/writer.h"
#include "workflow/definition.h"

namespace sg::demo {
namespace {

constexpr Date kToday{2025, 6, 30};
constexpr int64_t kCases = 3000;
constexpr uint64_t kSeed = 5;

TimestampMs NineOClock() { return ChinaMidnight(kToday) + 9LL * 3600 * 1000; }

// What `shenguan demo` does in one run (cli/commands.cpp), but ANALYZE.
void LoadInOneRun(store::testing::TestDb& db, store::Connection& conn) {
  GenerateDemo(conn, {kCases, kSeed, kToday}, nullptr);
  svc::AdoptCases(conn, wf::Registry::Builtin(), *cal::Calendar::Builtin(), kToday);
  FixedClock clock(NineOClock());
  {
    store::Writer writer(db.Connect("OFF"), clock, {});
    PlayStories(writer, wf::Registry::Builtin(), *cal::Calendar::Builtin(), kToday, kSeed,
                kDemoStoryCases);
    writer.Stop();
  }
  {
    store::Transaction tx(conn);
    svc::RebuildCounters(conn, wf::Registry::Builtin());
    tx.Commit();
  }
  CreateDemoAccounts(conn, kSeed, clock.Now());
}

StepReport Step(store::testing::TestDb& db, store::Connection& conn, int64_t step_cases,
                int64_t cases = kCases, uint64_t seed = kSeed) {
  FixedClock clock(NineOClock());
  StepOptions o;
  o.demo = {cases, seed, kToday};
  o.step_cases = step_cases;
  return RunDemoStep(
      conn, [&] { return db.Connect("OFF"); }, clock, o, nullptr);
}

int64_t ColumnCount(store::Connection& conn, const std::string& table) {
  return conn
      .QueryInt(conn.engine() == store::Engine::kSqlite
                    ? "SELECT COUNT(*) FROM pragma_table_info(?)"
                    : "SELECT COUNT(*) FROM information_schema.columns "
                      "WHERE table_schema = current_schema() AND table_name = ?",
                table)
      .value_or(0);
}

// Every column of every row of `table` (or of the given columns), ordered by all of them.
std::string Dump(store::Connection& conn, const std::string& table, std::string columns = "*") {
  const int64_t n = columns == "*"
                        ? ColumnCount(conn, table)
                        : 1 + static_cast<int64_t>(std::count(columns.begin(), columns.end(), ','));
  std::string order;
  for (int64_t c = 1; c <= n; ++c) order += (c > 1 ? ", " : "") + std::to_string(c);
  std::string out;
  auto rows = conn.Query("SELECT " + columns + " FROM " + table + " ORDER BY " + order);
  while (rows.Next()) {
    for (int c = 0; c < n; ++c) {
      out += rows.IsNull(c) ? "\\N" : rows.Str(c);
      out += '\t';
    }
    out += '\n';
  }
  return out;
}

// The tables the demo and its workflows, stories and counters write. Users without their
// password hashes (random salts); their TOTP secrets come from the seed.
const char* const kTables[] = {"agencies",       "parties",          "ip_rights",
                               "cases",          "case_panel",       "case_parties",
                               "case_ip_rights", "case_links",       "case_terms",
                               "case_search",    "changes",          "case_number_sequences",
                               "case_deadlines", "case_suspensions", "case_extensions",
                               "case_services",  "transfers",        "case_access",
                               "audit_log",      "case_counted",     "case_counts"};
// The events the stories' actions write get random uids (svc, as through the API), in one run
// as in another; the bulk load's come from the seed.
constexpr const char* kEventColumns =
    "id, case_id, type, actor_id, at, effective_on, before, after, note";
constexpr const char* kBulkEvents =
    "case_events WHERE type IN ('created', 'filed', 'assigned', 'closed')";
constexpr const char* kUserColumns =
    "id, uid, username, display_name, agency_id, role_id, totp_secret, must_change_password";

// "" when equal, else the first line that differs in each and the line counts.
std::string FirstDifference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  size_t line = 0, i = 0, j = 0;
  for (;;) {
    const size_t ea = a.find('\n', i), eb = b.find('\n', j);
    const std::string la = i < a.size() ? a.substr(i, ea - i) : "(end)";
    const std::string lb = j < b.size() ? b.substr(j, eb - j) : "(end)";
    if (la != lb) {
      std::string out = "line " + std::to_string(line + 1) + " of ";
      out += std::to_string(std::count(a.begin(), a.end(), '\n'));
      out += " vs " + std::to_string(std::count(b.begin(), b.end(), '\n'));
      out += ":\n  " + la;
      out += "\n  " + lb;
      return out;
    }
    ++line;
    i = ea == std::string::npos ? a.size() : ea + 1;
    j = eb == std::string::npos ? b.size() : eb + 1;
  }
}

std::map<std::string, int64_t> SumsByMetric(store::Connection& conn) {
  std::map<std::string, int64_t> sums;
  // The agencies' rows (the rollups, agencies 0 and -1, hold their sums again).
  auto r = conn.Query(
      "SELECT metric, grain, SUM(value) FROM case_counts WHERE agency_id > 0 "
      "GROUP BY metric, grain");
  while (r.Next()) sums[r.Str(0) + "/" + r.Str(1)] = r.Int(2);
  return sums;
}

class DemoStepsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    one_ = new store::testing::TestDb();
    one_conn_ = one_->Connect("OFF").release();
    LoadInOneRun(*one_, *one_conn_);

    stepped_ = new store::testing::TestDb();
    stepped_conn_ = stepped_->Connect("OFF").release();
    for (int i = 0; i < 50; ++i) {
      StepReport r = Step(*stepped_, *stepped_conn_, kCases / 3);
      reports_.push_back(r);
      if (r.complete) break;
    }
  }
  static void TearDownTestSuite() {
    delete one_conn_;
    delete one_;
    delete stepped_conn_;
    delete stepped_;
  }

  static store::testing::TestDb* one_;
  static store::Connection* one_conn_;
  static store::testing::TestDb* stepped_;
  static store::Connection* stepped_conn_;
  static std::vector<StepReport> reports_;
};
store::testing::TestDb* DemoStepsTest::one_ = nullptr;
store::Connection* DemoStepsTest::one_conn_ = nullptr;
store::testing::TestDb* DemoStepsTest::stepped_ = nullptr;
store::Connection* DemoStepsTest::stepped_conn_ = nullptr;
std::vector<StepReport> DemoStepsTest::reports_;

TEST_F(DemoStepsTest, StepsRunInOrderUntilComplete) {
  std::string phases;
  for (const auto& r : reports_) phases += r.phase + " ";
  EXPECT_EQ(phases, "setup cases cases cases links stories counters finish ");
  for (size_t i = 0; i < reports_.size(); ++i)
    EXPECT_EQ(reports_[i].step, static_cast<int64_t>(i) + 1);
  EXPECT_EQ(reports_[2].cases_written, 2 * kCases / 3);
  ASSERT_FALSE(reports_.empty());
  EXPECT_TRUE(reports_.back().complete);
  EXPECT_EQ(reports_.back().accounts.size(), 17u);
}

TEST_F(DemoStepsTest, CountsEqualOneRun) {
  const auto count = [](store::Connection& c, const char* sql) {
    return c.QueryInt(sql).value_or(-1);
  };
  EXPECT_EQ(count(*stepped_conn_, "SELECT COUNT(*) FROM cases"), kCases);
  EXPECT_EQ(count(*one_conn_, "SELECT COUNT(*) FROM cases"), kCases);
  EXPECT_EQ(count(*stepped_conn_, "SELECT COUNT(*) FROM case_counted"), kCases);
  const auto sums = SumsByMetric(*stepped_conn_);
  EXPECT_EQ(sums.at("received/day"), kCases);
  EXPECT_EQ(sums, SumsByMetric(*one_conn_));
}

TEST_F(DemoStepsTest, RowsAreThoseOfOneRun) {
  for (const char* table : kTables) {
    EXPECT_EQ(FirstDifference(Dump(*stepped_conn_, table), Dump(*one_conn_, table)), "") << table;
  }
  EXPECT_EQ(FirstDifference(Dump(*stepped_conn_, "case_events", kEventColumns),
                            Dump(*one_conn_, "case_events", kEventColumns)),
            "");
  EXPECT_EQ(FirstDifference(Dump(*stepped_conn_, kBulkEvents, "id, uid"),
                            Dump(*one_conn_, kBulkEvents, "id, uid")),
            "");
  EXPECT_EQ(FirstDifference(Dump(*stepped_conn_, "users", kUserColumns),
                            Dump(*one_conn_, "users", kUserColumns)),
            "");
}

TEST_F(DemoStepsTest, CountersAreThoseRebuildCountersGives) {
  const std::string counts = Dump(*stepped_conn_, "case_counts");
  const std::string counted = Dump(*stepped_conn_, "case_counted");
  store::Transaction tx(*stepped_conn_);
  svc::RebuildCounters(*stepped_conn_, wf::Registry::Builtin());
  EXPECT_EQ(FirstDifference(Dump(*stepped_conn_, "case_counts"), counts), "");
  EXPECT_EQ(FirstDifference(Dump(*stepped_conn_, "case_counted"), counted), "");
  // (rolled back)
}

TEST_F(DemoStepsTest, ACompleteDemoOnlySaysSo) {
  const StepReport r = Step(*stepped_, *stepped_conn_, 1000);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.step, 0);
  EXPECT_EQ(r.phase, "complete");
  EXPECT_EQ(stepped_conn_->QueryInt("SELECT COUNT(*) FROM cases").value_or(-1), kCases);
}

TEST(DemoStepsOptionsTest, OtherOptionsAndDatabasesWithDataAreRefused) {
  store::testing::TestDb db;
  auto conn = db.Connect("OFF");
  EXPECT_EQ(Step(db, *conn, 100, 300).phase, "setup");
  EXPECT_EQ(Step(db, *conn, 100, 300).cases_written, 100);
  EXPECT_THROW(Step(db, *conn, 100, 400), std::runtime_error);
  EXPECT_THROW(Step(db, *conn, 100, 300, kSeed + 1), std::runtime_error);
  EXPECT_EQ(Step(db, *conn, 150, 300).cases_written, 250);  // the step size may change
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM cases").value_or(-1), 250);

  store::testing::TestDb full;
  auto full_conn = full.Connect("OFF");
  GenerateDemo(*full_conn, {10, 1, kToday}, nullptr);
  EXPECT_THROW(Step(full, *full_conn, 100, 10, 1), std::runtime_error);
  EXPECT_THROW(GenerateDemo(*conn, {10, 1, kToday}, nullptr), std::runtime_error);
}

}  // namespace
}  // namespace sg::demo
