// The demo's open cases after PlayStories: the actions it took are the API's (services,
// not-counted periods, extensions), every closed case carries an outcome its workflow allows, and
// by `today` some deadlines are near their limit and some overdue.
#include "demo/stories.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "base/clock.h"
#include "demo/demo.h"
#include "service/case_actions.h"
#include "store/testing/test_db.h"

namespace sg::demo {
namespace {

constexpr Date kToday{2025, 6, 30};

class StoriesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new store::testing::TestDb();
    conn_ = db_->Connect("OFF").release();
    GenerateDemo(*conn_, {3000, 11, kToday}, nullptr);
    svc::AdoptCases(*conn_, wf::Registry::Builtin(), *cal::Calendar::Builtin(), kToday);
    FixedClock clock(ChinaMidnight(kToday) + 18LL * 3600 * 1000);
    store::Writer writer(db_->Connect("OFF"), clock, {});
    counts_ = PlayStories(writer, wf::Registry::Builtin(), *cal::Calendar::Builtin(), kToday, 11);
    writer.Stop();
  }
  static void TearDownTestSuite() {
    delete conn_;
    delete db_;
  }
  static int64_t Count(const std::string& sql) { return conn_->QueryInt(sql).value_or(-1); }

  static store::testing::TestDb* db_;
  static store::Connection* conn_;
  static StoryCounts counts_;
};
store::testing::TestDb* StoriesTest::db_ = nullptr;
store::Connection* StoriesTest::conn_ = nullptr;
StoryCounts StoriesTest::counts_;

TEST_F(StoriesTest, ActionsAreRecordedAsTheApiRecordsThem) {
  EXPECT_GT(counts_.cases, 50);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_services"), counts_.services);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_suspensions"), counts_.suspensions);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_extensions"), counts_.extensions);
  EXPECT_GT(counts_.services, 100);
  EXPECT_GT(counts_.suspensions, 0);
  EXPECT_GT(counts_.extensions, 0);
  // Each action wrote its event, its audit entry and its feed change.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), counts_.actions);
  // (The bulk load writes only these four kinds of event; the stories none of them.)
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_events WHERE type NOT IN ('created', 'filed', "
                  "'assigned', 'closed')"),
            counts_.actions);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes WHERE at >= (SELECT MIN(at) FROM audit_log)"),
            counts_.actions);
  // More than one way of serving, never after today nor before the case was filed.
  EXPECT_GE(Count("SELECT COUNT(DISTINCT method) FROM case_services"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_services s JOIN cases c ON c.id = s.case_id "
                  "WHERE s.served_on > '2025-06-30' OR s.served_on < COALESCE(c.filed_on, "
                  "c.received_on)"),
            0);
  // Party periods (the answer) run from each party's service.
  EXPECT_GT(Count("SELECT COUNT(*) FROM case_deadlines WHERE party_id <> 0"), 0);
  // Extensions are decided both ways, within the legal caps (a refused request would have
  // thrown), and granted ones moved their deadline.
  EXPECT_GT(Count("SELECT COUNT(*) FROM case_extensions WHERE status = 'granted'"), 0);
}

TEST_F(StoriesTest, SomeCasesAreNearTheirLimitAndSomeOverdue) {
  EXPECT_GT(Count("SELECT COUNT(*) FROM case_deadlines WHERE status = 'running' AND party_id = 0 "
                  "AND due < '2025-06-30'"),
            0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM case_deadlines WHERE status = 'running' AND party_id = 0 "
                  "AND near_on <= '2025-06-30' AND due >= '2025-06-30'"),
            0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM case_deadlines WHERE status = 'suspended'"), 0);
}

TEST_F(StoriesTest, ClosedCasesRecordAnOutcomeTheirClosingActionAllows) {
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases WHERE status = 'closed' AND outcome IS NULL"), 0);
  auto r = conn_->Query(
      "SELECT DISTINCT kind, stage, outcome, appeal_result FROM cases "
      "WHERE status = 'closed'");
  int rows = 0;
  while (r.Next()) {
    ++rows;
    const std::string kind = r.Str(0), stage = r.Str(1), outcome = r.Str(2);
    const wf::Definition* def = wf::Registry::Builtin().Find(kind);
    ASSERT_NE(def, nullptr) << kind;
    bool allowed = false;
    for (const auto& a : def->actions) {
      const wf::Field* f = a.FindField("outcome");
      if (!f || a.to != stage) continue;
      allowed =
          allowed || std::find(f->allowed.begin(), f->allowed.end(), outcome) != f->allowed.end();
      const wf::Field* ar = a.FindField("appeal_result");
      if (!r.IsNull(3) && ar) {
        EXPECT_NE(std::find(ar->allowed.begin(), ar->allowed.end(), r.Str(3)), ar->allowed.end());
      }
    }
    EXPECT_TRUE(allowed) << kind << " " << stage << " " << outcome;
  }
  EXPECT_GT(rows, 20);
  EXPECT_GT(Count("SELECT COUNT(*) FROM cases WHERE appeal_result = 'upheld'"), 0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM cases WHERE fine_fen > 0"), 0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM cases WHERE awarded_amount_fen > 0"), 0);
}

TEST_F(StoriesTest, HandOversAreRecordedAsTransfersWithAccessBothWays) {
  EXPECT_GT(Count("SELECT COUNT(*) FROM transfers WHERE type = 'transfer'"), 0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM transfers WHERE type = 'diversion'"), 0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM transfers WHERE type = 'appeal'"), 0);
  // Each receiving agency sees the source case, each sender the receiving case.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM transfers t WHERE NOT EXISTS (SELECT 1 FROM case_access a "
                  "WHERE a.case_id = t.from_case_id AND a.agency_id = t.to_agency_id) OR NOT "
                  "EXISTS (SELECT 1 FROM case_access a WHERE a.case_id = t.to_case_id AND "
                  "a.agency_id = t.from_agency_id)"),
            0);
  // Every transfer stands on a link between its two cases, and is the receiving case's agency's.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM transfers t JOIN cases c ON c.id = t.to_case_id "
                  "WHERE c.agency_id <> t.to_agency_id OR NOT EXISTS (SELECT 1 FROM case_links l "
                  "WHERE (l.from_case_id = t.from_case_id AND l.to_case_id = t.to_case_id) OR "
                  "(l.from_case_id = t.to_case_id AND l.to_case_id = t.from_case_id))"),
            0);
}

}  // namespace
}  // namespace sg::demo
