#include "service/imports.h"

#include <boost/json/array.hpp>

#include "auth/scope.h"
#include "base/errors.h"
#include "service/case_json.h"
#include "service/paging.h"
#include "store/conditions.h"

namespace sg::svc {
namespace {

constexpr std::string_view kImports =
    "SELECT i.id, i.uid, i.entity, i.format, i.mapping, i.mode, i.accepted, i.unchanged, "
    "i.rejected, i.file_sha256, i.actor_type, i.actor_id, i.actor_name, i.agency_id, a.name, "
    "i.created_at FROM imports i LEFT JOIN agencies a ON a.id = i.agency_id";
constexpr std::string_view kRejections =
    "SELECT line, field, reason FROM import_rejections WHERE import_id = ? ORDER BY ordinal";

boost::json::object Summary(store::Rows& r) {
  boost::json::object o;
  o["id"] = r.Int(0);
  o["uid"] = r.Text(1);
  o["entity"] = r.Text(2);
  o["format"] = r.Text(3);
  // NULL stores the column mapping (docs/data-exchange.md), named as the query names it.
  o["mapping"] = r.IsNull(4) ? std::string_view("columns") : r.Text(4);
  o["mode"] = r.Text(5);
  o["dry_run"] = false;  // a dry run stores nothing
  o["accepted"] = r.Int(6);
  o["unchanged"] = r.Int(7);
  o["rejected_count"] = r.Int(8);
  o["file_sha256"] = r.Text(9);
  o["actor_type"] = r.Text(10);
  o["actor_id"] = IntOrNull(r, 11);
  o["actor_name"] = TextOrNull(r, 12);
  o["agency_id"] = IntOrNull(r, 13);
  o["agency_name"] = TextOrNull(r, 14);
  o["created_at"] = FormatTimestamp(r.Int(15));
  return o;
}

}  // namespace

boost::json::object ListImports(store::Connection& conn, const auth::Principal& p,
                                const Params& params) {
  store::Conditions f;
  const auth::SqlCondition scope = auth::AgencyScope(p, "i.agency_id");
  f.Add(scope.sql, scope.params);
  if (auto entity = params.Get("entity")) {
    if (*entity != "cases" && *entity != "parties" && *entity != "ip_rights") {
      ThrowInvalidField("entity", "应为 cases、parties 或 ip_rights");
    }
    f.Add("i.entity = ?", *entity);
  }
  const int64_t limit = ParseLimit(params, 50, 500);
  if (auto cursor = params.Get("cursor")) {
    auto id = DecodeIdCursor(*cursor);
    if (!id) ThrowInvalidField("cursor", "分页游标无效，请从第一页重新查询");
    f.Add("i.id < ?", *id);
  }
  std::vector<store::Param> values = f.params();
  values.emplace_back(limit + 1);
  auto r = conn.QueryV(std::string(kImports) + f.Where() + " ORDER BY i.id DESC LIMIT ?", values);
  boost::json::array items;
  int64_t last = 0;
  bool more = false;
  while (r.Next()) {
    if (static_cast<int64_t>(items.size()) == limit) {
      more = true;
      break;
    }
    last = r.Int(0);
    items.push_back(Summary(r));
  }
  return {{"items", std::move(items)},
          {"next_cursor", more ? boost::json::value(EncodeIdCursor(last)) : nullptr}};
}

boost::json::object GetImport(store::Connection& conn, const auth::Principal& p, int64_t id) {
  store::Conditions f;
  f.Add("i.id = ?", id);
  const auth::SqlCondition scope = auth::AgencyScope(p, "i.agency_id");
  f.Add(scope.sql, scope.params);
  boost::json::object out;
  {
    auto r = conn.QueryV(std::string(kImports) + f.Where(), f.params());
    if (!r.Next()) ThrowNotFound("导入记录不存在或不在您的查看范围内");
    out = Summary(r);
  }
  boost::json::array rejected;
  auto r = conn.Query(kRejections, id);
  while (r.Next()) {
    rejected.push_back(
        boost::json::object{{"line", r.Int(0)}, {"field", r.Text(1)}, {"reason", r.Text(2)}});
  }
  out["rejected"] = std::move(rejected);
  return out;
}

}  // namespace sg::svc
