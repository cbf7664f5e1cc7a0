#include <boost/json/parse.hpp>

#include "auth/scope.h"
#include "base/errors.h"
#include "service/case_json.h"
#include "service/cases.h"
#include "service/paging.h"

namespace sg::svc {
namespace {

// Built on first use (a static initialiser that throws could not be caught).
const std::string& SelectCase() {
  static const std::string sql = std::string("SELECT ") + std::string(kCaseColumns) +
                                 std::string(kCaseFrom) + " WHERE c.id = ?";
  return sql;
}

// The case row, positioned on it; not found when it is missing or outside the caller's scope.
// The scope is checked on the row in memory (auth::CaseRowVisible), not in SQL: one statement,
// the same for every caller, on the hottest path.
store::Rows QueryCase(store::Connection& conn, const auth::Principal& p, int64_t id) {
  auto r = conn.Query(SelectCase(), id);
  if (!r.Next() || !auth::CaseRowVisible(conn, p, id, r.Int(4), r.OptInt(6))) {
    ThrowNotFound("案件不存在或不在您的查看范围内");
  }
  return r;
}
constexpr std::string_view kEvents =
    "SELECT e.id, e.uid, e.type, e.actor_id, u.display_name, e.at, e.effective_on, e.before, "
    "e.after, e.note FROM case_events e LEFT JOIN users u ON u.id = e.actor_id "
    "WHERE e.case_id = ? AND e.id > ? ORDER BY e.id LIMIT ?";

}  // namespace

std::string CaseEtag(int64_t version) { return "\"v" + std::to_string(version) + "\""; }

int64_t CaseVersion(const boost::json::object& c) { return c.at("version").as_int64(); }

std::string GetCaseText(store::Connection& conn, const auth::Principal& p, int64_t id, Date today,
                        int64_t* version) {
  auto r = QueryCase(conn, p, id);
  std::string out;
  out.reserve(1536);
  AppendCaseRowText(r, out, today);
  *version = r.Int(22);
  return out;
}

boost::json::object GetCase(store::Connection& conn, const auth::Principal& p, int64_t id,
                            Date today) {
  auto r = QueryCase(conn, p, id);
  return CaseRowJson(r, today);
}

boost::json::object ListCaseEvents(store::Connection& conn, const auth::Principal& p,
                                   int64_t case_id, const Params& params) {
  if (!auth::CaseVisible(conn, p, case_id)) ThrowNotFound("案件不存在或不在您的查看范围内");
  const int64_t limit = ParseLimit(params, 100, 1000);
  int64_t after = 0;
  if (auto cursor = params.Get("cursor")) {
    auto parsed = DecodeIdCursor(*cursor);
    if (!parsed) ThrowInvalidField("cursor", "分页游标无效，请从第一页重新查询");
    after = *parsed;
  }
  boost::json::array items;
  int64_t last = 0;
  auto r = conn.Query(kEvents, case_id, after, limit + 1);
  while (r.Next()) {
    if (static_cast<int64_t>(items.size()) == limit) break;
    boost::json::object e;
    e["id"] = last = r.Int(0);
    e["uid"] = r.Text(1);
    e["case_id"] = case_id;
    e["type"] = r.Text(2);
    e["actor_id"] = IntOrNull(r, 3);
    e["actor_name"] = TextOrNull(r, 4);
    e["at"] = FormatTimestamp(r.Int(5));
    e["effective_on"] = TextOrNull(r, 6);
    e["before"] = JsonOrNull(r, 7);
    e["after"] = JsonOrNull(r, 8);
    e["note"] = TextOrNull(r, 9);
    items.emplace_back(std::move(e));
  }
  const bool more = static_cast<int64_t>(items.size()) == limit && r.Next();
  boost::json::object out;
  out["items"] = std::move(items);
  out["next_cursor"] = more ? boost::json::value(EncodeIdCursor(last)) : nullptr;
  return out;
}

}  // namespace sg::svc
