#include "store/audit_chain.h"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <vector>

#include "store/database.h"
#include "store/testing/test_db.h"

namespace sg::store {
namespace {

// The expected values come from Python, as an outside auditor would compute them:
//   row = [...]; c = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
//   hashlib.sha256((prev + "\n" + c).encode()).hexdigest()
TEST(AuditChainTest, CanonicalTextAndHashMatchTheDocumentedFormat) {
  AuditRecord login;
  login.at = 1700000000000;
  login.actor_type = "user";
  login.actor_id = 7;
  login.actor_name = "张三";
  login.agency_id = 3;
  login.ip = "10.0.0.1";
  login.action = "login.success";
  const std::string c1 = AuditCanonicalText(1, login);
  EXPECT_EQ(
      c1,
      R"([1,1700000000000,"user",7,"张三",3,"10.0.0.1","login.success",null,null,"success",null])");
  const std::string h1 = AuditHash(kAuditGenesisHash, c1);
  EXPECT_EQ(h1, "6396f6c1068d97e68af9306d2378306c8246c410110da58ef95f7a1db31881c2");

  AuditRecord odd;
  odd.at = -5;
  odd.actor_type = "system";
  odd.actor_name = "a\"b\\c\n\t\x01\x1f\x7f/é";
  odd.action = "audit.prune";
  odd.entity = "audit_log";
  odd.outcome = "failure";
  odd.detail = R"({"k": "v\n"})";
  const std::string c2 = AuditCanonicalText(2, odd);
  EXPECT_EQ(c2,
            "[2,-5,\"system\",null,\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\x7f/é\",null,null,"
            "\"audit.prune\",\"audit_log\",null,\"failure\",\"{\\\"k\\\": \\\"v\\\\n\\\"}\"]");
  EXPECT_EQ(AuditHash(h1, c2), "c2c2b0eb394f2daa88e081c6a5bf8161ad027e7a350be999197e62866d6accc0");
}

TEST(AuditChainTest, MalformedRecordsAreRefused) {
  AuditRecord r;
  r.actor_type = "user";
  r.action = "case.create";
  EXPECT_NO_THROW(CheckAuditRecord(r));
  r.detail = "{\"a\":1}";
  EXPECT_NO_THROW(CheckAuditRecord(r));
  r.detail = "{not json";
  EXPECT_THROW(CheckAuditRecord(r), std::invalid_argument);
  r.detail.reset();
  r.actor_type = "robot";
  EXPECT_THROW(CheckAuditRecord(r), std::invalid_argument);
  r.actor_type = "token";
  r.outcome = "maybe";
  EXPECT_THROW(CheckAuditRecord(r), std::invalid_argument);
  r.outcome = "failure";
  r.action.clear();
  EXPECT_THROW(CheckAuditRecord(r), std::invalid_argument);
}

struct StoredEntry {
  int64_t id;
  AuditRecord record;
  std::string prev_hash;
  std::string hash;
};

std::vector<StoredEntry> ReadLog(Connection& conn) {
  auto rows = conn.Query(
      "SELECT id, at, actor_type, actor_id, actor_name, agency_id, ip, action, entity, entity_id, "
      "outcome, detail, prev_hash, hash FROM audit_log ORDER BY id");
  std::vector<StoredEntry> out;
  while (rows.Next()) {
    StoredEntry e;
    e.id = rows.Int(0);
    e.record.at = rows.Int(1);
    e.record.actor_type = rows.Str(2);
    e.record.actor_id = rows.OptInt(3);
    e.record.actor_name = rows.OptStr(4);
    e.record.agency_id = rows.OptInt(5);
    e.record.ip = rows.OptStr(6);
    e.record.action = rows.Str(7);
    e.record.entity = rows.OptStr(8);
    e.record.entity_id = rows.OptInt(9);
    e.record.outcome = rows.Str(10);
    e.record.detail = rows.OptStr(11);
    e.prev_hash = rows.Str(12);
    e.hash = rows.Str(13);
    out.push_back(std::move(e));
  }
  return out;
}

// Ids 1..n, each prev_hash the hash before it, each hash recomputed from the stored columns.
void ExpectWholeChain(const std::vector<StoredEntry>& log) {
  std::string prev(kAuditGenesisHash);
  for (size_t i = 0; i < log.size(); ++i) {
    const auto& e = log[i];
    EXPECT_EQ(e.id, static_cast<int64_t>(i) + 1);
    EXPECT_EQ(e.prev_hash, prev) << "entry " << e.id;
    EXPECT_EQ(e.hash, AuditHash(e.prev_hash, AuditCanonicalText(e.id, e.record)))
        << "entry " << e.id;
    prev = e.hash;
  }
}

AuditRecord Entry(std::string action) {
  AuditRecord r;
  r.actor_type = "user";
  r.actor_id = 1;
  r.action = std::move(action);
  return r;
}

class AuditWriterTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() { db_ = Database::Open(test_db_.url(), clock_, {}); }

  // Runs the jobs in one batch: the writer is held by a first job until all are queued. Returns
  // each job's error.
  std::vector<std::exception_ptr> RunInOneBatch(const std::vector<WriteJob>& jobs) {
    std::promise<void> gate;
    std::shared_future<void> open = gate.get_future().share();
    db_->writer().Submit([open](WriteContext&) { open.wait(); }, [](std::exception_ptr) {});
    std::vector<std::promise<std::exception_ptr>> done(jobs.size());
    for (size_t i = 0; i < jobs.size(); ++i) {
      db_->writer().Submit(jobs[i], [&done, i](std::exception_ptr e) { done[i].set_value(e); });
    }
    gate.set_value();
    std::vector<std::exception_ptr> errors;
    for (auto& d : done) errors.push_back(d.get_future().get());
    return errors;
  }
  std::vector<StoredEntry> Log() { return ReadLog(*db_->Reader()); }

