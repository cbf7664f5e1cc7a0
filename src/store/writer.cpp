#include "store/writer.h"

#include <chrono>
#include <future>

#include <spdlog/spdlog.h>

namespace sg::store {
namespace {
constexpr std::string_view kInsertChange =
    "INSERT INTO changes (seq, type, entity, entity_id, uid, at, data) VALUES (?, ?, ?, ?, ?, ?, "
    "?)";
constexpr std::string_view kMaxSeq = "SELECT MAX(seq) FROM changes";
// The webhook outbox (docs/data-exchange.md "Webhooks"): one pending delivery per active
// subscription whose filter ('*', '<entity>.*' or '<entity>.<type>') matches the change, queued in
// the change's own transaction. Three exact probes of webhook_filters' key: nearly free when
// nobody subscribes.
constexpr std::string_view kQueueWebhooks =
    "INSERT INTO webhook_deliveries (subscription_id, seq, status, attempts, next_attempt_at, "
    "created_at) "
    "SELECT DISTINCT f.subscription_id, CAST(? AS BIGINT), 'pending', 0, CAST(? AS BIGINT), "
    "CAST(? AS BIGINT) FROM webhook_filters f "
    "JOIN webhook_subscriptions s ON s.id = f.subscription_id "
    "WHERE f.event IN ('*', ?, ?) AND s.status = 'active'";
constexpr std::string_view kInsertAudit =
    "INSERT INTO audit_log (id, at, actor_type, actor_id, actor_name, agency_id, ip, action, "
    "entity, entity_id, outcome, detail, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kWriterLock = "SELECT 1 FROM pg_advisory_xact_lock(?)";
constexpr int64_t kWriterLockKey = 0x5368656e67577269;  // "ShengWri"
constexpr std::string_view kLastAudit = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";

AuditChainTip LoadAuditTip(Connection& conn) {
  AuditChainTip tip;
  auto rows = conn.Query(kLastAudit);
  if (rows.Next()) {
    tip.last_id = rows.Int(0);
    tip.last_hash = rows.Str(1);
  }
  return tip;
}

bool IsRetryable(const std::exception_ptr& e) {
  if (!e) return false;
  try {
    std::rethrow_exception(e);
  } catch (const DbError& err) {
    return err.retryable();
  } catch (...) {
    return false;
  }
}

std::string Describe(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& err) {
    return err.what();
  } catch (...) {
    return "unknown error";
  }
}
}  // namespace

int64_t WriteContext::AppendChange(std::string_view type, std::string_view entity,
                                   int64_t entity_id, std::string_view uid, std::string_view data) {
  const int64_t seq = next_seq_;
  conn_.Exec(kInsertChange, seq, type, entity, entity_id, uid, now_, data);
  // Webhooks: queue the deliveries of this change with it (outbox), so none is lost on a crash.
  std::string any_of_entity(entity);
  any_of_entity += ".*";
  std::string event(entity);
  event += '.';
  event += type;
  conn_.Exec(kQueueWebhooks, seq, now_, now_, any_of_entity, event);
  ++next_seq_;
  return seq;
}

int64_t WriteContext::AppendAudit(AuditRecord r) {
  CheckAuditRecord(r);
  if (r.at == 0) r.at = now_;
  const int64_t id = audit_.last_id + 1;
  std::string hash = AuditHash(audit_.last_hash, AuditCanonicalText(id, r));
  conn_.Exec(kInsertAudit, id, r.at, r.actor_type, r.actor_id, r.actor_name, r.agency_id, r.ip,
             r.action, r.entity, r.entity_id, r.outcome, r.detail, audit_.last_hash, hash);
  audit_.last_id = id;
  audit_.last_hash = std::move(hash);
  return id;
}

Writer::Writer(std::unique_ptr<Connection> conn, const Clock& clock, WriterOptions options,
               Reconnect reconnect)
    : conn_(std::move(conn)), reconnect_(std::move(reconnect)), clock_(clock), options_(options) {
  if (options_.max_batch == 0) options_.max_batch = 1;
  next_seq_ = conn_->QueryInt(kMaxSeq).value_or(0) + 1;
  audit_ = LoadAuditTip(*conn_);
  committed_audit_ = audit_;
  thread_ = std::thread([this] { Loop(); });
}

Writer::~Writer() { Stop(); }

void Writer::Submit(WriteJob job, WriteDone done) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      done(std::make_exception_ptr(DbError("writer is stopped", false, true)));
      return;
    }
    queue_.push_back(Item{std::move(job), std::move(done)});
  }
  cv_.notify_one();
}

