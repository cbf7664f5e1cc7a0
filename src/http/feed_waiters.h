// Long polls of the change feed (GET /api/v1/feed?wait=N and its server-sent-events form): a
// request that finds nothing new waits here, without holding a server thread, until a change
// commits or its time is up. One background thread re-checks the waiting requests when a write
// through this server commits (Notify, from SubmitWrite) and every quarter second otherwise, so
// changes written by another process (the CLI, a federation follower) are seen promptly too.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sg::http {

class FeedWaiters {
 public:
  // Called on the waiters' thread: answers the request and returns true when there is something
  // to send, or when `last` (the time is up) — then it must answer.
  using Check = std::function<bool(bool last)>;

  FeedWaiters();
  // Stops the thread; requests still waiting are dropped unanswered. Destroy it before the
  // server that owns their connections (the replies hold them).
  ~FeedWaiters();
  FeedWaiters(const FeedWaiters&) = delete;
  FeedWaiters& operator=(const FeedWaiters&) = delete;

  void Add(std::chrono::steady_clock::time_point deadline, Check check);
  // Something committed: re-check the waiting requests now. Thread-safe, cheap.
  void Notify();

 private:
  struct Waiter {
    std::chrono::steady_clock::time_point deadline;
    Check check;
  };
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Waiter> waiters_;
  bool notified_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace sg::http
