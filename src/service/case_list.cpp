#include <algorithm>
#include <boost/json/array.hpp>
#include <iterator>
#include <optional>

#include "auth/scope.h"
#include "base/errors.h"
#include "register/dict.h"
#include "register/search.h"
#include "service/case_json.h"
#include "service/cases.h"
#include "service/counters.h"
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
  // The SQLite index in the order (expr, id) (migrations 0004, 0015): "" for the rowid, nullopt
  // for none.
  std::optional<std::string_view> index;
  // The date filters on the sort key, as conditions on `expr` too, so that a page read in that
  // index starts and ends at the range instead of walking past the rest ("" when none).
  std::string_view from_param, to_param;
};
const SortKey kSortKeys[] = {
    {"id", "c.id", false, "", "", ""},
    {"filed_on", "COALESCE(c.filed_on, '')", true, "cases_sort_filed", "filed_from", "filed_to"},
    {"received_on", "c.received_on", true, "cases_received", "received_from", "received_to"},
    {"closed_on", "COALESCE(c.closed_on, '')", true, "cases_sort_closed", "closed_from",
     "closed_to"},
    {"created_at", "c.created_at", false, std::nullopt, "", ""},
    {"updated_at", "c.updated_at", false, std::nullopt, "", ""},
    {"claim_amount_fen", "COALESCE(c.claim_amount_fen, -1)", false, std::nullopt, "", ""},
    {"case_number", "COALESCE(c.case_number, '')", true, std::nullopt, "", ""},
};

using Filter = store::Conditions;

using store::Placeholders;

// Ids as bound values.
std::vector<store::Param> Bind(const std::vector<int64_t>& ids) { return {ids.begin(), ids.end()}; }

