#include "webhook/notifications.h"

#include "base/civil_time.h"
#include "base/errors.h"
#include "service/paging.h"
#include "webhook/subscriptions.h"

namespace sg::webhook {
namespace {

namespace json = boost::json;

constexpr std::string_view kInsert =
    "INSERT INTO notifications (recipient_type, recipient_id, kind, message, entity, entity_id, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kColumns =
    "SELECT id, kind, message, entity, entity_id, created_at, read_at FROM notifications "
    "WHERE recipient_type = ? AND recipient_id = ?";
constexpr std::string_view kUnread =
    "SELECT COUNT(*) FROM notifications WHERE recipient_type = ? AND recipient_id = ? "
    "AND read_at IS NULL";
constexpr std::string_view kMarkRead =
    "UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL";

json::object NotificationJson(store::Rows& r) {
  return json::object{
      {"id", r.Int(0)},
      {"kind", r.Text(1)},
      {"message", r.Text(2)},
      {"entity", r.IsNull(3) ? json::value(nullptr) : json::value(r.Text(3))},
      {"entity_id", r.IsNull(4) ? json::value(nullptr) : json::value(r.Int(4))},
      {"created_at", FormatTimestamp(r.Int(5))},
      {"read_at", r.IsNull(6) ? json::value(nullptr) : json::value(FormatTimestamp(r.Int(6)))},
  };
}

}  // namespace

int64_t Notify(store::WriteContext& ctx, const Notice& n) {
  return ctx.conn().Insert(kInsert, n.recipient_type, n.recipient_id, n.kind, n.message, n.entity,
                           n.entity_id, ctx.now());
}

json::object ListNotifications(store::Connection& conn, const auth::Principal& p,
                               const Params& params) {
  const int64_t limit = svc::ParseLimit(params, 50, 500);
  const std::string owner(OwnerType(p));
  std::string sql(kColumns);
  std::vector<store::Param> args{owner, p.id};
  if (auto unread = params.Get("unread")) {
    if (*unread != "true" && *unread != "false") {
      ThrowInvalidField("unread", "unread 应为 true 或 false");
    }
    if (*unread == "true") sql += " AND read_at IS NULL";
  }
  if (auto cursor = params.Get("cursor"); cursor && !cursor->empty()) {
    const auto after = svc::DecodeIdCursor(*cursor);
    if (!after) ThrowInvalidField("cursor", "游标无效，请从第一页重新读取");
    sql += " AND id < ?";
    args.emplace_back(*after);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  args.emplace_back(limit + 1);
  json::array items;
  {
    auto r = conn.QueryV(sql, args);
    while (r.Next()) items.push_back(NotificationJson(r));
  }
  json::value next = nullptr;
  if (static_cast<int64_t>(items.size()) > limit) {
    items.pop_back();
    next = svc::EncodeIdCursor(items.back().at("id").as_int64());
  }
  const int64_t unread = conn.QueryInt(kUnread, owner, p.id).value_or(0);
  return {{"items", std::move(items)}, {"unread", unread}, {"next_cursor", std::move(next)}};
}

json::object MarkNotificationRead(store::WriteContext& ctx, const auth::Actor& actor, int64_t id) {
  auto& conn = ctx.conn();
  const auth::Principal& p = actor.who();
  const std::string owner(OwnerType(p));
  auto r = conn.Query(std::string(kColumns) + " AND id = ?", owner, p.id, id);
  if (!r.Next()) ThrowNotFound("通知不存在");
  r.Close();
  if (conn.Exec(kMarkRead, ctx.now(), id) > 0) {
    ctx.AppendAudit(actor.Audit("notification.read", "notification", id));
  }
  auto again = conn.Query(std::string(kColumns) + " AND id = ?", owner, p.id, id);
  again.Next();
  return NotificationJson(again);
}

}  // namespace sg::webhook
