// A database: its single writer and a pool of reader connections.
//
// URLs (ParseDbUrl):
//  - `sqlite:PATH`, `sqlite://PATH` or a bare path: an SQLite file in WAL mode;
//  - `postgresql://…` or `postgres://…`: a libpq connection URL, passed to libpq unchanged
//    (host, port, user, dbname, sslmode, … and `host=/socket/dir` for a Unix socket);
//  - `postgresql:` (or `postgres:`) alone: PostgreSQL, connected from the PG* environment
//    variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, …) and ~/.pgpass.
// Both engines run the same SQL and migrations of the same meaning (store/migrations/<engine>/).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::store {

struct DatabaseOptions {
  // The reader pool. SQLite: connections kept open, more opened on demand. PostgreSQL: the most
  // reader connections open at once (each is a server process); Reader() waits for a free one.
  size_t readers = 4;
  WriterOptions writer;
  // Durable commits ("FULL") unless a bulk load can be redone.
  std::string synchronous = "FULL";
  // Readers keep their read transaction across leases while nothing commits
  // (Connection::RefreshSnapshot): the server's hot reads then take no locks. Only for a process
  // that calls ReleaseIdleSnapshots() regularly (the server, once a second), since an idle
  // connection's snapshot holds back checkpoints until it is used or released.
  bool hold_read_snapshots = false;
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
  // Borrows a reader connection. Throws DbError (retryable) when PostgreSQL's pool stays
  // exhausted for kReaderWait. Thread-safe.
  ReaderLease Reader();
  Writer& writer() { return *writer_; }
  // Ends the held snapshots of the readers idle in the pool (DatabaseOptions::
  // hold_read_snapshots). Thread-safe.
  void ReleaseIdleSnapshots();
  // A separate connection for bulk work outside the writer (the demo loader). The caller must not
  // run it while the writer is writing.
  std::unique_ptr<Connection> OpenConnection(const std::string& synchronous);

 private:
  friend class ReaderLease;
  Database() = default;
  std::unique_ptr<Connection> OpenReader();
  void Return(std::unique_ptr<Connection> conn);

  Engine engine_ = Engine::kSqlite;
  // The SQLite file path, or the libpq connection string.
  std::string location_;
  DatabaseOptions options_;
  std::unique_ptr<Writer> writer_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> pool_;
  size_t leased_ = 0;
};

// Parses a --db value. Returns the engine and the engine-specific location; throws
// std::invalid_argument with a message for the user.
std::pair<Engine, std::string> ParseDbUrl(const std::string& url);

}  // namespace sg::store
