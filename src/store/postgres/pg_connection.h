// The PostgreSQL driver, on libpq. SQL keeps the interface's `?` placeholders; each statement is
// rewritten to $1..$n once, prepared under its own name on first use and cached per connection.
// Parameters and results travel as text; a parameter first bound as an integer is declared
// bigint so that arithmetic and comparisons resolve as they do on SQLite.
//
// Errors: SQLSTATE class 23 (integrity) sets DbError::constraint; 40001 (serialization failure)
// and 40P01 (deadlock) set DbError::retryable. COMMIT of a transaction that PostgreSQL had
// already aborted throws instead of silently rolling back.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/db.h"

namespace sg::store {

struct PgOptions {
  // Readers run with default_transaction_read_only=on.
  bool read_only = false;
  // "FULL" and "NORMAL": synchronous_commit=on (a commit is flushed to the WAL before it
  // returns). "OFF": synchronous_commit=off, only for bulk loads the caller can redo.
  std::string synchronous = "FULL";
};

// Connects with a libpq connection string: a `postgresql://` or `postgres://` URL, `key=value`
// pairs, or "" for the PG* environment variables alone. Throws DbError.
std::unique_ptr<Connection> OpenPostgres(const std::string& conninfo, const PgOptions& options);

// Rewrites `?` placeholders to $1, $2, … outside string literals, quoted identifiers and
// comments. Sets *count to the number of placeholders.
std::string NumberPlaceholders(std::string_view sql, int* count);

}  // namespace sg::store
