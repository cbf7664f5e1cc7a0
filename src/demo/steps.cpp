#include "demo/steps.h"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <tuple>

#include "calendar/calendar.h"
#include "demo/agencies.h"
#include "demo/case_writer.h"
#include "demo/demo_internal.h"
#include "demo/plan.h"
#include "demo/pool.h"
#include "demo/row_ids.h"
#include "service/case_actions.h"
#include "service/counters.h"
#include "store/writer.h"
#include "workflow/definition.h"

namespace sg::demo {
namespace {

using internal::kChunkCases;

constexpr std::string_view kHasProgressSqlite =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'demo_progress'";
constexpr std::string_view kHasProgressPostgres =
    "SELECT COUNT(*) FROM information_schema.tables "
    "WHERE table_schema = current_schema() AND table_name = 'demo_progress'";
constexpr std::string_view kCreateProgress =
    "CREATE TABLE demo_progress (key TEXT PRIMARY KEY, value TEXT NOT NULL)";
constexpr std::string_view kReadProgress = "SELECT key, value FROM demo_progress";
constexpr std::string_view kPutProgress =
    "INSERT INTO demo_progress (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

constexpr std::string_view kCountCases = "SELECT COUNT(*) FROM cases";
constexpr std::string_view kCaseTimes = "SELECT id, created_at FROM cases ORDER BY id";
constexpr std::string_view kToAdopt =
    "SELECT id, kind, status, outcome FROM cases WHERE stage IS NULL AND id >= ? ORDER BY id";
constexpr std::string_view kCaseIdsAfter = "SELECT id FROM cases WHERE id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kCasesAfter = "SELECT COUNT(*) FROM cases WHERE id > ?";
constexpr std::string_view kAnyCaseAfter = "SELECT 1 FROM cases WHERE id > ? LIMIT 1";
constexpr std::string_view kClearCounts = "DELETE FROM case_counts";
constexpr std::string_view kClearCounted = "DELETE FROM case_counted";

// Cases counted per transaction in a counters step.
constexpr int64_t kCountChunk = 250000;

constexpr std::string_view kPhaseCases = "cases";
constexpr std::string_view kPhaseLinks = "links";
constexpr std::string_view kPhaseStories = "stories";
constexpr std::string_view kPhaseCounters = "counters";
constexpr std::string_view kPhaseFinish = "finish";
constexpr std::string_view kPhaseComplete = "complete";

using Progress = std::map<std::string, std::string, std::less<>>;

void Put(store::Connection& conn, std::string_view key, const std::string& value) {
  conn.Exec(kPutProgress, key, value);
}

bool HasProgress(store::Connection& conn) {
  return conn.QueryInt(conn.engine() == store::Engine::kSqlite ? kHasProgressSqlite
                                                               : kHasProgressPostgres)
             .value_or(0) != 0;
}

Progress ReadProgress(store::Connection& conn) {
  Progress p;
  auto r = conn.Query(kReadProgress);
  while (r.Next()) p[r.Str(0)] = r.Str(1);
  return p;
}

const std::string& Get(const Progress& p, std::string_view key) {
  auto it = p.find(key);
  if (it == p.end()) {
    throw std::runtime_error("demo: demo_progress lacks `" + std::string(key) +
                             "`; the stepped demo cannot carry on (start over in a new database)");
  }
  return it->second;
}
int64_t GetInt(const Progress& p, std::string_view key) { return std::stoll(Get(p, key)); }

// The agencies, pool and plans of the demo, rebuilt in memory exactly as its setup step made
// them (the rows are found again by uid), and the order its cases are written in.
struct Rebuilt {
  internal::Streams rng;
  DemoAgencies agencies;
  DemoPool pool;
  std::vector<CasePlan> plans;
  std::vector<size_t> order;
  explicit Rebuilt(uint64_t seed) : rng(seed) {}
};

std::unique_ptr<Rebuilt> Rebuild(store::Connection& conn, const DemoOptions& o) {
  auto r = std::make_unique<Rebuilt>(o.seed);
  const internal::Shape shape = internal::ShapeOf(o);
  {
    RowIds rows(conn, RowIds::Mode::kFind);
    r->agencies = InsertAgencies(rows, r->rng.agency, shape.go_live, shape.handlers_scale);
    r->pool = InsertPool(rows, r->rng.pool, internal::PoolTime(shape), o.today, shape.parties,
                         shape.ip_rights);
  }
  r->plans = PlanCases(r->rng.plan, o.cases, o.today, r->agencies, r->pool);
  r->order = internal::WriteOrder(r->plans);
  return r;
}

class Stepper {
 public:
  Stepper(store::Connection& conn,
          const std::function<std::unique_ptr<store::Connection>()>& connect, const Clock& clock,
          const StepOptions& o, const std::function<void(int64_t, int64_t)>& progress)
      : conn_(conn), connect_(connect), clock_(clock), o_(o), progress_(progress) {}

