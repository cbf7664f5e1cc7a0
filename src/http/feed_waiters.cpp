#include "http/feed_waiters.h"

#include <algorithm>

namespace sg::http {

namespace {
constexpr auto kPoll = std::chrono::milliseconds(250);
}  // namespace

FeedWaiters::FeedWaiters() : thread_([this] { Loop(); }) {}

FeedWaiters::~FeedWaiters() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void FeedWaiters::Add(std::chrono::steady_clock::time_point deadline, Check check) {
  {
    std::lock_guard lock(mu_);
    waiters_.push_back({deadline, std::move(check)});
  }
  cv_.notify_all();
}

void FeedWaiters::Notify() {
  {
    std::lock_guard lock(mu_);
    if (waiters_.empty()) return;
    notified_ = true;
  }
  cv_.notify_all();
}

void FeedWaiters::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    auto wake = std::chrono::steady_clock::now() + kPoll;
    for (const auto& w : waiters_) wake = std::min(wake, w.deadline);
    cv_.wait_until(lock, wake, [this] { return stop_ || notified_; });
    notified_ = false;
    // Stopping: the requests still waiting are dropped unanswered (their connections close with
    // the server), here, while the server's io_context still exists.
    if (stop_) {
      waiters_.clear();
      return;
    }
    std::vector<Waiter> batch;
    batch.swap(waiters_);
    lock.unlock();
    // Checks run without the lock: they read the database and answer requests.
    const auto now = std::chrono::steady_clock::now();
    std::vector<Waiter> still;
    for (auto& w : batch) {
      bool done = false;
      try {
        done = w.check(now >= w.deadline);
      } catch (...) {
        done = true;  // a check answers its own errors; never let one stop the others
      }
      if (!done) still.push_back(std::move(w));
    }
    lock.lock();
    for (auto& w : still) waiters_.push_back(std::move(w));
  }
}

}  // namespace sg::http
