#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "store/database.h"
#include "store/migrations.h"
#include "store/testing/test_db.h"

namespace sg::store {
namespace {

using testing::TestDb;

// Portable DDL: BIGINT and DOUBLE PRECISION mean 64-bit integers and doubles on both engines.
constexpr std::string_view kTypesTable =
    "CREATE TABLE t (i BIGINT, r DOUBLE PRECISION, s TEXT, n TEXT)";

TEST(StoreTest, MigratesOnceAndRecordsVersions) {
  TestDb db(/*migrated=*/false);
  auto conn = db.Connect();
  EXPECT_EQ(SchemaVersion(*conn), 0);
  EXPECT_GT(Migrate(*conn, 1700000000000), 0);
  EXPECT_EQ(SchemaVersion(*conn), LatestVersion(conn->engine()));
  EXPECT_EQ(Migrate(*conn, 1700000001000), 0);
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(Migrations(conn->engine()).size()));
}

TEST(StoreTest, BothEnginesShipTheSameMigrations) {
  const auto& sqlite = Migrations(Engine::kSqlite);
  const auto& pg = Migrations(Engine::kPostgres);
  ASSERT_EQ(sqlite.size(), pg.size());
  for (size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, pg[i].version);
    EXPECT_EQ(sqlite[i].name, pg[i].name);
  }
}

TEST(StoreTest, BindsEveryTypeAndReadsRowsBack) {
  TestDb db(false);
  auto conn = db.Connect();
  conn->ExecScript(kTypesTable);
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

TEST(StoreTest, QuestionMarksInLiteralsAreNotParameters) {
  TestDb db(false);
  auto conn = db.Connect();
  conn->ExecScript(kTypesTable);
  conn->Exec("INSERT INTO t (i, s) VALUES (?, 'why?') ", 7);
  EXPECT_EQ(conn->QueryInt("SELECT i FROM t WHERE s = 'why?' AND i = ?", 7), 7);
}

TEST(StoreTest, LikeEscapesMatchLiterally) {
  TestDb db(false);
  auto conn = db.Connect();
  conn->ExecScript(kTypesTable);
  conn->Exec("INSERT INTO t (i, s) VALUES (1, ?), (2, ?)", "100%_a\\b", "100xya\\b");
  constexpr std::string_view kLike = "SELECT i FROM t WHERE s LIKE ? ESCAPE '\\' ORDER BY i";
  auto rows = conn->Query(kLike, "%0\\%\\_a\\\\b%");
  ASSERT_TRUE(rows.Next());
  EXPECT_EQ(rows.Int(0), 1);
  EXPECT_FALSE(rows.Next());
}

TEST(StoreTest, BooleansReadAsIntegers) {
  TestDb db(false);
  auto conn = db.Connect();
  EXPECT_EQ(conn->QueryInt("SELECT 2 > ?", 1), 1);
  EXPECT_EQ(conn->QueryInt("SELECT 2 < ?", 1), 0);
}

TEST(StoreTest, NestedQueriesOnTheSameStatementWork) {
  TestDb db(false);
  auto conn = db.Connect();
  conn->ExecScript("CREATE TABLE t (i BIGINT); INSERT INTO t VALUES (1), (2), (3)");
  constexpr std::string_view kSql = "SELECT i FROM t WHERE i >= ? ORDER BY i";
  auto outer = conn->Query(kSql, 1);
  int pairs = 0;
  while (outer.Next()) {
    auto inner = conn->Query(kSql, outer.Int(0));
    while (inner.Next()) ++pairs;
  }
  EXPECT_EQ(pairs, 6);
}

TEST(StoreTest, InsertReturnsTheNewId) {
  TestDb db;
  auto conn = db.Connect();
  constexpr std::string_view kInsert =
      "INSERT INTO agencies (uid, path, name, abbr, type, created_at) VALUES (?, '', ?, ?, ?, ?)";
  const int64_t a = conn->Insert(kInsert, "u1", "甲", "甲", "court", 0);
  const int64_t b = conn->Insert(kInsert, "u2", "乙", "乙", "court", 0);
  EXPECT_GT(a, 0);
  EXPECT_EQ(b, a + 1);
  EXPECT_EQ(conn->QueryInt("SELECT id FROM agencies WHERE uid = ?", "u2"), b);
}

TEST(StoreTest, ConstraintViolationsAreMarked) {
  TestDb db(false);
  auto conn = db.Connect();
  conn->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY)");
  conn->Exec("INSERT INTO t VALUES (?)", "a");
  try {
    conn->Exec("INSERT INTO t VALUES (?)", "a");
    FAIL() << "duplicate accepted";
  } catch (const DbError& e) {
    EXPECT_TRUE(e.constraint());
    EXPECT_FALSE(e.retryable());
  }
}