  StepReport Run() {
    const DemoOptions& d = o_.demo;
    if (d.cases < 0) throw std::runtime_error("demo: the number of cases must not be negative");
    if (d.today < Date{2000, 1, 1}) {
      throw std::runtime_error("demo: `today` is required (the date the demo data ends on)");
    }
    if (o_.step_cases < 1) throw std::runtime_error("demo: a step must write at least one case");
    report_.cases_total = d.cases;
    if (!HasProgress(conn_)) return Setup();

    p_ = ReadProgress(conn_);
    const std::string started = "--cases " + Get(p_, "cases") + " --seed " + Get(p_, "seed") +
                                " --today " + Get(p_, "today");
    if (Get(p_, "cases") != std::to_string(d.cases) || Get(p_, "seed") != std::to_string(d.seed) ||
        Get(p_, "today") != d.today.ToString()) {
      throw std::runtime_error("demo: this database's stepped demo was started with " + started +
                               "; carry on with the same options (or start over in a new "
                               "database)");
    }
    step_ = GetInt(p_, "steps") + 1;
    report_.cases_written = GetInt(p_, "written");
    const std::string& phase = Get(p_, "phase");
    if (phase == kPhaseComplete) {
      report_.phase = kPhaseComplete;
      report_.what = "the demo is complete (" + started + ", " + Get(p_, "steps") + " steps)";
      report_.complete = true;
      return report_;
    }
    report_.step = step_;
    if (phase == kPhaseCases) return Cases();
    if (phase == kPhaseLinks) return Links();
    if (phase == kPhaseStories) return Stories();
    if (phase == kPhaseCounters) return Counters();
    if (phase == kPhaseFinish) return Finish();
    throw std::runtime_error("demo: demo_progress names an unknown phase " + phase);
  }

 private:
  // Records the step in the transaction of its work: the phase it leaves the demo in.
  void Record(std::string_view phase) {
    Put(conn_, "phase", std::string(phase));
    Put(conn_, "steps", std::to_string(step_));
  }

  StepReport Setup() {
    const DemoOptions& d = o_.demo;
    if (conn_.QueryInt(internal::kHasData).value_or(0) != 0) {
      throw std::runtime_error(
          "demo: the database already holds agencies or cases, and no stepped demo to carry on "
          "(demo_progress); the demo only fills an empty database (create a new one)");
    }
    step_ = 1;
    report_.step = 1;
    internal::Streams rng(d.seed);
    const internal::Shape shape = internal::ShapeOf(d);
    store::Transaction tx(conn_);
    conn_.ExecScript(kCreateProgress);
    const DemoAgencies agencies =
        InsertAgencies(conn_, rng.agency, shape.go_live, shape.handlers_scale);
    const DemoPool pool = InsertPool(conn_, rng.pool, internal::PoolTime(shape), d.today,
                                     shape.parties, shape.ip_rights);
    Put(conn_, "cases", std::to_string(d.cases));
    Put(conn_, "seed", std::to_string(d.seed));
    Put(conn_, "today", d.today.ToString());
    Put(conn_, "step_cases", std::to_string(o_.step_cases));
    Put(conn_, "written", "0");
    Put(conn_, "rng", rng.write.State());
    Record(kPhaseCases);
    tx.Commit();
    report_.phase = "setup";
    report_.what = "agencies " + std::to_string(agencies.list.size()) + ", users " +
                   std::to_string(agencies.users) + ", parties " +
                   std::to_string(pool.parties.size()) + ", IP rights " +
                   std::to_string(pool.ips.size());
    return report_;
  }

