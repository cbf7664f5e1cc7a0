// The XLSX workbook (report.h WriteXlsx), written with libxlsxwriter in constant-memory mode:
// each sheet is written top to bottom and finished before the next, so a case table of
// thousands of rows is never held twice.
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"
#include "report/validate.h"

namespace sg::report {
namespace {

constexpr std::size_t kMaxSheetName = 31;  // Excel's limit, in UTF-16 code units
constexpr double kMinWidth = 8;            // column widths in Excel's character units
constexpr double kMaxWidth = 60;
constexpr const char* kOverview = "概览";

// Decodes the next code point of UTF-8 `s` at `i` and advances `i` past it. Malformed bytes
// count as one code point each; the width estimate below needs no more.
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const std::size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
  if (i + len > s.size() || len == 1) {
    ++i;
    return lead;
  }
  char32_t cp = lead & (0x3F >> (len - 1));
  for (std::size_t k = 1; k < len; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += len;
  return cp;
}

// The width of `text` in Excel's character units: CJK and full-width forms take two.
double DisplayWidth(std::string_view text) {
  double w = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = NextCodePoint(text, i);
    w += (cp >= 0x1100 &&
          (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000))
             ? 2
             : 1;
  }
  return w;
}

// `title` made into a sheet name Excel accepts (report.h states the rules), unique among `used`
// (compared without ASCII case, as Excel does), and added to it.
std::string SheetName(std::string_view title, const std::string& fallback,
                      std::set<std::string>& used) {
  // Code points of the cleaned title, each with its UTF-16 length, so truncation never splits one.
  std::vector<std::pair<std::string, std::size_t>> chars;
  for (std::size_t i = 0; i < title.size();) {
    const std::size_t start = i;
    const char32_t cp = NextCodePoint(title, i);
    std::string ch(title.substr(start, i - start));
    const bool forbidden =
        cp < 0x20 || (cp < 0x80 && std::string_view("[]:*?/\\").find(static_cast<char>(cp)) !=
                                       std::string_view::npos);
    if (forbidden) ch = "_";
    chars.emplace_back(std::move(ch), cp > 0xFFFF ? 2 : 1);
  }
  // Excel refuses a name that starts or ends with an apostrophe.
  if (!chars.empty() && chars.front().first == "'") chars.front().first = "_";
  if (!chars.empty() && chars.back().first == "'") chars.back().first = "_";
  auto build = [&chars](std::size_t budget) {
    std::string out;
    for (const auto& [ch, units] : chars) {
      if (units > budget) break;
      budget -= units;
      out += ch;
    }
    return out;
  };
  auto key = [](std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
  };
  std::string base = build(kMaxSheetName);
  if (base.empty()) base = fallback;
  std::string name = base;
  for (int n = 2; used.count(key(name)) != 0; ++n) {
    const std::string suffix = "(" + std::to_string(n) + ")";
    const std::string head = base == fallback ? base : build(kMaxSheetName - suffix.size());
    name = head + suffix;
  }
  used.insert(key(name));
  return name;
}

// True when `text` is a plain decimal number ("128", "93.5", "-2"), written as a number cell so
// that the figures can be computed with; anything else stays text.
bool IsPlainNumber(std::string_view text) {
  std::size_t i = text.starts_with('-') ? 1 : 0;
  const std::size_t int_start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  const std::size_t int_len = i - int_start;
  if (int_len == 0 || int_len > 15) return false;
  if (int_len > 1 && text[int_start] == '0') return false;  // "007" is a code, not a number
  if (i == text.size()) return true;
  if (text[i] != '.') return false;
  const std::size_t frac_start = ++i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  return i == text.size() && i > frac_start;
}

// The instant of an RFC 3339 timestamp with an offset ("2026-11-01T08:00:00+08:00"), or 0 when
// it is not one.
std::time_t ParseTimestamp(const std::string& text) {
  std::tm tm{};
  char sign = 0;
  int off_h = 0, off_m = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d", &tm.tm_year, &tm.tm_mon,
                  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &sign, &off_h, &off_m) != 9 ||
      (sign != '+' && sign != '-')) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const int offset = (sign == '-' ? -1 : 1) * (off_h * 3600 + off_m * 60);
  return timegm(&tm) - offset;
}

