#include "service/dashboard.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/scope.h"
#include "base/errors.h"
#include "register/dict.h"
#include "service/counters.h"
#include "service/paging.h"

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

// The part of every cases_query that says whose cases of which kinds.
std::string HolderQuery(const SummaryRequest& r) {
  std::string q;
  if (r.agency_id) {
    q += "&agency_id=" + std::to_string(*r.agency_id);
    if (r.include_sub) q += "&include_sub=true";
  }
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

}  // namespace sg::svc