// "a,b" → IN (?, ?) over values checked against the dictionary.
// Returns the values, or nullopt without the parameter.
std::optional<std::vector<std::string>> AddEnumFilter(Filter& f, const Params& params,
                                                      const char* name, std::string_view dict,
                                                      std::string_view column) {
  auto v = params.Get(name);
  if (!v) return std::nullopt;
  std::vector<std::string> values;
  size_t start = 0;
  while (start <= v->size()) {
    const size_t comma = v->find(',', start);
    values.push_back(
        v->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  for (const auto& value : values) {
    if (!reg::InDict(dict, value)) {
      ThrowInvalidField(name,
                        "取值“" + value + "”无效，可选值见 /api/v1/dict 的 " + std::string(dict));
    }
  }
  f.Add(std::string(column) + " IN (" + Placeholders(values.size()) + ")");
  for (const auto& value : values) f.AddParam(value);
  return values;
}

void AddDateFilter(Filter& f, const Params& params, const char* name, std::string_view cond) {
  if (auto d = ParseDateParam(params, name)) f.Add(std::string(cond), d->ToString());
}

// Cases of the map's division `code` (service/divisions.h): held by an agency of that area, or
// held by an agency of no division and placed there; 市本级 takes those placed nowhere else.
void AddDivisionFilter(Filter& f, std::string_view code) {
  std::vector<store::Param> counties;
  counties.reserve(kDivisions.size());
  for (const auto& d : kDivisions) counties.emplace_back(std::string(d.code));
  const std::string in = Placeholders(counties.size());
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

// shared=false leaves out the cases seen only because they were shared with the scope.
bool HeldOnly(const Params& params) {
  return params.Has("shared") && !ParseBoolParam(params, "shared");
}

// The agency column as the list's agency conditions read it. With a set filter (free text, a
// party, an IP right) the set's cases drive, and each one's agency is read from the index
// (id, agency_id); `agency_id IN (a, b, …)` as an index term would make SQLite seek once per case
// and agency instead, so the unary + keeps it a plain check (PostgreSQL ignores it).
std::string AgencyColumn(const Params& params) {
  const bool sets = params.Has("q") || params.Has("party_id") || params.Has("ip_right_id");
  return sets ? "+c.agency_id" : "c.agency_id";
}

// A filter that is a set of cases kept in another table (free text, a party, an IP right), in
// the three forms of reg::SearchClause: `drive` (c.id IN …), `probe` (checked per case) and
// `cases` (the ids alone, each once).
struct CaseSet {
  std::string drive, probe, cases;
  std::vector<store::Param> drive_params, probe_params, cases_params;
  // Where the set's cases are counted per holding agency (migration 0017): the table, its key
  // column and the key; no table when they are not.
  std::string_view count_table, count_column;
  store::Param count_key;
  // Where the set's shared cases are counted per holding agency and set of agencies shared with
  // (migration 0018), under the same column and key; empty when they are not.
  std::string_view share_count_table;
};

// Every filter of the list but the data scope: conditions on the case row, and sets.
struct ListFilter {
  Filter rows;
  std::vector<CaseSet> sets;
  std::optional<std::vector<int64_t>> agencies;  // agency_id (with include_sub, its subtree)
  std::optional<std::vector<std::string>> kinds;
  // Whether every condition reads only columns that case_shares copies (migration 0016): id,
  // agency_id, kind, status, the dates, handler_id and the deadline.
  bool on_shared_columns = true;
  // Whether a filter has an index of its own (kind, agency, dates, handler, a set), so that a
  // page of few matches can start from it and check the scope per case. Not the deadline: its
  // index holds every agency's near or overdue cases, and checking the scope on each of those
  // measured slower than gathering the scope's cases, for a scope of a dozen agencies.
  bool indexed = false;
  // The whole filter as conditions, sets driving or probed.
  Filter All(bool probe) const {
    Filter f = rows;
    for (const auto& s : sets)
      f.Add(probe ? s.probe : s.drive, probe ? s.probe_params : s.drive_params);
    return f;
  }
};

CaseSet LinkSet(std::string_view table, std::string_view column, int64_t id, bool distinct) {
  const std::string t(table), col(column);
  CaseSet s;
  s.drive = "c.id IN (SELECT case_id FROM " + t + " WHERE " + col + " = ?)";
  s.probe = "EXISTS (SELECT 1 FROM " + t + " l WHERE l.case_id = c.id AND l." + col + " = ?)";
  s.cases = std::string("SELECT ") + (distinct ? "DISTINCT " : "") + "case_id FROM " + t +
            " WHERE " + col + " = ?";
  s.drive_params = s.probe_params = s.cases_params = {id};
  return s;
}

// A party's cases, counted per holding agency in case_party_counts.
CaseSet PartySet(int64_t id) {
  CaseSet s = LinkSet("case_parties", "party_id", id, true);
  s.count_table = "case_party_counts";
  s.count_column = "party_id";
  s.count_key = id;
  return s;
}

ListFilter ListFilters(store::Connection& conn, const Params& params, Date today) {
  ListFilter out;
  Filter& f = out.rows;
  for (const char* name : {"stage", "division", "outcome", "appeal_result"}) {
    if (params.Has(name)) out.on_shared_columns = false;
  }
  for (const char* name :
       {"kind", "agency_id", "filed_from", "filed_to", "closed_from", "closed_to", "received_from",
        "received_to", "handler_id", "q", "party_id", "ip_right_id"}) {
    if (params.Has(name)) out.indexed = true;
  }
  const std::string agency_column = AgencyColumn(params);
  out.kinds = AddEnumFilter(f, params, "kind", "case_kind", "c.kind");
  AddEnumFilter(f, params, "status", "case_status", "c.status");
  if (auto agency = ParseIdParam(params, "agency_id")) {
    std::vector<int64_t> ids{*agency};
    if (ParseBoolParam(params, "include_sub")) {
      std::string path;
      {
        auto rows = conn.Query(kAgencyPath, *agency);
        if (!rows.Next()) ThrowInvalidField("agency_id", "机构不存在");
        path = rows.Str(0);
      }
      ids.clear();
      auto rows = conn.Query("SELECT id FROM agencies WHERE path LIKE ? ORDER BY id", path + "%");
      while (rows.Next()) ids.push_back(rows.Int(0));
    }
    f.Add(agency_column + " IN (" + Placeholders(ids.size()) + ")", Bind(ids));
    out.agencies = std::move(ids);
  } else {
    ParseBoolParam(params, "include_sub");  // still validated
  }
  AddDateFilter(f, params, "filed_from", "c.filed_on >= ?");
  AddDateFilter(f, params, "filed_to", "c.filed_on <= ?");
  AddDateFilter(f, params, "closed_from", "c.closed_on >= ?");
  AddDateFilter(f, params, "closed_to", "c.closed_on <= ?");
  // A party may hold several roles in one case; a case links an IP right once.
  if (auto id = ParseIdParam(params, "party_id")) {
    out.sets.push_back(PartySet(*id));
  }
  if (auto id = ParseIdParam(params, "ip_right_id")) {
    out.sets.push_back(LinkSet("case_ip_rights", "ip_right_id", *id, false));
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
    const auto bind = [](const std::vector<std::string>& v) {
      return std::vector<store::Param>(v.begin(), v.end());
    };
    CaseSet set;
    set.drive = clause->sql;
    set.probe = clause->probe;
    set.cases = clause->cases;
    set.drive_params = bind(clause->params);
    set.probe_params = bind(clause->probe_params);
    set.cases_params = bind(clause->cases_params);
    if (!clause->term.empty()) {
      set.count_table = "case_term_counts";
      set.count_column = "term";
      set.count_key = clause->term;
      set.share_count_table = "case_term_share_counts";
    }
    out.sets.push_back(std::move(set));
  }
  // Dashboard drill-downs (service/dashboard.h): received dates, cases pending at the end of a
  // day, filed or not, closed within their handling limits (service/counters.h ClosedInLimit),
  // and shared=false, which leaves out cases seen only because they were shared with the scope.
  AddDateFilter(f, params, "received_from", "c.received_on >= ?");
  AddDateFilter(f, params, "received_to", "c.received_on <= ?");
  if (auto d = ParseDateParam(params, "pending_on")) {
    f.Add("c.received_on <= ? AND (c.closed_on IS NULL OR c.closed_on > ?)", d->ToString());
    f.AddParam(d->ToString());
  }
  if (params.Has("filed")) {
    f.Add(ParseBoolParam(params, "filed") ? "c.filed_on IS NOT NULL" : "c.filed_on IS NULL");
  }
  if (params.Has("in_limit")) {
    f.Add("EXISTS (SELECT 1 FROM case_counted k WHERE k.case_id = c.id AND k.in_limit = ?)",
          int64_t{ParseBoolParam(params, "in_limit") ? 1 : 0});
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
    f.Add(std::string(ParseBoolParam(params, "appealed") ? "" : "NOT ") +
          "EXISTS (SELECT 1 FROM transfers t WHERE t.from_case_id = c.id AND t.type = 'appeal' "
          "AND t.status <> 'returned')");
  }
  if (auto type = params.Get("agency_type")) {
    if (!reg::InDict("agency_type", *type)) ThrowInvalidField("agency_type", "机构类型无效");
    f.Add("c.agency_id IN (SELECT id FROM agencies WHERE type = ?)", *type);
  }
  return out;
}

// How the list applies the data scope. auth::CaseScope's "held by an agency of the scope, or
// shared with one" is a per-row OR that no index serves, so that counting a large result read
// every case row. The list counts the two parts apart: the cases held in the scope by
// `agency_id IN (…)` over the agencies the caller was authenticated with, less those the
// agency filter leaves out (indexes led by agency_id serve it), and the cases held elsewhere
// and shared with the scope from case_shares (migration 0016: their filter columns, by the agency
// they are shared with); the page takes their union. A scope that holds every agency needs no
// condition at all.
struct ListScope {
  std::optional<Filter> held;  // the cases held in the scope (or the whole scope's condition);
                               // nullopt: none can match
  // The held part as agencies: all (no condition), or the list `held` is; nullopt otherwise.
  std::optional<std::vector<int64_t>> held_agencies;
  bool held_everywhere = false;
  // The scope's agencies, when the cases only shared with them are counted apart.
  std::optional<std::vector<int64_t>> shared;
  Filter page;        // the whole scope, driving from case_access
  Filter page_probe;  // the same, case_access probed per case
};

ListScope MakeListScope(store::Connection& conn, const auth::Principal& p, const Params& params,
                        const std::optional<std::vector<int64_t>>& filtered) {
  const bool held_only = HeldOnly(params);
  ListScope s;
  const auth::SqlCondition scope = auth::CaseScope(p);
  const std::vector<int64_t>& agencies = p.scope_agencies;
  // No scope (all, the system), a handler's own cases, or a principal made without its agencies
  // loaded: the scope's own condition (and with shared=false, the held part besides).
  if (scope.empty() || p.scope == auth::DataScope::kOwnCases || agencies.empty()) {
    s.held.emplace();
    s.held->Add(scope.sql, scope.params);
    if (held_only) {
      const auth::SqlCondition held = auth::AgencyScope(p, "c.agency_id");
      s.held->Add(held.sql, held.params);
    }
    s.held_everywhere = s.held->empty();
    s.page = s.page_probe = *s.held;
    return s;
  }
  const std::string in = Placeholders(agencies.size());
  const std::vector<store::Param> ids = Bind(agencies);
  {
    auto r = conn.QueryV("SELECT COUNT(*) FROM agencies WHERE id NOT IN (" + in + ")", ids);
    if (r.Next() && r.Int(0) == 0) {  // every agency: every case is in scope
      s.held.emplace();
      s.held_everywhere = true;
      return s;
    }
  }
  // The agencies both in the scope and in the filter.
  std::vector<int64_t> held = agencies;
  std::sort(held.begin(), held.end());
  if (filtered) {
    std::vector<int64_t> f = *filtered;
    std::sort(f.begin(), f.end());
    std::vector<int64_t> both;
    std::set_intersection(held.begin(), held.end(), f.begin(), f.end(), std::back_inserter(both));
    held = std::move(both);
  }
  if (!held.empty()) {
    s.held.emplace();
    s.held->Add(AgencyColumn(params) + " IN (" + Placeholders(held.size()) + ")", Bind(held));
    s.held_agencies = held;
  }
  if (held_only) {
    s.page = s.page_probe = s.held.value_or(Filter{});
    if (!s.held) {
      s.page.Add("1 = 0");
      s.page_probe.Add("1 = 0");
    }
    return s;
  }
  // Only cases held outside the scope count as shared; none when the filter's agencies all lie
  // inside it.
  if (!filtered || held.size() < filtered->size()) s.shared = agencies;
  std::vector<store::Param> both = ids;
  both.insert(both.end(), ids.begin(), ids.end());
  s.page.Add("(c.agency_id IN (" + in +
                 ") OR c.id IN (SELECT cax.case_id FROM case_access cax WHERE cax.agency_id IN (" +
                 in + ")))",
             both);
  s.page_probe.Add("(c.agency_id IN (" + in +
                       ") OR EXISTS (SELECT 1 FROM case_access cax WHERE cax.case_id = c.id AND "
                       "cax.agency_id IN (" +
                       in + ")))",
                   both);
  return s;
}

int64_t Count(store::Connection& conn, const std::string& sql,
              const std::vector<store::Param>& values) {
  auto r = conn.QueryV(sql, values);
  return r.Next() ? r.Int(0) : int64_t{0};
}

// The cases of `set` held by `agencies` (all agencies: nullopt), summed from its counts per
// agency (migration 0017).
int64_t CountedSetSize(store::Connection& conn, const CaseSet& set,
                       const std::optional<std::vector<int64_t>>& agencies) {
  std::string sql = "SELECT COALESCE(SUM(n), 0) FROM " + std::string(set.count_table) + " WHERE " +
                    std::string(set.count_column) + " = ?";
  std::vector<store::Param> values{set.count_key};
  if (agencies) {
    sql += " AND agency_id IN (" + Placeholders(agencies->size()) + ")";
    values.insert(values.end(), agencies->begin(), agencies->end());
  }
  return Count(conn, sql, values);
}

// The cases of `set` held outside `scope` (and, with `filtered`, by one of those agencies) and
// shared with an agency of `scope`, summed from its counts per holder and set of agencies shared
// with (migration 0018): a case counts once under its one set, however many agencies of the
// scope that set holds. The sets are comma-separated agency ids.
int64_t SharedCountedSetSize(store::Connection& conn, const CaseSet& set,
                             const std::vector<int64_t>& scope,
                             const std::optional<std::vector<int64_t>>& filtered) {
  const auto in = [](const std::vector<int64_t>& ids, int64_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  auto r =
      conn.QueryV("SELECT shared_with, agency_id, n FROM " + std::string(set.share_count_table) +
                      " WHERE " + std::string(set.count_column) + " = ? AND n <> 0",
                  {set.count_key});
  int64_t total = 0;
  while (r.Next()) {
    const int64_t holder = r.Int(1);
    if (in(scope, holder) || (filtered && !in(*filtered, holder))) continue;
    const std::string agencies = r.Str(0);
    bool meets = false;
    for (size_t start = 0; !meets && start < agencies.size();) {
      size_t end = agencies.find(',', start);
      if (end == std::string::npos) end = agencies.size();
      int64_t id = 0;
      for (size_t i = start; i < end; ++i) id = id * 10 + (agencies[i] - '0');
      meets = in(scope, id);
      start = end + 1;
    }
    if (meets) total += r.Int(2);
  }
  return total;
}

// The list's total: the whole filtered set in the scope, before any cursor.
int64_t CountListTotal(store::Connection& conn, const ListScope& scope, const ListFilter& filters) {
  // One set kept with counts per agency (a two-character query, a party) and nothing else
  // filtered but agencies: its cases held in the scope are a sum over the scope's agencies.
  const CaseSet* per_agency = filters.sets.size() == 1 && !filters.sets[0].count_table.empty() &&
                                      filters.rows.size() == (filters.agencies ? 1U : 0U) &&
                                      (scope.held_everywhere || scope.held_agencies)
                                  ? &filters.sets[0]
                                  : nullptr;
  // With no condition on the case row (no scope, only sets such as free text or a party) the
  // sets' ids are counted alone, without reading a case.
  if (!per_agency && scope.held && scope.held->empty() && !scope.shared && filters.rows.empty() &&
      !filters.sets.empty()) {
    std::string sql;
    std::vector<store::Param> values;
    for (const auto& set : filters.sets) {
      sql += std::string(sql.empty() ? "" : " INTERSECT ") + "SELECT case_id FROM (" + set.cases +
             ") AS s";
      values.insert(values.end(), set.cases_params.begin(), set.cases_params.end());
    }
    return Count(conn, "SELECT COUNT(*) FROM (" + sql + ") AS m", values);
  }
  int64_t total = 0;
  // With a set and no condition but the agencies', each case of the set is looked up in the
  // narrow index (id, agency_id) rather than in its row (SQLite picks the row otherwise).
  const bool sets = !filters.sets.empty();
  const bool by_id_agency = sets && conn.engine() == store::Engine::kSqlite &&
                            filters.rows.size() <= (filters.agencies ? 1U : 0U);
  // Cases of some agencies and kinds, and nothing else filtered: the dashboard's counters
  // (service/counters.h) hold them, as `received` on each case's receiving day for its agency
  // and kind, also per year. Summing those rows reads a few hundred rows, not every case.
  const bool by_counters =
      !sets && filters.rows.size() == (filters.agencies ? 1U : 0U) + (filters.kinds ? 1U : 0U) &&
      (scope.held_everywhere || scope.held_agencies);
  if (scope.held && per_agency) {
    total += CountedSetSize(conn, *per_agency,
                            scope.held_agencies ? scope.held_agencies : filters.agencies);
  } else if (scope.held && by_counters) {
    std::string sql =
        "SELECT COALESCE(SUM(value), 0) FROM case_counts WHERE grain = 'year' AND "
        "metric = 'received'";
    std::vector<store::Param> values;
    const std::optional<std::vector<int64_t>>& ids =
        scope.held_agencies ? scope.held_agencies : filters.agencies;
    if (ids) {
      sql += " AND agency_id IN (" + Placeholders(ids->size()) + ")";
      values = Bind(*ids);
    } else {
      sql += " AND agency_id = ?";
      values.emplace_back(filters.kinds ? kRollupAgency : kRollupAll);
    }
    if (filters.kinds) {
      sql += " AND kind IN (" + Placeholders(filters.kinds->size()) + ")";
      values.insert(values.end(), filters.kinds->begin(), filters.kinds->end());
    }
    total += Count(conn, sql, values);
  } else if (scope.held) {
    Filter counted = *scope.held;
    counted.Add(filters.All(false));
    total += Count(conn,
                   std::string("SELECT COUNT(*) FROM cases c") +
                       (by_id_agency ? " INDEXED BY cases_id_agency" : "") + counted.Where(),
                   counted.params());
  }
  if (scope.shared && per_agency && !per_agency->share_count_table.empty()) {
    total += SharedCountedSetSize(conn, *per_agency, *scope.shared, filters.agencies);
  } else if (scope.shared) {
    // From case_shares when the filters read only its columns, else by joining case_access to
    // the cases; a case shared with several agencies of the scope counts once.
    const std::vector<int64_t>& agencies = *scope.shared;
    const std::string in = Placeholders(agencies.size());
    const bool copy = filters.on_shared_columns;
    // With a set, the set's cases drive (case_shares_case) and the agency it is shared with is
    // checked, not sought once per case and agency; unless the set is larger than the scope's
    // shares (a common term), which then drive, each checked for the set.
    bool probe = false;
    if (copy && per_agency) {
      probe = CountedSetSize(conn, *per_agency, std::nullopt) >
              Count(conn, "SELECT COUNT(*) FROM case_shares WHERE shared_with IN (" + in + ")",
                    Bind(agencies));
    }
    Filter counted;
    counted.Add(std::string(copy ? (sets && !probe ? "+c.shared_with" : "c.shared_with")
                                 : "cax.agency_id") +
                    " IN (" + in + ")",
                Bind(agencies));
    counted.Add("c.agency_id NOT IN (" + in + ")", Bind(agencies));
    counted.Add(filters.All(probe));
    total +=
        Count(conn,
              std::string("SELECT COUNT(") + (agencies.size() > 1 ? "DISTINCT c.id" : "*") + ")" +
                  (copy ? " FROM case_shares c"
                        : " FROM case_access cax JOIN cases c ON c.id = cax.case_id") +
                  counted.Where(),
              counted.params());
  }
  return total;
}

}  // namespace

store::Conditions CaseListFilter(store::Connection& conn, const auth::Principal& p,
                                 const Params& params, Date today) {
  // The data scope first: nothing outside it is counted or listed. With shared=false only the
  // cases held by agencies of the scope count; that condition implies the scope's (except for a
  // handler's own cases), and unlike the scope's "or shared with us" it can use the indexes.
  Filter f;
  const bool held_only = HeldOnly(params);
  if (!held_only || p.scope == auth::DataScope::kOwnCases) {
    const auth::SqlCondition scope = auth::CaseScope(p);
    f.Add(scope.sql, scope.params);
  }
  if (held_only) {
    const auth::SqlCondition held = auth::AgencyScope(p, "c.agency_id");
    f.Add(held.sql, held.params);
  }
  f.Add(ListFilters(conn, params, today).All(false));
  return f;
}

boost::json::object ListCases(store::Connection& conn, const auth::Principal& p,
                              const Params& params, Date today) {
  const ListFilter filters = ListFilters(conn, params, today);
  const ListScope scope = MakeListScope(conn, p, params, filters.agencies);

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

  const int64_t total = CountListTotal(conn, scope, filters);

  // The page. When many cases match, reading the cases in the sort's order and checking each
  // finds limit + 1 of them after about (limit + 1) · N / total rows; otherwise the matching cases
  // are gathered (from the most selective index) and sorted, about `total` rows. The first is
  // cheaper when total² > (limit + 1) · N. SQLite's planner, which knows neither the total nor
  // how the filters overlap, would often gather and sort hundreds of thousands of cases, so it is
  // told the sort's index; PostgreSQL plans from its own statistics.
  int64_t n = 0;
  if (total > 0) n = Count(conn, "SELECT COALESCE(MAX(id), 0) FROM cases", {});
  const bool walk = total > 0 && static_cast<double>(total) * static_cast<double>(total) >
                                     static_cast<double>(limit + 1) * static_cast<double>(n);
  // The scope's shared part is probed per case when the page walks the sort's index, and when a
  // filter with an index of its own starts the page: its cases are few, and the scope's "held
  // here or shared with us" as a union of two index ranges would gather every case of the scope
  // instead. Only filters without an index (status alone, say) read the scope's cases.
  Filter page = walk || filters.indexed ? scope.page_probe : scope.page;
  if (!walk && !filters.indexed && scope.shared && filters.on_shared_columns) {
    // Few matches and no filter with an index of its own: the matching cases are gathered as the
    // total counted them, the held ones from the cases and the shared ones from case_shares, each
    // part from its own indexes, instead of gathering every case of the scope.
    page = Filter{};
    std::string parts;
    std::vector<store::Param> values;
    const Filter all = filters.All(false);
    if (scope.held) {
      Filter held = *scope.held;
      held.Add(all);
      parts = "SELECT c.id FROM cases c" + held.Where();
      values = held.params();
    }
    const std::vector<int64_t>& agencies = *scope.shared;
    const std::string in = Placeholders(agencies.size());
    Filter shared;
    shared.Add("c.shared_with IN (" + in + ")", Bind(agencies));
    shared.Add("c.agency_id NOT IN (" + in + ")", Bind(agencies));
    shared.Add(all);
    parts += std::string(parts.empty() ? "" : " UNION ") + "SELECT c.id FROM case_shares c" +
             shared.Where();
    values.insert(values.end(), shared.params().begin(), shared.params().end());
    page.Add("c.id IN (" + parts + ")", values);
  }
  page.Add(filters.All(walk));
  for (std::string_view bound : {key->from_param, key->to_param}) {
    if (bound.empty()) continue;
    // Validated by ListFilters; '' (a NULL folded) is before every date, so the range is the same.
    if (auto v = params.Get(std::string(bound))) {
      page.Add(std::string(key->expr) + (bound == key->from_param ? " >= ?" : " <= ?"), *v);
    }
  }
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
    // A row value, which both engines read as a range of the (key, id) index.
    page.Add("(" + std::string(key->expr) + ", c.id)" + (desc ? " < " : " > ") + "(?, ?)");
    if (key->text) {
      page.AddParam(std::string(k->as_string()));
    } else {
      page.AddParam(k->as_int64());
    }
    page.AddParam(id->as_int64());
  }
  std::string from(kCaseFrom);
  if (walk && key->index && conn.engine() == store::Engine::kSqlite) {
    constexpr std::string_view kCases = " FROM cases c";
    from.insert(kCases.size(),
                key->index->empty() ? " NOT INDEXED" : " INDEXED BY " + std::string(*key->index));
  }
  const char* dir = desc ? " DESC" : " ASC";
  std::string sql = "SELECT " + std::string(kCaseColumns) + ", " + std::string(key->expr) + from +
                    page.Where() + " ORDER BY " + std::string(key->expr) + dir + ", c.id" + dir +
                    " LIMIT ?";
  auto params_with_limit = page.params();
  params_with_limit.emplace_back(limit + 1);

  std::vector<boost::json::object> items;
  boost::json::value last_key;
  bool more = false;
  if (total > 0) {  // else nothing matches: no page to read
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
