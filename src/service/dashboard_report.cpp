#include "service/dashboard_report.h"

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "base/errors.h"
#include "register/dict.h"
#include "service/cases.h"
#include "service/dashboard.h"
#include "service/paging.h"

namespace sg::svc {
namespace {

namespace json = boost::json;

constexpr std::string_view kAgencyName = "SELECT name FROM agencies WHERE id = ?";
constexpr std::string_view kCasesPath = "/api/v1/cases?";
constexpr const char* kQuarterNames[] = {"第一季度", "第二季度", "第三季度", "第四季度"};
constexpr int64_t kPageSize = 500;

struct Period {
  Date from, to;
  bool quarter = false;
  std::string label;  // 2026年10月, 2026年第三季度
  std::string code;   // 2026-10, 2026-Q3
};

// YYYY-MM or YYYY-Qn.
Period ParsePeriod(const Params& params, Date today) {
  const auto v = params.Get("period");
  if (!v) ThrowInvalidField("period", "请指定报告期：月报 YYYY-MM，季报 YYYY-Qn");
  int year = 0, n = 0;
  char q = 0, extra = 0;
  Period p;
  if (std::sscanf(v->c_str(), "%4d-%c%d%c", &year, &q, &n, &extra) == 3 && (q == 'Q' || q == 'q') &&
      n >= 1 && n <= 4 && v->size() == 7) {
    p.quarter = true;
    p.from = Date{year, 3 * n - 2, 1};
    p.to = Date{year, 3 * n, DaysInMonth(year, 3 * n)};
    p.label = std::to_string(year) + "年" + kQuarterNames[n - 1];
    p.code = std::to_string(year) + "-Q" + std::to_string(n);
  } else if (std::sscanf(v->c_str(), "%4d-%2d%c", &year, &n, &extra) == 2 && v->size() == 7 &&
             n >= 1 && n <= 12) {
    p.from = Date{year, n, 1};
    p.to = Date{year, n, DaysInMonth(year, n)};
    p.label = std::to_string(year) + "年" + std::to_string(n) + "月";
    p.code = *v;
  } else {
    ThrowInvalidField("period", "报告期格式应为 YYYY-MM（月报）或 YYYY-Qn（季报）");
  }
  if (year < 1900) ThrowInvalidField("period", "报告期年份无效");
  if (p.from > today) ThrowInvalidField("period", "报告期尚未开始");
  if (p.to > today) p.to = today;
  return p;
}

int64_t Value(const json::value& fig) { return fig.at("value").as_int64(); }

// A ratio's value with one decimal, or "—" when it has none (a zero denominator).
std::string Decimal(const json::value& v) {
  if (v.is_null()) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v.to_number<double>());
  return buf;
}

// The case list behind a figure, as table rows, at most kReportMaxRows.
report::CaseTable CaseList(store::Connection& conn, const auth::Principal& p, Date today,
                           const std::string& title, const json::value& figure) {
  report::CaseTable t;
  t.columns = {"案号",     "案件名称", "案件类型", "办理机构", "承办人",
               "收案日期", "立案日期", "结案日期", "最近期限"};
  const std::string query(figure.at("cases_query").as_string());
  std::optional<std::string> cursor;
  int64_t total = 0;
  do {
    auto params = Params::Parse(query.substr(kCasesPath.size()));
    if (!params) throw std::logic_error("malformed cases_query " + query);
    params->Add("limit", std::to_string(kPageSize));
    params->Add("sort", "id");
    if (cursor) params->Add("cursor", *cursor);
    const json::object page = ListCases(conn, p, *params, today);
    total = page.at("total").as_int64();
    for (const auto& item : page.at("items").as_array()) {
      const auto& c = item.as_object();
      auto text = [&](const char* k) {
        const auto* v = c.if_contains(k);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
      };
      std::string due;
      if (const auto* d = c.if_contains("deadline"); d && d->is_object()) {
        if (const auto* v = d->as_object().if_contains("due"); v && v->is_string()) {
          due = std::string(v->as_string());
        }
      }
      t.rows.push_back({text("case_number"), text("title"),
                        std::string(reg::DictLabel("case_kind", text("kind"))), text("agency_name"),
                        text("handler_name"), text("received_on"), text("filed_on"),
                        text("closed_on"), due});
      if (static_cast<int64_t>(t.rows.size()) >= kReportMaxRows) break;
    }
    const auto& next = page.at("next_cursor");
    cursor =
        next.is_string() ? std::optional<std::string>(std::string(next.as_string())) : std::nullopt;
  } while (cursor && static_cast<int64_t>(t.rows.size()) < kReportMaxRows);
  t.title = title + "（" + std::to_string(total) + " 件";
  if (total > static_cast<int64_t>(t.rows.size())) {
    t.title += "，列出前 " + std::to_string(t.rows.size()) + " 件";
  }
  t.title += "）";
  return t;
}

}  // namespace

std::string DashboardReportName(const Params& params) {
  const std::string period = params.Get("period").value_or("");
  const bool quarter =
      period.find('Q') != std::string::npos || period.find('q') != std::string::npos;
  return std::string(quarter ? "运行态势季报-" : "运行态势月报-") + period;
}

