#include "store/database.h"

#include <chrono>
#include <stdexcept>

#include "store/migrations.h"
#include "store/postgres/pg_connection.h"
#include "store/sqlite/sqlite_connection.h"

namespace sg::store {
namespace {
constexpr std::string_view kHasStatistics =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'";
}  // namespace
namespace {

constexpr auto kReaderWait = std::chrono::seconds(30);
constexpr std::string_view kUrlHelp = "use sqlite:PATH or postgresql://USER@HOST/DBNAME";

bool StartsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::pair<Engine, std::string> ParseDbUrl(const std::string& url) {
  if (StartsWith(url, "sqlite:")) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
    if (path.empty()) throw std::invalid_argument("--db sqlite:PATH needs a file path");
    return {Engine::kSqlite, path};
  }
  if (url == "postgresql:" || url == "postgres:") return {Engine::kPostgres, ""};
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    return {Engine::kPostgres, url};
  }
  if (url.find("://") != std::string::npos) {
    throw std::invalid_argument("unknown database URL scheme in '" + url + "'; " +
                                std::string(kUrlHelp));
  }
  if (url.empty()) throw std::invalid_argument("--db is empty; " + std::string(kUrlHelp));
  return {Engine::kSqlite, url};
}

ReaderLease::~ReaderLease() {
  if (db_ && conn_) db_->Return(std::move(conn_));
}

std::unique_ptr<Database> Database::Open(const std::string& url, const Clock& clock,
                                         DatabaseOptions options, bool migrate) {
  auto [engine, location] = ParseDbUrl(url);
  if (options.synchronous != "FULL" && options.synchronous != "NORMAL" &&
      options.synchronous != "OFF") {
    throw std::invalid_argument("synchronous must be FULL, NORMAL or OFF");
  }
  if (options.readers == 0) options.readers = 1;
  std::unique_ptr<Database> db(new Database());
  db->engine_ = engine;
  db->location_ = location;
  db->options_ = options;
  auto writer_conn = db->OpenConnection(options.synchronous);
  if (migrate) {
    Migrate(*writer_conn, clock.Now());
  } else if (SchemaVersion(*writer_conn) != LatestVersion(engine)) {
    throw DbError("the database schema is at version " +
                  std::to_string(SchemaVersion(*writer_conn)) + ", this program needs " +
                  std::to_string(LatestVersion(engine)) + ": run `shenguan migrate` first");
  }
  if (engine == Engine::kSqlite && !writer_conn->QueryInt(kHasStatistics)) {
    // The query planner needs table statistics to choose, for example, the due-date index over
    // the agency index for the dashboard's overdue count. A database without any gets sampled
    // ones here (quick: at most analysis_limit rows per index); bulk loads (`shenguan demo`,
    // `shenguan workflow adopt`) run a full ANALYZE (https://sqlite.org/lang_analyze.html).
    // PostgreSQL's autovacuum keeps its own statistics.
    writer_conn->ExecScript("PRAGMA analysis_limit=1000; ANALYZE;");
  }
  Database* opened = db.get();
  db->writer_ = std::make_unique<Writer>(
      std::move(writer_conn), clock, options.writer,
      [opened, synchronous = options.synchronous] { return opened->OpenConnection(synchronous); });
  return db;
}

Database::~Database() {
  if (writer_) writer_->Stop();
}

std::unique_ptr<Connection> Database::OpenConnection(const std::string& synchronous) {
  if (engine_ == Engine::kPostgres) {
    PgOptions o;
    o.synchronous = synchronous;
    return OpenPostgres(location_, o);
  }
  SqliteOptions o;
  o.synchronous = synchronous;
  return OpenSqlite(location_, o);
}

std::unique_ptr<Connection> Database::OpenReader() {
  if (engine_ == Engine::kPostgres) {
    PgOptions o;
    o.read_only = true;
    return OpenPostgres(location_, o);
  }
  SqliteOptions o;
  o.read_only = true;
  o.hold_snapshot = options_.hold_read_snapshots;
  return OpenSqlite(location_, o);
}

ReaderLease Database::Reader() {
  {
    std::unique_lock lock(pool_mu_);
    if (engine_ == Engine::kPostgres) {
      const bool free = pool_cv_.wait_for(
          lock, kReaderWait, [this] { return !pool_.empty() || leased_ < options_.readers; });
      if (!free) {
        throw DbError("all " + std::to_string(options_.readers) +
                          " PostgreSQL reader connections stayed busy; raise --pool",
                      false, true);
      }
    }
    ++leased_;
    // A pooled connection the server dropped meanwhile (a restart) is let go, not leased.
    while (!pool_.empty()) {
      auto c = std::move(pool_.back());
      pool_.pop_back();
      if (!c->Broken()) {
        lock.unlock();
        ReaderLease lease(*this, std::move(c));
        lease->RefreshSnapshot();
        return lease;
      }
    }
  }
  std::unique_ptr<Connection> conn;
  try {
    conn = OpenReader();
  } catch (...) {
    std::lock_guard lock(pool_mu_);
    --leased_;
    pool_cv_.notify_one();
    throw;
  }
  ReaderLease lease(*this, std::move(conn));
  lease->RefreshSnapshot();
  return lease;
}

void Database::ReleaseIdleSnapshots() {
  std::lock_guard lock(pool_mu_);
  for (auto& c : pool_) c->EndSnapshot();
}

void Database::Return(std::unique_ptr<Connection> conn) {
  conn->ReleaseSnapshot();
  {
    std::lock_guard lock(pool_mu_);
    --leased_;
    if (!conn->Broken() && pool_.size() < options_.readers) pool_.push_back(std::move(conn));
  }
  pool_cv_.notify_one();
}

}  // namespace sg::store
