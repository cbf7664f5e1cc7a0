#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "store/database.h"
#include "store/test_util.h"

namespace sg::store {
namespace {

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::Open("sqlite:" + dir_.File("w.db"), clock_, {});
    db_->writer().Run([](WriteContext& ctx) {
      ctx.conn().ExecScript("CREATE TABLE t (k INTEGER PRIMARY KEY)");
    });
  }
  testing::TempDir dir_;
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
  db_ = Database::Open("sqlite:" + dir_.File("w.db"), clock_, {});
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