report::Report BuildDashboardReport(store::Connection& conn, const auth::Principal& p,
                                    const Params& params, Date today, TimestampMs now,
                                    const wf::Registry& workflows, bool tables_for_pdf) {
  const Period period = ParsePeriod(params, today);
  // The summary's and the charts' own parameters, so that the report shows exactly what the
  // dashboard shows for the same period and scope.
  Params q;
  q.Add("from", period.from.ToString());
  q.Add("to", period.to.ToString());
  for (const char* name : {"agency_id", "include_sub", "kind"}) {
    if (const auto v = params.Get(name)) q.Add(name, *v);
  }
  const json::object summary = DashboardSummary(conn, p, q, today);
  const json::object charts = DashboardCharts(conn, p, q, today, workflows);

  report::Report r;
  r.title = std::string("知识产权案件运行态势") + (period.quarter ? "季报" : "月报") + "（" +
            period.label + "）";
  if (const auto id = ParseIdParam(params, "agency_id")) {
    auto rows = conn.Query(kAgencyName, *id);
    r.scope.agency = rows.Next() ? rows.Str(0) : std::to_string(*id);
    if (ParseBoolParam(params, "include_sub")) {
      r.scope.agency += "（含下级）";
    }
  } else {
    r.scope.agency = "权限范围内的全部机构";
  }
  if (const auto kinds = params.Get("kind")) {
    size_t start = 0;
    for (;;) {
      const size_t comma = kinds->find(',', start);
      const std::string k =
          kinds->substr(start, comma == std::string::npos ? comma : comma - start);
      r.scope.kinds +=
          (r.scope.kinds.empty() ? "" : "、") + std::string(reg::DictLabel("case_kind", k));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else {
    r.scope.kinds = "全部案件类型";
  }
  r.scope.period_from = period.from.ToString();
  r.scope.period_to = period.to.ToString();
  r.scope.generated_at = FormatTimestamp(now);

  // The summary's cards (docs/indicators.md gives each formula).
  const auto card = [&](const char* label, std::string value, const char* unit, std::string note) {
    r.cards.push_back({label, std::move(value), unit, std::move(note)});
  };
  const auto ratio_note = [&](const char* key) {
    const auto& v = summary.at(key).as_object();
    return std::to_string(Value(v.at("numerator"))) + " / " +
           std::to_string(Value(v.at("denominator")));
  };
  card("收案", std::to_string(Value(summary.at("received"))), "件", "报告期内收案");
  card("结案", std::to_string(Value(summary.at("closed"))), "件", "报告期内结案");
  card("未结", std::to_string(Value(summary.at("pending"))), "件", "截至 " + period.to.ToString());
  card("结收比", Decimal(summary.at("closure_ratio").at("value")), "%",
       ratio_note("closure_ratio"));
  card("审限内结案率", Decimal(summary.at("in_limit_rate").at("value")), "%",
       ratio_note("in_limit_rate"));
  card("平均审理时长", Decimal(summary.at("mean_trial_days").at("value")), "天", "自立案至结案");
  card("临近期限", std::to_string(Value(summary.at("near"))), "件", "截至 " + today.ToString());
  card("已超期", std::to_string(Value(summary.at("overdue"))), "件", "截至 " + today.ToString());

  report::Chart ages{report::ChartKind::kBar, "未结案件账龄分布", "件", {}, {{"未结案件", {}}}};
  for (const auto& b : charts.at("age_buckets").as_array()) {
    ages.categories.emplace_back(b.at("label").as_string());
    ages.series[0].values.push_back(Value(b));
  }
  r.charts.push_back(std::move(ages));
  report::Chart trend{
      report::ChartKind::kLine, "收案与结案（按月）", "件", {}, {{"收案", {}}, {"结案", {}}}};
  for (const auto& m : charts.at("monthly").as_array()) {
    trend.categories.emplace_back(m.at("month").as_string());
    trend.series[0].values.push_back(Value(m.at("received")));
    trend.series[1].values.push_back(Value(m.at("closed")));
  }
  r.charts.push_back(std::move(trend));
  report::Chart stages{report::ChartKind::kBar, "各阶段平均用时", "天", {}, {{"平均天数", {}}}};
  for (const auto& s : charts.at("stage_days").as_array()) {
    stages.categories.emplace_back(s.at("stage_label").as_string());
    const auto& mean = s.at("mean_days");
    stages.series[0].values.push_back(mean.is_null() ? 0 : std::llround(mean.to_number<double>()));
  }
  if (!stages.categories.empty()) r.charts.push_back(std::move(stages));

  // The lists behind the figures: a printed report carries the cases that need attention; the
  // workbook carries every figure's list.
  if (!tables_for_pdf) {
    r.tables.push_back(CaseList(conn, p, today, "收案清单", summary.at("received")));
    r.tables.push_back(CaseList(conn, p, today, "结案清单", summary.at("closed")));
    r.tables.push_back(CaseList(conn, p, today, "未结案件清单", summary.at("pending")));
  }
  r.tables.push_back(CaseList(conn, p, today, "临近期限案件", summary.at("near")));
  r.tables.push_back(CaseList(conn, p, today, "已超期案件", summary.at("overdue")));
  return r;
}

}  // namespace sg::svc
