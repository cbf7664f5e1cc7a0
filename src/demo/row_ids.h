// Where the demo's agencies, users, parties and IP rights get their ids. A new demo inserts them
// (register/records.h). A stepped demo inserts them in its first step only; its later steps
// rebuild the same rows in memory from the same random streams and find each one's id again:
// the rows are matched in insertion order by uid, reading each table once in id order.
//
// Thread-safety: uses the connection it is given, on the calling thread only.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/civil_time.h"
#include "register/records.h"
#include "store/db.h"

namespace sg::demo {

class RowIds {
 public:
  enum class Mode { kInsert, kFind };
  RowIds(store::Connection& conn, Mode mode) : conn_(conn), mode_(mode) {}

  // The row's id: inserted stamped `at`, or found. In kFind mode, rows must be asked for in the
  // order they were inserted; throws std::runtime_error when one is not there.
  int64_t Agency(TimestampMs at, const reg::NewAgency& a);
  int64_t User(TimestampMs at, const reg::NewUser& u);
  int64_t Party(TimestampMs at, const reg::NewParty& p);
  int64_t IpRight(TimestampMs at, const reg::NewIpRight& r);

 private:
  enum Table : size_t { kAgencies, kUsers, kParties, kIpRights, kTables };
  int64_t Find(Table table, std::string_view uid);

  store::Connection& conn_;
  Mode mode_;
  std::array<std::optional<store::Rows>, kTables> cursors_;
};

}  // namespace sg::demo
