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
}  // namespace embedded

namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";
constexpr std::string_view kMaxVersion = "SELECT MAX(version) FROM schema_migrations";
constexpr std::string_view kRecord =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";
constexpr std::string_view kTableExists =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

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

}  // namespace

const std::vector<Migration>& Migrations(Engine engine) {
  static const std::vector<Migration> kSqlite = Load(embedded::SqliteMigrationFiles());
  (void)engine;
  return kSqlite;
}

int LatestVersion(Engine engine) {
  const auto& all = Migrations(engine);
  return all.empty() ? 0 : all.back().version;
}

int SchemaVersion(Connection& conn) {
  if (!conn.QueryInt(kTableExists)) return 0;
  return static_cast<int>(conn.QueryInt(kMaxVersion).value_or(0));
}

int Migrate(Connection& conn, int64_t now_ms) {
  conn.ExecScript(std::string(kCreateTable));
  const int current = SchemaVersion(conn);
  int applied = 0;
  for (const auto& m : Migrations(conn.engine())) {
    if (m.version <= current) continue;
    Transaction tx(conn);
    conn.ExecScript(m.sql);
    conn.Exec(kRecord, m.version, m.name, now_ms);
    tx.Commit();
    ++applied;
  }
  return applied;
}

}  // namespace sg::store
