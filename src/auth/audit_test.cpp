#include "auth/audit.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>
#include <sstream>

#include "base/errors.h"
#include "store/database.h"
#include "store/testing/test_db.h"

namespace sg::auth {
namespace {

const Date kToday{2024, 6, 1};

store::AuditRecord Entry(std::string action, int64_t actor_id = 1) {
  store::AuditRecord r;
  r.actor_type = "user";
  r.actor_id = actor_id;
  r.actor_name = "张三";
  r.agency_id = 3;
  r.ip = "10.0.0.1";
  r.action = std::move(action);
  return r;
}

// An entry written at 10:00 China time of `day`.
store::AuditRecord EntryOn(Date day, std::string action) {
  store::AuditRecord r = Entry(std::move(action));
  r.at = ChinaMidnight(day) + 10 * 3600 * 1000;
  return r;
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = store::Database::Open(test_db_.url(), clock_, {}); }

  void Append(std::vector<store::AuditRecord> records) {
    db_->writer().Run([&records](store::WriteContext& ctx) {
      for (auto& r : records) ctx.AppendAudit(r);
    });
  }
  void AppendMany(int n) {
    std::vector<store::AuditRecord> records;
    records.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) records.push_back(Entry("case.read"));
    Append(std::move(records));
  }
  // Changes the log behind the writer's back, as an intruder with database access would.
  void Tamper(const std::string& sql) { test_db_.Connect()->ExecScript(sql); }
  ChainCheck Verify(std::optional<int64_t> expected_last_id = std::nullopt) {
    return VerifyAuditChain(*db_->Reader(), expected_last_id);
  }
  boost::json::object List(const std::string& query) {
    return ListAudit(*db_->Reader(), SystemPrincipal(), *Params::Parse(query));
  }
  // The field an ApiError names, or "" when the call succeeds.
  std::string RefusedField(const std::string& query) {
    try {
      List(query);
    } catch (const ApiError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidField);
      return e.field();
    }
    return "";
  }

  store::testing::TestDb test_db_;
  FixedClock clock_{ChinaMidnight(kToday) + 9 * 3600 * 1000};
  std::unique_ptr<store::Database> db_;
};

TEST_F(AuditTest, AGoodChainVerifiesAcrossPages) {
  EXPECT_TRUE(Verify().ok) << "an empty log is a good log";
  AppendMany(1200);
  AppendMany(1300);
  const ChainCheck check = Verify(db_->writer().CommittedAuditTip().last_id);
  EXPECT_TRUE(check.ok) << check.reason;
  EXPECT_EQ(check.checked, 2500);
  EXPECT_FALSE(check.first_broken_id);
}

TEST_F(AuditTest, AnEditedEntryIsNamed) {
  AppendMany(5);
  Tamper(R"(UPDATE audit_log SET detail = '{"covered":"up"}' WHERE id = 3)");
  const ChainCheck check = Verify();
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_broken_id, 3);
  EXPECT_EQ(check.reason, "hash mismatch");
  EXPECT_EQ(check.checked, 2);
}

TEST_F(AuditTest, AnEditedEntryWithItsHashRecomputedBreaksTheNextLink) {
  AppendMany(5);
  std::string prev_hash;
  {
    auto rows = db_->Reader()->Query("SELECT prev_hash FROM audit_log WHERE id = 3");
    ASSERT_TRUE(rows.Next());
    prev_hash = rows.Str(0);
  }
  store::AuditRecord forged = Entry("case.read");
  forged.at = clock_.Now();
  forged.detail = R"({"covered":"up"})";
  const std::string hash = store::AuditHash(prev_hash, store::AuditCanonicalText(3, forged));
  Tamper("UPDATE audit_log SET detail = '" + *forged.detail + "', hash = '" + hash +
         "' WHERE id = 3");
  const ChainCheck check = Verify();
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_broken_id, 4);
  EXPECT_EQ(check.reason, "prev_hash does not match entry 3");
}

TEST_F(AuditTest, ADeletedMiddleEntryIsNamed) {
  AppendMany(5);
  Tamper("DELETE FROM audit_log WHERE id = 3");
  const ChainCheck check = Verify();
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_broken_id, 3);
  EXPECT_EQ(check.reason, "entry 3 missing");
}

TEST_F(AuditTest, ADeletedHeadWithoutAPruneIsNamed) {
  AppendMany(5);
  Tamper("DELETE FROM audit_log WHERE id <= 2");
  const ChainCheck check = Verify();
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_broken_id, 1);
  EXPECT_EQ(check.reason.rfind("entry 1 missing", 0), 0u) << check.reason;
}

TEST_F(AuditTest, ADeletedTailIsCaughtOnlyAgainstTheWritersLastId) {
  AppendMany(5);
  const int64_t last = db_->writer().CommittedAuditTip().last_id;
  Tamper("DELETE FROM audit_log WHERE id >= 4");
  EXPECT_TRUE(Verify().ok) << "the chain alone cannot tell";
  const ChainCheck check = Verify(last);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_broken_id, 4);
}

