// Forward-only numbered migrations, compiled into the binary from store/migrations/<engine>/ and
// recorded in the schema_migrations table. A migration runs in its own transaction.
#pragma once

#include <string>
#include <vector>

#include "store/db.h"

namespace sg::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The migrations shipped for an engine, in version order.
const std::vector<Migration>& Migrations(Engine engine);
// The highest applied version (0 for an empty database).
int SchemaVersion(Connection& conn);
// Applies every pending migration; returns how many ran. Throws DbError.
int Migrate(Connection& conn, int64_t now_ms);
// The version this binary expects.
int LatestVersion(Engine engine);

}  // namespace sg::store