class Writer {
 public:
  Writer(const std::string& path, const Report& report)
      : tmpdir_(std::filesystem::temp_directory_path()) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = tmpdir_.data();
    book_ = workbook_new_opt(path.c_str(), &options);
    if (book_ == nullptr) throw ReportError("无法创建 XLSX 文件：" + path);
    // The workbook's creation time is the report's, not the clock's.
    // libxlsxwriter copies the strings; its struct just is not const-correct.
    properties_.title = const_cast<char*>(report.title.c_str());
    properties_.created = ParseTimestamp(report.scope.generated_at);
    workbook_set_properties(book_, &properties_);
    bold_ = workbook_add_format(book_);
    format_set_bold(bold_);
    title_ = workbook_add_format(book_);
    format_set_bold(title_);
    format_set_font_size(title_, 14);
  }
  ~Writer() {
    if (book_ != nullptr) workbook_close(book_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void Overview(const Report& report) {
    lxw_worksheet* sheet = AddSheet(kOverview, kOverview);
    const Scope& s = report.scope;
    lxw_row_t row = 0;
    Text(sheet, row++, 0, report.title, title_);
    ++row;
    const std::vector<std::pair<const char*, std::string>> scope{
        {"统计范围", s.agency},
        {"案件类型", s.kinds},
        {"统计期间", s.period_from + " 至 " + s.period_to},
        {"生成时间", s.generated_at}};
    for (const auto& [label, value] : scope) {
      Text(sheet, row, 0, label, bold_);
      Text(sheet, row++, 1, value, nullptr);
    }
    if (!report.cards.empty()) {
      ++row;
      HeaderRow(sheet, row++, {"主要数据", "数值", "单位", "说明"});
      for (const FigureCard& card : report.cards) {
        Values(sheet, row++, {card.label, card.value, card.unit, card.note});
      }
    }
    if (!report.indicators.empty()) {
      ++row;
      HeaderRow(sheet, row++, {"指标", "数值", "合理区间", "状态"});
      for (const Indicator& i : report.indicators) {
        Values(sheet, row++, {i.label, i.value, i.range, StatusLabel(i.status)});
      }
    }
    worksheet_set_column(sheet, 0, 0, 24, nullptr);
    worksheet_set_column(sheet, 1, 1, 36, nullptr);
    worksheet_set_column(sheet, 2, 3, 16, nullptr);
  }

  void ChartData(const Chart& chart, std::size_t index) {
    lxw_worksheet* sheet = AddSheet(chart.title, "图表" + std::to_string(index + 1));
    std::vector<std::string> header{"类别"};
    for (const Series& s : chart.series) {
      header.push_back(chart.unit.empty() ? s.name : s.name + "（" + chart.unit + "）");
    }
    std::vector<double> widths(header.size(), kMinWidth);
    for (std::size_t c = 0; c < header.size(); ++c) widths[c] = Fit(widths[c], header[c]);
    for (const std::string& category : chart.categories) widths[0] = Fit(widths[0], category);
    SetWidths(sheet, widths);
    HeaderRow(sheet, 0, header);
    for (std::size_t r = 0; r < chart.categories.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      Text(sheet, row, 0, chart.categories[r], nullptr);
      for (std::size_t s = 0; s < chart.series.size(); ++s) {
        worksheet_write_number(sheet, row, static_cast<lxw_col_t>(s + 1),
                               static_cast<double>(chart.series[s].values[r]), nullptr);
      }
    }
  }

  void CaseList(const CaseTable& table, std::size_t index) {
    lxw_worksheet* sheet = AddSheet(table.title, "清单" + std::to_string(index + 1));
    std::vector<double> widths(table.columns.size(), kMinWidth);
    for (std::size_t c = 0; c < widths.size(); ++c) widths[c] = Fit(widths[c], table.columns[c]);
    for (const auto& row : table.rows) {
      for (std::size_t c = 0; c < row.size(); ++c) widths[c] = Fit(widths[c], row[c]);
    }
    SetWidths(sheet, widths);
    HeaderRow(sheet, 0, table.columns);
    // Case numbers, ID numbers and dates stay text: a case list is for reading, not computing.
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const auto& row = table.rows[r];
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (!row[c].empty()) Text(sheet, static_cast<lxw_row_t>(r + 1), c, row[c], nullptr);
      }
    }
    if (!table.columns.empty()) {
      worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(table.rows.size()),
                           static_cast<lxw_col_t>(table.columns.size() - 1));
    }
  }

  void Close() {
    const lxw_error err = workbook_close(book_);
    book_ = nullptr;
    if (err != LXW_NO_ERROR) throw ReportError(std::string("XLSX 写入失败：") + lxw_strerror(err));
  }

 private:
  lxw_worksheet* AddSheet(std::string_view title, const std::string& fallback) {
    const std::string name = SheetName(title, fallback, used_);
    lxw_worksheet* sheet = workbook_add_worksheet(book_, name.c_str());
    if (sheet == nullptr) throw ReportError("无法添加工作表：" + name);
    return sheet;
  }

  static double Fit(double width, std::string_view text) {
    return std::clamp(DisplayWidth(text) + 2, width, kMaxWidth);
  }

  static void SetWidths(lxw_worksheet* sheet, const std::vector<double>& widths) {
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      worksheet_set_column(sheet, col, col, widths[c], nullptr);
    }
  }

  static void Text(lxw_worksheet* sheet, lxw_row_t row, std::size_t col, const std::string& text,
                   lxw_format* format) {
    worksheet_write_string(sheet, row, static_cast<lxw_col_t>(col), text.c_str(), format);
  }

  // A bold header row, frozen so that it stays in view.
  void HeaderRow(lxw_worksheet* sheet, lxw_row_t row, const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) Text(sheet, row, c, cells[c], bold_);
    if (row == 0) worksheet_freeze_panes(sheet, 1, 0);
  }

  // A row of the 概览 sheet: the second cell as a number when it is one.
  static void Values(lxw_worksheet* sheet, lxw_row_t row, const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (cells[c].empty()) continue;
      if (c == 1 && IsPlainNumber(cells[c])) {
        double value = 0;
        std::from_chars(cells[c].data(), cells[c].data() + cells[c].size(), value);
        worksheet_write_number(sheet, row, 1, value, nullptr);
      } else {
        Text(sheet, row, c, cells[c], nullptr);
      }
    }
  }

  std::string tmpdir_;
  lxw_doc_properties properties_{};
  lxw_workbook* book_ = nullptr;
  lxw_format* bold_ = nullptr;
  lxw_format* title_ = nullptr;
  std::set<std::string> used_;
};

}  // namespace

void WriteXlsx(const Report& report, const std::string& path) {
  Validate(report);
  Writer writer(path, report);
  writer.Overview(report);
  for (std::size_t i = 0; i < report.charts.size(); ++i) writer.ChartData(report.charts[i], i);
  for (std::size_t i = 0; i < report.tables.size(); ++i) writer.CaseList(report.tables[i], i);
  writer.Close();
}

}  // namespace sg::report