TEST_F(AuditTest, PruneKeepsSixMonths) {
  Append({EntryOn({2023, 1, 1}, "old")});
  const Date limit = kToday.AddDays(-kAuditMinRetentionDays);
  try {
    db_->writer().Run([&](store::WriteContext& ctx) { PruneAudit(ctx, limit.AddDays(1), kToday); });
    FAIL() << "a date younger than 180 days was accepted";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidField);
    EXPECT_EQ(e.field(), "before");
  }
  int64_t pruned = -1;
  db_->writer().Run([&](store::WriteContext& ctx) { pruned = PruneAudit(ctx, limit, kToday); });
  EXPECT_EQ(pruned, 1);
}

TEST_F(AuditTest, APrunedLogStillVerifiesAndVouchesOnlyForItsOwnStart) {
  Append({EntryOn({2023, 1, 1}, "a"), EntryOn({2023, 2, 1}, "b"), EntryOn({2023, 5, 31}, "c"),
          EntryOn({2023, 6, 1}, "d"), Entry("e")});
  int64_t pruned = -1;
  db_->writer().Run([&](store::WriteContext& ctx) {
    pruned = PruneAudit(ctx, {2023, 6, 1}, kToday);
  });
  EXPECT_EQ(pruned, 3);

  auto r = db_->Reader();
  EXPECT_EQ(r->QueryInt("SELECT MIN(id) FROM audit_log"), 4);
  auto rows = r->Query("SELECT id, detail FROM audit_log WHERE action = 'audit.prune'");
  ASSERT_TRUE(rows.Next());
  EXPECT_EQ(rows.Int(0), 6);
  const auto detail = boost::json::parse(rows.Text(1)).as_object();
  EXPECT_EQ(detail.at("pruned_from_id").as_int64(), 1);
  EXPECT_EQ(detail.at("pruned_through_id").as_int64(), 3);
  EXPECT_EQ(detail.at("before").as_string(), "2023-06-01");

  const ChainCheck check = Verify(6);
  EXPECT_TRUE(check.ok) << check.reason;
  EXPECT_EQ(check.checked, 3);

  // Nothing older is left: a second prune appends nothing.
  db_->writer().Run([&](store::WriteContext& ctx) {
    pruned = PruneAudit(ctx, {2023, 6, 1}, kToday);
  });
  EXPECT_EQ(pruned, 0);

  // The prune vouches for a log starting at 4, not for one cut further by hand.
  Tamper("DELETE FROM audit_log WHERE id = 4");
  const ChainCheck cut = Verify();
  EXPECT_FALSE(cut.ok);
  EXPECT_EQ(cut.first_broken_id, 4);
}

TEST_F(AuditTest, PruneStopsAtTheFirstEntryToKeep) {
  // Entry 2 is recent; entry 3 carries an old time of its own but follows it, so it stays.
  Append({EntryOn({2023, 1, 1}, "a"), Entry("b"), EntryOn({2023, 1, 2}, "c")});
  int64_t pruned = -1;
  db_->writer().Run([&](store::WriteContext& ctx) {
    pruned = PruneAudit(ctx, {2023, 6, 1}, kToday);
  });
  EXPECT_EQ(pruned, 1);
  EXPECT_TRUE(Verify().ok);
}

TEST_F(AuditTest, ListFiltersNewestFirst) {
  store::AuditRecord failure = Entry("login.failure", 2);
  failure.outcome = "failure";
  failure.ip = "10.0.0.2";
  store::AuditRecord created = Entry("case.create");
  created.entity = "case";
  created.entity_id = 10;
  created.detail = R"({"title":"专利侵权"})";
  store::AuditRecord token = Entry("case.read", 5);
  token.actor_type = "token";
  Append({EntryOn({2024, 5, 1}, "login.success"), failure, created, token,
          EntryOn({2024, 5, 2}, "login")});

  auto ids = [this](const std::string& query) {
    std::vector<int64_t> out;
    const auto body = List(query);
    for (const auto& item : body.at("items").as_array()) {
      out.push_back(item.as_object().at("id").as_int64());
    }
    return out;
  };
  EXPECT_EQ(ids(""), (std::vector<int64_t>{5, 4, 3, 2, 1}));
  EXPECT_EQ(ids("action=login.*"), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(ids("action=login"), (std::vector<int64_t>{5}));
  EXPECT_EQ(ids("action=LOGIN.*"), std::vector<int64_t>{}) << "case-sensitive on both engines";
  EXPECT_EQ(ids("action=*"), (std::vector<int64_t>{5, 4, 3, 2, 1}));
  EXPECT_EQ(ids("actor_id=2"), (std::vector<int64_t>{2}));
  EXPECT_EQ(ids("actor_type=token"), (std::vector<int64_t>{4}));
  EXPECT_EQ(ids("outcome=failure"), (std::vector<int64_t>{2}));
  EXPECT_EQ(ids("ip=10.0.0.2"), (std::vector<int64_t>{2}));
  EXPECT_EQ(ids("entity=case&entity_id=10"), (std::vector<int64_t>{3}));
  EXPECT_EQ(ids("entity_id=11"), std::vector<int64_t>{});
  EXPECT_EQ(ids("from=2024-05-01&to=2024-05-01"), (std::vector<int64_t>{1}));
  EXPECT_EQ(ids("from=2024-05-02&to=2024-05-31"), (std::vector<int64_t>{5}));
  EXPECT_EQ(ids("from=2024-06-01"), (std::vector<int64_t>{4, 3, 2}));

  const auto item = List("entity=case").at("items").as_array().at(0).as_object();
  EXPECT_EQ(item.at("at").as_string(), "2024-06-01T09:00:00+08:00");
  EXPECT_EQ(item.at("detail").as_object().at("title").as_string(), "专利侵权");
  EXPECT_EQ(item.at("actor_name").as_string(), "张三");
  EXPECT_EQ(item.at("hash").as_string().size(), 64u);
  EXPECT_TRUE(List("entity=login").at("next_cursor").is_null());
  EXPECT_TRUE(
      List("actor_type=token").at("items").as_array()[0].as_object().at("detail").is_null());
}

TEST_F(AuditTest, ListPagesWithACursor) {
  AppendMany(7);
  std::vector<int64_t> seen;
  std::string query = "limit=3";
  for (int page = 0; page < 10; ++page) {
    const auto body = List(query);
    for (const auto& item : body.at("items").as_array()) {
      seen.push_back(item.as_object().at("id").as_int64());
    }
    if (body.at("next_cursor").is_null()) break;
    query = "limit=3&cursor=" + std::string(body.at("next_cursor").as_string());
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{7, 6, 5, 4, 3, 2, 1}));
}