  StepReport Cases() {
    const DemoOptions& d = o_.demo;
    report_.phase = kPhaseCases;
    const int64_t begin = GetInt(p_, "written");
    const int64_t in_db = conn_.QueryInt(kCountCases).value_or(0);
    if (in_db != begin) {
      throw std::runtime_error("demo: the database holds " + std::to_string(in_db) +
                               " cases but its stepped demo recorded " + std::to_string(begin) +
                               " written; start over in a new database");
    }
    auto r = Rebuild(conn_, d);
    r->rng.write.SetState(Get(p_, "rng"));
    CaseWriter writer(conn_, r->rng.write, r->agencies, r->pool, r->plans,
                      conn_.QueryInt(internal::kNextChangeSeq).value_or(1));
    const int64_t n = static_cast<int64_t>(r->order.size());
    const int64_t stop = std::min(n, begin + o_.step_cases);
    const wf::Registry& workflows = wf::Registry::Builtin();
    const cal::Calendar& calendar = *cal::Calendar::Builtin();
    int64_t at = begin;
    do {
      const int64_t end = std::min(stop, at + kChunkCases);
      store::Transaction tx(conn_);
      int64_t first_id = 0;
      for (int64_t i = at; i < end; ++i) {
        const size_t index = r->order[static_cast<size_t>(i)];
        writer.Write(index);
        if (i == at) first_id = writer.case_id(index);
        if (progress_ && (i + 1) % internal::kProgressEvery == 0 && i + 1 != end) {
          progress_(i + 1, n);
        }
      }
      // The cases enter their workflows as svc::AdoptCases takes them, in id order.
      if (end > at) {
        std::vector<std::tuple<int64_t, std::string, std::string, std::string>> cases;
        {
          auto rows = conn_.Query(kToAdopt, first_id);
          while (rows.Next()) {
            cases.emplace_back(rows.Int(0), rows.Str(1), rows.Str(2), rows.OptStr(3).value_or(""));
          }
        }
        for (const auto& [id, kind, status, outcome] : cases) {
          svc::AdoptCase(conn_, workflows, calendar, id, kind, status, outcome, d.today);
        }
      }
      Put(conn_, "written", std::to_string(end));
      Put(conn_, "rng", r->rng.write.State());
      Record(end == n ? kPhaseLinks : kPhaseCases);
      tx.Commit();
      at = end;
      report_.cases_written = end;
      if (progress_) progress_(end, n);
    } while (at < stop);
    report_.what = "cases " + std::to_string(begin + 1) + "-" + std::to_string(stop) + " of " +
                   std::to_string(n) + " written and in their workflows";
    if (begin == stop) report_.what = "no cases to write";
    return report_;
  }

  StepReport Links() {
    const DemoOptions& d = o_.demo;
    report_.phase = kPhaseLinks;
    auto r = Rebuild(conn_, d);
    r->rng.write.SetState(Get(p_, "rng"));
    CaseWriter writer(conn_, r->rng.write, r->agencies, r->pool, r->plans,
                      conn_.QueryInt(internal::kNextChangeSeq).value_or(1));
    // The k-th case written is the k-th in id order.
    size_t k = 0;
    {
      auto rows = conn_.Query(kCaseTimes);
      while (rows.Next()) {
        if (k == r->order.size()) break;
        writer.Restore(r->order[k++], rows.Int(0), rows.Int(1));
      }
    }
    if (k != r->order.size()) {
      throw std::runtime_error("demo: the database holds fewer cases than its stepped demo wrote");
    }
    store::Transaction tx(conn_);
    writer.WriteLinks();
    Record(kPhaseStories);
    tx.Commit();
    report_.what = "case links " + std::to_string(writer.written().case_links) + ", hand-overs " +
                   std::to_string(writer.written().transfers);
    return report_;
  }

