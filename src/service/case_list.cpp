#include <algorithm>
#include <boost/json/array.hpp>

#include "auth/scope.h"
#include "base/errors.h"
#include "register/dict.h"
#include "register/search.h"
#include "service/case_json.h"
#include "service/cases.h"
#include "service/dashboard.h"
#include "service/divisions.h"
#include "service/paging.h"
#include "store/conditions.h"

namespace sg::svc {
namespace {

constexpr std::string_view kAgencyPath = "SELECT path FROM agencies WHERE id = ?";

struct SortKey {
  std::string_view name;
  std::string_view expr;  // NULLs folded into a value so that keyset paging is total
  bool text;
};
constexpr SortKey kSortKeys[] = {
    {"id", "c.id", false},
    {"filed_on", "COALESCE(c.filed_on, '')", true},
    {"received_on", "c.received_on", true},
    {"closed_on", "COALESCE(c.closed_on, '')", true},
    {"created_at", "c.created_at", false},
    {"updated_at", "c.updated_at", false},
    {"claim_amount_fen", "COALESCE(c.claim_amount_fen, -1)", false},
    {"case_number", "COALESCE(c.case_number, '')", true},
};

using Filter = store::Conditions;

// "a,b" → IN (?, ?) over values checked against the dictionary.
void AddEnumFilter(Filter& f, const Params& params, const char* name, std::string_view dict,
                   std::string_view column) {
  auto v = params.Get(name);
  if (!v) return;
  std::vector<std::string> values;
  size_t start = 0;
  while (start <= v->size()) {
    const size_t comma = v->find(',', start);
    values.push_back(
        v->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::string in;
  for (const auto& value : values) {
    if (!reg::InDict(dict, value)) {
      ThrowInvalidField(name,
                        "取值“" + value + "”无效，可选值见 /api/v1/dict 的 " + std::string(dict));
    }
    in += in.empty() ? "?" : ", ?";
  }
  f.Add(std::string(column) + " IN (" + in + ")");
  for (auto& value : values) f.AddParam(std::move(value));
}

void AddDateFilter(Filter& f, const Params& params, const char* name, std::string_view cond) {
  auto v = params.Get(name);
  if (!v) return;
  if (!Date::Parse(*v)) ThrowInvalidField(name, "应为有效日期，格式 YYYY-MM-DD");
  f.Add(std::string(cond), *v);
}

bool ParseBool(const Params& params, const char* name) {
  auto v = params.Get(name);
  if (!v || *v == "false" || *v == "0") return false;
  if (*v == "true" || *v == "1" || v->empty()) return true;
  ThrowInvalidField(name, "应为 true 或 false");
}

// Cases of the map's division `code` (service/divisions.h): held by an agency of that area, or
// held by an agency of no division and placed there; 市本级 takes those placed nowhere else.
void AddDivisionFilter(Filter& f, std::string_view code) {
  std::string in;
  std::vector<store::Param> counties;
  for (const auto& d : kDivisions) {
    in += in.empty() ? "?" : ", ?";
    counties.emplace_back(std::string(d.code));
  }
  const std::string city_level =
      "c.agency_id IN (SELECT id FROM agencies WHERE area_code IS NULL OR area_code NOT IN (" + in +
      "))";
  if (code == kCityLevel.code) {
    std::vector<store::Param> params = counties;
    params.insert(params.end(), counties.begin(), counties.end());
    f.Add(city_level + " AND (c.area_code IS NULL OR c.area_code NOT IN (" + in + "))", params);
    return;
  }
  if (std::none_of(kDivisions.begin(), kDivisions.end(),
                   [&](const Division& d) { return d.code == code; })) {
    ThrowInvalidField("division", "应为晋中市县级行政区划代码（如 140702）或 140700（市本级）");
  }
  std::vector<store::Param> params{std::string(code)};
  params.insert(params.end(), counties.begin(), counties.end());
  params.emplace_back(std::string(code));
  f.Add("(c.agency_id IN (SELECT id FROM agencies WHERE area_code = ?) OR (" + city_level +
            " AND c.area_code = ?))",
        params);
}
}  // namespace

store::Conditions CaseListFilter(store::Connection& conn, const auth::Principal& p,
                                 const Params& params, Date today) {
  Filter f;
  // The data scope first: nothing outside it is counted or listed. With shared=false only the
  // cases held by agencies of the scope count; that condition implies the scope's (except for a
  // handler's own cases), and unlike the scope's "or shared with us" it can use the indexes.
  const bool held_only = params.Has("shared") && !ParseBool(params, "shared");
  if (!held_only || p.scope == auth::DataScope::kOwnCases) {
    const auth::SqlCondition scope = auth::CaseScope(p);
    f.Add(scope.sql, scope.params);
  }
  AddEnumFilter(f, params, "kind", "case_kind", "c.kind");
  AddEnumFilter(f, params, "status", "case_status", "c.status");
  if (auto agency = ParseIdParam(params, "agency_id")) {
    if (ParseBool(params, "include_sub")) {
      auto rows = conn.Query(kAgencyPath, *agency);
      if (!rows.Next()) ThrowInvalidField("agency_id", "机构不存在");
      f.Add("c.agency_id IN (SELECT id FROM agencies WHERE path LIKE ?)", rows.Str(0) + "%");
    } else {
      f.Add("c.agency_id = ?", *agency);
    }
  } else {
    ParseBool(params, "include_sub");  // still validated
  }
  AddDateFilter(f, params, "filed_from", "c.filed_on >= ?");
  AddDateFilter(f, params, "filed_to", "c.filed_on <= ?");
  AddDateFilter(f, params, "closed_from", "c.closed_on >= ?");
  AddDateFilter(f, params, "closed_to", "c.closed_on <= ?");
  if (auto id = ParseIdParam(params, "party_id")) {
    f.Add("c.id IN (SELECT case_id FROM case_parties WHERE party_id = ?)", *id);
  }
  if (auto id = ParseIdParam(params, "ip_right_id")) {
    f.Add("c.id IN (SELECT case_id FROM case_ip_rights WHERE ip_right_id = ?)", *id);
  }
  if (auto id = ParseIdParam(params, "handler_id")) f.Add("c.handler_id = ?", *id);
  if (auto d = params.Get("deadline")) {
    if (*d != "near" && *d != "overdue") ThrowInvalidField("deadline", "应为 near 或 overdue");
    // As of today, from the earliest running deadline (service/deadlines.h).
    const std::string t = today.ToString();
    // Few cases are near or past a limit. SQLite's planner, without histograms, would rather
    // walk the index of a kind or status filter over most of the cases; likelihood() (a no-op
    // at run time) tells it how rare these are, so it takes the deadline indexes.
    const bool sqlite = conn.engine() == store::Engine::kSqlite;
    const auto rare = [&](const std::string& cond) {
      return sqlite ? "likelihood(" + cond + ", 0.001)" : cond;
    };
    if (*d == "overdue") {
      f.Add(rare("c.deadline_due < ?"), t);
    } else {
      f.Add(rare("c.deadline_near_on <= ?"), t);
      f.Add("c.deadline_due >= ?", t);
    }
  }
  if (auto q = params.Get("q")) {
    auto clause = reg::BuildSearchClause(*q);
    if (!clause) ThrowInvalidField("q", "检索词至少需要两个字");
    f.Add(clause->sql, std::vector<store::Param>(clause->params.begin(), clause->params.end()));
  }
  // Dashboard drill-downs (service/dashboard.h): received dates, cases pending at the end of a
  // day, filed or not, closed within their handling limits (service/counters.h ClosedInLimit),
  // and shared=false, which leaves out cases seen only because they were shared with the scope.
  AddDateFilter(f, params, "received_from", "c.received_on >= ?");
  AddDateFilter(f, params, "received_to", "c.received_on <= ?");
  if (auto d = params.Get("pending_on")) {
    if (!Date::Parse(*d)) ThrowInvalidField("pending_on", "应为有效日期，格式 YYYY-MM-DD");
    f.Add("c.received_on <= ? AND (c.closed_on IS NULL OR c.closed_on > ?)", *d);
    f.AddParam(*d);
  }
  if (params.Has("filed")) {
    f.Add(ParseBool(params, "filed") ? "c.filed_on IS NOT NULL" : "c.filed_on IS NULL");
  }
  if (params.Has("in_limit")) {
    f.Add("EXISTS (SELECT 1 FROM case_counted k WHERE k.case_id = c.id AND k.in_limit = ?)",
          int64_t{ParseBool(params, "in_limit") ? 1 : 0});
  }
  // Dashboard drill-downs by workflow stage and by the map's division (service/divisions.h).
  if (auto stage = params.Get("stage")) {
    if (stage->empty() || stage->size() > 40 ||
        stage->find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) {
      ThrowInvalidField("stage", "应为工作流阶段代码（见 /api/v1/workflows/{kind} 的 states）");
    }
    f.Add("c.stage = ?", *stage);
  }
  if (auto division = params.Get("division")) AddDivisionFilter(f, *division);
  // The flow between agencies (the dashboard's Sankey): cases received by a hand-over that was
  // not returned, of type `via`, from a case of `from_kind` held by an agency of
  // `from_agency_type`; and cases held by an agency of `agency_type`.
  if (params.Get("via") == "none") {
    // The first case of its dispute here: not received by a hand-over (or only by one that was
    // returned). The denominator of 案-件比 (docs/indicators.md).
    if (params.Has("from_kind") || params.Has("from_agency_type")) {
      ThrowInvalidField("via", "via=none 不能与 from_kind、from_agency_type 同用");
    }
    f.Add(
        "NOT EXISTS (SELECT 1 FROM transfers t WHERE t.to_case_id = c.id AND "
        "t.status <> 'returned')");
  } else if (params.Has("via") || params.Has("from_kind") || params.Has("from_agency_type")) {
    std::string sql =
        "c.id IN (SELECT t.to_case_id FROM transfers t JOIN cases s ON s.id = t.from_case_id "
        "JOIN agencies sa ON sa.id = s.agency_id WHERE t.status <> 'returned'";
    std::vector<store::Param> values;
    if (auto via = params.Get("via")) {
      if (*via != "transfer" && *via != "diversion" && *via != "appeal") {
        ThrowInvalidField("via", "应为 transfer、diversion、appeal 或 none");
      }
      sql += " AND t.type = ?";
      values.emplace_back(*via);
    }
    if (auto kind = params.Get("from_kind")) {
      if (!reg::InDict("case_kind", *kind)) ThrowInvalidField("from_kind", "案件类型无效");
      sql += " AND s.kind = ?";
      values.emplace_back(*kind);
    }
    if (auto type = params.Get("from_agency_type")) {
      if (!reg::InDict("agency_type", *type)) ThrowInvalidField("from_agency_type", "机构类型无效");
      sql += " AND sa.type = ?";
      values.emplace_back(*type);
    }
    f.Add(sql + ")", values);
  }
  // The court indicators' drill-downs (docs/indicators.md): how a case ended, the second
  // instance's result, and whether the case was appealed (a hand-over of type appeal from it that
  // was not returned).
  AddEnumFilter(f, params, "outcome", "case_outcome", "c.outcome");
  AddEnumFilter(f, params, "appeal_result", "appeal_result", "c.appeal_result");
  if (params.Has("appealed")) {
    f.Add(std::string(ParseBool(params, "appealed") ? "" : "NOT ") +
          "EXISTS (SELECT 1 FROM transfers t WHERE t.from_case_id = c.id AND t.type = 'appeal' "
          "AND t.status <> 'returned')");
  }
  if (auto type = params.Get("agency_type")) {
    if (!reg::InDict("agency_type", *type)) ThrowInvalidField("agency_type", "机构类型无效");
    f.Add("c.agency_id IN (SELECT id FROM agencies WHERE type = ?)", *type);
  }
  if (held_only) {
    const auth::SqlCondition held = auth::AgencyScope(p, "c.agency_id");
    f.Add(held.sql, held.params);
  }
  return f;
}

boost::json::object ListCases(store::Connection& conn, const auth::Principal& p,
                              const Params& params, Date today) {
  const Filter f = CaseListFilter(conn, p, params, today);

  // Sort: a field, "-" for descending; ties broken by id in the same direction.
  std::string sort = params.Get("sort").value_or("-id");
  const bool desc = !sort.empty() && sort[0] == '-';
  const std::string field = desc ? sort.substr(1) : sort;
  const SortKey* key = nullptr;
  for (const auto& k : kSortKeys) {
    if (k.name == field) key = &k;
  }
  if (!key) {
    ThrowInvalidField("sort", "不支持按“" + field +
                                  "”排序，可选 id, filed_on, received_on, closed_on, "
                                  "created_at, updated_at, claim_amount_fen, case_number");
  }
  const int64_t limit = ParseLimit(params, 50, 500);

  // Total before the cursor condition: the figure is the whole filtered set.
  const std::string where = f.Where();
  int64_t total = 0;
  {
    auto r = conn.QueryV("SELECT COUNT(*) FROM cases c" + where, f.params());
    if (r.Next()) total = r.Int(0);
  }

  Filter page = f;
  if (auto cursor = params.Get("cursor")) {
    auto v = DecodeCursor(*cursor);
    const boost::json::object* o = v && v->is_object() ? &v->as_object() : nullptr;
    const auto* s = o ? o->if_contains("s") : nullptr;
    const auto* k = o ? o->if_contains("k") : nullptr;
    const auto* id = o ? o->if_contains("id") : nullptr;
    if (!s || !s->is_string() || s->as_string() != sort || !k || !id || !id->is_int64() ||
        (key->text ? !k->is_string() : !k->is_int64())) {
      ThrowInvalidField("cursor", "分页游标无效或与排序方式不符，请从第一页重新查询");
    }
    const std::string expr(key->expr);
    const char* cmp = desc ? " < " : " > ";
    page.Add("(" + expr + cmp + "? OR (" + expr + " = ? AND c.id" + cmp + "?))");
    for (int i = 0; i < 2; ++i) {
      if (key->text) {
        page.AddParam(std::string(k->as_string()));
      } else {
        page.AddParam(k->as_int64());
      }
    }
    page.AddParam(id->as_int64());
  }
  const char* dir = desc ? " DESC" : " ASC";
  std::string sql = "SELECT " + std::string(kCaseColumns) + ", " + std::string(key->expr) +
                    std::string(kCaseFrom) + page.Where() + " ORDER BY " + std::string(key->expr) +
                    dir + ", c.id" + dir + " LIMIT ?";
  auto params_with_limit = page.params();
  params_with_limit.emplace_back(limit + 1);

  std::vector<boost::json::object> items;
  boost::json::value last_key;
  bool more = false;
  {
    auto r = conn.QueryV(sql, params_with_limit);
    const int key_col = kCaseColumnCount;
    while (r.Next()) {
      if (static_cast<int64_t>(items.size()) == limit) {
        more = true;
        break;
      }
      items.push_back(CaseRowJson(r, today));
      last_key =
          key->text ? boost::json::value(r.Str(key_col)) : boost::json::value(r.Int(key_col));
    }
  }

  boost::json::object out;
  boost::json::array arr;
  arr.reserve(items.size());
  for (auto& i : items) arr.emplace_back(std::move(i));
  boost::json::value next = nullptr;
  if (more && !arr.empty()) {
    next = EncodeCursor(boost::json::object{
        {"s", sort}, {"k", last_key}, {"id", arr.back().as_object().at("id").as_int64()}});
  }
  out["items"] = std::move(arr);
  out["next_cursor"] = std::move(next);
  out["total"] = total;
  return out;
}

}  // namespace sg::svc
