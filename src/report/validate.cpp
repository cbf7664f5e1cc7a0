#include "report/validate.h"

namespace sg::report {

const char* StatusLabel(IndicatorStatus status) {
  switch (status) {
    case IndicatorStatus::kWithin:
      return "区间内";
    case IndicatorStatus::kBelow:
      return "偏低";
    case IndicatorStatus::kAbove:
      return "偏高";
  }
  return "";
}

void Validate(const Report& report) {
  for (const Chart& chart : report.charts) {
    for (const Series& s : chart.series) {
      if (s.values.size() != chart.categories.size()) {
        throw ReportError("图表“" + chart.title + "”的系列“" + s.name + "”有 " +
                          std::to_string(s.values.size()) + " 个数值，而类别有 " +
                          std::to_string(chart.categories.size()) + " 个");
      }
      for (const std::int64_t v : s.values) {
        if (v < 0) throw ReportError("图表“" + chart.title + "”的系列“" + s.name + "”有负数");
      }
    }
  }
  for (const CaseTable& table : report.tables) {
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
      if (table.rows[i].size() > table.columns.size()) {
        throw ReportError("清单“" + table.title + "”第 " + std::to_string(i + 1) +
                          " 行的单元格多于列数");
      }
    }
  }
}

}  // namespace sg::report
