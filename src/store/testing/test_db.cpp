#include "store/testing/test_db.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "store/migrations.h"
#include "store/postgres/pg_connection.h"
#include "store/sqlite/sqlite_connection.h"

namespace sg::store::testing {
namespace {

constexpr std::string_view kTemplateExists = "SELECT 1 FROM pg_database WHERE datname = ?";
constexpr std::string_view kTemplateLock = "SELECT 1 FROM pg_advisory_lock(?)";
constexpr std::string_view kTemplateUnlock = "SELECT 1 FROM pg_advisory_unlock(?)";
constexpr int64_t kTemplateLockKey = 0x53475465737444;  // "SGTestD"

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The server URL from SHENGUAN_TEST_PG, without a trailing slash.
std::string ServerUrl() {
  std::string base = Env("SHENGUAN_TEST_PG");
  if (base.empty()) {
    throw std::runtime_error(
        "SHENGUAN_TEST_ENGINE=postgres but SHENGUAN_TEST_PG is not set: run the tests through "
        "`make test` or scripts/with-postgres.sh, which start a PostgreSQL server");
  }
  if (base.rfind("postgresql://", 0) != 0 && base.rfind("postgres://", 0) != 0) {
    throw std::runtime_error("SHENGUAN_TEST_PG must be a postgresql:// URL without a database");
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" +
         std::to_string(rd() % 1000000);
}

// Identifiers below are made by this file from digits and fixed words, never from input.
std::string TemplateName() {
  return "sg_test_template_v" + std::to_string(LatestVersion(Engine::kPostgres));
}

// Creates the migrated template once per server.
void EnsureTemplate(Connection& admin, const std::string& server) {
  const std::string name = TemplateName();
  admin.QueryInt(kTemplateLock, kTemplateLockKey);
  try {
    if (!admin.QueryInt(kTemplateExists, name)) {
      const std::string building = name + "_building";
      admin.ExecScript("DROP DATABASE IF EXISTS " + building);
      admin.ExecScript("CREATE DATABASE " + building + " TEMPLATE template0");
      {
        auto conn = OpenPostgres(server + "/" + building, {});
        Migrate(*conn, 0);
      }
      admin.ExecScript("ALTER DATABASE " + building + " RENAME TO " + name);
    }
  } catch (...) {
    admin.QueryInt(kTemplateUnlock, kTemplateLockKey);
    throw;
  }
  admin.QueryInt(kTemplateUnlock, kTemplateLockKey);
}

}  // namespace

Engine TestEngine() {
  return Env("SHENGUAN_TEST_ENGINE") == "postgres" ? Engine::kPostgres : Engine::kSqlite;
}

const char* TestEngineName() { return TestEngine() == Engine::kPostgres ? "postgres" : "sqlite"; }

TestDb::TestDb(bool migrated) : engine_(TestEngine()) {
  dir_ = (std::filesystem::temp_directory_path() / ("shenguan-test-" + UniqueSuffix())).string();
  std::filesystem::create_directories(dir_);
  if (engine_ == Engine::kSqlite) {
    url_ = "sqlite:" + File("test.db");
    if (migrated) Migrate(*Connect(), 0);
    return;
  }
  const std::string server = ServerUrl();
  auto admin = OpenPostgres(server + "/postgres", {});
  if (migrated) EnsureTemplate(*admin, server);
  name_ = "sg_test_" + UniqueSuffix();
  // FILE_COPY copies the template's few files directly: much faster than WAL_LOG for a small,
  // freshly created database.
  admin->ExecScript("CREATE DATABASE " + name_ + " TEMPLATE " +
                    (migrated ? TemplateName() : std::string("template0")) + " STRATEGY FILE_COPY");
  url_ = server + "/" + name_;
}

TestDb::~TestDb() {
  if (engine_ == Engine::kPostgres && !name_.empty()) {
    try {
      auto admin = OpenPostgres(ServerUrl() + "/postgres", {});
      admin->ExecScript("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {  // The server is gone; the script that started it removes its files.
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::unique_ptr<Connection> TestDb::Connect(const std::string& synchronous) const {
  if (engine_ == Engine::kPostgres) {
    PgOptions o;
    o.synchronous = synchronous;
    return OpenPostgres(url_, o);
  }
  SqliteOptions o;
  o.synchronous = synchronous;
  return OpenSqlite(url_.substr(7), o);
}

std::string TestDb::File(const std::string& name) const {
  return (std::filesystem::path(dir_) / name).string();
}

}  // namespace sg::store::testing
