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
