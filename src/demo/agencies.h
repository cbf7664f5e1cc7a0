// The demo's agencies of Jinzhong (shared/domain/jinzhong.md) and their handlers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/civil_time.h"
#include "demo/rng.h"
#include "demo/row_ids.h"
#include "register/case_numbers.h"
#include "store/db.h"

namespace sg::demo {

struct DemoAgency {
  int64_t id = 0;
  std::string name;
  std::string abbr;
  std::string type;         // dict agency_type
  std::string court_level;  // empty for non-courts
  std::string area_code;
  int county = -1;  // index into Counties(), -1 for city- and province-level agencies
  reg::NumberingAgency numbering;
  std::vector<int64_t> handlers;  // user ids, in insertion order
};

// Indexes into DemoAgencies::list of the agencies that own or receive cases.
struct DemoAgencies {
  std::vector<DemoAgency> list;
  size_t high_court = 0;
  size_t intermediate_court = 0;
  std::vector<size_t> basic_courts;    // in Counties() order
  size_t city_bureau = 0;              // 晋中市市场监督管理局
  size_t enforcement_unit = 0;         // its 知识产权执法中队
  std::vector<size_t> county_bureaus;  // in Counties() order
  size_t arbitration_centre = 0;       // 晋中仲裁委员会知识产权仲裁中心
  size_t hotline = 0;                  // 12345
  int64_t users = 0;
};

// Inserts the agency tree, in a fixed order, and `handlers_scale` times the base number of
// handlers per agency. Every timestamp is `at`. Runs in the caller's transaction.
DemoAgencies InsertAgencies(store::Connection& conn, Rng& rng, TimestampMs at, int handlers_scale);
// The same, with the ids from `rows`: inserted, or found again (RowIds::Mode::kFind).
DemoAgencies InsertAgencies(RowIds& rows, Rng& rng, TimestampMs at, int handlers_scale);

}  // namespace sg::demo