TEST(StoreTest, TransactionRollsBackUnlessCommitted) {
  TestDb db(false);
  auto conn = db.Connect();
  conn->ExecScript("CREATE TABLE t (k BIGINT)");
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

TEST(StoreTest, RollingBackToASavepointKeepsTheRestOfTheTransaction) {
  TestDb db(false);
  auto conn = db.Connect();
  conn->ExecScript("CREATE TABLE t (k BIGINT PRIMARY KEY)");
  Transaction tx(*conn);
  conn->Exec("INSERT INTO t VALUES (1)");
  conn->Savepoint("job");
  EXPECT_THROW(conn->Exec("INSERT INTO t VALUES (1)"), DbError);
  conn->RollbackTo("job");
  conn->Release("job");
  conn->Exec("INSERT INTO t VALUES (2)");
  tx.Commit();
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM t"), 2);
}

TEST(StoreTest, ParsesDatabaseUrls) {
  EXPECT_EQ(ParseDbUrl("sqlite:/tmp/x.db").second, "/tmp/x.db");
  EXPECT_EQ(ParseDbUrl("sqlite:///tmp/x.db").second, "/tmp/x.db");
  EXPECT_EQ(ParseDbUrl("shenguan.db").second, "shenguan.db");
  EXPECT_EQ(ParseDbUrl("shenguan.db").first, Engine::kSqlite);
  const auto pg = ParseDbUrl("postgresql://sg@db.example/shenguan?sslmode=require");
  EXPECT_EQ(pg.first, Engine::kPostgres);
  EXPECT_EQ(pg.second, "postgresql://sg@db.example/shenguan?sslmode=require");
  EXPECT_EQ(ParseDbUrl("postgres://localhost/x").first, Engine::kPostgres);
  // The PG* environment variables alone.
  EXPECT_EQ(ParseDbUrl("postgresql:"), (std::pair<Engine, std::string>{Engine::kPostgres, ""}));
  EXPECT_EQ(ParseDbUrl("postgres:").first, Engine::kPostgres);
  EXPECT_THROW(ParseDbUrl("mysql://x"), std::invalid_argument);
  EXPECT_THROW(ParseDbUrl("sqlite:"), std::invalid_argument);
  EXPECT_THROW(ParseDbUrl(""), std::invalid_argument);
}

TEST(StoreTest, ReadersSeeCommittedWrites) {
  TestDb db;
  FixedClock clock(1000);
  auto database = Database::Open(db.url(), clock, {});
  database->writer().Run(
      [](WriteContext& ctx) { ctx.AppendChange("created", "case", 1, "u-1", "{}"); });
  auto reader = database->Reader();
  EXPECT_EQ(reader->QueryInt("SELECT COUNT(*) FROM changes"), 1);
}

// The server's readers keep their read transaction across leases (hold_read_snapshots); a lease
// must still see every commit that completed before it, the writer's and another connection's
// alike, and an idle reader's snapshot must not hold back checkpoints once released.
TEST(StoreTest, HeldReadSnapshotsSeeEveryEarlierCommit) {
  TestDb db;
  FixedClock clock(1000);
  DatabaseOptions o;
  o.readers = 2;
  o.hold_read_snapshots = true;
  auto database = Database::Open(db.url(), clock, o);
  auto other = db.Connect();  // another connection (on SQLite as another process would be)
  const bool sqlite = other->engine() == Engine::kSqlite;
  const auto count = [](Connection& c) { return c.QueryInt("SELECT COUNT(*) FROM changes"); };
  int64_t expected = 0;
  for (int i = 0; i < 20; ++i) {
    database->writer().Run([i](WriteContext& ctx) {
      ctx.AppendChange("created", "case", i + 1, "u-" + std::to_string(i), "{}");
    });
    ++expected;
    {
      auto reader = database->Reader();
      EXPECT_EQ(count(*reader), expected) << "after the writer's commit " << i;
    }
    other->Exec(
        "INSERT INTO changes (seq, at, type, entity, entity_id, uid, data) "
        "VALUES (?, 1000, 'created', 'case', ?, ?, '{}')",
        1000 + i, 1000 + i, "x-" + std::to_string(i));
    ++expected;
    auto reader = database->Reader();
    EXPECT_EQ(count(*reader), expected) << "after another connection's commit " << i;
    // Within one lease the snapshot holds (SQLite): a commit meanwhile shows at the next lease.
    other->Exec("DELETE FROM changes WHERE seq = ?", 1000 + i);
    --expected;
    EXPECT_EQ(count(*reader), sqlite ? expected + 1 : expected);
  }
  EXPECT_EQ(count(*database->Reader()), expected);
  if (!sqlite) return;

  const auto checkpoint = [&] {
    auto r = other->Query("PRAGMA wal_checkpoint(PASSIVE)");
    EXPECT_TRUE(r.Next());
    return std::make_pair(r.Int(1), r.Int(2));  // frames in the WAL, frames checkpointed
  };
  const auto insert_change = [&](int seq) {
    other->Exec(
        "INSERT INTO changes (seq, at, type, entity, entity_id, uid, data) "
        "VALUES (?, 1000, 'created', 'case', ?, ?, '{}')",
        seq, seq, "x-" + std::to_string(seq));
  };
  // Right after commits, a lease ends its snapshot when it is returned: nothing held back.
  { EXPECT_EQ(count(*database->Reader()), expected); }
  insert_change(5000);
  const auto busy = checkpoint();
  EXPECT_EQ(busy.second, busy.first) << "a reader returned while writes go on holds nothing";
  // Once the database has been quiet (no commit for 100 ms), a returned lease keeps its
  // snapshot, which holds back a checkpoint until the idle snapshots are released.
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  { EXPECT_EQ(count(*database->Reader()), expected + 1); }
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  { EXPECT_EQ(count(*database->Reader()), expected + 1); }
  insert_change(5001);
  const auto held = checkpoint();
  EXPECT_LT(held.second, held.first) << "the idle snapshot holds back the last frames";
  database->ReleaseIdleSnapshots();
  const auto released = checkpoint();
  EXPECT_EQ(released.second, released.first) << "released, everything is checkpointed";
}

TEST(StoreTest, ThePoolHandsOutAtMostItsSizeOnPostgres) {
  TestDb db;
  FixedClock clock(1000);
  DatabaseOptions o;
  o.readers = 2;
  auto database = Database::Open(db.url(), clock, o);
  {
    auto a = database->Reader();
    auto b = database->Reader();
    EXPECT_EQ(a->QueryInt("SELECT 1"), 1);
    EXPECT_EQ(b->QueryInt("SELECT 1"), 1);
  }
  // Returned connections are reused.
  auto c = database->Reader();
  EXPECT_EQ(c->QueryInt("SELECT COUNT(*) FROM cases"), 0);
}

}  // namespace
}  // namespace sg::store
