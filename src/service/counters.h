// Dashboard counters (docs/indicators.md): per agency, case kind, day and metric, kept in the
// same transaction as every event that changes a case, so that the dashboard never scans the
// cases.
//
// How they stay exact: case_counted holds each case as it was last counted. CountCase compares
// the case as it now stands with that row, adds the difference of their contributions to
// case_counts and stores the new row. The counters therefore always equal the contributions of
// every case's current facts, whatever path changed them, as long as every path that changes a
// counted fact (agency, kind, received/filed/closed dates, outcome, deadlines of a closed case,
// stage) calls CountCase before its transaction commits.
//
// What one case contributes (metric, on day, amount), with its agency and kind:
//   received         received_on                      1
//   filed            filed_on                         1   when filed
//   closed           closed_on                        1   when closed
//   closed:<outcome> closed_on                        1   when closed ("closed:none" without one)
//   closed_in_limit  closed_on                        1   when closed within its limits (below)
//   closed_filed     closed_on                        1   when closed and filed
//   closed_days      closed_on   closed_on − filed_on     when closed and filed (0 if negative)
// and, when it leaves a workflow stage on day D (taken from the event, not from the case):
//   stage_days:<stage>   D   D − the day it entered the stage (0 if negative)
//   stage_exits:<stage>  D   1
// and, from migration 0010 (case_counted.facts_version 2):
//   open                 received_on   1   while open (no closed_on)
//   open_stage:<stage>   received_on   1   while open, in a workflow stage
//   open_div:<code>      received_on   1   while open, in the map's division (service/divisions.h)
//   via:<type>:<from_kind>:<from_agency_type>
//                        received_on   1   when received by a hand-over not returned
//   closed_appealed:<outcome>  closed_on  1   when closed and appealed (an appeal not returned)
//   closed_result:<appeal_result> closed_on 1 when closed with a second-instance result
//   closed_enforce_fen   closed_on   the amount to be enforced, when closed
//   closed_recovered_fen closed_on   the amount recovered, when closed
//   closed_month:<YYYY-MM>:<code>  received_on  1  when closed: the closing month and division
// and, from migration 0011 (facts_version 3), of the earliest running deadline
// (cases.deadline_due, deadline_near_on):
//   due                  deadline_due       1   with a running deadline
//   near_from            deadline_near_on   1   when near_on ≤ due
//   near_until           deadline_due       1   when near_on ≤ due
// so that overdue on day T = Σ due before T, near on T = Σ near_from up to T − Σ near_until
// before T (the case list's deadline filter). They change when the deadlines are recomputed:
// every path that does so counts the case after (a new holiday year: RecomputeAllDeadlines'
// callers).
// and, from facts_version 4 (with migration 0012):
//   closed_in:<YYYY-MM>  received_on   1   when closed: the closing month (closed_month without
//                                          the division, so that the pending by age reads one
//                                          metric a month instead of one per division)
//   closed_div:<code>    closed_on     1   when closed: the map's division (migration 0014)
//   closed_at:<YYYY-MM-DD> received_on 1   when closed: the closing day; kept in the rollup over
//                                          every agency and kind (kRollupAll) only (migration
//                                          0014): the pending of the whole city on a day in the
//                                          middle of a month, by age, without reading the month's
//                                          closings
// The open metrics are a snapshot keyed by the receiving day: summed over receiving days up to
// D they give the cases received by D that are open now. Adding those received by D and closed
// after D's month (closed_in, or closed_month by division; keyed by the receiving day) and those
// closed in the rest of D's month (SumClosedAfter; for the whole city from closed_at, and by
// division from closed_div less closed_month) gives the pending at the end of D
// (service/dashboard.cpp). Every delta is written at the grains day, month and year (migration
// 0004), for its agency and kind, kRollupAgency and kind, and kRollupAll.
//
// Thread-safety: plain functions over one connection.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "base/civil_time.h"
#include "store/conditions.h"
#include "store/db.h"
#include "workflow/definition.h"

