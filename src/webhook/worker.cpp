#include "webhook/worker.h"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <optional>
#include <random>

#include "auth/authn.h"
#include "base/civil_time.h"
#include "http/plain_http.h"
#include "service/feed.h"
#include "webhook/notifications.h"
#include "webhook/signature.h"
#include "webhook/subscriptions.h"

namespace sg::webhook {
namespace {

namespace json = boost::json;

// Subscriptions whose first pending delivery is due. One index probe per active subscription.
constexpr std::string_view kDue =
    "SELECT s.id FROM webhook_subscriptions s "
    "JOIN webhook_deliveries d ON d.subscription_id = s.id AND d.seq = "
    " (SELECT MIN(e.seq) FROM webhook_deliveries e WHERE e.subscription_id = s.id "
    "  AND e.status = 'pending') "
    "WHERE s.status = 'active' AND d.next_attempt_at <= ?";
constexpr std::string_view kSubscription =
    "SELECT status, url, secret, owner_type, owner_id FROM webhook_subscriptions WHERE id = ?";
constexpr std::string_view kHeads =
    "SELECT id, seq, next_attempt_at FROM webhook_deliveries "
    "WHERE subscription_id = ? AND status = 'pending' ORDER BY seq LIMIT ?";
constexpr int64_t kHeadWindow = 200;  // deliveries looked at per read (filtered ones are skipped)

constexpr std::string_view kDelivery =
    "SELECT subscription_id, attempts, status FROM webhook_deliveries WHERE id = ?";
constexpr std::string_view kInsertAttempt =
    "INSERT INTO webhook_attempts (delivery_id, at, status_code, error, duration_ms) "
    "VALUES (?, ?, NULLIF(?, 0), ?, ?)";
constexpr std::string_view kDelivered =
    "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, "
    "last_attempt_at = ?, last_status_code = NULLIF(?, 0), last_error = NULL, delivered_at = ? "
    "WHERE id = ?";
constexpr std::string_view kSubscriptionDelivered =
    "UPDATE webhook_subscriptions SET delivered_count = delivered_count + 1, "
    "last_delivered_at = ? WHERE id = ?";
constexpr std::string_view kRetry =
    "UPDATE webhook_deliveries SET attempts = ?, last_attempt_at = ?, "
    "last_status_code = NULLIF(?, 0), "
    "last_error = ?, next_attempt_at = ? WHERE id = ?";
constexpr std::string_view kDead =
    "UPDATE webhook_deliveries SET status = 'dead', attempts = ?, last_attempt_at = ?, "
    "last_status_code = NULLIF(?, 0), last_error = ?, dead_at = ? WHERE id = ?";
constexpr std::string_view kSubscriptionFailed =
    "UPDATE webhook_subscriptions SET failed_attempts = failed_attempts + 1, "
    "dead_count = dead_count + ?, last_failure_at = ?, last_error = ? WHERE id = ?";
constexpr std::string_view kFiltered =
    "UPDATE webhook_deliveries SET status = 'filtered' WHERE id = ? AND status = 'pending' "
    "RETURNING subscription_id";
constexpr std::string_view kSubscriptionFiltered =
    "UPDATE webhook_subscriptions SET filtered_count = filtered_count + 1 WHERE id = ?";
constexpr std::string_view kSubscriptionToDisable =
    "SELECT name, url, owner_type, owner_id, status FROM webhook_subscriptions WHERE id = ?";
constexpr std::string_view kDisable =
    "UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = ?, disabled_at = ?, "
    "updated_at = ? WHERE id = ?";

constexpr std::string_view kTokenCreator = "SELECT created_by FROM api_tokens WHERE id = ?";

constexpr size_t kMaxErrorText = 500;

std::string Clip(std::string s) {
  if (s.size() <= kMaxErrorText) return s;
  // Cut at a UTF-8 boundary.
  size_t n = kMaxErrorText;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

double NextUnit(uint64_t* state) {
  // xorshift64*: jitter needs no more than this.
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return static_cast<double>((x * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
}

std::optional<auth::Principal> LoadOwner(store::Connection& conn, std::string_view type, int64_t id,
                                         TimestampMs now) {
  auto p =
      type == "token" ? auth::LoadTokenPrincipal(conn, id, now) : auth::LoadUserPrincipal(conn, id);
  if (!p || !p->Has("feed:webhook:read")) return std::nullopt;
  return p;
}

}  // namespace

void MarkFiltered(store::WriteContext& ctx, const std::vector<int64_t>& delivery_ids) {
  auto& conn = ctx.conn();
  for (const int64_t id : delivery_ids) {
    std::optional<int64_t> sub;
    {
      auto r = conn.Query(kFiltered, id);
      if (r.Next()) sub = r.Int(0);
    }
    if (sub) conn.Exec(kSubscriptionFiltered, *sub);
  }
}

void DisableSubscription(store::WriteContext& ctx, int64_t subscription_id, std::string_view reason,
                         std::string_view last_error) {
  auto& conn = ctx.conn();
  std::string name, url, owner_type;
  int64_t owner_id = 0;
  {
    auto r = conn.Query(kSubscriptionToDisable, subscription_id);
    if (!r.Next() || r.Text(4) != "active") return;
    name = r.Str(0);
    url = r.Str(1);
    owner_type = r.Str(2);
    owner_id = r.Int(3);
  }
  conn.Exec(kDisable, reason, ctx.now(), ctx.now(), subscription_id);
  auto audit = auth::AuditBy(auth::SystemPrincipal(), "", "webhook.disable", "webhook_subscription",
                             subscription_id);
  audit.detail = json::serialize(json::object{{"reason", reason}, {"last_error", last_error}});
  ctx.AppendAudit(std::move(audit));
  Notice n;
  n.recipient_type = owner_type;
  n.recipient_id = owner_id;
  n.kind = "webhook.disabled";
  n.entity = "webhook_subscription";
  n.entity_id = subscription_id;
  const std::string id = std::to_string(subscription_id);
  if (reason == "dead_letter") {
    n.message = "Webhook 订阅“" + name + "”（" + url + "）的一次投递在重试用尽后仍然失败，已于 " +
                FormatTimestamp(ctx.now()) + " 停用，此后的变更不再排队。最后的错误：" +
                std::string(last_error) + "。请检查接收端，然后用 PATCH /api/v1/webhooks/" + id +
                " 把 status 设为 active 重新启用，并用 POST /api/v1/webhooks/" + id +
                "/resend-dead 重发死信；停用期间的变更可从 /api/v1/feed 补读。";
  } else {
    n.message = "Webhook 订阅“" + name + "”（" + url +
                "）的所有者已被停用、吊销或失去 feed:webhook:read 权限，订阅已于 " +
                FormatTimestamp(ctx.now()) + " 停用。请由有权限的账号或令牌重新订阅。";
  }
  Notify(ctx, n);
  // A token belongs to a system; the administrator who made it hears of it too.
  if (owner_type == "token") {
    if (const auto creator = conn.QueryInt(kTokenCreator, owner_id)) {
      n.recipient_type = "user";
      n.recipient_id = *creator;
      Notify(ctx, n);
    }
  }
}

void RecordAttempt(store::WriteContext& ctx, int64_t delivery_id, const AttemptResult& result,
                   const RetryPolicy& policy, double jitter_unit) {
  auto& conn = ctx.conn();
  int64_t sub = 0;
  int attempts = 0;
  {
    auto r = conn.Query(kDelivery, delivery_id);
    if (!r.Next() || r.Text(2) != "pending") return;
    sub = r.Int(0);
    attempts = static_cast<int>(r.Int(1)) + 1;
  }
  const TimestampMs now = ctx.now();
  // No answer (status 0) is stored as NULL by the statements (NULLIF): an optional here trips
  // GCC 12's -Wmaybe-uninitialized at -O3.
  const int64_t code = result.status;
  const std::string error = Clip(result.error);
  const std::optional<std::string> error_or_null =
      error.empty() ? std::nullopt : std::optional<std::string>(error);
  conn.Exec(kInsertAttempt, delivery_id, now, code, error_or_null, result.duration_ms);
  if (result.ok()) {
    conn.Exec(kDelivered, now, code, now, delivery_id);
    conn.Exec(kSubscriptionDelivered, now, sub);
    return;
  }
  const std::string shown = error.empty() ? "HTTP " + std::to_string(result.status) : error;
  if (Exhausted(policy, attempts)) {
    conn.Exec(kDead, attempts, now, code, shown, now, delivery_id);
    conn.Exec(kSubscriptionFailed, 1, now, shown, sub);
    DisableSubscription(ctx, sub, "dead_letter", shown);
    return;
  }
  const int64_t next = now + JitteredDelayMs(policy, attempts, jitter_unit);
  conn.Exec(kRetry, attempts, now, code, shown, next, delivery_id);
  conn.Exec(kSubscriptionFailed, 0, now, shown, sub);
}

DeliveryWorker::DeliveryWorker(store::Database& db, const Clock& clock, WorkerOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {}

DeliveryWorker::~DeliveryWorker() { Stop(); }

void DeliveryWorker::Start() {
  std::lock_guard lock(mu_);
  if (started_ || options_.senders <= 0) return;
  started_ = true;
  dispatcher_ = std::thread([this] { Dispatch(); });
  for (int i = 0; i < options_.senders; ++i) senders_.emplace_back([this] { Send(); });
}

void DeliveryWorker::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cancel_ = true;
  wake_.notify_all();
  tasks_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
  for (auto& t : senders_) {
    if (t.joinable()) t.join();
  }
}

void DeliveryWorker::Wake() {
  {
    std::lock_guard lock(mu_);
    poke_ = true;
  }
  wake_.notify_one();
}

void DeliveryWorker::Dispatch() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, options_.poll, [this] { return stopping_ || poke_; });
      if (stopping_) return;
      poke_ = false;
    }
    std::vector<int64_t> due;
    try {
      auto reader = db_.Reader();
      auto r = reader->Query(kDue, clock_.Now());
      while (r.Next()) due.push_back(r.Int(0));
    } catch (const std::exception& e) {
      spdlog::warn("webhooks: cannot look for due deliveries: {}", e.what());
      continue;
    }
    if (due.empty()) continue;
    {
      std::lock_guard lock(mu_);
      for (const int64_t id : due) {
        if (busy_.insert(id).second) queue_.push_back(id);
      }
    }
    tasks_.notify_all();
  }
}

