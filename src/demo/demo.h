// `shenguan demo`: fills an empty database with a realistic, deterministic data set for
// Jinzhong (晋中市) — its courts, market regulation bureaus, arbitration centre and hotline, their
// handlers, enterprises and people with valid identifiers, IP rights, and cases of every kind
// with numbers, events, links and change-feed rows.
//
// Determinism: the same `seed` and `today` give byte-identical rows (ids, uids, timestamps
// included) on any platform: randomness comes only from std::mt19937_64 through our own range
// functions, and every timestamp is derived from the data's dates, never from the clock.
//
// Links (case_links) always run from the earlier step to the later one, except appeals:
//   transferred_to  complaint/report   -> the admin_penalty case it became
//   diverted_to     complaint          -> the mediation/arbitration case it was sent to;
//                   civil_first        -> its pre-litigation (诉前) mediation case
//   appeal_of       second instance    -> the first-instance case it appeals
//   related         enforcement        -> the case whose judgment or award it enforces;
//                   admin_first        -> the penalty case it challenges
//
// Thread-safety: uses the connection it is given, on the calling thread only.
#pragma once

#include <cstdint>
#include <functional>

#include "base/civil_time.h"
#include "store/db.h"

namespace sg::demo {

struct DemoOptions {
  // Number of cases to write, exactly (derived cases included).
  int64_t cases = 3000;
  uint64_t seed = 1;
  // Required: every date is on or before it. Cases are received from 2022-01-01 (or a year
  // before `today`, if that is earlier) up to it.
  Date today;
};

// Rows written, by table. search_terms counts case_terms plus case_search rows.
struct DemoCounts {
  int64_t agencies = 0, users = 0, parties = 0, ip_rights = 0, cases = 0, case_parties = 0,
          case_ip_rights = 0, case_links = 0, events = 0, search_terms = 0, changes = 0,
          total_rows = 0;
  // Also written, and in total_rows: collegial panel members, case-number sequences, and the
  // hand-overs behind transfer, diversion and appeal links (a transfer and two case_access rows
  // each).
  int64_t case_panels = 0, number_sequences = 0, transfers = 0;
};

// Fills an empty, migrated database. Throws std::runtime_error, before writing anything, when
// the database already holds an agency or a case, when `today` is before 2000 (unset) or when
// `cases` is negative; store::DbError on database failures (committed chunks then stay).
// Commits in chunks of 50,000 cases. `progress` (may be empty) is called with the cases
// written so far and the total, after each chunk and every 5,000 cases.
DemoCounts GenerateDemo(store::Connection& conn, const DemoOptions& options,
                        const std::function<void(int64_t done, int64_t total)>& progress);

}  // namespace sg::demo
