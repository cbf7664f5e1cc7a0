#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "store/database.h"
#include "store/testing/test_db.h"

namespace sg::store {
namespace {

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::Open(test_db_.url(), clock_, {});
    db_->writer().Run(
        [](WriteContext& ctx) { ctx.conn().ExecScript("CREATE TABLE t (k INTEGER PRIMARY KEY)"); });
  }
  testing::TestDb test_db_{/*migrated=*/false};
  FixedClock clock_{1700000000000};
  std::unique_ptr<Database> db_;
};

TEST_F(WriterTest, ConcurrentWritesShareCommitsAndAllLand) {
  constexpr int kJobs = 400;
  std::vector<std::promise<void>> done(kJobs);
  for (int i = 0; i < kJobs; ++i) {
    db_->writer().Submit(
        [i](WriteContext& ctx) {
          ctx.conn().Exec("INSERT INTO t (k) VALUES (?)", i);
          ctx.AppendChange("created", "t", i, "u", "{}");
        },
        [&done, i](std::exception_ptr e) {
          if (e) {
            done[static_cast<size_t>(i)].set_exception(e);
          } else {
            done[static_cast<size_t>(i)].set_value();
          }
        });
  }
  for (auto& p : done) p.get_future().get();
  auto r = db_->Reader();
  EXPECT_EQ(r->QueryInt("SELECT COUNT(*) FROM t"), kJobs);
  const auto stats = db_->writer().Stats();
  EXPECT_LT(stats.commits, stats.jobs) << "group commit should batch queued jobs";
}

TEST_F(WriterTest, AFailingJobIsRolledBackAloneAndLeavesNoSequenceGap) {
  db_->writer().Run([](WriteContext& ctx) { ctx.AppendChange("a", "t", 1, "u", "{}"); });
  EXPECT_THROW(db_->writer().Run([](WriteContext& ctx) {
    ctx.conn().Exec("INSERT INTO t (k) VALUES (?)", 99);
    ctx.AppendChange("b", "t", 2, "u", "{}");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  db_->writer().Run([](WriteContext& ctx) { ctx.AppendChange("c", "t", 3, "u", "{}"); });
  auto r = db_->Reader();
  EXPECT_EQ(r->QueryInt("SELECT COUNT(*) FROM t WHERE k = 99"), 0);
  auto rows = r->Query("SELECT seq, type FROM changes ORDER BY seq");
  std::vector<std::pair<int64_t, std::string>> got;
  while (rows.Next()) got.emplace_back(rows.Int(0), rows.Str(1));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], (std::pair<int64_t, std::string>{1, "a"}));
  EXPECT_EQ(got[1], (std::pair<int64_t, std::string>{2, "c"}));
}

TEST_F(WriterTest, SequenceResumesAfterReopen) {
  db_->writer().Run([](WriteContext& ctx) { ctx.AppendChange("a", "t", 1, "u", "{}"); });
  db_.reset();
  db_ = Database::Open(test_db_.url(), clock_, {});
  int64_t seq = 0;
  db_->writer().Run([&seq](WriteContext& ctx) { seq = ctx.AppendChange("b", "t", 2, "u", "{}"); });
  EXPECT_EQ(seq, 2);
}

TEST_F(WriterTest, StoppedWriterRefusesNewWork) {
  db_->writer().Stop();
  EXPECT_THROW(db_->writer().Run([](WriteContext&) {}), DbError);
}

}  // namespace
}  // namespace sg::store

namespace sg::store {
namespace {

TEST_F(WriterTest, RetryableErrorsRunTheBatchAgainAndLandOnce) {
  int runs = 0;
  db_->writer().Run([&runs](WriteContext& ctx) {
    ++runs;
    ctx.conn().Exec("INSERT INTO t (k) VALUES (?)", 7);
    ctx.AppendChange("a", "t", 7, "u", "{}");
    if (runs == 1) throw DbError("could not serialize access [40001]", false, true);
  });
  EXPECT_EQ(runs, 2);
  auto r = db_->Reader();
  EXPECT_EQ(r->QueryInt("SELECT COUNT(*) FROM t"), 1);
  EXPECT_EQ(r->QueryInt("SELECT MAX(seq) FROM changes"), 1);
  EXPECT_EQ(db_->writer().Stats().retries, 1u);
}

TEST_F(WriterTest, RetriesAreBounded) {
  int runs = 0;
  EXPECT_THROW(db_->writer().Run([&runs](WriteContext&) {
    ++runs;
    throw DbError("deadlock detected [40P01]", false, true);
  }),
               DbError);
  EXPECT_EQ(runs, WriterOptions{}.max_attempts);
}

}  // namespace
}  // namespace sg::store

