#include "store/database.h"

#include <stdexcept>

#include "store/migrations.h"
#include "store/sqlite/sqlite_connection.h"

namespace sg::store {

std::pair<Engine, std::string> ParseDbUrl(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
    if (path.empty()) throw std::invalid_argument("--db sqlite:PATH needs a file path");
    return {Engine::kSqlite, path};
  }
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
    throw std::invalid_argument("PostgreSQL is not available in this build yet; use sqlite:PATH");
  }
  if (url.find("://") != std::string::npos) {
    throw std::invalid_argument("unknown database URL scheme in '" + url +
                                "'; use sqlite:PATH");
  }
  if (url.empty()) throw std::invalid_argument("--db is empty; use sqlite:PATH");
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
  std::unique_ptr<Database> db(new Database());
  db->engine_ = engine;
  db->path_ = location;
  db->options_ = options;
  auto writer_conn = db->OpenConnection(options.synchronous);
  if (migrate) {
    Migrate(*writer_conn, clock.Now());
  } else if (SchemaVersion(*writer_conn) != LatestVersion(engine)) {
    throw DbError("the database schema is at version " +
                  std::to_string(SchemaVersion(*writer_conn)) + ", this program needs " +
                  std::to_string(LatestVersion(engine)) + ": run `shenguan migrate` first");
  }
  db->writer_ = std::make_unique<Writer>(std::move(writer_conn), clock, options.writer);
  return db;
}

Database::~Database() {
  if (writer_) writer_->Stop();
}

std::unique_ptr<Connection> Database::OpenConnection(const std::string& synchronous) {
  SqliteOptions o;
  o.synchronous = synchronous;
  return OpenSqlite(path_, o);
}

std::unique_ptr<Connection> Database::OpenReader() {
  SqliteOptions o;
  o.read_only = true;
  return OpenSqlite(path_, o);
}

ReaderLease Database::Reader() {
  {
    std::lock_guard lock(pool_mu_);
    if (!pool_.empty()) {
      auto c = std::move(pool_.back());
      pool_.pop_back();
      return ReaderLease(*this, std::move(c));
    }
  }
  return ReaderLease(*this, OpenReader());
}

void Database::Return(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(pool_mu_);
  if (pool_.size() < options_.readers) pool_.push_back(std::move(conn));
}

}  // namespace sg::store
