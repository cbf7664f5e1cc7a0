#include "service/deadlines.h"

#include <boost/json/array.hpp>

#include "auth/scope.h"
#include "base/errors.h"
#include "register/dict.h"
#include "service/deadline_calc.h"
#include "service/paging.h"
#include "store/conditions.h"

namespace sg::svc {
namespace {

constexpr std::string_view kDeadlineRows =
    "SELECT id, code, party_id, label, source, unit, length, rest_day_rule, start_on, stopped_on, "
    "suspendable FROM case_deadlines WHERE case_id = ? ORDER BY id";
constexpr std::string_view kSuspensions =
    "SELECT kind, start_on, end_on, reason FROM case_suspensions WHERE case_id = ? ORDER BY id";
constexpr std::string_view kExtensions =
    "SELECT deadline_code, length, unit, reason, status, approver_id, requested_on, decided_on, "
    "late FROM case_extensions WHERE case_id = ? ORDER BY id";
constexpr std::string_view kUpdateDeadline =
    "UPDATE case_deadlines SET due = ?, near_on = ?, status = ?, provisional = ?, updated_at = ? "
    "WHERE id = ?";
constexpr std::string_view kCaseSummary =
    "UPDATE cases SET deadline_due = ?, deadline_near_on = ?, deadline_level = ? WHERE id = ?";
constexpr std::string_view kOpenCases =
    "SELECT DISTINCT case_id FROM case_deadlines WHERE status IN ('running', 'suspended') "
    "AND case_id > ? ORDER BY case_id LIMIT 1000";
constexpr std::string_view kAlerts =
    "SELECT d.case_id, c.case_number, c.title, c.kind, c.agency_id, a.name, c.handler_id, "
    "u.display_name, d.code, d.label, d.due, d.near_on, d.id "
    "FROM case_deadlines d JOIN cases c ON c.id = d.case_id "
    "JOIN agencies a ON a.id = c.agency_id LEFT JOIN users u ON u.id = c.handler_id";

struct Row {
  int64_t id;
  std::string code;
  int64_t party_id;
  std::string label, source, unit;
  int64_t length;
  std::string rest_day_rule;
  Date start;
  std::optional<Date> stopped_on;
  bool suspendable;
};

struct CaseClock {
  std::vector<Row> rows;
  std::vector<Suspension> suspensions;
  boost::json::array suspensions_json;
  std::vector<std::pair<std::string, int64_t>> granted;  // deadline code, length
  boost::json::array extensions_json;
};

Date ParseDate(std::string_view s) { return Date::Parse(s).value_or(Date{1970, 1, 1}); }

CaseClock LoadClock(store::Connection& conn, int64_t case_id) {
  CaseClock c;
  {
    auto r = conn.Query(kDeadlineRows, case_id);
    while (r.Next()) {
      c.rows.push_back({r.Int(0), r.Str(1), r.Int(2), r.Str(3), r.Str(4), r.Str(5), r.Int(6),
                        r.Str(7), ParseDate(r.Text(8)),
                        r.IsNull(9) ? std::nullopt : std::optional<Date>(ParseDate(r.Text(9))),
                        r.Int(10) != 0});
    }
  }
  {
    auto r = conn.Query(kSuspensions, case_id);
    while (r.Next()) {
      Suspension s{ParseDate(r.Text(1)),
                   r.IsNull(2) ? std::nullopt : std::optional<Date>(ParseDate(r.Text(2)))};
      c.suspensions.push_back(s);
      c.suspensions_json.push_back(boost::json::object{
          {"kind", r.Text(0)},
          {"label", reg::DictLabel("suspension_kind", r.Text(0))},
          {"start", r.Text(1)},
          {"end", r.IsNull(2) ? boost::json::value(nullptr) : boost::json::value(r.Text(2))},
          {"reason", r.Text(3)}});
    }
  }
  {
    auto r = conn.Query(kExtensions, case_id);
    while (r.Next()) {
      if (r.Text(4) == "granted") c.granted.emplace_back(r.Str(0), r.Int(1));
      c.extensions_json.push_back(boost::json::object{
          {"deadline", r.Text(0)},
          {"length", r.Int(1)},
          {"unit", r.Text(2)},
          {"reason", r.Text(3)},
          {"status", r.Text(4)},
          {"approver_id", r.IsNull(5) ? boost::json::value(nullptr) : boost::json::value(r.Int(5))},
          {"requested_on", r.Text(6)},
          {"decided_on", r.IsNull(7) ? boost::json::value(nullptr) : boost::json::value(r.Text(7))},
          {"late", r.Int(8) != 0}});
    }
  }
  return c;
}

DeadlineState Compute(const cal::Calendar& calendar, const CaseClock& c, const Row& row,
                      Date today) {
  DeadlineRule rule;
  rule.length = row.length;
  rule.unit = cal::ParseUnit(row.unit).value_or(cal::Unit::kDays);
  rule.rest_day_rule =
      cal::ParseRestDayRule(row.rest_day_rule).value_or(cal::RestDayRule::kNextWorkingDay);
  rule.suspendable = row.suspendable;
  DeadlineClock clock;
  clock.start = row.start;
  clock.stopped_on = row.stopped_on;
  for (const auto& [code, length] : c.granted) {
    if (code == row.code) clock.extension += length;
  }
  clock.suspensions = c.suspensions;
  return ComputeDeadline(calendar, rule, clock, today);
}

}  // namespace

void RecomputeDeadlines(store::Connection& conn, const cal::Calendar& calendar, int64_t case_id,
                        Date today) {
  const CaseClock c = LoadClock(conn, case_id);
  std::optional<DeadlineState> earliest;
  for (const auto& row : c.rows) {
    const DeadlineState s = Compute(calendar, c, row, today);
    conn.Exec(kUpdateDeadline, s.due.ToString(), s.near_on.ToString(), s.status,
              s.provisional ? 1 : 0, static_cast<int64_t>(0), row.id);
    // A party's own period (answer, appeal) raises no alert against the agency.
    if (row.party_id == 0 && s.status == "running" && (!earliest || s.due < earliest->due)) {
      earliest = s;
    }
  }
  if (earliest) {
    conn.Exec(kCaseSummary, earliest->due.ToString(), earliest->near_on.ToString(), earliest->level,
              case_id);
  } else {
    conn.Exec(kCaseSummary, nullptr, nullptr, nullptr, case_id);
  }
}

int64_t RecomputeAllDeadlines(store::Connection& conn, const cal::Calendar& calendar, Date today,
                              const std::function<void(int64_t)>& after_each) {
  int64_t n = 0;
  int64_t after = 0;
  for (;;) {
    std::vector<int64_t> ids;
    {
      auto r = conn.Query(kOpenCases, after);
      while (r.Next()) ids.push_back(r.Int(0));
    }
    if (ids.empty()) break;
    for (int64_t id : ids) {
      RecomputeDeadlines(conn, calendar, id, today);
      if (after_each) after_each(id);
    }
    n += static_cast<int64_t>(ids.size());
    after = ids.back();
  }
  return n;
}

boost::json::object ListCaseDeadlines(store::Connection& conn, const cal::Calendar& calendar,
                                      const auth::Principal& p, int64_t case_id, Date today) {
  if (!auth::CaseVisible(conn, p, case_id)) ThrowNotFound("案件不存在或不在您的查看范围内");
  const CaseClock c = LoadClock(conn, case_id);
  boost::json::array items;
  for (const auto& row : c.rows) {
    const DeadlineState s = Compute(calendar, c, row, today);
    boost::json::array extensions;
    for (const auto& e : c.extensions_json) {
      if (e.as_object().at("deadline").as_string() == row.code) extensions.push_back(e);
    }
    items.push_back(boost::json::object{
        {"code", row.code},
        {"rule", row.label},
        {"label", row.label},
        {"source", row.source},
        {"unit", row.unit},
        {"length", row.length},
        {"total", s.total},
        {"party_id", row.party_id ? boost::json::value(row.party_id) : nullptr},
        {"start", row.start.ToString()},
        {"due", s.due.ToString()},
        {"near_on", s.near_on.ToString()},
        {"stopped_on", row.stopped_on ? boost::json::value(row.stopped_on->ToString()) : nullptr},
        {"used", s.used},
        {"left", s.left},
        {"days_left", s.days_left},
        {"status", s.status},
        {"level", s.level},
        {"provisional", s.provisional},
        {"suspensions", row.suspendable ? c.suspensions_json : boost::json::array()},
        {"extensions", std::move(extensions)}});
  }
  return {{"items", std::move(items)}};
}

boost::json::object ListAlerts(store::Connection& conn, const auth::Principal& p,
                               const Params& params, Date today) {
  store::Conditions f;
  const std::string t = today.ToString();
  f.Add("d.status = 'running'");
  f.Add("d.party_id = 0");  // a party's own periods raise no alert against the agency
  const auto level = params.Get("level");
  if (level && *level != "near" && *level != "overdue") {
    ThrowInvalidField("level", "应为 near 或 overdue");
  }
  if (level && *level == "overdue") {
    f.Add("d.due < ?", t);
  } else if (level) {
    f.Add("d.near_on <= ?", t);
    f.Add("d.due >= ?", t);
  } else {
    f.Add("d.near_on <= ?", t);
  }
  const auth::SqlCondition scope = auth::CaseScope(p);
  f.Add(scope.sql, scope.params);
  AddHolderFilters(conn, params, f);
  const int64_t limit = ParseLimit(params, 50, 500);
  if (auto cursor = params.Get("cursor")) {
    auto v = DecodeCursor(*cursor);
    if (!v || !v->is_object() || !v->as_object().contains("due") ||
        !v->as_object().at("due").is_string() || !v->as_object().contains("id") ||
        !v->as_object().at("id").is_int64()) {
      ThrowInvalidField("cursor", "分页游标无效，请从第一页重新查询");
    }
    f.Add("(d.due > ? OR (d.due = ? AND d.id > ?))", std::string(v->at("due").as_string()));
    f.AddParam(std::string(v->at("due").as_string()));
    f.AddParam(v->at("id").as_int64());
  }
  std::vector<store::Param> params_with_limit = f.params();
  params_with_limit.emplace_back(limit + 1);
  auto r = conn.QueryV(std::string(kAlerts) + f.Where() + " ORDER BY d.due, d.id LIMIT ?",
                       params_with_limit);
  boost::json::array items;
  std::string last_due;
  int64_t last_id = 0;
  bool more = false;
  while (r.Next()) {
    if (static_cast<int64_t>(items.size()) == limit) {
      more = true;
      break;
    }
    const Date due = ParseDate(r.Text(10));
    const int64_t days_left = due.ToDays() - today.ToDays();
    const bool overdue = days_left < 0;
    // Court practice (time-limits.md): 5 days or fewer left, or overdue, goes to the president.
    const bool to_approver = days_left <= 5;
    items.push_back(boost::json::object{
        {"case_id", r.Int(0)},
        {"case_number", r.IsNull(1) ? boost::json::value(nullptr) : boost::json::value(r.Text(1))},
        {"title", r.Text(2)},
        {"kind", r.Text(3)},
        {"agency_id", r.Int(4)},
        {"agency_name", r.Text(5)},
        {"handler_id", r.IsNull(6) ? boost::json::value(nullptr) : boost::json::value(r.Int(6))},
        {"handler_name", r.IsNull(7) ? boost::json::value(nullptr) : boost::json::value(r.Text(7))},
        {"deadline", r.Text(8)},
        {"deadline_label", r.Text(9)},
        {"due", r.Text(10)},
        {"days_left", days_left},
        {"level", overdue ? "overdue" : "near"},
        {"notify", to_approver ? "approver" : "handler"}});
    last_due = r.Str(10);
    last_id = r.Int(12);
  }
  boost::json::object out;
  out["items"] = std::move(items);
  out["next_cursor"] = more ? boost::json::value(EncodeCursor(
                                  boost::json::object{{"due", last_due}, {"id", last_id}}))
                            : nullptr;
  return out;
}

}  // namespace sg::svc
