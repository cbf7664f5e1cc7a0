#include "store/migrations.h"

#include <algorithm>
#include <cstdlib>

namespace sg::store {
namespace embedded {
struct EmbeddedFile {
  const char* name;
  std::string text;
};
const std::vector<EmbeddedFile>& SqliteMigrationFiles();
const std::vector<EmbeddedFile>& PostgresMigrationFiles();
}  // namespace embedded

namespace {

// The same text on both engines; applied_at holds milliseconds, so it is a BIGINT.
constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr std::string_view kMaxVersion = "SELECT MAX(version) FROM schema_migrations";
constexpr std::string_view kRecord =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";
// Whether schema_migrations exists, asked of each engine's own catalogue.
constexpr std::string_view kSqliteTableExists =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
constexpr std::string_view kPostgresTableExists =
    "SELECT 1 FROM information_schema.tables "
    "WHERE table_schema = current_schema() AND table_name = 'schema_migrations'";
// Concurrent `shenguan migrate` runs on one PostgreSQL database take turns on this
// transaction-scoped lock; on SQLite, BEGIN IMMEDIATE already serialises them.
constexpr std::string_view kPostgresMigrationLock = "SELECT 1 FROM pg_advisory_xact_lock(?)";
constexpr int64_t kMigrationLockKey = 0x5368656e6775616e;  // "Shenguan" in ASCII

// File names are "NNNN_name.sql".
std::vector<Migration> Load(const std::vector<embedded::EmbeddedFile>& files) {
  std::vector<Migration> out;
  for (const auto& f : files) {
    std::string name = f.name;
    Migration m;
    m.version = std::atoi(name.substr(0, name.find('_')).c_str());
    m.name = name.substr(name.find('_') + 1);
    m.name = m.name.substr(0, m.name.rfind(".sql"));
    m.sql = f.text;
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

// Starts a migration transaction; on PostgreSQL it also waits for other migrators.
void BeginMigration(Connection& conn) {
  conn.Begin();
  if (conn.engine() == Engine::kPostgres) conn.QueryInt(kPostgresMigrationLock, kMigrationLockKey);
}

}  // namespace

const std::vector<Migration>& Migrations(Engine engine) {
  static const std::vector<Migration> kSqlite = Load(embedded::SqliteMigrationFiles());
  static const std::vector<Migration> kPostgres = Load(embedded::PostgresMigrationFiles());
  return engine == Engine::kPostgres ? kPostgres : kSqlite;
}

int LatestVersion(Engine engine) {
  const auto& all = Migrations(engine);
  return all.empty() ? 0 : all.back().version;
}

int SchemaVersion(Connection& conn) {
  const auto exists =
      conn.engine() == Engine::kPostgres ? kPostgresTableExists : kSqliteTableExists;
  if (!conn.QueryInt(exists)) return 0;
  return static_cast<int>(conn.QueryInt(kMaxVersion).value_or(0));
}

int Migrate(Connection& conn, int64_t now_ms) {
  int applied = 0;
  for (const auto& m : Migrations(conn.engine())) {
    BeginMigration(conn);
    try {
      conn.ExecScript(std::string(kCreateTable));
      // Read under the lock: another process may have applied this one meanwhile.
      if (m.version <= SchemaVersion(conn)) {
        conn.Commit();
        continue;
      }
      conn.ExecScript(m.sql);
      conn.Exec(kRecord, m.version, m.name, now_ms);
      conn.Commit();
    } catch (...) {
      try {
        conn.Rollback();
      } catch (...) {  // The engine already rolled back; the first error is the one to report.
      }
      throw;
    }
    ++applied;
  }
  return applied;
}

}  // namespace sg::store
