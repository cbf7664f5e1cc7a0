#include <gtest/gtest.h>

#include "store/database.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/test_util.h"

namespace sg::store {
namespace {

TEST(StoreTest, MigratesOnceAndRecordsVersions) {
  testing::TempDir dir;
  auto conn = OpenSqlite(dir.File("a.db"), {});
  EXPECT_EQ(SchemaVersion(*conn), 0);
  EXPECT_GT(Migrate(*conn, 1000), 0);
  EXPECT_EQ(SchemaVersion(*conn), LatestVersion(Engine::kSqlite));
  EXPECT_EQ(Migrate(*conn, 2000), 0);
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(Migrations(Engine::kSqlite).size()));
}

TEST(StoreTest, BindsEveryTypeAndReadsRowsBack) {
  testing::TempDir dir;
  auto conn = OpenSqlite(dir.File("a.db"), {});
  conn->ExecScript("CREATE TABLE t (i INTEGER, r REAL, s TEXT, n TEXT)");
  std::optional<std::string> none;
  conn->Exec("INSERT INTO t VALUES (?, ?, ?, ?)", int64_t{1} << 40, 2.5, "张伟'); DROP TABLE t;--",
             none);
  auto rows = conn->Query("SELECT i, r, s, n FROM t WHERE s LIKE ?", "张%");
  ASSERT_TRUE(rows.Next());
  EXPECT_EQ(rows.Int(0), int64_t{1} << 40);
  EXPECT_DOUBLE_EQ(rows.Real(1), 2.5);
  EXPECT_EQ(rows.Text(2), "张伟'); DROP TABLE t;--");
  EXPECT_TRUE(rows.IsNull(3));
  EXPECT_FALSE(rows.Next());
}

TEST(StoreTest, NestedQueriesOnTheSameStatementWork) {
  testing::TempDir dir;
  auto conn = OpenSqlite(dir.File("a.db"), {});
  conn->ExecScript("CREATE TABLE t (i INTEGER); INSERT INTO t VALUES (1), (2), (3)");
  constexpr std::string_view kSql = "SELECT i FROM t WHERE i >= ? ORDER BY i";
  auto outer = conn->Query(kSql, 1);
  int pairs = 0;
  while (outer.Next()) {
    auto inner = conn->Query(kSql, outer.Int(0));
    while (inner.Next()) ++pairs;
  }
  EXPECT_EQ(pairs, 6);
}

TEST(StoreTest, ConstraintViolationsAreMarked) {
  testing::TempDir dir;
  auto conn = OpenSqlite(dir.File("a.db"), {});
  conn->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY)");
  conn->Exec("INSERT INTO t VALUES (?)", "a");
  try {
    conn->Exec("INSERT INTO t VALUES (?)", "a");
    FAIL() << "duplicate accepted";
  } catch (const DbError& e) {
    EXPECT_TRUE(e.constraint());
  }
}

TEST(StoreTest, TransactionRollsBackUnlessCommitted) {
  testing::TempDir dir;
  auto conn = OpenSqlite(dir.File("a.db"), {});
  conn->ExecScript("CREATE TABLE t (k INTEGER)");
  {
    Transaction tx(*conn);
    conn->Exec("INSERT INTO t VALUES (1)");
  }
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM t"), 0);
  {
    Transaction tx(*conn);
    conn->Exec("INSERT INTO t VALUES (1)");
    tx.Commit();
  }
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM t"), 1);
}

TEST(StoreTest, ParsesDatabaseUrls) {
  EXPECT_EQ(ParseDbUrl("sqlite:/tmp/x.db").second, "/tmp/x.db");
  EXPECT_EQ(ParseDbUrl("sqlite:///tmp/x.db").second, "/tmp/x.db");
  EXPECT_EQ(ParseDbUrl("shenguan.db").second, "shenguan.db");
  EXPECT_THROW(ParseDbUrl("mysql://x"), std::invalid_argument);
  EXPECT_THROW(ParseDbUrl("sqlite:"), std::invalid_argument);
}

TEST(StoreTest, ReadersSeeCommittedWrites) {
  testing::TempDir dir;
  FixedClock clock(1000);
  auto db = Database::Open("sqlite:" + dir.File("a.db"), clock, {});
  db->writer().Run([](WriteContext& ctx) {
    ctx.AppendChange("created", "case", 1, "u-1", "{}");
  });
  auto reader = db->Reader();
  EXPECT_EQ(reader->QueryInt("SELECT COUNT(*) FROM changes"), 1);
}

}  // namespace
}  // namespace sg::store
