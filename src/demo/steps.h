// A stepped demo (`shenguan demo --step-cases N`): the data `shenguan demo` loads in one run,
// made instead by a series of short runs, for databases too large to load in one (a benchmark's
// 10M cases would take an hour). Each call does the next step and returns; the caller (a script)
// calls again, with the same options, until the report says the demo is complete. The steps:
//   setup     the agencies, their handlers, the parties and the IP rights;
//   cases     the next `step_cases` cases (or fewer, the last time), with their numbers, events
//             and feed rows, entering their workflows (stage and running deadlines) as
//             svc::AdoptCases takes them; as many steps as it takes;
//   links     every case link, with the hand-overs behind transfers, diversions and appeals;
//   stories   the newest open cases live through their workflows (PlayStories);
//   counters  the dashboard's counters, counted afresh as svc::RebuildCounters counts them,
//             `kCountFactor` × `step_cases` cases a step;
//   finish    statistics for the query planner (ANALYZE), and the demo accounts.
//
// Resuming: the progress (the options, the phase, the cases written, the case writer's random
// stream) is kept in the table demo_progress, updated in the transaction of the work it records.
// Work is committed in chunks of at most 50,000 cases (stories: in their writer jobs), so a step
// killed midway loses at most its current chunk, and the next call carries on after the last one
// committed. The table stays when the demo is complete (phase `complete`): it records how the
// database was made, and a further call only reports that it is complete.
//
// Sameness: the rows are those of one `shenguan demo` run with the same cases, seed and today —
// byte-identical ids, uids, timestamps and values in every table of the register, the workflow
// tables, the feed and the audit log; the counters hold the same values (their row order may
// differ); only the accounts' password hashes differ, as they differ between two runs. Later
// steps rebuild the agencies, the pool and the case plans in memory from the seed (agencies,
// users, parties and IP rights are found again by uid), which costs each step some seconds per
// million cases.
//
// Thread-safety: uses the connection it is given, on the calling thread only; the stories step
// opens a second connection for its writer. Nothing else may write to the database meanwhile.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "demo/accounts.h"
#include "demo/demo.h"
#include "demo/stories.h"
#include "store/db.h"

namespace sg::demo {

// A counters step counts this many times step_cases cases (counting is far cheaper than writing).
inline constexpr int64_t kCountFactor = 4;

struct StepOptions {
  DemoOptions demo;  // the same on every call: the total number of cases, seed and today
  // The most cases one step writes (and a counters step counts kCountFactor times as many).
  int64_t step_cases = 1000000;
  // Open cases given stories, at most (as `shenguan demo`).
  int64_t story_cases = kDemoStoryCases;
};

struct StepReport {
  int64_t step = 0;   // this step's number, from 1; 0 when the demo was complete already
  std::string phase;  // setup | cases | links | stories | counters | finish | complete
  std::string what;   // what the step did, for people (Chinese-free, one line)
  int64_t cases_written = 0, cases_total = 0;
  bool complete = false;              // nothing is left to do
  std::vector<DemoAccount> accounts;  // from the finishing step
};

// Does the next step. `connect` opens another connection to the same database (for the stories'
// writer); `clock` stamps the stories' actions and the accounts (`shenguan demo` uses a clock
// standing at 09:00 on today). `progress` (may be empty) is called with the cases written or
// counted so far and the total. Throws std::runtime_error, before writing anything, when the
// options are invalid, when the database holds data but no stepped demo, or when its stepped
// demo was started with other cases, seed or today; store::DbError on database failures (the
// chunks committed stay, and the next call carries on).
StepReport RunDemoStep(store::Connection& conn,
                       const std::function<std::unique_ptr<store::Connection>()>& connect,
                       const Clock& clock, const StepOptions& options,
                       const std::function<void(int64_t done, int64_t total)>& progress);

}  // namespace sg::demo
