#include "demo/row_ids.h"

#include <stdexcept>
#include <string>

namespace sg::demo {
namespace {

constexpr std::array<std::string_view, 4> kScans = {
    "SELECT id, uid FROM agencies ORDER BY id", "SELECT id, uid FROM users ORDER BY id",
    "SELECT id, uid FROM parties ORDER BY id", "SELECT id, uid FROM ip_rights ORDER BY id"};
constexpr std::array<std::string_view, 4> kNames = {"agency", "user", "party", "IP right"};

}  // namespace

int64_t RowIds::Find(Table table, std::string_view uid) {
  auto& cursor = cursors_[table];
  if (!cursor) cursor.emplace(conn_.Query(kScans[table]));
  // Rows another writer added in between are stepped over.
  while (cursor->Next()) {
    if (cursor->Text(1) == uid) return cursor->Int(0);
  }
  throw std::runtime_error("demo: the " + std::string(kNames[table]) + " " + std::string(uid) +
                           " of this seed is not in the database (it holds another demo, or one "
                           "whose first step did not finish)");
}

int64_t RowIds::Agency(TimestampMs at, const reg::NewAgency& a) {
  return mode_ == Mode::kInsert ? reg::InsertAgency(conn_, at, a) : Find(kAgencies, a.uid);
}
int64_t RowIds::User(TimestampMs at, const reg::NewUser& u) {
  return mode_ == Mode::kInsert ? reg::InsertUser(conn_, at, u) : Find(kUsers, u.uid);
}
int64_t RowIds::Party(TimestampMs at, const reg::NewParty& p) {
  return mode_ == Mode::kInsert ? reg::InsertParty(conn_, at, p) : Find(kParties, p.uid);
}
int64_t RowIds::IpRight(TimestampMs at, const reg::NewIpRight& r) {
  return mode_ == Mode::kInsert ? reg::InsertIpRight(conn_, at, r) : Find(kIpRights, r.uid);
}

}  // namespace sg::demo
