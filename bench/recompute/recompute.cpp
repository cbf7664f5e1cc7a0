// The statutory-clock figure of issue 5: recomputing every open case's deadlines (as after a new
// holiday year is loaded) against just reading those cases and their events, on the same
// database in the same run. Prints one JSON line.
//
// Usage: recompute DB_URL TODAY [--reopen]   (the database must have been through `shenguan demo`)
//
// --reopen first reopens every closed case of the database (status back to filed or received,
// no outcome, no stage) and gives them their workflow's stage and deadlines again
// (svc::AdoptCases), so that every case of the demo is open: the demo, like a real register,
// has only a few per cent of its cases open. Use it on a copy of the database.
#include <chrono>
#include <cstdio>
#include <string>

#include "base/clock.h"
#include "calendar/calendar.h"
#include "service/case_actions.h"
#include "service/deadlines.h"
#include "store/database.h"

namespace {

constexpr std::string_view kOpenCases =
    "SELECT DISTINCT case_id FROM case_deadlines WHERE status IN ('running', 'suspended') "
    "AND case_id > ? ORDER BY case_id LIMIT 1000";
constexpr std::string_view kCase = "SELECT * FROM cases WHERE id = ?";
constexpr std::string_view kEvents = "SELECT * FROM case_events WHERE case_id = ? ORDER BY id";
constexpr std::string_view kDeadlines = "SELECT * FROM case_deadlines WHERE case_id = ?";

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  const bool reopen = argc == 4 && std::string(argv[3]) == "--reopen";
  if (argc != 3 && !reopen) {
    std::fprintf(stderr, "usage: recompute DB_URL TODAY [--reopen]\n");
    return 2;
  }
  const auto today = sg::Date::Parse(argv[2]);
  if (!today) return 2;
  sg::FixedClock clock(sg::ChinaMidnight(*today));
  auto db = sg::store::Database::Open(argv[1], clock, {});
  db->writer().Stop();
  auto conn = db->OpenConnection("OFF");
  const auto calendar = sg::cal::Calendar::Builtin();

  if (reopen) {
    const auto began = std::chrono::steady_clock::now();
    conn->Begin();
    conn->Exec(
        "UPDATE cases SET status = CASE WHEN filed_on IS NULL THEN 'received' ELSE 'filed' END, "
        "closed_on = NULL, stage = NULL, outcome = NULL, appeal_result = NULL, "
        "document_number = NULL WHERE status = 'closed'");
    conn->Exec(
        "DELETE FROM case_deadlines WHERE case_id IN (SELECT id FROM cases WHERE stage IS NULL)");
    conn->Commit();
    const int64_t n = sg::svc::AdoptCases(*conn, sg::wf::Registry::Builtin(), *calendar, *today);
    conn->ExecScript("ANALYZE");
    std::fprintf(stderr, "reopened %lld cases in %.1f s\n", static_cast<long long>(n),
                 Seconds(began));
  }

  // The reference: read each open case, its deadlines and its events, touching every column.
  auto started = std::chrono::steady_clock::now();
  int64_t cases = 0, rows = 0, bytes = 0;
  for (int64_t after = 0;;) {
    std::vector<int64_t> ids;
    {
      auto r = conn->Query(kOpenCases, after);
      while (r.Next()) ids.push_back(r.Int(0));
    }
    if (ids.empty()) break;
    for (int64_t id : ids) {
      for (auto sql : {kCase, kEvents, kDeadlines}) {
        auto r = conn->Query(sql, id);
        while (r.Next()) {
          ++rows;
          for (int c = 0; c < 4; ++c) bytes += static_cast<int64_t>(r.Text(c).size());
        }
      }
    }
    cases += static_cast<int64_t>(ids.size());
    after = ids.back();
  }
  const double read_s = Seconds(started);

  // The recomputation, in one transaction, as the writer would run it.
  started = std::chrono::steady_clock::now();
  conn->Begin();
  const int64_t recomputed = sg::svc::RecomputeAllDeadlines(*conn, *calendar, *today);
  conn->Commit();
  const double recompute_s = Seconds(started);

  std::printf(
      "{\"open_cases\": %lld, \"read_rows\": %lld, \"read_bytes\": %lld, \"read_seconds\": %.3f, "
      "\"recomputed_cases\": %lld, \"recompute_seconds\": %.3f, \"ratio\": %.2f}\n",
      static_cast<long long>(cases), static_cast<long long>(rows), static_cast<long long>(bytes),
      read_s, static_cast<long long>(recomputed), recompute_s,
      read_s > 0 ? recompute_s / read_s : 0.0);
  return 0;
}
