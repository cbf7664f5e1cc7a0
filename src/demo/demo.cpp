#include "demo/demo.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "demo/agencies.h"
#include "demo/case_writer.h"
#include "demo/plan.h"
#include "demo/pool.h"
#include "demo/rng.h"

namespace sg::demo {
namespace {

constexpr std::string_view kHasData =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM agencies) OR EXISTS (SELECT 1 FROM cases) "
    "THEN 1 ELSE 0 END";
constexpr std::string_view kNextChangeSeq = "SELECT COALESCE(MAX(seq), 0) + 1 FROM changes";
constexpr std::string_view kCountTerms =
    "SELECT (SELECT COUNT(*) FROM case_terms) + (SELECT COUNT(*) FROM case_search)";
constexpr std::string_view kCountSequences = "SELECT COUNT(*) FROM case_number_sequences";

// Large transactions keep the bulk load fast (each commit also checkpoints the WAL); 50,000
// cases is about 3 million rows, a WAL of a few hundred MB.
constexpr int64_t kChunkCases = 50000;
constexpr int64_t kProgressEvery = 5000;

}  // namespace

DemoCounts GenerateDemo(store::Connection& conn, const DemoOptions& options,
                        const std::function<void(int64_t done, int64_t total)>& progress) {
  if (options.cases < 0) throw std::runtime_error("demo: the number of cases must not be negative");
  if (options.today < Date{2000, 1, 1}) {
    throw std::runtime_error("demo: `today` is required (the date the demo data ends on)");
  }
  if (conn.QueryInt(kHasData).value_or(0) != 0) {
    throw std::runtime_error(
        "demo: the database already holds agencies or cases; the demo only fills an empty "
        "database (create a new one)");
  }
  const Date& today = options.today;
  const int64_t total = options.cases;

  // Separate streams per phase, so that, say, a different pool size does not reshuffle the
  // handlers' names.
  Rng master(options.seed);
  Rng agency_rng(master.Next());
  Rng pool_rng(master.Next());
  Rng plan_rng(master.Next());
  Rng write_rng(master.Next());

  // The register "went live" two weeks before the first case; agencies, handlers and the
  // imported parties and IP rights are stamped with that day.
  const Date first_day = std::min(Date{2022, 1, 1}, today.AddDays(-365));
  const TimestampMs go_live = ChinaMidnight(first_day.AddDays(-14)) + 9LL * 3600 * 1000;

  DemoCounts counts;
  DemoAgencies agencies;
  DemoPool pool;
  {
    store::Transaction tx(conn);
    const int scale = static_cast<int>(std::clamp<int64_t>(1 + total / 50000, 1, 20));
    agencies = InsertAgencies(conn, agency_rng, go_live, scale);
    pool = InsertPool(conn, pool_rng, go_live + 3600 * 1000, today,
                      std::max<int64_t>(total / 3, 150), std::max<int64_t>(total / 4, 120));
    tx.Commit();
  }
  counts.agencies = static_cast<int64_t>(agencies.list.size());
  counts.users = agencies.users;
  counts.parties = static_cast<int64_t>(pool.parties.size());
  counts.ip_rights = static_cast<int64_t>(pool.ips.size());

  const std::vector<CasePlan> plans = PlanCases(plan_rng, total, today, agencies, pool);
  // Filing-date order (receipt date for unfiled cases) makes case-number sequences follow the
  // calendar; the plan index breaks ties so the order is total.
  std::vector<size_t> order(plans.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto key = [&](size_t i) { return plans[i].filed >= 0 ? plans[i].filed : plans[i].received; };
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto ka = key(a), kb = key(b);
    return ka != kb ? ka < kb : a < b;
  });

  CaseWriter writer(conn, write_rng, agencies, pool, plans,
                    conn.QueryInt(kNextChangeSeq).value_or(1));
  const int64_t n = static_cast<int64_t>(order.size());
  for (int64_t begin = 0; begin < n; begin += kChunkCases) {
    store::Transaction tx(conn);
    const int64_t end = std::min(n, begin + kChunkCases);
    for (int64_t i = begin; i < end; ++i) {
      writer.Write(order[static_cast<size_t>(i)]);
      if (progress && (i + 1) % kProgressEvery == 0 && i + 1 != end) progress(i + 1, n);
    }
    if (end == n) writer.WriteLinks();
    tx.Commit();
    if (progress) progress(end, n);
  }
  if (n == 0 && progress) progress(0, 0);

  const WrittenRows& w = writer.written();
  counts.cases = w.cases;
  counts.case_parties = w.case_parties;
  counts.case_ip_rights = w.case_ip_rights;
  counts.case_panels = w.case_panels;
  counts.case_links = w.case_links;
  counts.transfers = w.transfers;
  counts.events = w.events;
  counts.changes = w.changes;
  counts.search_terms = conn.QueryInt(kCountTerms).value_or(0);
  counts.number_sequences = conn.QueryInt(kCountSequences).value_or(0);
  counts.total_rows = counts.agencies + counts.users + counts.parties + counts.ip_rights +
                      counts.cases + counts.case_parties + counts.case_ip_rights +
                      counts.case_links + counts.events + counts.search_terms + counts.changes +
                      counts.case_panels + counts.number_sequences + 3 * counts.transfers;
  return counts;
}

}  // namespace sg::demo
