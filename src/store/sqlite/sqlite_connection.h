// The SQLite driver. Opens a database file in WAL mode with foreign keys on; the writer uses
// synchronous=FULL so that a commit is on disk before any request is answered.
#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace sg::store {

struct SqliteOptions {
  bool read_only = false;
  // "FULL" for durable commits, "OFF" only for bulk loads the caller can redo (the demo).
  std::string synchronous = "FULL";
  int busy_timeout_ms = 10000;
  // Page cache per connection, in KiB.
  int cache_kib = 16384;
  // A read-only connection that keeps its read transaction across leases while the WAL index
  // header is unchanged (Connection::RefreshSnapshot).
  bool hold_snapshot = false;
};

// Opens (creating if needed) the database at `path`. Throws DbError.
std::unique_ptr<Connection> OpenSqlite(const std::string& path, const SqliteOptions& options);

}  // namespace sg::store
