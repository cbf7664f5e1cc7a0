// Test support: a fresh database of the engine under test, dropped when the test ends.
//
// The engine comes from the environment, so that ctest runs each storage and API test binary
// twice (see sg_test BOTH_ENGINES in cmake/Shenguan.cmake):
//  - SHENGUAN_TEST_ENGINE=postgres selects PostgreSQL; anything else, or nothing, SQLite.
//  - SHENGUAN_TEST_PG is the server to use: a postgresql:// URL without a database name, e.g.
//    postgresql://postgres@%2Ftmp%2Fsg-pg (scripts/with-postgres.sh sets it). When PostgreSQL is
//    selected and this is missing or the server does not answer, TestDb throws: the test fails,
//    it is never skipped.
// Each PostgreSQL test database is a CREATE DATABASE … TEMPLATE copy of a migrated template,
// which the first test of a run creates (under an advisory lock, so parallel tests agree).
#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace sg::store::testing {

// The engine this test process exercises.
Engine TestEngine();
// "sqlite" or "postgres", for messages and test names.
const char* TestEngineName();

class TestDb {
 public:
  // A new database; `migrated` gives it the current schema, otherwise it is empty.
  explicit TestDb(bool migrated = true);
  ~TestDb();
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  Engine engine() const { return engine_; }
  // The --db URL of this database (sqlite:PATH or postgresql://…).
  const std::string& url() const { return url_; }
  // A new connection to it. `synchronous` as in DatabaseOptions ("OFF" for bulk loads).
  std::unique_ptr<Connection> Connect(const std::string& synchronous = "FULL") const;
  // A scratch file path beside an SQLite database (or in a temporary directory for PostgreSQL).
  std::string File(const std::string& name) const;

 private:
  Engine engine_;
  std::string dir_;
  std::string name_;
  std::string url_;
};

}  // namespace sg::store::testing
