// The webhook delivery worker, started by `shenguan serve`.
//
// The writer queues a delivery (webhook_deliveries, status pending) in the same transaction as
// each change a subscription's filters select (store/writer.cpp), so nothing is lost on a crash.
// The worker:
//  - polls for subscriptions whose first pending delivery (lowest seq) is due, and gives each to
//    one sender thread at a time: a subscription's deliveries go out in seq order, and seq n+1
//    waits until n was delivered, filtered or dead-lettered;
//  - checks, as the subscription's owner (auth::Principal of its token or user), that the owner
//    may still see the change (svc::ReadChange); if not, the delivery is `filtered`, not sent;
//  - POSTs the change (svc::FeedChangeJson) signed as signature.h says, with Idempotency-Key
//    "<uid>:<seq>" (subscriptions.h), and records the attempt: 2xx is delivered; anything else,
//    or no answer within the timeout, is retried on the schedule of policy.h; the last failure
//    dead-letters the delivery and disables the subscription, writes an audit entry and notifies
//    the owner (notifications.h);
//  - writes only through the single writer (store::Writer::Run), reads through the reader pool.
// A delivery in flight when the process stops or dies is still pending and is sent again later
// (at least once; the idempotency key lets receivers drop the repeat). Run the worker in one
// process per database: two workers would each send the same deliveries (`serve
// --webhook-senders 0` turns it off in the others).
//
// Thread-safety: Start, Stop and Wake may be called from any thread; Stop must come before the
// database's writer stops.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "store/database.h"
#include "store/writer.h"
#include "webhook/policy.h"

namespace sg::webhook {

struct WorkerOptions {
  int senders = 2;  // subscriptions served at once; 0 turns the worker off
  RetryPolicy retry;
  std::chrono::milliseconds timeout{10'000};  // per attempt
  std::chrono::milliseconds poll{200};        // how often due deliveries are looked for
  bool allow_non_public = true;  // false: refuse receivers on loopback and private addresses
  std::string user_agent = "Shenguan-Webhook";
};

// What one attempt got.
struct AttemptResult {
  int status = 0;  // HTTP status; 0 without an answer
  std::string error;
  int64_t duration_ms = 0;
  bool ok() const { return status >= 200 && status < 300; }
};

// Records an attempt of a pending delivery (a delivery no longer pending, re-sent or deleted
// meanwhile, is left alone): delivered on 2xx; otherwise retried after the policy's delay
// (`jitter_unit` in [0, 1)), or dead-lettered when the attempts are exhausted, which disables
// the subscription (DisableSubscription). Runs on the writer.
void RecordAttempt(store::WriteContext& ctx, int64_t delivery_id, const AttemptResult& result,
                   const RetryPolicy& policy, double jitter_unit);
// Marks pending deliveries `filtered`: their owner may not see the change.
void MarkFiltered(store::WriteContext& ctx, const std::vector<int64_t>& delivery_ids);
// Disables an active subscription with `reason` (dead_letter | owner_unavailable), audited as the
// system, and notifies its owner in Chinese (for a token, also the user who created the token).
// No-op when it is not active.
void DisableSubscription(store::WriteContext& ctx, int64_t subscription_id, std::string_view reason,
                         std::string_view last_error);

class DeliveryWorker {
 public:
  DeliveryWorker(store::Database& db, const Clock& clock, WorkerOptions options);
  ~DeliveryWorker();
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  void Start();
  // Stops polling, abandons attempts in flight (they stay pending) and joins the threads.
  // Idempotent.
  void Stop();
  // Looks for due deliveries now rather than at the next poll.
  void Wake();

 private:
  void Dispatch();
  void Send();
  // Delivers the subscription's due deliveries in order until one fails or none is due.
  void Drain(int64_t subscription_id, uint64_t* rng_state);

  store::Database& db_;
  const Clock& clock_;
  WorkerOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;   // the dispatcher
  std::condition_variable tasks_;  // the senders
  std::deque<int64_t> queue_;      // subscriptions to drain
  std::set<int64_t> busy_;         // queued or being drained
  bool stopping_ = false;
  bool poke_ = false;
  bool started_ = false;
  std::atomic<bool> cancel_{false};
  std::thread dispatcher_;
  std::vector<std::thread> senders_;
};

}  // namespace sg::webhook
