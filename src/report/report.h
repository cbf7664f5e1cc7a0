// The monthly or quarterly report of the dashboard ("运行态势" 月报 / 季报), rendered from a plain
// in-memory model in two formats: a PDF for printing and filing (cairo + pango, A4 portrait,
// Chinese text in Noto Sans CJK SC) and an XLSX workbook of the same data for further work.
//
// This module knows nothing of the database or HTTP: the caller counts the figures, formats
// every value as the text it wants shown (the report never formats numbers itself, except the
// integer data of the charts) and hands the model over.
//
// Output is deterministic: the same model gives the same bytes of PDF (its creation date is the
// model's generated_at, never the clock), and so does the XLSX (its creation property is
// generated_at; libxlsxwriter dates the zip entries 1980-01-01).
//
// Thread-safety: the functions below may run on several threads at once, each with its own
// output (pango keeps one font map per thread; fontconfig is thread-safe).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sg::report {

// What the report covers, printed under the title and on the 概览 sheet.
struct Scope {
  std::string agency;        // e.g. "晋中市市场监督管理局（含下级）"
  std::string kinds;         // the case kinds, e.g. "行政执法、民事一审"
  std::string period_from;   // YYYY-MM-DD
  std::string period_to;     // YYYY-MM-DD
  std::string generated_at;  // RFC 3339 with offset, e.g. "2026-11-01T08:00:00+08:00"; it is
                             // also the PDF's creation date, so it must be well formed
};

// A headline figure: "收案数 128 件", with an optional note ("同比 +12%").
struct FigureCard {
  std::string label;
  std::string value;  // already formatted: "128", "93.5"
  std::string unit;   // "件", "%", "天"; may be empty
  std::string note;   // may be empty
};

// Where an indicator stands against its reasonable range (合理区间). The report shows the
// status; it does not compute it.
enum class IndicatorStatus { kWithin, kBelow, kAbove };

// The Chinese word for a status: 区间内, 偏低, 偏高.
const char* StatusLabel(IndicatorStatus status);

struct Indicator {
  std::string label;  // "结收比"
  std::string value;  // "0.92"
  std::string range;  // "0.85–1.10"
  IndicatorStatus status = IndicatorStatus::kWithin;
};

// One named series of a chart: values[i] belongs to the chart's categories[i].
struct Series {
  std::string name;  // "收案", "结案", "立案审查"
  std::vector<std::int64_t> values;
};

enum class ChartKind {
  kBar,   // grouped bars, one bar per series in each category
  kLine,  // one line per series across the categories (e.g. months)
};

// A chart: in the PDF it is drawn (axes, bars or lines, legend, labels); in the XLSX it is a sheet
// of its data, categories down and series across.
struct Chart {
  ChartKind kind = ChartKind::kBar;
  std::string title;  // "未结案件账龄分布"
  std::string unit;   // the value axis's unit, e.g. "件"; may be empty
  std::vector<std::string> categories;
  std::vector<Series> series;
};

// A list of cases behind a figure. It may hold thousands of rows; the PDF breaks it over pages
// and repeats the header row on each. A row shorter than `columns` is padded with empty cells.
struct CaseTable {
  std::string title;  // "超审限未结案件"
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

struct Report {
  std::string title;  // "晋中市知识产权案件运行态势月报（2026年10月）"
  Scope scope;
  std::vector<FigureCard> cards;
  std::vector<Indicator> indicators;
  std::vector<Chart> charts;
  std::vector<CaseTable> tables;
};

// A model that cannot be rendered: a series whose length differs from its chart's categories,
// a negative chart value, a row with more cells than its table has columns. The message names
// the chart or table. Thrown before anything is written.
class ReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes `report` as a PDF to `path` (replacing any file there) and returns its page count.
// The pages carry a header (title and agency) and the footer "第 N 页 / 共 M 页". Throws
// ReportError for an invalid model, or when the file cannot be written.
int WritePdf(const Report& report, const std::string& path);

// The same PDF as bytes, for a response body.
std::string PdfBytes(const Report& report);

// Writes `report` as an XLSX workbook to `path`: the sheet 概览 (scope, cards, indicators), one
// sheet per chart with its data, then one sheet per case table (bold header row, frozen, column
// widths fitted to the text). Sheet names are the titles made valid for Excel: []:*?/\ become
// "_", at most 31 characters, made unique with a suffix "(2)", "(3)", ...; an empty title becomes
// 图表N or 清单N. Rows are written as they come (libxlsxwriter's constant memory mode, through
// a file in the system's temporary directory). Throws ReportError for an invalid model, or when the
// file cannot be written.
void WriteXlsx(const Report& report, const std::string& path);

}  // namespace sg::report
