// The demo's open cases live through their workflows: after the bulk load has given every case
// its stage and running deadlines (svc::AdoptCases), this takes, for each open case, the actions
// a court or bureau would have taken by `today`, through the same code as the API
// (svc::TakeCaseAction), so that events, services, suspensions, extensions, deadlines, counters,
// the feed and the audit log are exactly what those actions write:
//   - service of the opening documents to the parties (the answer and hearing-request periods
//     then run per party), answers received and served on;
//   - not-counted periods (公告, 鉴定, 和解 …): about one case in ten, ended when their usual
//     length has passed by today, still running otherwise;
//   - extension requests for deadlines that are near their limit or overdue, most of them granted
//     by an approver of the agency, some refused.
// Deterministic for a seed: each case draws from its own stream (seed, case id).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "base/civil_time.h"
#include "calendar/calendar.h"
#include "store/writer.h"
#include "workflow/definition.h"

namespace sg::demo {

struct StoryCounts {
  int64_t cases = 0;  // open cases that had at least one action
  int64_t actions = 0;
  int64_t services = 0;
  int64_t suspensions = 0;
  int64_t extensions = 0;
};

// Takes the actions on every open case (or, with max_cases > 0, on the max_cases most recently
// registered ones: a benchmark's million-case demo would spend most of an hour on its stories),
// in writer jobs of a few hundred cases. Any action the workflow refuses is a bug of this
// generator and is rethrown (nothing of that job is stored).
StoryCounts PlayStories(store::Writer& writer, const wf::Registry& workflows,
                        const cal::Calendar& calendar, Date today, uint64_t seed,
                        int64_t max_cases = 0);

// For a stepped demo, whose stories may be cut short (the process killed) and taken up again.
struct StoryResume {
  // Play the open cases after this id; nullopt: from the start (as PlayStories does).
  std::optional<int64_t> after;
  // Called in each job's transaction, after its cases were played, with the id of the last one:
  // storing it there gives the `after` to resume from (the stories of a case are played once).
  std::function<void(store::Connection& conn, int64_t last)> on_job;
};
// As above, from resume.after on. The same cases get the same actions as in one run.
StoryCounts PlayStories(store::Writer& writer, const wf::Registry& workflows,
                        const cal::Calendar& calendar, Date today, uint64_t seed, int64_t max_cases,
                        const StoryResume& resume);

// How many open cases `shenguan demo` gives stories to, at most.
inline constexpr int64_t kDemoStoryCases = 20000;

}  // namespace sg::demo
