// Writes planned cases through register/records.h: the case with its parties, IP rights, panel
// and search text, its number (register/case_numbers.h), its events and its change-feed row.
#pragma once

#include <cstdint>
#include <vector>

#include "demo/agencies.h"
#include "demo/plan.h"
#include "demo/pool.h"
#include "demo/rng.h"
#include "register/records.h"
#include "store/db.h"

namespace sg::demo {

// Rows written so far, by table.
struct WrittenRows {
  int64_t cases = 0, case_parties = 0, case_ip_rights = 0, case_panels = 0, events = 0, changes = 0,
          case_links = 0, transfers = 0;
};

class CaseWriter {
 public:
  // `first_change_seq` is the seq of the first change row this writer adds.
  CaseWriter(store::Connection& conn, Rng& rng, const DemoAgencies& agencies, const DemoPool& pool,
             const std::vector<CasePlan>& plans, int64_t first_change_seq);

  // Writes plans[index]. Call in filing-date order inside a write transaction: case numbers are
  // taken in call order.
  void Write(size_t index);
  // Writes the case_links row of every written plan that has a source; call once at the end.
  void WriteLinks();
  // Records that plans[index] was written, as case `id` created at `created_at`, by an earlier
  // step of a stepped demo (WriteLinks needs every case's id and time).
  void Restore(size_t index, int64_t id, TimestampMs created_at) {
    case_ids_[index] = id;
    created_at_[index] = created_at;
  }
  // The id plans[index] was written as; 0 until written.
  int64_t case_id(size_t index) const { return case_ids_[index]; }

  const WrittenRows& written() const { return written_; }

 private:
  void RecordOutcome(const CasePlan& p, reg::NewCase& c);
  void WriteHandOver(size_t index, int64_t source_id);
  TimestampMs OfficeTime(int32_t day);
  void WriteEvents(size_t index, int64_t case_id, TimestampMs created_at,
                   const std::optional<int64_t>& handler, const std::vector<int64_t>& panel,
                   const std::optional<std::string>& number);

  store::Connection& conn_;
  Rng& rng_;
  const DemoAgencies& agencies_;
  const DemoPool& pool_;
  const std::vector<CasePlan>& plans_;
  int64_t next_seq_;
  std::vector<int64_t> case_ids_;        // by plan index; 0 until written
  std::vector<TimestampMs> created_at_;  // by plan index
  WrittenRows written_;
};

}  // namespace sg::demo