namespace sg::store {
namespace {

// A connection that can be made lost, as a PostgreSQL connection is when the server restarts:
// Broken(), and every statement fails.
class LosableConnection : public Connection {
 public:
  LosableConnection(std::unique_ptr<Connection> real, const bool& lost)
      : real_(std::move(real)), lost_(lost) {}
  Engine engine() const override { return real_->engine(); }
  bool Broken() const override { return lost_; }
  void ExecScript(std::string_view sql) override { Checked().ExecScript(sql); }
  void Begin() override { Checked().Begin(); }
  void Commit() override { Checked().Commit(); }
  void Rollback() override { Checked().Rollback(); }
  void Savepoint(std::string_view name) override { Checked().Savepoint(name); }
  void Release(std::string_view name) override { Checked().Release(name); }
  void RollbackTo(std::string_view name) override { Checked().RollbackTo(name); }
  Statement* Prepare(std::string_view sql) override { return Forward::PrepareOn(Checked(), sql); }

 private:
  // Connection::Prepare is protected: reached through a pointer to member named in a class
  // derived from Connection, which dispatches to the real connection's override.
  struct Forward : Connection {
    static Statement* PrepareOn(Connection& c, std::string_view sql) {
      return (c.*&Forward::Prepare)(sql);
    }
  };
  Connection& Checked() {
    if (lost_) throw DbError("server closed the connection unexpectedly");
    return *real_;
  }
  std::unique_ptr<Connection> real_;
  const bool& lost_;
};

TEST_F(WriterTest, ALostConnectionIsOpenedAgainBeforeTheNextBatch) {
  bool first_lost = false;
  const bool never_lost = false;
  int opened = 0;
  Writer writer(std::make_unique<LosableConnection>(test_db_.Connect(), first_lost), clock_, {},
                [&] {
                  ++opened;
                  return std::make_unique<LosableConnection>(test_db_.Connect(), never_lost);
                });
  writer.Run([](WriteContext& ctx) { ctx.conn().Exec("INSERT INTO t (k) VALUES (?)", 1); });
  first_lost = true;  // the server went away between two batches
  writer.Run([](WriteContext& ctx) { ctx.conn().Exec("INSERT INTO t (k) VALUES (?)", 2); });
  EXPECT_EQ(opened, 1);
  EXPECT_EQ(writer.Stats().reconnects, 1u);
  EXPECT_EQ(writer.Stats().failed_jobs, 0u);
  writer.Stop();
  auto r = db_->Reader();
  EXPECT_EQ(r->QueryInt("SELECT COUNT(*) FROM t"), 2);
}

TEST_F(WriterTest, WhileTheServerIsUnreachableEachBatchFailsAndTheWriterKeepsTrying) {
  bool lost = false;
  bool reachable = false;
  const bool never_lost = false;
  Writer writer(std::make_unique<LosableConnection>(test_db_.Connect(), lost), clock_, {}, [&] {
    if (!reachable) throw DbError("cannot connect to PostgreSQL: connection refused", false, true);
    return std::make_unique<LosableConnection>(test_db_.Connect(), never_lost);
  });
  lost = true;
  EXPECT_THROW(
      writer.Run([](WriteContext& ctx) { ctx.conn().Exec("INSERT INTO t (k) VALUES (?)", 1); }),
      DbError);
  reachable = true;
  writer.Run([](WriteContext& ctx) { ctx.conn().Exec("INSERT INTO t (k) VALUES (?)", 2); });
  writer.Stop();
  auto r = db_->Reader();
  EXPECT_EQ(r->QueryInt("SELECT COUNT(*) FROM t WHERE k = 1"), 0);
  EXPECT_EQ(r->QueryInt("SELECT COUNT(*) FROM t WHERE k = 2"), 1);
}

// The real thing on PostgreSQL: the backends of the writer and of a pooled reader are terminated
// (as by a server restart or an administrator); the next write and the next read land on new
// connections.
TEST_F(WriterTest, ATerminatedPostgresBackendIsReplaced) {
  if (test_db_.engine() != Engine::kPostgres) {
    GTEST_SKIP() << "SQLite connections are files: nothing terminates them";
  }
  db_->writer().Run([](WriteContext& ctx) { ctx.conn().Exec("INSERT INTO t (k) VALUES (?)", 1); });
  EXPECT_EQ(db_->Reader()->QueryInt("SELECT COUNT(*) FROM t"), 1);  // a reader in the pool
  auto admin = test_db_.Connect();
  // Every other backend of this database: the writer's and the readers'. (CASE fixes the order
  // of evaluation: this connection must not terminate itself.)
  EXPECT_GE(admin->QueryInt("SELECT CAST(SUM(CASE WHEN datname = current_database() AND pid <> "
                            "pg_backend_pid() THEN CASE WHEN pg_terminate_backend(pid, 5000) "
                            "THEN 1 ELSE 0 END ELSE 0 END) AS BIGINT) FROM pg_stat_activity"),
            1);
  db_->writer().Run([](WriteContext& ctx) { ctx.conn().Exec("INSERT INTO t (k) VALUES (?)", 2); });
  EXPECT_EQ(db_->writer().Stats().reconnects, 1u);
  EXPECT_EQ(admin->QueryInt("SELECT COUNT(*) FROM t"), 2);
  // The pooled reader was terminated too: it is let go, and the read lands on a new one.
  EXPECT_EQ(db_->Reader()->QueryInt("SELECT COUNT(*) FROM t"), 2);
}

}  // namespace
}  // namespace sg::store
