#include "service/dashboard.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/scope.h"
#include "base/errors.h"
#include "register/dict.h"
#include "service/counters.h"
#include "service/divisions.h"
#include "service/paging.h"
#include "workflow/definition.h"

namespace sg::svc {
namespace {

constexpr std::string_view kAgencyPath = "SELECT path FROM agencies WHERE id = ?";
constexpr std::string_view kCasesPath = "/api/v1/cases?";
// Counters of every agency: the primary key of case_counts starts with agency_id.
constexpr std::string_view kEveryAgency = "k.agency_id IN (SELECT id FROM agencies)";
// The earliest date, for sums "up to a day".
constexpr Date kBeginning{1, 1, 1};

struct SummaryRequest {
  Date from, to;
  std::optional<int64_t> agency_id;
  std::string agency_path;  // with include_sub
  bool include_sub = false;
  std::vector<std::string> kinds;
};

bool ParseBool(const Params& params, const char* name) {
  const auto v = params.Get(name);
  if (!v || *v == "false" || *v == "0") return false;
  if (*v == "true" || *v == "1" || v->empty()) return true;
  ThrowInvalidField(name, "应为 true 或 false");
}

Date ParseDate(const Params& params, const char* name, Date fallback) {
  const auto v = params.Get(name);
  if (!v) return fallback;
  const auto d = Date::Parse(*v);
  if (!d) ThrowInvalidField(name, "应为有效日期，格式 YYYY-MM-DD");
  return *d;
}

SummaryRequest ParseRequest(store::Connection& conn, const Params& params, Date today) {
  SummaryRequest r;
  r.to = ParseDate(params, "to", today);
  r.from = ParseDate(params, "from", Date{r.to.year, 1, 1});
  if (r.from > r.to) ThrowInvalidField("from", "开始日期不能晚于结束日期");
  r.include_sub = ParseBool(params, "include_sub");
  r.agency_id = ParseIdParam(params, "agency_id");
  if (r.agency_id) {
    auto rows = conn.Query(kAgencyPath, *r.agency_id);
    if (!rows.Next()) ThrowInvalidField("agency_id", "机构不存在");
    r.agency_path = rows.Str(0);
  }
  if (const auto kind = params.Get("kind")) {
    size_t start = 0;
    for (;;) {
      const size_t comma = kind->find(',', start);
      std::string value = kind->substr(start, comma == std::string::npos ? comma : comma - start);
      if (!reg::InDict("case_kind", value)) {
        ThrowInvalidField("kind", "取值“" + value + "”无效，可选值见 /api/v1/dict 的 case_kind");
      }
      r.kinds.push_back(std::move(value));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return r;
}

// The part of a cases_query that says whose cases.
std::string AgencyQuery(const SummaryRequest& r) {
  std::string q;
  if (r.agency_id) {
    q += "&agency_id=" + std::to_string(*r.agency_id);
    if (r.include_sub) q += "&include_sub=true";
  }
  return q;
}

// The part of every cases_query that says whose cases of which kinds.
std::string HolderQuery(const SummaryRequest& r) {
  std::string q = AgencyQuery(r);
  if (!r.kinds.empty()) {
    q += "&kind=";
    for (size_t i = 0; i < r.kinds.size(); ++i) q += (i ? "," : "") + PercentEncode(r.kinds[i]);
  }
  return q + "&shared=false";
}

// The counters rows of the agencies and kinds asked for, within the caller's scope: the same
// cases as the list's agency_id, include_sub, kind and shared=false filters.
store::Conditions CounterRows(const auth::Principal& p, const SummaryRequest& r) {
  store::Conditions w;
  if (r.agency_id && r.include_sub) {
    w.Add("k.agency_id IN (SELECT id FROM agencies WHERE path LIKE ?)", r.agency_path + "%");
  } else if (r.agency_id) {
    w.Add("k.agency_id = ?", *r.agency_id);
  }
  const auth::SqlCondition held = auth::AgencyScope(p, "k.agency_id");
  w.Add(held.sql, held.params);
  if (!r.agency_id && held.empty()) w.Add(std::string(kEveryAgency));
  if (!r.kinds.empty()) {
    std::string in;
    std::vector<store::Param> kinds;
    for (const auto& k : r.kinds) {
      in += in.empty() ? "?" : ", ?";
      kinds.emplace_back(k);
    }
    w.Add("k.kind IN (" + in + ")", kinds);
  }
  return w;
}

// The WHERE clause of a cases_query, as the case list builds it.
store::Conditions ListFilter(store::Connection& conn, const auth::Principal& p,
                             const std::string& query, Date today) {
  const auto params = Params::Parse(query.substr(kCasesPath.size()));
  if (!params) throw std::logic_error("malformed cases_query " + query);
  return CaseListFilter(conn, p, *params, today);
}

int64_t CountCases(store::Connection& conn, const auth::Principal& p, const std::string& query,
                   Date today) {
  const store::Conditions f = ListFilter(conn, p, query, today);
  auto rows = conn.QueryV("SELECT COUNT(*) FROM cases c" + f.Where(), f.params());
  return rows.Next() ? rows.Int(0) : 0;
}

boost::json::object Figure(int64_t value, const std::string& query) {
  return {{"value", value}, {"cases_query", query}};
}

// n / d in tenths (rounded half up), as a number with one decimal; null when d is 0.
boost::json::value Tenths(int64_t n, int64_t scale, int64_t d) {
  if (d <= 0) return nullptr;
  const int64_t tenths = (2 * n * scale * 10 + d) / (2 * d);
  return static_cast<double>(tenths) / 10.0;
}

boost::json::object Ratio(const boost::json::object& numerator,
                          const boost::json::object& denominator, int64_t scale,
                          std::string_view unit) {
  return {{"value",
           Tenths(numerator.at("value").as_int64(), scale, denominator.at("value").as_int64())},
          {"unit", unit},
          {"numerator", numerator},
          {"denominator", denominator}};
}

// The day `months` calendar months before `d`, on the same day number or the month's last day.
Date MonthsBefore(Date d, int months) {
  int y = d.year, m = d.month - months;
  while (m < 1) {
    m += 12;
    --y;
  }
  const int last = DaysInMonth(y, m);
  return Date{y, m, std::min(d.day, last)};
}

// Pending cases by age (shared/domain/indicators.md "Pending by age"): the age runs from the
// receiving day to `as_of`; bucket i holds cases received after as_of − kAgeMonths[i] and on or
// before as_of − kAgeMonths[i−1] (the last has no lower bound).
struct AgeBucket {
  std::string_view code, label;
  int months;  // the upper bound of the age, 0 for none
};
constexpr AgeBucket kAgeBuckets[] = {
    {"m1", "1个月以内", 1},  {"m3", "1–3个月", 3}, {"m6", "3–6个月", 6},
    {"m12", "6–12个月", 12}, {"y2", "1–2年", 24},  {"over2y", "2年以上", 0},
};
// At most this many months in the intake-vs-closure series (the newest are kept).
constexpr int kMaxMonths = 36;

}  // namespace

boost::json::object DashboardSummary(store::Connection& conn, const auth::Principal& p,
                                     const Params& params, Date today) {
  const SummaryRequest r = ParseRequest(conn, params, today);
  const std::string from = r.from.ToString();
  const std::string to = r.to.ToString();
  const std::string holder = HolderQuery(r);
  const std::string cases(kCasesPath);
  const std::string q_received = cases + "received_from=" + from + "&received_to=" + to + holder;
  const std::string q_closed = cases + "closed_from=" + from + "&closed_to=" + to + holder;
  const std::string q_in_limit = q_closed + "&in_limit=true";
  const std::string q_closed_filed = q_closed + "&filed=true";
  const std::string q_pending = cases + "pending_on=" + to + holder;
  const std::string q_near = cases + "deadline=near" + holder;
  const std::string q_overdue = cases + "deadline=overdue" + holder;

  int64_t received = 0, closed = 0, in_limit = 0, closed_filed = 0, closed_days = 0, pending = 0;
  if (p.kind != auth::Principal::Kind::kSystem && p.scope == auth::DataScope::kOwnCases) {
    received = CountCases(conn, p, q_received, today);
    closed = CountCases(conn, p, q_closed, today);
    in_limit = CountCases(conn, p, q_in_limit, today);
    pending = CountCases(conn, p, q_pending, today);
    const store::Conditions f = ListFilter(conn, p, q_closed_filed, today);
    auto rows = conn.QueryV("SELECT c.filed_on, c.closed_on FROM cases c" + f.Where(), f.params());
    while (rows.Next()) {
      ++closed_filed;
      closed_days += ElapsedDays(rows.Text(0), rows.Text(1));
    }
  } else {
    const store::Conditions w = CounterRows(p, r);
    auto in_range = SumCounts(conn, w,
                              {kMetricReceived, kMetricClosed, kMetricClosedInLimit,
                               kMetricClosedFiled, kMetricClosedDays},
                              r.from, r.to);
    auto before =
        SumCounts(conn, w, {kMetricReceived, kMetricClosed}, kBeginning, r.from.AddDays(-1));
    received = in_range[std::string(kMetricReceived)];
    closed = in_range[std::string(kMetricClosed)];
    in_limit = in_range[std::string(kMetricClosedInLimit)];
    closed_filed = in_range[std::string(kMetricClosedFiled)];
    closed_days = in_range[std::string(kMetricClosedDays)];
    // Pending at the end of `to`: received by then less closed by then.
    pending = before[std::string(kMetricReceived)] + received - before[std::string(kMetricClosed)] -
              closed;
  }

  const boost::json::object received_fig = Figure(received, q_received);
  const boost::json::object closed_fig = Figure(closed, q_closed);
  const boost::json::object closed_filed_fig = Figure(closed_filed, q_closed_filed);
  boost::json::object out{
      {"from", from},
      {"to", to},
      {"as_of", today.ToString()},
      {"agency_id", r.agency_id ? boost::json::value(*r.agency_id) : nullptr},
      {"include_sub", r.include_sub},
      {"kind", params.Get("kind") ? boost::json::value(*params.Get("kind")) : nullptr},
      {"received", received_fig},
      {"closed", closed_fig},
      {"pending", Figure(pending, q_pending)},
      {"closure_ratio", Ratio(closed_fig, received_fig, 100, "percent")},
      {"in_limit_rate", Ratio(Figure(in_limit, q_in_limit), closed_fig, 100, "percent")},
      {"mean_trial_days",
       Ratio(boost::json::object{{"value", closed_days}}, closed_filed_fig, 1, "days")},
      {"near", Figure(CountCases(conn, p, q_near, today), q_near)},
      {"overdue", Figure(CountCases(conn, p, q_overdue, today), q_overdue)},
  };
  return out;
}

boost::json::object DashboardCharts(store::Connection& conn, const auth::Principal& p,
                                    const Params& params, Date today,
                                    const wf::Registry& workflows) {
  const SummaryRequest r = ParseRequest(conn, params, today);
  const std::string holder = HolderQuery(r);
  const std::string cases(kCasesPath);
  const bool own_cases =
      p.kind != auth::Principal::Kind::kSystem && p.scope == auth::DataScope::kOwnCases;

  // Pending at the end of `to`, by age: counted through the list's own filter, so each figure
  // equals its cases_query.
  boost::json::array ages;
  Date newer = r.to;  // the newest receiving day of the bucket
  for (const auto& b : kAgeBuckets) {
    std::string q = cases + "pending_on=" + r.to.ToString();
    Date older{1, 1, 1};
    if (b.months > 0) {
      older = MonthsBefore(r.to, b.months).AddDays(1);
      q += "&received_from=" + older.ToString();
    }
    q += "&received_to=" + newer.ToString() + holder;
    boost::json::object fig = Figure(CountCases(conn, p, q, today), q);
    fig["code"] = b.code;
    fig["label"] = b.label;
    ages.push_back(std::move(fig));
    newer = older.AddDays(-1);
  }

  // Intake and closure by month over [from, to] (partial months at the ends).
  boost::json::array monthly;
  Date start{r.from.year, r.from.month, 1};
  if ((r.to.year - start.year) * 12 + r.to.month - start.month >= kMaxMonths) {
    start = MonthsBefore(Date{r.to.year, r.to.month, 1}, kMaxMonths - 1);
  }
  const store::Conditions rows = CounterRows(p, r);
  for (Date m = start; m <= r.to;
       m = Date{m.month == 12 ? m.year + 1 : m.year, m.month == 12 ? 1 : m.month + 1, 1}) {
    const Date first = m < r.from ? r.from : m;
    const Date next{m.month == 12 ? m.year + 1 : m.year, m.month == 12 ? 1 : m.month + 1, 1};
    const Date last = next.AddDays(-1) < r.to ? next.AddDays(-1) : r.to;
    const std::string q_received =
        cases + "received_from=" + first.ToString() + "&received_to=" + last.ToString() + holder;
    const std::string q_closed =
        cases + "closed_from=" + first.ToString() + "&closed_to=" + last.ToString() + holder;
    int64_t received = 0, closed = 0;
    if (own_cases) {
      received = CountCases(conn, p, q_received, today);
      closed = CountCases(conn, p, q_closed, today);
    } else {
      auto sums = SumCounts(conn, rows, {kMetricReceived, kMetricClosed}, first, last);
      received = sums[std::string(kMetricReceived)];
      closed = sums[std::string(kMetricClosed)];
    }
    char month[8];
    std::snprintf(month, sizeof month, "%04d-%02d", m.year, m.month);
    monthly.push_back(boost::json::object{{"month", month},
                                          {"received", Figure(received, q_received)},
                                          {"closed", Figure(closed, q_closed)}});
  }

  // Time spent per stage: the days cases spent in each stage they left within [from, to], and
  // how many left it (docs/indicators.md: stage_days and stage_exits), summed over the kinds
  // asked for; a stage code means the same step in every kind that has it. Counters only: a
  // caller who sees only their own cases has no per-stage figures.
  boost::json::array stage_days;
  if (!own_cases) {
    std::vector<std::string> names;
    std::vector<std::pair<std::string, std::string>> stages;  // code, label in first-seen order
    for (const auto& kind : reg::DictValues("case_kind")) {
      if (!r.kinds.empty() && std::find(r.kinds.begin(), r.kinds.end(), kind) == r.kinds.end()) {
        continue;
      }
      const wf::Definition* def = workflows.Find(kind);
      if (!def) continue;
      for (const auto& st : def->states) {
        if (st.final) continue;
        if (std::none_of(stages.begin(), stages.end(),
                         [&](const auto& s) { return s.first == st.code; })) {
          stages.emplace_back(st.code, st.label);
          names.push_back("stage_days:" + st.code);
          names.push_back("stage_exits:" + st.code);
        }
      }
    }
    const std::vector<std::string_view> metrics(names.begin(), names.end());
    auto sums = SumCounts(conn, rows, metrics, r.from, r.to);
    for (const auto& [code, label] : stages) {
      const int64_t days = sums["stage_days:" + code];
      const int64_t exits = sums["stage_exits:" + code];
      if (exits == 0) continue;
      stage_days.push_back(boost::json::object{{"stage", code},
                                               {"stage_label", label},
                                               {"exits", exits},
                                               {"days", days},
                                               {"mean_days", Tenths(days, 1, exits)}});
    }
  }

  // Open cases by agency, kind and workflow stage as of today (a stage is the case's current
  // state), in tree order: one GROUP BY over the list's own filter, so each count equals its
  // cases_query (the agency alone, the kind, the stage).
  boost::json::array stages;
  {
    const std::string today_s = today.ToString();
    const store::Conditions f =
        ListFilter(conn, p, cases + "pending_on=" + today_s + holder, today);
    auto groups = conn.QueryV(
        "SELECT c.agency_id, a.name, c.kind, c.stage, COUNT(*) FROM cases c "
        "JOIN agencies a ON a.id = c.agency_id" +
            f.Where() +
            " AND c.stage IS NOT NULL GROUP BY c.agency_id, a.name, a.path, c.kind, c.stage "
            "ORDER BY a.path, c.kind, c.stage",
        f.params());
    while (groups.Next()) {
      const std::string kind = groups.Str(2), stage = groups.Str(3);
      std::string label = stage;
      if (const wf::Definition* def = workflows.Find(kind)) {
        for (const auto& st : def->states) {
          if (st.code == stage) label = st.label;
        }
      }
      const std::string q =
          cases + "pending_on=" + today_s + "&agency_id=" + std::to_string(groups.Int(0)) +
          "&kind=" + PercentEncode(kind) + "&stage=" + PercentEncode(stage) + "&shared=false";
      boost::json::object fig = Figure(groups.Int(4), q);
      fig["agency_id"] = groups.Int(0);
      fig["agency_name"] = groups.Str(1);
      fig["kind"] = kind;
      fig["stage"] = stage;
      fig["stage_label"] = label;
      stages.push_back(std::move(fig));
    }
  }

  // Pending cases at the end of `to` by the map's division (service/divisions.h), 市本级 last.
  boost::json::array map;
  auto add_division = [&](const Division& d) {
    const std::string q =
        cases + "pending_on=" + r.to.ToString() + "&division=" + std::string(d.code) + holder;
    boost::json::object fig = Figure(CountCases(conn, p, q, today), q);
    fig["division"] = d.name;
    fig["area_code"] = d.code;
    map.push_back(std::move(fig));
  };
  for (const auto& d : kDivisions) add_division(d);
  add_division(kCityLevel);

  // The flow between agencies (the Sankey): the cases received within [from, to] by a hand-over
  // that was not returned, grouped by the hand-over's type, the source case's kind and agency
  // type, and the receiving case's kind and agency type. The receiving case is what is counted
  // (held within the scope, of the kinds asked for), through the list's own filter.
  boost::json::array flow;
  {
    const std::string range =
        "received_from=" + r.from.ToString() + "&received_to=" + r.to.ToString();
    const store::Conditions f = ListFilter(conn, p, cases + range + holder, today);
    auto groups = conn.QueryV(
        "SELECT t.type, s.kind, sa.type, c.kind, ca.type, COUNT(*) FROM cases c "
        "JOIN transfers t ON t.to_case_id = c.id AND t.status <> 'returned' "
        "JOIN cases s ON s.id = t.from_case_id JOIN agencies sa ON sa.id = s.agency_id "
        "JOIN agencies ca ON ca.id = c.agency_id" +
            f.Where() + " GROUP BY t.type, s.kind, sa.type, c.kind, ca.type ORDER BY 6 DESC",
        f.params());
    while (groups.Next()) {
      const std::string q = cases + range + AgencyQuery(r) + "&kind=" + groups.Str(3) +
                            "&agency_type=" + groups.Str(4) + "&via=" + groups.Str(0) +
                            "&from_kind=" + groups.Str(1) + "&from_agency_type=" + groups.Str(2) +
                            "&shared=false";
      boost::json::object fig = Figure(groups.Int(5), q);
      fig["type"] = groups.Str(0);
      fig["from_kind"] = groups.Str(1);
      fig["from_agency_type"] = groups.Str(2);
      fig["to_kind"] = groups.Str(3);
      fig["to_agency_type"] = groups.Str(4);
      flow.push_back(std::move(fig));
    }
  }

  return {{"from", r.from.ToString()},     {"to", r.to.ToString()},
          {"as_of", today.ToString()},     {"age_buckets", std::move(ages)},
          {"monthly", std::move(monthly)}, {"stage_days", std::move(stage_days)},
          {"stages", std::move(stages)},   {"map", std::move(map)},
          {"flow", std::move(flow)}};
}

}  // namespace sg::svc