namespace sg::svc {

inline constexpr std::string_view kMetricReceived = "received";
inline constexpr std::string_view kMetricFiled = "filed";
inline constexpr std::string_view kMetricClosed = "closed";
inline constexpr std::string_view kMetricClosedInLimit = "closed_in_limit";
inline constexpr std::string_view kMetricClosedFiled = "closed_filed";
inline constexpr std::string_view kMetricClosedDays = "closed_days";
inline constexpr std::string_view kMetricClosedOutcome = "closed:";    // + outcome, or "none"
inline constexpr std::string_view kMetricStageDays = "stage_days:";    // + stage
inline constexpr std::string_view kMetricStageExits = "stage_exits:";  // + stage
inline constexpr std::string_view kMetricOpen = "open";
inline constexpr std::string_view kMetricOpenStage = "open_stage:";   // + stage
inline constexpr std::string_view kMetricOpenDivision = "open_div:";  // + area code
inline constexpr std::string_view kMetricVia = "via:";  // + type:from_kind:from_agency_type
inline constexpr std::string_view kMetricClosedAppealed = "closed_appealed:";  // + outcome
inline constexpr std::string_view kMetricClosedResult = "closed_result:";      // + appeal_result
inline constexpr std::string_view kMetricClosedEnforceFen = "closed_enforce_fen";
inline constexpr std::string_view kMetricClosedRecoveredFen = "closed_recovered_fen";
// + YYYY-MM:division (the closing month and the map's division), on the receiving day.
inline constexpr std::string_view kMetricClosedMonth = "closed_month:";
// + YYYY-MM (the closing month), on the receiving day.
inline constexpr std::string_view kMetricClosedIn = "closed_in:";
// case_counts rows of this agency_id (which no agency has) hold, for every grain, metric, period
// and kind, the sum over every agency: a reader who sees every agency reads one row where it
// would read one per agency (migration 0013). WriteDeltas keeps them with the agencies' rows.
inline constexpr int64_t kRollupAgency = 0;
// case_counts rows of this agency_id hold, for every grain, metric and period, the sum over every
// agency and every kind, under the kind "" (migration 0014): the reader of the whole city who
// asks for no kind reads one row per period, where kRollupAgency has one per kind.
inline constexpr int64_t kRollupAll = -1;
// + area code (service/divisions.h), on the closing day.
inline constexpr std::string_view kMetricClosedDivision = "closed_div:";
// + YYYY-MM-DD (the closing day), on the receiving day; in kRollupAll's rows only.
inline constexpr std::string_view kMetricClosedAt = "closed_at:";
inline constexpr std::string_view kMetricDue = "due";
inline constexpr std::string_view kMetricNearFrom = "near_from";
inline constexpr std::string_view kMetricNearUntil = "near_until";

// Brings the counters in line with case `case_id` as it now stands. Call it in the writer's
// transaction after the change, once per event. `on` is the event's effective day: the day the
// case left its stage when the event changed it. A case counted for the first time enters its
// stage on its filing day when it was created filed, else on its receiving day.
// `workflows` names each kind's handling limits (ClosedInLimit).
void CountCase(store::Connection& conn, const wf::Registry& workflows, int64_t case_id, Date on);

// Counts cases a bulk writer has just stored (an import, RebuildCounters), folding the counter
// updates of many cases together: the same case_counted rows and case_counts values as CountCase
// called for each case, but one upsert per counter row instead of one per case and row. Add a
// case after its last change in the transaction; Flush before the transaction commits and before
// anything in it reads case_counts or counts a case with CountCase. Not thread-safe.
// (agency, kind, metric, day) → amount: what cases add to case_counts at the day grain.
// Hashed: a bulk import adds about ten a case.
using CountDeltaKey = std::tuple<int64_t, std::string, std::string, std::string>;
struct CountDeltaKeyHash {
  size_t operator()(const CountDeltaKey& k) const noexcept {
    const auto& [agency, kind, metric, day] = k;
    size_t h = std::hash<int64_t>{}(agency);
    for (const std::string* s : {&kind, &metric, &day}) {
      h = (h * 0x100000001b3ULL) ^ std::hash<std::string>{}(*s);
    }
    return h;
  }
};
using CountDeltas = std::unordered_map<CountDeltaKey, int64_t, CountDeltaKeyHash>;

class CountBatch {
 public:
  explicit CountBatch(const wf::Registry& workflows) : workflows_(workflows) {}
  // Stores case `case_id`'s case_counted row as it now stands (entering its stage on its filing,
  // else receiving, day) and adds its contribution to the batch. The case must never have been
  // counted: a case_counted row already there is a constraint error (store::DbError). On an
  // error nothing is added to the batch, so a rolled-back savepoint leaves it consistent.
  void AddNew(store::Connection& conn, int64_t case_id);
  // Writes the summed contributions to case_counts and empties the batch.
  void Flush(store::Connection& conn);

