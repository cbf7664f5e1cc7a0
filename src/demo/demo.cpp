#include "demo/demo.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "demo/agencies.h"
#include "demo/case_writer.h"
#include "demo/demo_internal.h"
#include "demo/plan.h"
#include "demo/pool.h"
#include "demo/rng.h"

namespace sg::demo {
namespace internal {

std::vector<size_t> WriteOrder(const std::vector<CasePlan>& plans) {
  std::vector<size_t> order(plans.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto key = [&](size_t i) { return plans[i].filed >= 0 ? plans[i].filed : plans[i].received; };
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto ka = key(a), kb = key(b);
    return ka != kb ? ka < kb : a < b;
  });
  return order;
}

}  // namespace internal

namespace {

using internal::kChunkCases;
using internal::kProgressEvery;

constexpr std::string_view kCountTerms =
    "SELECT (SELECT COUNT(*) FROM case_terms) + (SELECT COUNT(*) FROM case_search)";
constexpr std::string_view kCountSequences = "SELECT COUNT(*) FROM case_number_sequences";

}  // namespace

DemoCounts GenerateDemo(store::Connection& conn, const DemoOptions& options,
                        const std::function<void(int64_t done, int64_t total)>& progress) {
  if (options.cases < 0) throw std::runtime_error("demo: the number of cases must not be negative");
  if (options.today < Date{2000, 1, 1}) {
    throw std::runtime_error("demo: `today` is required (the date the demo data ends on)");
  }
  if (conn.QueryInt(internal::kHasData).value_or(0) != 0) {
    throw std::runtime_error(
        "demo: the database already holds agencies or cases; the demo only fills an empty "
        "database (create a new one)");
  }
  const Date& today = options.today;
  const int64_t total = options.cases;

  internal::Streams rng(options.seed);
  const internal::Shape shape = internal::ShapeOf(options);

  DemoCounts counts;
  DemoAgencies agencies;
  DemoPool pool;
  {
    store::Transaction tx(conn);
    agencies = InsertAgencies(conn, rng.agency, shape.go_live, shape.handlers_scale);
    pool = InsertPool(conn, rng.pool, internal::PoolTime(shape), today, shape.parties,
                      shape.ip_rights);
    tx.Commit();
  }
  counts.agencies = static_cast<int64_t>(agencies.list.size());
  counts.users = agencies.users;
  counts.parties = static_cast<int64_t>(pool.parties.size());
  counts.ip_rights = static_cast<int64_t>(pool.ips.size());

  const std::vector<CasePlan> plans = PlanCases(rng.plan, total, today, agencies, pool);
  const std::vector<size_t> order = internal::WriteOrder(plans);

  CaseWriter writer(conn, rng.write, agencies, pool, plans,
                    conn.QueryInt(internal::kNextChangeSeq).value_or(1));
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
