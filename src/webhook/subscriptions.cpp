#include "webhook/subscriptions.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "base/civil_time.h"
#include "base/errors.h"
#include "base/json_util.h"
#include "base/uuid.h"
#include "http/plain_http.h"
#include "service/paging.h"
#include "webhook/policy.h"
#include "webhook/signature.h"

namespace sg::webhook {
namespace {

namespace json = boost::json;

constexpr size_t kMaxUrl = 2000;
constexpr size_t kMaxName = 100;

constexpr std::string_view kInsert =
    "INSERT INTO webhook_subscriptions (uid, name, url, secret, events, owner_type, owner_id, "
    "owner_agency_id, status, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)";
constexpr std::string_view kInsertFilter =
    "INSERT INTO webhook_filters (event, subscription_id) VALUES (?, ?)";
constexpr std::string_view kDeleteFilters = "DELETE FROM webhook_filters WHERE subscription_id = ?";
constexpr std::string_view kOwner =
    "SELECT owner_type, owner_id FROM webhook_subscriptions WHERE id = ?";
constexpr std::string_view kSelect =
    "SELECT s.id, s.uid, s.name, s.url, s.events, s.owner_type, s.owner_id, s.owner_agency_id, "
    "s.status, s.disabled_reason, s.disabled_at, s.delivered_count, s.failed_attempts, "
    "s.dead_count, s.filtered_count, s.last_delivered_at, s.last_failure_at, s.last_error, "
    "s.created_at, s.updated_at, "
    "(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.subscription_id = s.id "
    " AND d.status = 'pending'), "
    "(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.subscription_id = s.id "
    " AND d.status = 'dead') "
    "FROM webhook_subscriptions s";
constexpr std::string_view kUpdate =
    "UPDATE webhook_subscriptions SET name = ?, url = ?, events = ?, status = ?, "
    "disabled_reason = ?, disabled_at = ?, updated_at = ? WHERE id = ?";
constexpr std::string_view kState =
    "SELECT name, url, events, status, disabled_reason, disabled_at FROM webhook_subscriptions "
    "WHERE id = ?";
constexpr std::string_view kSetSecret =
    "UPDATE webhook_subscriptions SET secret = ?, updated_at = ? WHERE id = ?";
constexpr std::string_view kDeleteAttempts =
    "DELETE FROM webhook_attempts WHERE delivery_id IN "
    "(SELECT id FROM webhook_deliveries WHERE subscription_id = ?)";
constexpr std::string_view kDeleteDeliveries =
    "DELETE FROM webhook_deliveries WHERE subscription_id = ?";
constexpr std::string_view kDeleteSubscription = "DELETE FROM webhook_subscriptions WHERE id = ?";
constexpr std::string_view kDeliveryColumns =
    "SELECT d.id, d.seq, c.entity, c.type, c.uid, d.status, d.attempts, d.next_attempt_at, "
    "d.last_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.dead_at, "
    "d.created_at FROM webhook_deliveries d JOIN changes c ON c.seq = d.seq "
    "WHERE d.subscription_id = ?";
constexpr std::string_view kDeliveryStatus =
    "SELECT status FROM webhook_deliveries WHERE id = ? AND subscription_id = ?";
constexpr std::string_view kResendOne =
    "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, "
    "dead_at = NULL WHERE id = ? AND status = 'dead'";
constexpr std::string_view kResendAll =
    "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, "
    "dead_at = NULL WHERE subscription_id = ? AND status = 'dead'";

json::value OptTs(store::Rows& r, int col) {
  return r.IsNull(col) ? json::value(nullptr) : json::value(FormatTimestamp(r.Int(col)));
}
json::value OptInt(store::Rows& r, int col) {
  return r.IsNull(col) ? json::value(nullptr) : json::value(r.Int(col));
}
json::value OptStr(store::Rows& r, int col) {
  return r.IsNull(col) ? json::value(nullptr) : json::value(r.Text(col));
}

bool SeesAll(const auth::Principal& p) {
  return p.kind == auth::Principal::Kind::kSystem || p.scope == auth::DataScope::kAll;
}

// 404 unless the subscription exists and `p` may manage it.
void RequireOwned(store::Connection& conn, const auth::Principal& p, int64_t id) {
  auto r = conn.Query(kOwner, id);
  if (!r.Next()) ThrowNotFound("Webhook 订阅不存在");
  if (SeesAll(p)) return;
  if (r.Text(0) != OwnerType(p) || r.Int(1) != p.id) ThrowNotFound("Webhook 订阅不存在");
}

std::vector<std::string> CheckEvents(const std::vector<std::string>& events,
                                     const std::string& field) {
  if (events.empty()) ThrowInvalidField(field, "请至少选择一个事件，如 case.* 或 *");
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (size_t i = 0; i < events.size(); ++i) {
    if (auto err = FilterError(events[i])) {
      ThrowInvalidField(field + "[" + std::to_string(i) + "]", *err);
    }
    if (seen.insert(events[i]).second) out.push_back(events[i]);
  }
  return out;
}

std::vector<std::string> ReadEvents(ObjectReader& r, bool required) {
  auto events = r.OptStringArray("events", kMaxEvents, 64);
  if (!events) {
    if (required) ThrowInvalidField("events", "请填写要订阅的事件，如 [\"case.*\"]");
    return {};
  }
  return CheckEvents(*events, "events");
}

std::string EventsJson(const std::vector<std::string>& events) {
  json::array a;
  for (const auto& e : events) a.emplace_back(e);
  return json::serialize(a);
}

void WriteFilters(store::Connection& conn, int64_t id, const std::vector<std::string>& events) {
  conn.Exec(kDeleteFilters, id);
  for (const auto& e : events) conn.Exec(kInsertFilter, e, id);
}

json::object SubscriptionJson(store::Rows& r) {
  json::value events = json::parse(r.Text(4));
  return json::object{
      {"id", r.Int(0)},
      {"uid", r.Text(1)},
      {"name", r.Text(2)},
      {"url", r.Text(3)},
      {"events", std::move(events)},
      {"owner", json::object{{"type", r.Text(5)}, {"id", r.Int(6)}}},
      {"owner_agency_id", OptInt(r, 7)},
      {"status", r.Text(8)},
      {"disabled_reason", OptStr(r, 9)},
      {"disabled_at", OptTs(r, 10)},
      {"counts", json::object{{"delivered", r.Int(11)},
                              {"failed_attempts", r.Int(12)},
                              {"dead_lettered", r.Int(13)},
                              {"filtered", r.Int(14)},
                              {"pending", r.Int(20)},
                              {"dead", r.Int(21)}}},
      {"last_delivered_at", OptTs(r, 15)},
      {"last_failure_at", OptTs(r, 16)},
      {"last_error", OptStr(r, 17)},
      {"created_at", FormatTimestamp(r.Int(18))},
      {"updated_at", FormatTimestamp(r.Int(19))},
  };
}

json::object Load(store::Connection& conn, int64_t id) {
  auto r = conn.Query(std::string(kSelect) + " WHERE s.id = ?", id);
  if (!r.Next()) ThrowNotFound("Webhook 订阅不存在");
  return SubscriptionJson(r);
}

void Audit(store::WriteContext& ctx, const auth::Actor& actor, std::string action, int64_t id,
           const json::object& detail) {
  auto a = actor.Audit(std::move(action), "webhook_subscription", id);
  a.detail = json::serialize(detail);
  ctx.AppendAudit(std::move(a));
}

json::object DeliveryJson(store::Rows& r) {
  const std::string uid(r.Text(4));
  const int64_t seq = r.Int(1);
  return json::object{
      {"id", r.Int(0)},
      {"seq", seq},
      {"event", std::string(r.Text(2)) + "." + std::string(r.Text(3))},
      {"uid", uid},
      {"idempotency_key", IdempotencyKey(uid, seq)},
      {"status", r.Text(5)},
      {"attempts", r.Int(6)},
      {"next_attempt_at", r.Text(5) == "pending" ? OptTs(r, 7) : json::value(nullptr)},
      {"last_attempt_at", OptTs(r, 8)},
      {"last_status_code", OptInt(r, 9)},
      {"last_error", OptStr(r, 10)},
      {"delivered_at", OptTs(r, 11)},
      {"dead_at", OptTs(r, 12)},
      {"created_at", FormatTimestamp(r.Int(13))},
  };
}

}  // namespace

std::string_view OwnerType(const auth::Principal& p) {
  return p.kind == auth::Principal::Kind::kToken ? "token" : "user";
}

std::string IdempotencyKey(std::string_view uid, int64_t seq) {
  std::string key(uid);
  key += ':';
  key += std::to_string(seq);
  return key;
}

void CheckReceiverUrl(std::string_view url, const std::string& field) {
  std::string error;
  const auto parsed = http::ParseHttpUrl(url, &error);
  if (!parsed) ThrowInvalidField(field, error);
  if (parsed->scheme != "http") {
    // Deliveries are plain HTTP in this version: put a TLS-terminating proxy in front of an
    // https receiver (docs/data-exchange.md).
    ThrowInvalidField(field,
                      "本版本的 Webhook 只支持 http:// 地址；https 接收端请经由本机代理转发");
  }
}

NewSubscription ParseNewSubscription(const json::value& body) {
  ObjectReader r(body.as_object());
  NewSubscription s;
  s.url = r.ReqString("url", kMaxUrl);
  CheckReceiverUrl(s.url, "url");
  s.events = ReadEvents(r, true);
  s.name = r.OptString("name", kMaxName).value_or("");
  r.Finish();
  if (s.name.empty()) s.name = s.url;
  return s;
}

json::object CreateSubscription(store::WriteContext& ctx, const NewSubscription& s,
                                const auth::Actor& actor) {
  const auth::Principal& p = actor.who();
  if (p.kind == auth::Principal::Kind::kSystem) {
    throw ApiError(ErrorCode::kForbidden, "Webhook 订阅须由用户或访问令牌创建");
  }
  auto& conn = ctx.conn();
  const std::string secret = NewSecret();
  const int64_t id =
      conn.Insert(kInsert, NewUuidV7(ctx.now()), s.name, s.url, secret, EventsJson(s.events),
                  OwnerType(p), p.id, p.agency_id, ctx.now(), ctx.now());
  WriteFilters(conn, id, s.events);
  json::array events(s.events.begin(), s.events.end());
  Audit(ctx, actor, "webhook.create", id, {{"name", s.name}, {"url", s.url}, {"events", events}});
  json::object out = Load(conn, id);
  out["secret"] = secret;
  return out;
}

json::object ListSubscriptions(store::Connection& conn, const auth::Principal& p) {
  std::string sql(kSelect);
  json::array items;
  if (SeesAll(p)) {
    auto r = conn.Query(sql + " ORDER BY s.id DESC");
    while (r.Next()) items.push_back(SubscriptionJson(r));
  } else {
    auto r = conn.Query(sql + " WHERE s.owner_type = ? AND s.owner_id = ? ORDER BY s.id DESC",
                        OwnerType(p), p.id);
    while (r.Next()) items.push_back(SubscriptionJson(r));
  }
  return {{"items", std::move(items)}};
}

json::object GetSubscription(store::Connection& conn, const auth::Principal& p, int64_t id) {
  RequireOwned(conn, p, id);
  return Load(conn, id);
}

json::object UpdateSubscription(store::WriteContext& ctx, int64_t id, const json::object& patch,
                                const auth::Actor& actor) {
  auto& conn = ctx.conn();
  RequireOwned(conn, actor.who(), id);
  std::string name, url, events_json, status;
  std::optional<std::string> reason;
  std::optional<int64_t> disabled_at;
  {
    auto r = conn.Query(kState, id);
    r.Next();
    name = r.Str(0);
    url = r.Str(1);
    events_json = r.Str(2);
    status = r.Str(3);
    reason = r.OptStr(4);
    disabled_at = r.OptInt(5);
  }
  json::object before{{"name", name}, {"url", url}, {"status", status}};
  json::object after;
  ObjectReader r(patch);
  if (auto v = r.OptString("name", kMaxName)) {
    if (v->empty()) ThrowInvalidField("name", "名称不能为空");
    name = *v;
    after["name"] = name;
  }
  if (auto v = r.OptString("url", kMaxUrl)) {
    CheckReceiverUrl(*v, "url");
    url = *v;
    after["url"] = url;
  }
  std::optional<std::vector<std::string>> events;
  if (r.Has("events")) {
    events = ReadEvents(r, true);
    events_json = EventsJson(*events);
    after["events"] = json::parse(events_json);
  }
  if (auto v = r.OptEnum("status", {"active", "disabled"})) {
    if (*v != status) {
      status = *v;
      if (status == "active") {
        reason.reset();
        disabled_at.reset();
      } else {
        reason = "manual";
        disabled_at = ctx.now();
      }
    }
    after["status"] = status;
  }
  r.Finish();
  conn.Exec(kUpdate, name, url, events_json, status, reason, disabled_at, ctx.now(), id);
  if (events) WriteFilters(conn, id, *events);
  Audit(ctx, actor,
        status == "active" && before.at("status") != "active" ? "webhook.enable" : "webhook.update",
        id, {{"before", before}, {"after", after}});
  return Load(conn, id);
}

void DeleteSubscription(store::WriteContext& ctx, int64_t id, const auth::Actor& actor) {
  auto& conn = ctx.conn();
  RequireOwned(conn, actor.who(), id);
  const json::object was = Load(conn, id);
  conn.Exec(kDeleteAttempts, id);
  conn.Exec(kDeleteDeliveries, id);
  conn.Exec(kDeleteFilters, id);
  conn.Exec(kDeleteSubscription, id);
  Audit(ctx, actor, "webhook.delete", id, {{"name", was.at("name")}, {"url", was.at("url")}});
}

json::object RotateSecret(store::WriteContext& ctx, int64_t id, const auth::Actor& actor) {
  auto& conn = ctx.conn();
  RequireOwned(conn, actor.who(), id);
  const std::string secret = NewSecret();
  conn.Exec(kSetSecret, secret, ctx.now(), id);
  Audit(ctx, actor, "webhook.rotate_secret", id, {});
  json::object out = Load(conn, id);
  out["secret"] = secret;
  return out;
}

json::object ListDeliveries(store::Connection& conn, const auth::Principal& p, int64_t id,
                            const Params& params) {
  RequireOwned(conn, p, id);
  const int64_t limit = svc::ParseLimit(params, 50, 500);
  std::string sql(kDeliveryColumns);
  std::vector<store::Param> args{id};
  if (auto status = params.Get("status")) {
    static const std::set<std::string, std::less<>> kStatuses{"pending", "delivered", "dead",
                                                              "filtered"};
    if (!kStatuses.contains(*status)) {
      ThrowInvalidField("status", "状态应为 pending、delivered、dead 或 filtered");
    }
    sql += " AND d.status = ?";
    args.emplace_back(*status);
  }
  if (auto cursor = params.Get("cursor"); cursor && !cursor->empty()) {
    const auto after = svc::DecodeIdCursor(*cursor);
    if (!after) ThrowInvalidField("cursor", "游标无效，请从第一页重新读取");
    sql += " AND d.id < ?";
    args.emplace_back(*after);
  }
  sql += " ORDER BY d.id DESC LIMIT ?";
  args.emplace_back(limit + 1);
  json::array items;
  auto r = conn.QueryV(sql, args);
  while (r.Next()) items.push_back(DeliveryJson(r));
  json::value next = nullptr;
  if (static_cast<int64_t>(items.size()) > limit) {
    items.pop_back();
    next = svc::EncodeIdCursor(items.back().at("id").as_int64());
  }
  return {{"items", std::move(items)}, {"next_cursor", std::move(next)}};
}

json::object ResendDelivery(store::WriteContext& ctx, int64_t id, int64_t delivery_id,
                            const auth::Actor& actor) {
  auto& conn = ctx.conn();
  RequireOwned(conn, actor.who(), id);
  std::string status;
  {
    auto r = conn.Query(kDeliveryStatus, delivery_id, id);
    if (!r.Next()) ThrowNotFound("投递记录不存在");
    status = r.Str(0);
  }
  if (status != "dead") ThrowConflict("只有死信（重试已用尽的投递）可以重发");
  conn.Exec(kResendOne, ctx.now(), delivery_id);
  Audit(ctx, actor, "webhook.resend", id, {{"delivery_ids", json::array{delivery_id}}});
  auto r = conn.Query(std::string(kDeliveryColumns) + " AND d.id = ?", id, delivery_id);
  r.Next();
  return DeliveryJson(r);
}

json::object ResendDead(store::WriteContext& ctx, int64_t id, const auth::Actor& actor) {
  auto& conn = ctx.conn();
  RequireOwned(conn, actor.who(), id);
  const int64_t n = conn.Exec(kResendAll, ctx.now(), id);
  Audit(ctx, actor, "webhook.resend", id, {{"resent", n}});
  return {{"resent", n}};
}

}  // namespace sg::webhook