  StepReport Stories() {
    report_.phase = kPhaseStories;
    StoryResume resume;
    if (auto it = p_.find("story_after"); it != p_.end()) resume.after = std::stoll(it->second);
    const int64_t step = step_;
    resume.on_job = [step](store::Connection& c, int64_t last) {
      Put(c, "story_after", std::to_string(last));
      Put(c, "steps", std::to_string(step));
    };
    // Planner statistics first: without them SQLite walks every running deadline for one case's
    // (case_deadlines_due over the unique index), which at 1M cases made this step take most of
    // an hour. Approximate (analysis_limit) and quick; the finish step analyses in full.
    conn_.ExecScript(conn_.engine() == store::Engine::kSqlite
                         ? "PRAGMA analysis_limit=1000; ANALYZE;"
                         : "ANALYZE");
    StoryCounts stories;
    {
      store::Writer writer(connect_(), clock_, {});
      stories = PlayStories(writer, wf::Registry::Builtin(), *cal::Calendar::Builtin(),
                            o_.demo.today, o_.demo.seed, o_.story_cases, resume);
      writer.Stop();
    }
    store::Transaction tx(conn_);
    Record(kPhaseCounters);
    tx.Commit();
    report_.what =
        std::to_string(stories.actions) + " actions on " + std::to_string(stories.cases) +
        " open cases (services " + std::to_string(stories.services) + ", not-counted periods " +
        std::to_string(stories.suspensions) + ", extensions " + std::to_string(stories.extensions) +
        ")" + (resume.after ? ", carrying on after case " + std::to_string(*resume.after) : "");
    return report_;
  }

  // svc::RebuildCounters, in chunks: the counters cleared, then every case added as new, in id
  // order. The sums are RebuildCounters' (every contribution of a new case is non-negative, so
  // no counter row is left at zero that one Flush would have skipped).
  StepReport Counters() {
    report_.phase = kPhaseCounters;
    auto it = p_.find("counted_after");
    int64_t after = it == p_.end() ? -1 : std::stoll(it->second);
    const int64_t total = conn_.QueryInt(kCountCases).value_or(0);
    int64_t counted = after < 0 ? 0 : total - conn_.QueryInt(kCasesAfter, after).value_or(0);
    const int64_t first = counted;
    int64_t budget = o_.step_cases * kCountFactor;
    bool done = false;
    while (budget > 0 && !done) {
      store::Transaction tx(conn_);
      if (after < 0) {
        conn_.Exec(kClearCounts);
        conn_.Exec(kClearCounted);
        after = 0;
      }
      svc::CountBatch batch(wf::Registry::Builtin());
      const int64_t limit = std::min(budget, kCountChunk);
      int64_t got = 0;
      {
        std::vector<int64_t> ids;
        {
          auto rows = conn_.Query(kCaseIdsAfter, after, limit);
          while (rows.Next()) ids.push_back(rows.Int(0));
        }
        for (int64_t id : ids) batch.AddNew(conn_, id);
        got = static_cast<int64_t>(ids.size());
        if (!ids.empty()) after = ids.back();
      }
      batch.Flush(conn_);
      done = got < limit || !conn_.QueryInt(kAnyCaseAfter, after);
      Put(conn_, "counted_after", std::to_string(after));
      Record(done ? kPhaseFinish : kPhaseCounters);
      tx.Commit();
      budget -= got;
      counted += got;
      if (progress_) progress_(counted, total);
    }
    report_.what = "cases " + std::to_string(first + 1) + "-" + std::to_string(counted) + " of " +
                   std::to_string(total) + " counted";
    return report_;
  }

  StepReport Finish() {
    report_.phase = kPhaseFinish;
    // Full statistics for the query planner after a bulk load (store/database.cpp).
    conn_.ExecScript(conn_.engine() == store::Engine::kSqlite ? "PRAGMA analysis_limit=0; ANALYZE;"
                                                              : "ANALYZE");
    report_.accounts =
        CreateDemoAccounts(conn_, o_.demo.seed, clock_.Now(), [&] { Record(kPhaseComplete); });
    report_.complete = true;
    report_.what =
        "planner statistics, " + std::to_string(report_.accounts.size()) + " demo accounts";
    return report_;
  }

  store::Connection& conn_;
  const std::function<std::unique_ptr<store::Connection>()>& connect_;
  const Clock& clock_;
  const StepOptions& o_;
  const std::function<void(int64_t, int64_t)>& progress_;
  Progress p_;
  int64_t step_ = 0;
  StepReport report_;
};

}  // namespace

StepReport RunDemoStep(store::Connection& conn,
                       const std::function<std::unique_ptr<store::Connection>()>& connect,
                       const Clock& clock, const StepOptions& options,
                       const std::function<void(int64_t done, int64_t total)>& progress) {
  return Stepper(conn, connect, clock, options, progress).Run();
}

}  // namespace sg::demo