  testing::TestDb test_db_;
  FixedClock clock_{1700000000000};
  std::unique_ptr<Database> db_;
};

TEST_F(AuditWriterTest, IdsAreGaplessAndHashesChainedAcrossTheJobsOfABatch) {
  std::vector<WriteJob> jobs;
  for (int j = 0; j < 5; ++j) {
    jobs.emplace_back([j](WriteContext& ctx) {
      ctx.AppendChange("created", "t", j, "u", "{}");
      ctx.AppendAudit(Entry("case.create"));
      AuditRecord read = Entry("pii.read");
      read.at = 1600000000000 + j;  // a caller's own time is kept
      read.detail = R"({"fields":["id_number"]})";
      ctx.AppendAudit(read);
    });
  }
  for (const auto& e : RunInOneBatch(jobs)) EXPECT_FALSE(e);
  const auto log = Log();
  ASSERT_EQ(log.size(), 10u);
  ExpectWholeChain(log);
  EXPECT_EQ(log[0].record.at, 1700000000000) << "0 takes the batch time";
  EXPECT_EQ(log[3].record.at, 1600000000001);
  EXPECT_EQ(db_->writer().CommittedAuditTip().last_id, 10);
  EXPECT_EQ(db_->writer().CommittedAuditTip().last_hash, log.back().hash);
}

TEST_F(AuditWriterTest, AFailingJobInTheMiddleOfABatchLeavesNoGap) {
  std::vector<WriteJob> jobs;
  jobs.emplace_back([](WriteContext& ctx) {
    ctx.AppendAudit(Entry("a1"));
    ctx.AppendAudit(Entry("a2"));
  });
  jobs.emplace_back([](WriteContext& ctx) {
    ctx.AppendAudit(Entry("b"));
    throw std::runtime_error("boom");
  });
  jobs.emplace_back([](WriteContext& ctx) { ctx.AppendAudit(Entry("c")); });
  jobs.emplace_back([](WriteContext& ctx) {
    AuditRecord bad = Entry("d");
    bad.detail = "{oops";
    ctx.AppendAudit(bad);
  });
  jobs.emplace_back([](WriteContext& ctx) { ctx.AppendAudit(Entry("e")); });
  const auto errors = RunInOneBatch(jobs);
  EXPECT_FALSE(errors[0]);
  EXPECT_TRUE(errors[1]);
  EXPECT_FALSE(errors[2]);
  EXPECT_TRUE(errors[3]);
  EXPECT_FALSE(errors[4]);
  const auto log = Log();
  ASSERT_EQ(log.size(), 4u);
  ExpectWholeChain(log);
  EXPECT_EQ(log[2].record.action, "c");
  EXPECT_EQ(log[3].record.action, "e");
}

TEST_F(AuditWriterTest, ABatchRunAgainAfterARetryableErrorReusesTheSameIds) {
  int b_runs = 0;
  std::vector<WriteJob> jobs;
  jobs.emplace_back([](WriteContext& ctx) { ctx.AppendAudit(Entry("a")); });
  jobs.emplace_back([&b_runs](WriteContext& ctx) {
    ctx.AppendAudit(Entry("b"));
    if (++b_runs == 1) throw DbError("serialization failure", false, true);
  });
  for (const auto& e : RunInOneBatch(jobs)) EXPECT_FALSE(e);
  EXPECT_EQ(b_runs, 2);
  EXPECT_GE(db_->writer().Stats().retries, 1u);
  const auto log = Log();
  ASSERT_EQ(log.size(), 2u);
  ExpectWholeChain(log);
}

TEST_F(AuditWriterTest, TheChainContinuesAfterTheWriterRestarts) {
  db_->writer().Run([](WriteContext& ctx) {
    for (int i = 0; i < 3; ++i) ctx.AppendAudit(Entry("before"));
  });
  db_.reset();
  Open();
  EXPECT_EQ(db_->writer().CommittedAuditTip().last_id, 3);
  int64_t id = 0;
  db_->writer().Run([&id](WriteContext& ctx) {
    id = ctx.AppendAudit(Entry("after"));
    ctx.AppendAudit(Entry("after"));
  });
  EXPECT_EQ(id, 4);
  const auto log = Log();
  ASSERT_EQ(log.size(), 5u);
  ExpectWholeChain(log);
}

TEST_F(AuditWriterTest, TwoWritersOnOneDatabaseKeepOneChainAndOneSequence) {
  // A CLI command writing beside a running server: each batch reads where things stand.
  auto other = Database::Open(test_db_.url(), clock_, {});
  std::vector<int64_t> seqs;
  const auto write = [&seqs](Database& db, const char* action) {
    db.writer().Run([&seqs, action](WriteContext& ctx) {
      ctx.AppendAudit(Entry(action));
      seqs.push_back(ctx.AppendChange("updated", "test", 1, "u", "{}"));
    });
  };
  write(*db_, "server");
  write(*other, "cli");
  write(*db_, "server");
  write(*other, "cli");
  EXPECT_EQ(seqs, (std::vector<int64_t>{1, 2, 3, 4}));
  const auto log = Log();
  ASSERT_EQ(log.size(), 4u);
  ExpectWholeChain(log);
}

}  // namespace
}  // namespace sg::store
