// The pool of parties and IP rights that the demo's cases draw from. Cases reuse them, as real
// registers do: the same enterprise sues several shops, the same mark is counterfeited again.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/civil_time.h"
#include "demo/rng.h"
#include "demo/row_ids.h"
#include "store/db.h"

namespace sg::demo {

enum class PartyKind : uint8_t { kEnterprise, kShop, kPerson, kOrgan };

struct PoolParty {
  int64_t id = 0;
  std::string name;
  PartyKind kind = PartyKind::kEnterprise;
  int county = 0;     // index into Counties()
  int industry = -1;  // index into Industries() for enterprises
  std::string brand;  // the trade name its marks carry; empty when it registers none
};

enum class IpKind : uint8_t {
  kInvention,
  kUtilityModel,
  kDesign,
  kTrademark,
  kGeographicalIndication,
  kCopyright,
  kTradeSecret
};

struct PoolIp {
  int64_t id = 0;
  IpKind kind = IpKind::kTrademark;
  std::string number;   // empty when the right has none (GIs, trade secrets)
  std::string title;    // the mark's text, the patent's title, the work's title …
  std::string product;  // what an infringer sells under it: 小米, 液压件 …
  int owner = -1;       // index into DemoPool::parties, -1 for GIs
  int county = 0;
};

struct DemoPool {
  std::vector<PoolParty> parties;
  std::vector<PoolIp> ips;
  // Index ranges by kind, for drawing the right kind of party.
  std::vector<int> enterprises, shops, persons;
  // Organs sued in administrative cases: the city bureau first, then the county bureaus in
  // Counties() order.
  std::vector<int> organs;
  // IP rights by kind group, for titles that fit the case kind.
  std::vector<int> patents, marks, geo_indications, others;
};

// Inserts about `party_count` parties and `ip_count` IP rights, all valid and unique, created at
// `at` onwards (1 ms apart). Every date is on or before `today`. Runs in the caller's
// transaction.
DemoPool InsertPool(store::Connection& conn, Rng& rng, TimestampMs at, const Date& today,
                    int64_t party_count, int64_t ip_count);
// The same, with the ids from `rows`: inserted, or found again (RowIds::Mode::kFind).
DemoPool InsertPool(RowIds& rows, Rng& rng, TimestampMs at, const Date& today, int64_t party_count,
                    int64_t ip_count);

// The dict ip_type value of a kind.
std::string_view IpTypeValue(IpKind kind);

}  // namespace sg::demo