void DeliveryWorker::Send() {
  uint64_t rng = std::random_device{}() | 1;
  for (;;) {
    int64_t sub = 0;
    {
      std::unique_lock lock(mu_);
      tasks_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      sub = queue_.front();
      queue_.pop_front();
    }
    try {
      Drain(sub, &rng);
    } catch (const std::exception& e) {
      // Left pending: the next poll tries again.
      spdlog::warn("webhooks: subscription {}: {}", sub, e.what());
    }
    std::lock_guard lock(mu_);
    busy_.erase(sub);
  }
}

void DeliveryWorker::Drain(int64_t subscription_id, uint64_t* rng_state) {
  store::Writer& writer = db_.writer();
  std::optional<auth::Principal> owner;
  while (!cancel_) {
    const TimestampMs now = clock_.Now();
    std::string url_text, secret;
    std::optional<std::pair<int64_t, svc::FeedChange>> to_send;
    std::vector<int64_t> filtered;
    bool owner_gone = false;
    {
      auto reader = db_.Reader();
      std::string owner_type;
      int64_t owner_id = 0;
      {
        auto r = reader->Query(kSubscription, subscription_id);
        if (!r.Next() || r.Text(0) != "active") return;
        url_text = r.Str(1);
        secret = r.Str(2);
        owner_type = r.Str(3);
        owner_id = r.Int(4);
      }
      if (!owner) owner = LoadOwner(*reader, owner_type, owner_id, now);
      if (!owner) {
        owner_gone = true;
      } else {
        std::vector<std::pair<int64_t, int64_t>> heads;  // delivery id, seq
        {
          auto r = reader->Query(kHeads, subscription_id, kHeadWindow);
          while (r.Next()) {
            if (r.Int(2) > now) break;  // not due yet: neither is anything after it
            heads.emplace_back(r.Int(0), r.Int(1));
          }
        }
        for (const auto& [delivery_id, seq] : heads) {
          // The owner's scope as it is now decides, not as it was when the change was queued.
          if (auto change = svc::ReadChange(*reader, *owner, seq)) {
            to_send.emplace(delivery_id, std::move(*change));
            break;
          }
          filtered.push_back(delivery_id);
        }
      }
    }
    if (owner_gone) {
      writer.Run([subscription_id](store::WriteContext& ctx) {
        DisableSubscription(ctx, subscription_id, "owner_unavailable", "");
      });
      return;
    }
    if (!filtered.empty()) {
      writer.Run([filtered](store::WriteContext& ctx) { MarkFiltered(ctx, filtered); });
    }
    if (!to_send) {
      if (filtered.empty()) return;  // nothing due
      continue;
    }

    const auto& [delivery_id, change] = *to_send;
    std::string error;
    const auto url = http::ParseHttpUrl(url_text, &error);
    AttemptResult result;
    if (!url) {
      result.error = "invalid URL: " + error;
    } else {
      const std::string body = svc::FeedChangeJson(change);
      const int64_t ts = clock_.Now() / 1000;
      const http::HeaderList headers{
          {"Content-Type", "application/json; charset=utf-8"},
          {"User-Agent", options_.user_agent},
          {std::string(kTimestampHeader), std::to_string(ts)},
          {std::string(kSignatureHeader), SignatureHeaderValue(secret, ts, body)},
          {std::string(kIdempotencyHeader), IdempotencyKey(change.uid, change.seq)},
      };
      http::PostOptions po;
      po.timeout = options_.timeout;
      po.allow_non_public = options_.allow_non_public;
      po.cancel = &cancel_;
      const auto posted = http::HttpPost(*url, headers, body, po);
      if (posted.cancelled) return;  // stopping: it stays pending and goes out after a restart
      result.status = posted.status;
      result.error = posted.error;
      result.duration_ms = posted.duration_ms;
    }
    const double unit = NextUnit(rng_state);
    writer.Run([id = delivery_id, result, policy = options_.retry, unit](store::WriteContext& ctx) {
      RecordAttempt(ctx, id, result, policy, unit);
    });
    if (!result.ok()) return;  // in order: nothing after it goes before it succeeds or dies
  }
}

}  // namespace sg::webhook