void Writer::Run(WriteJob job) {
  std::promise<void> promise;
  auto future = promise.get_future();
  Submit(std::move(job), [&promise](const std::exception_ptr& err) {
    if (err) {
      promise.set_exception(err);
    } else {
      promise.set_value();
    }
  });
  future.get();
}

void Writer::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

WriterStats Writer::Stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

AuditChainTip Writer::CommittedAuditTip() const {
  std::lock_guard lock(mu_);
  return committed_audit_;
}

void Writer::Loop() {
  for (;;) {
    std::deque<Item> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    RunBatch(batch);
  }
}

void Writer::Begin() {
  try {
    if (!conn_->Broken()) {
      conn_->Begin();
      return;
    }
  } catch (const DbError&) {
    if (!conn_->Broken() || !reconnect_) throw;
  }
  if (!reconnect_) throw DbError("the writer's database connection is lost");
  spdlog::warn("the writer's database connection is lost: opening a new one");
  conn_ = reconnect_();  // throws (the batch fails) while the server is unreachable
  {
    std::lock_guard lock(mu_);
    ++stats_.reconnects;
  }
  conn_->Begin();
}

std::exception_ptr Writer::TryBatch(std::deque<Item>& batch,
                                    std::vector<std::exception_ptr>& errors) {
  int64_t batch_start_seq = next_seq_;
  AuditChainTip batch_start_audit = audit_;
  try {
    Begin();
    // Another process may have written since the last batch (a `shenguan user|token|audit`
    // command beside a running server): take the write lock, then read where the change feed and
    // the audit chain stand. SQLite's BEGIN IMMEDIATE is the lock; PostgreSQL writers take turns
    // on an advisory lock, and READ COMMITTED lets the next statement see what the other wrote.
    if (conn_->engine() == Engine::kPostgres) conn_->QueryInt(kWriterLock, kWriterLockKey);
    next_seq_ = batch_start_seq = conn_->QueryInt(kMaxSeq).value_or(0) + 1;
    audit_ = batch_start_audit = LoadAuditTip(*conn_);
    WriteContext ctx(*conn_, next_seq_, audit_, clock_.Now());
    for (size_t i = 0; i < batch.size(); ++i) {
      const int64_t seq_before = next_seq_;
      const AuditChainTip audit_before = audit_;
      errors[i] = nullptr;
      conn_->Savepoint("job");
      try {
        batch[i].job(ctx);
        conn_->Release("job");
      } catch (...) {
        errors[i] = std::current_exception();
        conn_->RollbackTo("job");
        conn_->Release("job");
        next_seq_ = seq_before;
        audit_ = audit_before;
        // A serialization failure or deadlock is the transaction's, not the job's: redo it all.
        if (IsRetryable(errors[i])) throw;
      }
    }
    conn_->Commit();
    return nullptr;
  } catch (...) {
    // The transaction itself failed (conflict, disk full, I/O error): nothing of it is stored.
    auto error = std::current_exception();
    try {
      conn_->Rollback();
    } catch (...) {  // Already rolled back by the engine.
    }
    next_seq_ = batch_start_seq;
    audit_ = batch_start_audit;
    return error;
  }
}

void Writer::RunBatch(std::deque<Item>& batch) {
  std::vector<std::exception_ptr> errors(batch.size());
  std::exception_ptr batch_error;
  uint64_t retries = 0;
  for (int attempt = 1;; ++attempt) {
    batch_error = TryBatch(batch, errors);
    if (!IsRetryable(batch_error) || attempt >= options_.max_attempts) break;
    ++retries;
    spdlog::warn("write batch of {} met a retryable error (attempt {} of {}), running it again: {}",
                 batch.size(), attempt, options_.max_attempts, Describe(batch_error));
    std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
  }
  if (batch_error)
    spdlog::error("write batch of {} failed: {}", batch.size(), Describe(batch_error));
  {
    std::lock_guard lock(mu_);
    stats_.commits += batch_error ? 0 : 1;
    committed_audit_ = audit_;  // the batch start again when the batch failed
    stats_.retries += retries;
    stats_.jobs += batch.size();
    for (size_t i = 0; i < batch.size(); ++i) {
      if (batch_error || errors[i]) ++stats_.failed_jobs;
    }
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    batch[i].done(batch_error ? batch_error : errors[i]);
  }
}

}  // namespace sg::store
