#include "service/feed.h"

#include <charconv>

#include "auth/scope.h"
#include "base/civil_time.h"
#include "base/json_text.h"
#include "store/conditions.h"

namespace sg::svc {
namespace {

// How many changes one read looks at, at most, for a caller with a restricted scope.
constexpr int64_t kWindow = 20000;

constexpr std::string_view kColumns = "SELECT ch.seq, ch.type, ch.entity, ch.uid, ch.at, ch.data ";

}  // namespace

std::string FeedChangeJson(const FeedChange& c) {
  std::string out;
  out.reserve(96 + c.data.size());
  out += "{\"seq\":";
  out += std::to_string(c.seq);
  out += ",\"type\":";
  AppendJsonString(out, c.type);
  out += ",\"entity\":";
  AppendJsonString(out, c.entity);
  out += ",\"uid\":";
  AppendJsonString(out, c.uid);
  out += ",\"at\":";
  AppendJsonString(out, FormatTimestamp(c.at));
  out += ",\"data\":";
  out += c.data.empty() ? "{}" : c.data;  // stored as one JSON text by the writer
  out += '}';
  return out;
}

std::optional<int64_t> ParseFeedCursor(std::string_view cursor) {
  if (cursor.empty()) return 0;
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), v);
  if (ec != std::errc() || end != cursor.data() + cursor.size() || v < 0) return std::nullopt;
  return v;
}

int64_t LatestChangeSeq(store::Connection& conn) {
  return conn.QueryInt("SELECT COALESCE(MAX(seq), 0) FROM changes").value_or(0);
}

namespace {

// The changes in (after, horizon] that `p` may see, at most `limit`, in order.
std::vector<FeedChange> Visible(store::Connection& conn, const auth::Principal& p, int64_t after,
                                int64_t horizon, int64_t limit) {
  const bool all = p.kind == auth::Principal::Kind::kSystem || p.scope == auth::DataScope::kAll;
  std::string sql(kColumns);
  store::Conditions where;
  where.Add("ch.seq > ?", after);
  where.Add("ch.seq <= ?", horizon);
  if (all) {
    sql += "FROM changes ch";
  } else {
    sql +=
        "FROM changes ch "
        "LEFT JOIN cases c ON ch.entity = 'case' AND c.id = ch.entity_id "
        "LEFT JOIN parties p ON ch.entity = 'party' AND p.id = ch.entity_id "
        "LEFT JOIN transfers t ON ch.entity = 'transfer' AND t.id = ch.entity_id";
    // Each entity by its own rule; the placeholders' values follow in the same order.
    std::string visible = "(ch.entity IN ('agency', 'ip_right')";
    std::vector<store::Param> params;
    auto add = [&](std::string_view entity, const std::string& alias_present,
                   const auth::SqlCondition& cond) {
      visible += " OR (ch.entity = '" + std::string(entity) + "' AND " + alias_present;
      if (!cond.empty()) visible += " AND (" + cond.sql + ")";
      visible += ")";
      params.insert(params.end(), cond.params.begin(), cond.params.end());
    };
    add("case", "c.id IS NOT NULL", auth::CaseScope(p));
    add("party", "p.id IS NOT NULL", auth::PartyScope(p));
    const auth::SqlCondition from = auth::AgencyScope(p, "t.from_agency_id");
    const auth::SqlCondition to = auth::AgencyScope(p, "t.to_agency_id");
    auth::SqlCondition either;
    if (!from.empty() && !to.empty()) {
      either.sql = "(" + from.sql + ") OR (" + to.sql + ")";
      either.params = from.params;
      either.params.insert(either.params.end(), to.params.begin(), to.params.end());
    }
    add("transfer", "t.id IS NOT NULL", either);
    visible += ")";
    where.Add(visible, params);
  }
  sql += where.Where() + " ORDER BY ch.seq LIMIT ?";
  std::vector<store::Param> params = where.params();
  params.emplace_back(limit);
  auto r = conn.QueryV(sql, params);
  std::vector<FeedChange> out;
  while (r.Next()) {
    FeedChange c;
    c.seq = r.Int(0);
    c.type = r.Str(1);
    c.entity = r.Str(2);
    c.uid = r.Str(3);
    c.at = r.Int(4);
    c.data = r.Str(5);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

FeedPage ReadFeed(store::Connection& conn, const auth::Principal& p, int64_t after, int64_t limit) {
  FeedPage page;
  page.next_seq = after;
  // Everything committed up to here is in the result, if visible: read before the changes.
  const int64_t latest = LatestChangeSeq(conn);
  if (latest <= after) return page;
  const bool all = p.kind == auth::Principal::Kind::kSystem || p.scope == auth::DataScope::kAll;
  const int64_t horizon = all ? latest : std::min(latest, after + kWindow);
  page.changes = Visible(conn, p, after, horizon, limit);
  page.next_seq =
      static_cast<int64_t>(page.changes.size()) == limit ? page.changes.back().seq : horizon;
  return page;
}

std::optional<FeedChange> ReadChange(store::Connection& conn, const auth::Principal& p,
                                     int64_t seq) {
  auto v = Visible(conn, p, seq - 1, seq, 1);
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

}  // namespace sg::svc
