// A database: its single writer and a pool of reader connections.
//
// URLs: `sqlite:PATH` (or a bare path). PostgreSQL (`postgresql://…`) joins in the next issue
// behind the same interface.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::store {

struct DatabaseOptions {
  // Reader connections kept open; more are opened on demand.
  size_t readers = 4;
  WriterOptions writer;
  // Durable commits ("FULL") unless a bulk load can be redone.
  std::string synchronous = "FULL";
};

class Database;

// A reader connection borrowed from the pool; returned when destroyed.
class ReaderLease {
 public:
  ReaderLease(Database& db, std::unique_ptr<Connection> conn) : db_(&db), conn_(std::move(conn)) {}
  ReaderLease(ReaderLease&&) noexcept = default;
  ReaderLease(const ReaderLease&) = delete;
  ReaderLease& operator=(const ReaderLease&) = delete;
  ReaderLease& operator=(ReaderLease&&) = delete;
  ~ReaderLease();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  Database* db_;
  std::unique_ptr<Connection> conn_;
};

class Database {
 public:
  // Opens the database, applies pending migrations when `migrate` is true (else refuses to run
  // against an out-of-date schema), and starts the writer. Throws DbError.
  static std::unique_ptr<Database> Open(const std::string& url, const Clock& clock,
                                        DatabaseOptions options, bool migrate = true);
  ~Database();

  Engine engine() const { return engine_; }
  ReaderLease Reader();
  Writer& writer() { return *writer_; }
  // A separate connection for bulk work outside the writer (the demo loader). The caller must not
  // run it while the writer is writing.
  std::unique_ptr<Connection> OpenConnection(const std::string& synchronous);

 private:
  friend class ReaderLease;
  Database() = default;
  std::unique_ptr<Connection> OpenReader();
  void Return(std::unique_ptr<Connection> conn);

  Engine engine_ = Engine::kSqlite;
  std::string path_;
  DatabaseOptions options_;
  std::unique_ptr<Writer> writer_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> pool_;
};

// Parses a --db value. Returns the engine and the engine-specific location; throws
// std::invalid_argument with a message for the user.
std::pair<Engine, std::string> ParseDbUrl(const std::string& url);

}  // namespace sg::store