TEST_F(AuditTest, ListRefusesBadFiltersNamingThem) {
  EXPECT_EQ(RefusedField("actor_id=abc"), "actor_id");
  EXPECT_EQ(RefusedField("entity_id=0"), "entity_id");
  EXPECT_EQ(RefusedField("actor_type=robot"), "actor_type");
  EXPECT_EQ(RefusedField("outcome=maybe"), "outcome");
  EXPECT_EQ(RefusedField("action=login%25"), "action");
  EXPECT_EQ(RefusedField("action=lo*gin"), "action");
  EXPECT_EQ(RefusedField("action="), "action");
  EXPECT_EQ(RefusedField("entity="), "entity");
  EXPECT_EQ(RefusedField("from=2024-13-01"), "from");
  EXPECT_EQ(RefusedField("from=2024-05-02&to=2024-05-01"), "to");
  EXPECT_EQ(RefusedField("limit=0"), "limit");
  EXPECT_EQ(RefusedField("limit=501"), "limit");
  EXPECT_EQ(RefusedField("cursor=not-a-cursor!"), "cursor");
  EXPECT_EQ(RefusedField("cursor=e30"), "cursor") << "{} is not a cursor";
  EXPECT_EQ(RefusedField("ip=' OR 1=1 --"), "") << "values are bound, never spliced";
}

TEST_F(AuditTest, ExportCarriesEveryColumnSoAnAuditorCanRecomputeTheChain) {
  store::AuditRecord odd = Entry("case.update");
  odd.actor_name = "王\"五\"\n";
  odd.detail = R"({"before":{"title":"旧"}, "after":{"title":"新"}})";
  Append({EntryOn({2024, 5, 1}, "login.success"), odd, Entry("logout")});

  std::ostringstream out;
  ExportAudit(*db_->Reader(), out, std::nullopt, std::nullopt);
  std::istringstream lines(out.str());
  std::string line;
  std::string prev(store::kAuditGenesisHash);
  int64_t n = 0;
  while (std::getline(lines, line)) {
    const auto o = boost::json::parse(line).as_object();
    EXPECT_EQ(o.size(), 14u);
    store::AuditRecord r;
    r.at = o.at("at").as_int64();
    r.actor_type = o.at("actor_type").as_string();
    r.actor_id = o.at("actor_id").as_int64();
    r.actor_name = std::string(o.at("actor_name").as_string());
    r.agency_id = o.at("agency_id").as_int64();
    r.ip = std::string(o.at("ip").as_string());
    r.action = o.at("action").as_string();
    r.outcome = o.at("outcome").as_string();
    if (!o.at("detail").is_null()) r.detail = std::string(o.at("detail").as_string());
    const int64_t id = o.at("id").as_int64();
    EXPECT_EQ(id, ++n);
    EXPECT_EQ(o.at("prev_hash").as_string(), prev);
    prev = o.at("hash").as_string();
    EXPECT_EQ(prev,
              store::AuditHash(o.at("prev_hash").as_string(), store::AuditCanonicalText(id, r)));
  }
  EXPECT_EQ(n, 3);

  std::ostringstream may;
  ExportAudit(*db_->Reader(), may, Date{2024, 5, 1}, Date{2024, 5, 31});
  const std::string may_text = may.str();
  EXPECT_EQ(may_text.find("{\"id\":1,"), 0u);
  EXPECT_EQ(std::count(may_text.begin(), may_text.end(), '\n'), 1);
}

}  // namespace
}  // namespace sg::auth