 private:
  const wf::Registry& workflows_;
  // Flush adds each at the grains day, month and year.
  CountDeltas deltas_;
};

// Brings case_counted rows written before migrations 0010, 0011 and 0012 (facts_version 1, 2 or
// 3) up to version 4: adds the metrics of the facts they lack, taken from each case as it stands,
// in batches of 1000. Run it in a transaction after migrating (`serve` and `migrate` do); a
// database without such rows costs one index probe. Returns the number of cases brought up.
int64_t UpgradeCounters(store::Connection& conn);

// Counts every case afresh, for cases written without CountCase (a bulk load, or cases from
// before migration 0004). Days per stage restart: each case counts as having entered its current
// stage on its filing (else receiving) day. Returns the number of cases.
int64_t RebuildCounters(store::Connection& conn, const wf::Registry& workflows);

// The verdict on a closed case for 审限内结案率: true when none of its handling limits was
// exceeded. A handling limit is a deadline of the case's kind, other than a party's own period,
// that some closing action (effect "close") meets: the trial limit, and the filing or acceptance
// limit for a case closed without being filed. Each such deadline of the case still running on
// its closing day (started on or before it, stopped on or after it, or not stopped) must be due
// on or after that day. A kind without a definition has no limits.
bool ClosedInLimit(store::Connection& conn, const wf::Registry& workflows, int64_t case_id,
                   std::string_view kind, Date closed_on);

// to − from in days, for closed_days and stage_days: 0 when negative (an act back-dated before
// the one it follows) or when a date does not parse.
int64_t ElapsedDays(std::string_view from, std::string_view to);

// One contiguous range of case_counts periods of one grain.
struct PeriodRange {
  std::string_view grain;   // "day" | "month" | "year"
  std::string first, last;  // periods, inclusive
};
// The fewest ranges of whole years, whole months and days that exactly cover [from, to]; empty
// when from > to.
std::vector<PeriodRange> CoveringPeriods(Date from, Date to);

// The sums of `metrics` over the days [from, to], for the counters rows matching `where` (written
// over the alias `k` of case_counts: agency_id and kind). Metrics without rows sum to 0.
std::map<std::string, int64_t> SumCounts(store::Connection& conn, const store::Conditions& where,
                                         const std::vector<std::string_view>& metrics, Date from,
                                         Date to);

// The sums over the days [from, to] of every metric that starts with `prefix`, per agency, kind
// and metric, for the counters rows matching `where` (as SumCounts). Rows summing to 0 are left
// out.
using CountRows = std::map<std::tuple<int64_t, std::string, std::string>, int64_t>;
CountRows SumCountRows(store::Connection& conn, const store::Conditions& where,
                       std::string_view prefix, Date from, Date to);
// The same for the metrics in [first, end) (byte order).
CountRows SumCountRows(store::Connection& conn, const store::Conditions& where,
                       std::string_view first, std::string_view end, Date from, Date to);
// The end of the metrics that start with `prefix`: the prefix with its last byte raised.
std::string PrefixEnd(std::string_view prefix);

// The cases received by `day` and closed after it (and on or before `through`, when given), as
// case_counted holds them, for the rows matching `where` (over the alias `k`: agency_id and
// kind). An index range on the closing day: empty when `day` is today.
struct ClosedAfterRow {
  int64_t agency_id = 0;
  std::string kind, received_on, division, stage;
};
std::vector<ClosedAfterRow> ClosedAfter(store::Connection& conn, const store::Conditions& where,
                                        Date day, std::optional<Date> through = std::nullopt);
// The same cases (closed after `day` through `through`) counted in one read of the index, with
// no row per case: those received within each of `ranges` (in order), and those of each map
// division code of `divisions` (in order).
struct ClosedAfterSums {
  std::vector<int64_t> in_range, in_division;
};
ClosedAfterSums SumClosedAfter(store::Connection& conn, const store::Conditions& where, Date day,
                               Date through, const std::vector<std::pair<Date, Date>>& ranges,
                               const std::vector<std::string>& divisions);

}  // namespace sg::svc
