// Following another Shenguan instance's change feed (`shenguan serve --follow URL --token-file
// F`): a background thread long-polls GET URL/api/v1/feed with a system token of that instance,
// and applies each page of changes (federation/apply.h) in ONE writer transaction together with
// the new cursor (table feed_positions). A page is therefore applied entirely or not at all, and
// never twice: after a crash — of either instance, at any moment — the follower resumes from the
// cursor stored with the last page it applied. Network trouble and a restarting peer are retried
// with a growing pause (1 s … 30 s), and so is a page that fails to apply (logged each time): a
// change is never skipped.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "base/clock.h"
#include "calendar/calendar.h"
#include "store/database.h"
#include "workflow/definition.h"

namespace sg::fed {

struct FollowOptions {
  std::string url;    // the followed instance's base URL, e.g. http://10.0.0.2:8080
  std::string token;  // its API token (feed:change:read, scope all or the agencies to follow)
  int limit = 500;    // changes per page
  int wait_seconds = 20;
};

class Follower {
 public:
  Follower(store::Database& db, const Clock& clock, const wf::Registry& workflows,
           std::function<std::shared_ptr<const cal::Calendar>()> calendar, FollowOptions options);
  ~Follower();  // stops
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  void Start();
  void Stop();
  // The cursor stored for this source (0 before the first page).
  int64_t Position();

 private:
  void Loop();
  // One page: fetched and applied. Returns false on trouble (then the loop pauses).
  bool Step();

  store::Database& db_;
  const Clock& clock_;
  const wf::Registry& workflows_;
  std::function<std::shared_ptr<const cal::Calendar>()> calendar_;
  FollowOptions options_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace sg::fed
