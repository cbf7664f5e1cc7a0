#include "service/dashboard.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/scope.h"
#include "base/errors.h"
#include "base/json_util.h"
#include "register/dict.h"
#include "service/counters.h"
#include "service/divisions.h"
#include "service/paging.h"
#include "workflow/definition.h"

namespace sg::svc {
namespace {

constexpr std::string_view kAgencyPath = "SELECT path FROM agencies WHERE id = ?";
constexpr std::string_view kAgencyIds = "SELECT id FROM agencies ORDER BY id";
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
  // The caller's data scope holds every agency (read once a request).
  bool every_agency = false;
  std::vector<std::string> kinds;
};

// Whether the caller's data scope holds every agency.
bool SeesEveryAgency(store::Connection& conn, const auth::Principal& p) {
  if (p.scope == auth::DataScope::kAll) return true;
  std::vector<int64_t> all;
  for (auto r = conn.Query(kAgencyIds); r.Next();) all.push_back(r.Int(0));
  return all == p.scope_agencies;
}

SummaryRequest ParseRequest(store::Connection& conn, const auth::Principal& p, const Params& params,
                            Date today) {
  SummaryRequest r;
  r.every_agency = SeesEveryAgency(conn, p);
  r.to = ParseDateParam(params, "to").value_or(today);
  r.from = ParseDateParam(params, "from").value_or(Date{r.to.year, 1, 1});
  if (r.from > r.to) ThrowInvalidField("from", "开始日期不能晚于结束日期");
  r.include_sub = ParseBoolParam(params, "include_sub");
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
// cases as the list's agency_id, include_sub, kind and shared=false filters. `by_agency` names
// the agencies (for figures per agency, and for case_counted); `totals` gives the same sums, from
// the rollup rows when the caller sees every agency and asks for none: kRollupAll's when they ask
// for no kind either (`city`), else kRollupAgency's of the kinds.
struct CounterScope {
  store::Conditions by_agency, totals;
  // The case_counted rows of the same cases: without an agency condition when every agency is in.
  store::Conditions counted;
  // totals are kRollupAll's rows, which alone hold closed_at (service/counters.h).
  bool city = false;
};

CounterScope CounterRows(const auth::Principal& p, const SummaryRequest& r) {
  store::Conditions w;
  if (r.agency_id && r.include_sub) {
    w.Add("k.agency_id IN (SELECT id FROM agencies WHERE path LIKE ?)", r.agency_path + "%");
  } else if (r.agency_id) {
    w.Add("k.agency_id = ?", *r.agency_id);
  }
  const auth::SqlCondition held = auth::AgencyScope(p, "k.agency_id");
  w.Add(held.sql, held.params);
  if (!r.agency_id && held.empty()) w.Add(std::string(kEveryAgency));
  store::Conditions totals, counted;
  const bool rollup = !r.agency_id && r.every_agency;
  if (rollup && r.kinds.empty()) {
    totals.Add("k.agency_id = ?", kRollupAll);
    return {w, totals, counted, true};
  }
  if (rollup) totals.Add("k.agency_id = ?", kRollupAgency);
  if (!r.kinds.empty()) {
    std::string in;
    std::vector<store::Param> kinds;
    for (const auto& k : r.kinds) {
      in += in.empty() ? "?" : ", ?";
      kinds.emplace_back(k);
    }
    w.Add("k.kind IN (" + in + ")", kinds);
    if (rollup) {
      totals.Add("k.kind IN (" + in + ")", kinds);
      counted.Add("k.kind IN (" + in + ")", kinds);
    }
  }
  if (!rollup) return {w, w, w};
  return {w, totals, counted, false};
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
// A caller who sees only their own cases: figures are counted through the case list (counters
// per agency cannot tell whose a case is).
bool OwnCasesOnly(const auth::Principal& p) {
  return p.kind != auth::Principal::Kind::kSystem && p.scope == auth::DataScope::kOwnCases;
}

// At most this many months in the intake-vs-closure series (the newest are kept).
constexpr int kMaxMonths = 36;

// Every agency's name, tree path and type, by id (a few hundred rows at most).
struct AgencyInfo {
  std::string name, path, type;
};
using Agencies = std::map<int64_t, AgencyInfo>;
Agencies LoadAgencies(store::Connection& conn) {
  Agencies out;
  auto r = conn.Query("SELECT id, name, path, type FROM agencies");
  while (r.Next()) out[r.Int(0)] = {r.Str(1), r.Str(2), r.Str(3)};
  return out;
}

// `prefix` followed by the code of each map division, 市本级 last.
std::vector<std::string> PerDivision(std::string_view prefix) {
  std::vector<std::string> out;
  out.reserve(kDivisions.size() + 1);
  for (const auto& d : kDivisions) out.push_back(std::string(prefix) + std::string(d.code));
  out.push_back(std::string(prefix) + std::string(kCityLevel.code));
  return out;
}

// The cases pending at the end of day `day` held by the counter rows `rows`, from the counters
// (service/counters.h): those open now, plus those received by `day` and closed after it — in the
// months after its month from closed_in (by age) or closed_month (by division), in the rest of its
// month from closed_at (by age) and closed_div less closed_month (by division) for the whole city,
// else counted from case_counted (at most one month of closings; none when `day` ends a month).
// Nothing closes after today, so for a `day` in today's month only the open counters are read.
// `ranges` are the receiving-day ranges Received will be asked for, and `by_division` whether
// ByDivision will be: the rest of the month is counted for them in one read.
class PendingAt {
 public:
  PendingAt(store::Connection& conn, const CounterScope& rows, Date day, Date today,
            std::vector<std::pair<Date, Date>> ranges, bool by_division)
      : conn_(conn), rows_(rows), day_(day), ranges_(std::move(ranges)) {
    for (auto& range : ranges_) range.second = std::min(range.second, day);
    const Date month_end{day.year, day.month, DaysInMonth(day.year, day.month)};
    const Date next = month_end.AddDays(1);
    // The closed_in and closed_month metrics of the months after day's month up to today's,
    // named one by one so that each is an index seek followed by a range of receiving days (a
    // range of metrics would walk every receiving day of every metric in it).
    for (Date m = next; m <= today;
         m = Date{m.year, m.month, DaysInMonth(m.year, m.month)}.AddDays(1)) {
      const std::string month = m.ToString().substr(0, 7);
      later_.push_back(std::string(kMetricClosedIn) + month);
      const auto month_metrics = PerDivision(std::string(kMetricClosedMonth) + month + ":");
      later_by_division_.insert(later_by_division_.end(), month_metrics.begin(),
                                month_metrics.end());
    }
    if (by_division) divisions_ = PerDivision("");
    if (day >= month_end || day >= today) return;
    rest_ = {day.AddDays(1), std::min(month_end, today)};
    if (rows.city) {
      // The closing days of the rest of the month, each a metric of its own.
      for (Date c = rest_->first; c <= rest_->second; c = c.AddDays(1)) {
        later_.push_back(std::string(kMetricClosedAt) + c.ToString());
      }
    } else {
      rest_of_month_ = SumClosedAfter(conn, rows.counted, day, month_end, ranges_, divisions_);
    }
  }

  // Those received within [from, to] (to at most `day`): one of the constructor's ranges.
  int64_t Received(Date from, Date to) const {
    to = std::min(to, day_);
    const auto it = std::find(ranges_.begin(), ranges_.end(), std::pair<Date, Date>{from, to});
    if (it == ranges_.end()) throw std::logic_error("PendingAt: a range it was not built for");
    std::vector<std::string_view> metrics(later_.begin(), later_.end());
    metrics.push_back(kMetricOpen);
    int64_t n = 0;
    for (const auto& [metric, sum] : SumCounts(conn_, rows_.totals, metrics, from, to)) n += sum;
    if (!rest_of_month_.in_range.empty()) n += rest_of_month_.in_range[it - ranges_.begin()];
    return n;
  }

  // All of them by the map's division (area code).
  std::map<std::string, int64_t, std::less<>> ByDivision() const {
    if (divisions_.empty()) throw std::logic_error("PendingAt: not built by division");
    std::map<std::string, int64_t, std::less<>> out;
    const std::vector<std::string> open = PerDivision(kMetricOpenDivision);
    std::vector<std::string_view> metrics(open.begin(), open.end());
    metrics.insert(metrics.end(), later_by_division_.begin(), later_by_division_.end());
    // open_div:<division> and closed_month:<YYYY-MM>:<division>
    for (const auto& [metric, n] : SumCounts(conn_, rows_.totals, metrics, kBeginning, day_)) {
      if (n != 0) out[metric.substr(metric.rfind(':') + 1)] += n;
    }
    if (rows_.city && rest_) {
      // Closed in the rest of the month: all those closed on its days (closed_div), less those
      // of them received after `day` (closed_month of day's month on those receiving days), in
      // one read of the days.
      std::vector<std::string> rest = PerDivision(kMetricClosedDivision);
      const auto same_month =
          PerDivision(std::string(kMetricClosedMonth) + day_.ToString().substr(0, 7) + ":");
      rest.insert(rest.end(), same_month.begin(), same_month.end());
      for (const auto& [metric, n] : SumCounts(conn_, rows_.totals, {rest.begin(), rest.end()},
                                               rest_->first, rest_->second)) {
        const int64_t sign = metric.starts_with(kMetricClosedDivision) ? 1 : -1;
        if (n != 0) out[metric.substr(metric.rfind(':') + 1)] += sign * n;
      }
    }
    for (size_t i = 0; i < rest_of_month_.in_division.size(); ++i) {
      out[divisions_[i]] += rest_of_month_.in_division[i];
    }
    return out;
  }

 private:
  store::Connection& conn_;
  const CounterScope& rows_;
  Date day_;
  // closed_in of the months after day's and, for the city, closed_at of the rest of its month;
  // closed_month:<YYYY-MM>:<division> of the months after day's. Empty when none has come yet.
  std::vector<std::string> later_, later_by_division_;
  std::vector<std::pair<Date, Date>> ranges_;  // to at most day_
  std::vector<std::string> divisions_;         // codes, when ByDivision is wanted
  // The days after `day` in its month up to today, when there are any.
  std::optional<std::pair<Date, Date>> rest_;
  // Not for the city: the cases closed in the rest of day's month, per range and division (empty
  // when none can be).
  ClosedAfterSums rest_of_month_;
};

}  // namespace

boost::json::object DashboardSummary(store::Connection& conn, const auth::Principal& p,
                                     const Params& params, Date today) {
  const SummaryRequest r = ParseRequest(conn, p, params, today);
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
  if (OwnCasesOnly(p)) {
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
    const store::Conditions w = CounterRows(p, r).totals;
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

  // As of today, from the earliest running deadline (the list's deadline filter): through the
  // list for own cases, else from the due, near_from and near_until counters
  // (service/counters.h).
  int64_t near = 0, overdue = 0;
  if (OwnCasesOnly(p)) {
    near = CountCases(conn, p, q_near, today);
    overdue = CountCases(conn, p, q_overdue, today);
  } else {
    const store::Conditions w = CounterRows(p, r).totals;
    auto upto = SumCounts(conn, w, {kMetricNearFrom}, kBeginning, today);
    auto before = SumCounts(conn, w, {kMetricDue, kMetricNearUntil}, kBeginning, today.AddDays(-1));
    overdue = before[std::string(kMetricDue)];
    near = upto[std::string(kMetricNearFrom)] - before[std::string(kMetricNearUntil)];
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
      {"near", Figure(near, q_near)},
      {"overdue", Figure(overdue, q_overdue)},
  };
  return out;
}

boost::json::object DashboardCharts(store::Connection& conn, const auth::Principal& p,
                                    const Params& params, Date today,
                                    const wf::Registry& workflows) {
  const SummaryRequest r = ParseRequest(conn, p, params, today);
  const std::string holder = HolderQuery(r);
  const std::string cases(kCasesPath);
  const bool own_cases = OwnCasesOnly(p);

  // The age buckets' receiving days: [older, newer] each, newest first.
  std::vector<std::pair<Date, Date>> bucket_days;
  for (Date newer = r.to; const auto& b : kAgeBuckets) {
    const Date older = b.months > 0 ? MonthsBefore(r.to, b.months).AddDays(1) : kBeginning;
    bucket_days.emplace_back(older, newer);
    newer = older.AddDays(-1);
  }
  const CounterScope rows = CounterRows(p, r);
  std::optional<PendingAt> pending;
  if (!own_cases) pending.emplace(conn, rows, r.to, today, bucket_days, true);

  // Pending at the end of `to`, by age (the list's pending_on filter): from the counters
  // (PendingAt) or, for own cases, through the list itself.
  boost::json::array ages;
  for (size_t i = 0; i < std::size(kAgeBuckets); ++i) {
    const auto& b = kAgeBuckets[i];
    const auto& [older, newer] = bucket_days[i];
    std::string q = cases + "pending_on=" + r.to.ToString();
    if (b.months > 0) q += "&received_from=" + older.ToString();
    q += "&received_to=" + newer.ToString() + holder;
    const int64_t n = own_cases ? CountCases(conn, p, q, today) : pending->Received(older, newer);
    boost::json::object fig = Figure(n, q);
    fig["code"] = b.code;
    fig["label"] = b.label;
    ages.push_back(std::move(fig));
  }

  // Intake and closure by month over [from, to] (partial months at the ends).
  boost::json::array monthly;
  Date start{r.from.year, r.from.month, 1};
  if ((r.to.year - start.year) * 12 + r.to.month - start.month >= kMaxMonths) {
    start = MonthsBefore(Date{r.to.year, r.to.month, 1}, kMaxMonths - 1);
  }
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
      auto sums = SumCounts(conn, rows.totals, {kMetricReceived, kMetricClosed}, first, last);
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
    auto sums = SumCounts(conn, rows.totals, metrics, r.from, r.to);
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
  // state), in tree order, each with its cases_query (the agency alone, the kind, the stage):
  // from the open_stage counters, or for own cases one GROUP BY over the list's own filter.
  boost::json::array stages;
  {
    const std::string today_s = today.ToString();
    std::map<std::tuple<int64_t, std::string, std::string>, int64_t> open;  // agency, kind, stage
    if (own_cases) {
      const store::Conditions f =
          ListFilter(conn, p, cases + "pending_on=" + today_s + holder, today);
      auto groups =
          conn.QueryV("SELECT c.agency_id, c.kind, c.stage, COUNT(*) FROM cases c" + f.Where() +
                          " AND c.stage IS NOT NULL GROUP BY c.agency_id, c.kind, c.stage",
                      f.params());
      while (groups.Next()) open[{groups.Int(0), groups.Str(1), groups.Str(2)}] = groups.Int(3);
    } else {
      for (const auto& [key, n] :
           SumCountRows(conn, rows.by_agency, kMetricOpenStage, kBeginning, today)) {
        const auto& [agency, kind, metric] = key;
        open[{agency, kind, metric.substr(kMetricOpenStage.size())}] += n;
      }
      for (const auto& c : ClosedAfter(conn, rows.by_agency, today)) {
        if (!c.stage.empty()) open[{c.agency_id, c.kind, c.stage}] += 1;
      }
    }
    const Agencies agencies = LoadAgencies(conn);
    std::vector<
        std::pair<std::tuple<std::string, std::string, std::string>, std::pair<int64_t, int64_t>>>
        ordered;  // (path, kind, stage) -> (agency, count)
    for (const auto& [key, n] : open) {
      const auto& [agency, kind, stage] = key;
      if (n != 0) ordered.push_back({{agencies.at(agency).path, kind, stage}, {agency, n}});
    }
    std::sort(ordered.begin(), ordered.end());
    for (const auto& [key, value] : ordered) {
      const auto& [path, kind, stage] = key;
      const auto& [agency, n] = value;
      std::string label = stage;
      if (const wf::Definition* def = workflows.Find(kind)) {
        for (const auto& st : def->states) {
          if (st.code == stage) label = st.label;
        }
      }
      const std::string q =
          cases + "pending_on=" + today_s + "&agency_id=" + std::to_string(agency) +
          "&kind=" + PercentEncode(kind) + "&stage=" + PercentEncode(stage) + "&shared=false";
      boost::json::object fig = Figure(n, q);
      fig["agency_id"] = agency;
      fig["agency_name"] = agencies.at(agency).name;
      fig["kind"] = kind;
      fig["stage"] = stage;
      fig["stage_label"] = label;
      stages.push_back(std::move(fig));
    }
  }

  // Pending cases at the end of `to` by the map's division (service/divisions.h), 市本级 last.
  boost::json::array map;
  std::map<std::string, int64_t, std::less<>> by_division;
  if (!own_cases) by_division = pending->ByDivision();
  auto add_division = [&](const Division& d) {
    const std::string q =
        cases + "pending_on=" + r.to.ToString() + "&division=" + std::string(d.code) + holder;
    const auto it = by_division.find(d.code);
    const int64_t n =
        own_cases ? CountCases(conn, p, q, today) : (it == by_division.end() ? 0 : it->second);
    boost::json::object fig = Figure(n, q);
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
    // (type, from_kind, from_agency_type, to_kind, to_agency_type) -> cases
    std::map<std::array<std::string, 5>, int64_t> groups;
    if (own_cases) {
      const store::Conditions f = ListFilter(conn, p, cases + range + holder, today);
      auto g = conn.QueryV(
          "SELECT t.type, s.kind, sa.type, c.kind, ca.type, COUNT(*) FROM cases c "
          "JOIN transfers t ON t.to_case_id = c.id AND t.status <> 'returned' "
          "JOIN cases s ON s.id = t.from_case_id JOIN agencies sa ON sa.id = s.agency_id "
          "JOIN agencies ca ON ca.id = c.agency_id" +
              f.Where() + " GROUP BY t.type, s.kind, sa.type, c.kind, ca.type",
          f.params());
      while (g.Next()) groups[{g.Str(0), g.Str(1), g.Str(2), g.Str(3), g.Str(4)}] += g.Int(5);
    } else {
      const Agencies agencies = LoadAgencies(conn);
      for (const auto& [key, n] : SumCountRows(conn, rows.by_agency, kMetricVia, r.from, r.to)) {
        const auto& [agency, kind, metric] = key;
        // via:<type>:<from_kind>:<from_agency_type>
        const std::string v = metric.substr(kMetricVia.size());
        const size_t a = v.find(':'), b = v.find(':', a + 1);
        if (a == std::string::npos || b == std::string::npos) continue;
        groups[{v.substr(0, a), v.substr(a + 1, b - a - 1), v.substr(b + 1), kind,
                agencies.at(agency).type}] += n;
      }
    }
    std::vector<std::pair<int64_t, std::array<std::string, 5>>> ordered;
    for (const auto& [key, n] : groups) {
      if (n != 0) ordered.emplace_back(n, key);
    }
    // The biggest flows first; equal ones in a fixed order.
    std::sort(ordered.begin(), ordered.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    for (const auto& [n, key] : ordered) {
      const auto& [type, from_kind, from_agency_type, to_kind, to_agency_type] = key;
      const std::string q = cases + range + AgencyQuery(r) + "&kind=" + to_kind +
                            "&agency_type=" + to_agency_type + "&via=" + type +
                            "&from_kind=" + from_kind + "&from_agency_type=" + from_agency_type +
                            "&shared=false";
      boost::json::object fig = Figure(n, q);
      fig["type"] = type;
      fig["from_kind"] = from_kind;
      fig["from_agency_type"] = from_agency_type;
      fig["to_kind"] = to_kind;
      fig["to_agency_type"] = to_agency_type;
      flow.push_back(std::move(fig));
    }
  }

  return {{"from", r.from.ToString()},     {"to", r.to.ToString()},
          {"as_of", today.ToString()},     {"age_buckets", std::move(ages)},
          {"monthly", std::move(monthly)}, {"stage_days", std::move(stage_days)},
          {"stages", std::move(stages)},   {"map", std::move(map)},
          {"flow", std::move(flow)}};
}

namespace {

// The court indicators (shared/domain/indicators.md; docs/indicators.md gives each formula), in
// the order they are shown. `kinds` are the case kinds each counts (none: every kind).
struct IndicatorDef {
  std::string_view code, label, unit, formula;
  std::vector<std::string> kinds;
};
const std::vector<IndicatorDef>& Indicators() {
  static const std::vector<IndicatorDef> defs{
      {"case_dispute_ratio",
       "案-件比",
       "ratio",
       "期间收案数 ÷ 其中非经移送、分流、上诉而来的收案数（每一纠纷在本平台的第一件案件）",
       {}},
      {"in_limit_rate",
       "审限内结案率",
       "percent",
       "期间在审限（办理期限）内结案的案件数 ÷ 期间结案数",
       {}},
      {"mediation_withdrawal_rate",
       "调撤率",
       "percent",
       "民事、行政一审和二审案件中期间以调解、撤诉结案的案件数 ÷ 同类期间结案数",
       {"civil_first", "civil_second", "admin_first", "admin_second"}},
      {"appeal_rate",
       "上诉率",
       "percent",
       "民事、行政、刑事一审期间以判决结案且被上诉（上诉未被退回）的案件数 ÷ 同类期间以判决结案数",
       {"civil_first", "admin_first", "criminal_first"}},
      {"second_instance_revise_remand_rate",
       "二审改判-发回重审比",
       "percent",
       "民事、行政、刑事二审期间结案中改判、部分改判、发回重审的案件数 ÷ 同类期间结案数",
       {"civil_second", "admin_second", "criminal_second"}},
      {"over_12_months_ratio",
       "超12个月未结案件比",
       "percent",
       "期末未结案件中收案已满12个月的案件数 ÷ 期末未结案件数",
       {}},
      {"enforcement_recovery_rate",
       "执行到位率",
       "percent",
       "期间执结的执行案件实际到位金额之和 ÷ 申请执行金额之和",
       {"enforcement"}},
  };
  return defs;
}

const IndicatorDef* FindIndicator(std::string_view code) {
  for (const auto& d : Indicators()) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

// n / d in hundredths (rounded half up), as a number with two decimals; null when d is 0.
boost::json::value Hundredths(int64_t n, int64_t d) {
  if (d <= 0) return nullptr;
  const int64_t h = (2 * n * 100 + d) / (2 * d);
  return static_cast<double>(h) / 100.0;
}

std::string KindsQuery(const std::vector<std::string>& kinds) {
  std::string q;
  for (size_t i = 0; i < kinds.size(); ++i) q += (i ? "," : "&kind=") + kinds[i];
  return q;
}

}  // namespace

boost::json::object DashboardIndicators(store::Connection& conn, const auth::Principal& p,
                                        const Params& params, Date today) {
  if (params.Has("kind")) {
    ThrowInvalidField("kind", "各指标按其规定的案件类型统计，不按 kind 筛选");
  }
  const SummaryRequest base = ParseRequest(conn, p, params, today);
  const bool own = OwnCasesOnly(p);
  const std::string from = base.from.ToString(), to = base.to.ToString();
  const std::string cases(kCasesPath);

  std::map<std::string, std::pair<std::optional<double>, std::optional<double>>> ranges;
  {
    auto r = conn.Query("SELECT code, low, high FROM indicator_ranges");
    while (r.Next()) {
      ranges[r.Str(0)] = {r.IsNull(1) ? std::nullopt : std::optional<double>(r.Real(1)),
                          r.IsNull(2) ? std::nullopt : std::optional<double>(r.Real(2))};
    }
  }

  boost::json::array items;
  for (const auto& def : Indicators()) {
    SummaryRequest r = base;
    r.kinds = def.kinds;
    const std::string holder = AgencyQuery(r) + KindsQuery(def.kinds) + "&shared=false";
    const CounterScope rows = CounterRows(p, r);
    // A count of the cases behind `q`: through the list for own cases, else the counters'
    // `metrics` over [first, last].
    const auto count = [&](const std::string& q, const std::vector<std::string_view>& metrics,
                           Date first, Date last) {
      if (own) return CountCases(conn, p, q, today);
      int64_t n = 0;
      for (const auto& [m, v] : SumCounts(conn, rows.totals, metrics, first, last)) n += v;
      return n;
    };
    const std::string q_received = cases + "received_from=" + from + "&received_to=" + to + holder;
    const std::string q_closed = cases + "closed_from=" + from + "&closed_to=" + to + holder;
    boost::json::object num, den;
    if (def.code == "case_dispute_ratio") {
      const std::string q_first = q_received + "&via=none";
      const int64_t received = count(q_received, {kMetricReceived}, base.from, base.to);
      int64_t first = 0;
      if (own) {
        first = CountCases(conn, p, q_first, today);
      } else {
        int64_t handed_over = 0;
        for (const auto& [k, n] : SumCountRows(conn, rows.totals, kMetricVia, base.from, base.to)) {
          handed_over += n;
        }
        first = received - handed_over;
      }
      num = Figure(received, q_received);
      den = Figure(first, q_first);
    } else if (def.code == "in_limit_rate") {
      const std::string q = q_closed + "&in_limit=true";
      num = Figure(count(q, {kMetricClosedInLimit}, base.from, base.to), q);
      den = Figure(count(q_closed, {kMetricClosed}, base.from, base.to), q_closed);
    } else if (def.code == "mediation_withdrawal_rate") {
      const std::string q = q_closed + "&outcome=mediation,withdrawal";
      num = Figure(count(q, {"closed:mediation", "closed:withdrawal"}, base.from, base.to), q);
      den = Figure(count(q_closed, {kMetricClosed}, base.from, base.to), q_closed);
    } else if (def.code == "appeal_rate") {
      const std::string q_judged = q_closed + "&outcome=judgment";
      const std::string q = q_judged + "&appealed=true";
      num = Figure(count(q, {"closed_appealed:judgment"}, base.from, base.to), q);
      den = Figure(count(q_judged, {"closed:judgment"}, base.from, base.to), q_judged);
    } else if (def.code == "second_instance_revise_remand_rate") {
      const std::string q = q_closed + "&appeal_result=revised,partly_revised,remanded";
      num = Figure(
          count(q,
                {"closed_result:revised", "closed_result:partly_revised", "closed_result:remanded"},
                base.from, base.to),
          q);
      den = Figure(count(q_closed, {kMetricClosed}, base.from, base.to), q_closed);
    } else if (def.code == "over_12_months_ratio") {
      // Received on or before the day 12 months before the end: the age buckets 1–2 years and
      // over 2 years of the charts.
      const Date old = MonthsBefore(base.to, 12);
      const std::string q_pending = cases + "pending_on=" + to + holder;
      const std::string q_old =
          cases + "pending_on=" + to + "&received_to=" + old.ToString() + holder;
      if (own) {
        num = Figure(CountCases(conn, p, q_old, today), q_old);
        den = Figure(CountCases(conn, p, q_pending, today), q_pending);
      } else {
        const PendingAt pending(conn, rows, base.to, today,
                                {{kBeginning, old}, {kBeginning, base.to}}, false);
        num = Figure(pending.Received(kBeginning, old), q_old);
        den = Figure(pending.Received(kBeginning, base.to), q_pending);
      }
    } else if (def.code == "enforcement_recovery_rate") {
      int64_t recovered = 0, due = 0;
      if (own) {
        const store::Conditions f = ListFilter(conn, p, q_closed, today);
        auto sums = conn.QueryV(
            "SELECT CAST(COALESCE(SUM(c.recovered_amount_fen), 0) AS BIGINT), "
            "CAST(COALESCE(SUM(c.enforce_amount_fen), 0) AS BIGINT) FROM cases c" +
                f.Where(),
            f.params());
        if (sums.Next()) {
          recovered = sums.Int(0);
          due = sums.Int(1);
        }
      } else {
        auto sums =
            SumCounts(conn, rows.totals, {kMetricClosedRecoveredFen, kMetricClosedEnforceFen},
                      base.from, base.to);
        recovered = sums[std::string(kMetricClosedRecoveredFen)];
        due = sums[std::string(kMetricClosedEnforceFen)];
      }
      num = Figure(recovered, q_closed);
      num["unit"] = "fen";
      den = Figure(due, q_closed);
      den["unit"] = "fen";
    }

    const int64_t n = num.at("value").as_int64(), d = den.at("value").as_int64();
    const boost::json::value value = def.unit == "ratio" ? Hundredths(n, d) : Tenths(n, 100, d);
    // An open end is NaN (std::optional<double> trips GCC's maybe-uninitialized at -O3).
    constexpr double kOpen = std::numeric_limits<double>::quiet_NaN();
    const auto range = ranges.find(std::string(def.code));
    const double low = range == ranges.end() ? kOpen : range->second.first.value_or(kOpen);
    const double high = range == ranges.end() ? kOpen : range->second.second.value_or(kOpen);
    const auto bound = [](double b) {
      return std::isnan(b) ? boost::json::value(nullptr) : boost::json::value(b);
    };
    std::string status = "none";
    if (!value.is_null() && (!std::isnan(low) || !std::isnan(high))) {
      const double v = value.as_double();
      status = v < low ? "below" : v > high ? "above" : "within";  // NaN compares false
    }
    items.push_back(boost::json::object{
        {"code", def.code},
        {"label", def.label},
        {"value", value},
        {"unit", def.unit},
        {"range", {{"low", bound(low)}, {"high", bound(high)}}},
        {"status", status},
        {"numerator", std::move(num)},
        {"denominator", std::move(den)},
        {"formula", def.formula},
        {"can_edit_range", p.Has("dashboard:range:write")},
    });
  }
  return {{"from", from},
          {"to", to},
          {"as_of", today.ToString()},
          {"agency_id", base.agency_id ? boost::json::value(*base.agency_id) : nullptr},
          {"include_sub", base.include_sub},
          {"items", std::move(items)}};
}

boost::json::object SetIndicatorRange(store::WriteContext& ctx, std::string_view code,
                                      const boost::json::value& body, const auth::Actor& actor) {
  const IndicatorDef* def = FindIndicator(code);
  if (!def) ThrowNotFound("指标不存在");
  if (!body.is_object()) ThrowInvalidField("", "请求体应为 JSON 对象");
  ObjectReader r(body.as_object());
  const auto bound = [&](const char* name) -> std::optional<double> {
    const boost::json::value* v = r.Raw(name);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_number()) ThrowInvalidField(name, "应为数值或 null");
    const double x = v->to_number<double>();
    if (!std::isfinite(x) || x < 0) ThrowInvalidField(name, "不能为负数");
    if (def->unit == "percent" && x > 100) ThrowInvalidField(name, "百分比不能超过 100");
    return x;
  };
  const std::optional<double> low = bound("low");
  const std::optional<double> high = bound("high");
  r.Finish();
  if (low && high && *low > *high) ThrowInvalidField("low", "下限不能高于上限");
  auto& conn = ctx.conn();
  const std::optional<int64_t> by = actor.who().UserId();
  conn.Exec(
      "INSERT INTO indicator_ranges (code, low, high, updated_by, updated_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET low = excluded.low, "
      "high = excluded.high, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      std::string(code), low, high, by, ctx.now());
  boost::json::object out{{"code", code},
                          {"low", low ? boost::json::value(*low) : nullptr},
                          {"high", high ? boost::json::value(*high) : nullptr},
                          {"updated_at", FormatTimestamp(ctx.now())}};
  auto audit = actor.Audit("dashboard.range", "indicator_range");
  audit.detail = boost::json::serialize(out);
  ctx.AppendAudit(std::move(audit));
  return out;
}

}  // namespace sg::svc
