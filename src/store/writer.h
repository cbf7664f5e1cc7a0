// The single writer. Every transaction that changes data runs here, on one connection and one
// thread, so that:
//  - concurrent write requests are batched into one transaction (group commit): a durable commit
//    costs one fsync per batch, not one per request;
//  - each request is answered only after its batch is durable;
//  - change sequence numbers (the `changes` table) are assigned in commit order, so a follower of
//    the change feed never skips one;
//  - audit entries get gapless ids in commit order, each hashed over the one before it
//    (store/audit_chain.h).
// Each job runs inside its own savepoint: a job that throws is rolled back alone, and the rest of
// its batch commits. The next sequence number and the audit chain's tip live in memory (loaded at
// start) and are put back with the savepoint or the batch, so a rolled-back job leaves no gap.
// Only the writer may append to `changes` and `audit_log`.
//
// A lost connection (PostgreSQL restarted, or the backend terminated): the writer notices when a
// batch cannot begin and its connection is Broken(), opens a new one with the factory it was
// given, and begins the batch on it — nothing of the batch had run. A batch that loses the
// connection after it began fails (its jobs get the error: whether a COMMIT in flight was stored
// cannot be known); the next batch reconnects. While the server stays unreachable each batch
// fails with the connection error, and the writer keeps trying at every batch.
//
// Retries: when the batch meets a retryable DbError (PostgreSQL serialization failure 40001 or
// deadlock 40P01, SQLite busy) in a job or at COMMIT, the whole batch is rolled back and run
// again, up to WriterOptions::max_attempts times, each retry logged. A job may therefore run more
// than once: it must change only the database and its own outputs, which the last run sets.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "store/audit_chain.h"
#include "store/db.h"

namespace sg::store {

// What a write job sees: the writer's connection, the time of its batch, the change log and the
// audit log.
class WriteContext {
 public:
  WriteContext(Connection& conn, int64_t& next_seq, AuditChainTip& audit, TimestampMs now)
      : conn_(conn), next_seq_(next_seq), audit_(audit), now_(now) {}
  Connection& conn() { return conn_; }
  TimestampMs now() const { return now_; }
  // Appends one change to the feed and returns its sequence number. `data` is a JSON text.
  int64_t AppendChange(std::string_view type, std::string_view entity, int64_t entity_id,
                       std::string_view uid, std::string_view data);
  // Appends one entry to the audit log and returns its id: the next in the chain (1, 2, 3… in
  // commit order, without gaps), with `at` set to the batch time when 0 and prev_hash/hash
  // computed. Throws std::invalid_argument for a malformed record (CheckAuditRecord).
  int64_t AppendAudit(AuditRecord r);

 private:
  Connection& conn_;
  int64_t& next_seq_;
  AuditChainTip& audit_;
  TimestampMs now_;
};

using WriteJob = std::function<void(WriteContext&)>;
// Called on the writer thread after the job's batch committed (nullptr) or with the job's error.
using WriteDone = std::function<void(std::exception_ptr)>;

struct WriterOptions {
  // Most jobs in one transaction. 1 turns group commit off (one commit per request).
  size_t max_batch = 256;
  // Runs of a batch that keeps meeting retryable errors before its jobs get the error.
  int max_attempts = 4;
};

struct WriterStats {
  uint64_t jobs = 0;
  uint64_t failed_jobs = 0;
  uint64_t commits = 0;
  uint64_t retries = 0;     // batches run again after a retryable error
  uint64_t reconnects = 0;  // new connections after the connection was lost
};

class Writer {
 public:
  // Opens a new connection to the same database, for a writer whose connection is lost.
  using Reconnect = std::function<std::unique_ptr<Connection>()>;
  // `reconnect` may be empty: a lost connection then stays lost (SQLite never loses one).
  Writer(std::unique_ptr<Connection> conn, const Clock& clock, WriterOptions options,
         Reconnect reconnect = {});
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues a job; `done` runs on the writer thread once the job's batch is durable or the job
  // failed. Thread-safe.
  void Submit(WriteJob job, WriteDone done);
  // Queues a job and waits for it; rethrows the job's error. Thread-safe.
  void Run(WriteJob job);
  // Finishes the queued jobs and stops the thread. Idempotent.
  void Stop();
  WriterStats Stats() const;
  // The newest committed audit entry. Entries after it may be in flight. Thread-safe. A verifier
  // passes last_id as VerifyAuditChain's expected_last_id to notice deleted tail entries.
  AuditChainTip CommittedAuditTip() const;

 private:
  struct Item {
    WriteJob job;
    WriteDone done;
  };
  void Loop();
  void RunBatch(std::deque<Item>& batch);
  // One run of the batch in one transaction. Fills `errors` per job and returns the error that
  // undid the whole batch, if any.
  std::exception_ptr TryBatch(std::deque<Item>& batch, std::vector<std::exception_ptr>& errors);
  // BEGIN, on a new connection when the current one turns out to be lost.
  void Begin();

  std::unique_ptr<Connection> conn_;
  Reconnect reconnect_;
  const Clock& clock_;
  WriterOptions options_;
  int64_t next_seq_ = 1;
  AuditChainTip audit_;  // writer thread only
  mutable std::mutex mu_;
  AuditChainTip committed_audit_;  // guarded by mu_
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  WriterStats stats_;
  std::thread thread_;
};

}  // namespace sg::store
