// The PDF: A4 portrait pages with a header and a "第 N 页 / 共 M 页" footer; the title and scope,
// the figure cards in a grid, the indicators table, the charts, then the case tables, broken over
// pages with their header row repeated. It is laid out twice: the first pass, into a PDF that is
// thrown away, counts the pages that the footer of the second one names.
#include <cairo-pdf.h>

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/canvas.h"
#include "report/chart.h"
#include "report/report.h"
#include "report/validate.h"

namespace sg::report {
namespace {

// A4 in points, and the page's furniture.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;
constexpr double kMargin = 42;
constexpr double kHeaderTop = 22;
constexpr double kBodyTop = 58;
constexpr double kFooterTop = kPageHeight - 34;
constexpr double kBodyBottom = kFooterTop - 12;
constexpr double kBodyWidth = kPageWidth - 2 * kMargin;

constexpr double kSmallSize = 8;
constexpr double kTextSize = 9;
constexpr double kHeadingSize = 12;
constexpr double kTitleSize = 16;

constexpr int kCardsPerRow = 3;
constexpr double kCardGap = 10;
constexpr double kCardPad = 8;
constexpr double kCardValue = 20;
constexpr double kChartHeight = 250;
constexpr double kChartGap = 18;
constexpr double kCellPad = 4;
constexpr int kCellMaxLines = 3;
constexpr double kMinColumn = 36;
constexpr double kMaxColumn = 200;
// Column widths are fitted to the header and this many rows: enough to see the data's shape
// without measuring every row of a table of thousands twice.
constexpr std::size_t kMeasuredRows = 300;

constexpr std::array<const char*, 10> kSectionNumbers{"一", "二", "三", "四", "五",
                                                      "六", "七", "八", "九", "十"};

// The date part and minutes of an RFC 3339 timestamp, for display: "2026-11-01 08:00".
std::string DisplayTime(std::string_view rfc3339) {
  std::string s(rfc3339.substr(0, 16));
  if (s.size() > 10 && s[10] == 'T') s[10] = ' ';
  return s;
}

// A table to draw: its columns and a way to reach each row, so that the case tables are drawn
// from the model's own rows without a copy.
struct TableView {
  std::vector<std::string> columns;
  std::size_t row_count = 0;
  std::function<std::string_view(std::size_t row, std::size_t col)> cell;
  // The colour of a cell's text; kInk when absent.
  std::function<Rgb(std::size_t row, std::size_t col)> color;
  std::vector<double> widths;  // fitted when empty
  double font_size = kTextSize;
};

class Document {
 public:
  Document(cairo_t* cr, const Report& report, int total_pages)
      : cr_(cr), canvas_(cr), report_(report), total_pages_(total_pages) {}

  // Lays out the whole report and returns the number of pages.
  int Render() {
    BeginPage();
    TitleBlock();
    if (!report_.cards.empty()) {
      Heading("主要数据");
      Cards();
    }
    if (!report_.indicators.empty()) {
      Heading("指标与合理区间");
      Indicators();
    }
    if (!report_.charts.empty()) {
      Heading("趋势与分布");
      Charts();
    }
    if (!report_.tables.empty()) {
      Heading("案件清单");
      Tables();
    }
    EndPage();
    return page_;
  }

 private:
  void BeginPage() {
    ++page_;
    y_ = kBodyTop;
    const TextStyle style{.size = kSmallSize, .color = kMuted};
    canvas_.Text(kMargin, kHeaderTop, kBodyWidth * 0.65, report_.title,
                 {.size = kSmallSize, .color = kMuted, .max_lines = 1});
    canvas_.Text(kMargin + kBodyWidth * 0.65, kHeaderTop, kBodyWidth * 0.35, report_.scope.agency,
                 {.size = kSmallSize, .color = kMuted, .align = Align::kRight, .max_lines = 1});
    const double rule_y = kHeaderTop + canvas_.TextHeight(0, "图", style) + 4;
    canvas_.Line(kMargin, rule_y, kPageWidth - kMargin, rule_y, kRule, 0.6);
  }

  void EndPage() {
    const std::string total = total_pages_ > 0 ? std::to_string(total_pages_) : "?";
    canvas_.Text(kMargin, kFooterTop, kBodyWidth,
                 "第 " + std::to_string(page_) + " 页 / 共 " + total + " 页",
                 {.size = kSmallSize, .color = kMuted, .align = Align::kCenter});
    cairo_show_page(cr_);
  }

  // Starts a new page unless `height` more points fit on this one.
  void Ensure(double height) {
    if (y_ + height <= kBodyBottom) return;
    EndPage();
    BeginPage();
  }

  void TitleBlock() {
    y_ += canvas_.Text(kMargin, y_, kBodyWidth, report_.title,
                       {.size = kTitleSize, .bold = true, .align = Align::kCenter});
    y_ += 6;
    const Scope& s = report_.scope;
    const TextStyle scope_style{.size = kTextSize, .color = kMuted, .align = Align::kCenter};
    y_ += canvas_.Text(kMargin, y_, kBodyWidth, "统计范围：" + s.agency + "　案件类型：" + s.kinds,
                       scope_style);
    y_ += canvas_.Text(kMargin, y_, kBodyWidth,
                       "统计期间：" + s.period_from + " 至 " + s.period_to + "　生成时间：" +
                           DisplayTime(s.generated_at),
                       scope_style);
    y_ += 10;
  }

  void Heading(std::string_view text) {
    const TextStyle style{.size = kHeadingSize, .bold = true};
    const double h = canvas_.TextHeight(0, "图", style);
    Ensure(h + 60);  // never a heading alone at the foot of a page
    const std::string numbered = std::string(kSectionNumbers[section_++ % kSectionNumbers.size()]) +
                                 "、" + std::string(text);
    canvas_.FillRect(kMargin, y_ + 2, 3, h - 4, kAccent);
    y_ += canvas_.Text(kMargin + 8, y_, 0, numbered, style) + 8;
  }

  double CardHeight(const FigureCard& card, double width) {
    double h = kCardPad * 2 + canvas_.TextHeight(0, card.label, {.size = kTextSize}) +
               canvas_.TextHeight(0, "0", {.size = kCardValue, .bold = true});
    if (!card.note.empty()) {
      h += canvas_.TextHeight(width - 2 * kCardPad, card.note, {.size = kSmallSize});
    }
    return h;
  }

  void Cards() {
    const double w = (kBodyWidth - kCardGap * (kCardsPerRow - 1)) / kCardsPerRow;
    const auto& cards = report_.cards;
    for (std::size_t first = 0; first < cards.size(); first += kCardsPerRow) {
      const std::size_t last = std::min(cards.size(), first + kCardsPerRow);
      double h = 0;
      for (std::size_t i = first; i < last; ++i) h = std::max(h, CardHeight(cards[i], w));
      Ensure(h);
      for (std::size_t i = first; i < last; ++i) {
        Card(cards[i], kMargin + static_cast<double>(i - first) * (w + kCardGap), y_, w, h);
      }
      y_ += h + kCardGap;
    }
    y_ += 4;
  }

  void Card(const FigureCard& card, double x, double y, double w, double h) {
    canvas_.FillRect(x, y, w, h, kStripeFill);
    canvas_.StrokeRect(x, y, w, h, kRule, 0.5);
    canvas_.FillRect(x, y, 3, h, kAccent);
    const double inner = w - 2 * kCardPad;
    y += kCardPad;
    y += canvas_.Text(x + kCardPad, y, inner, card.label,
                      {.size = kTextSize, .color = kMuted, .max_lines = 1});
    const TextStyle value_style{.size = kCardValue, .bold = true};
    const double value_h = canvas_.Text(x + kCardPad, y, 0, card.value, value_style);
    if (!card.unit.empty()) {
      const TextStyle unit_style{.size = kTextSize + 1, .color = kMuted};
      const double unit_h = canvas_.TextHeight(0, card.unit, unit_style);
      canvas_.Text(x + kCardPad + canvas_.TextWidth(card.value, value_style) + 3,
                   y + value_h - unit_h - 3, 0, card.unit, unit_style);
    }
    y += value_h;
    if (!card.note.empty()) {
      canvas_.Text(x + kCardPad, y, inner, card.note, {.size = kSmallSize, .color = kMuted});
    }
  }

  void Indicators() {
    const auto& list = report_.indicators;
    TableView view;
    view.columns = {"指标", "数值", "合理区间", "状态"};
    view.widths = {kBodyWidth * 0.40, kBodyWidth * 0.18, kBodyWidth * 0.27, kBodyWidth * 0.15};
    view.row_count = list.size();
    view.cell = [&list](std::size_t r, std::size_t c) -> std::string_view {
      const Indicator& i = list[r];
      switch (c) {
        case 0:
          return i.label;
        case 1:
          return i.value;
        case 2:
          return i.range;
        default:
          return StatusLabel(i.status);
      }
    };
    view.color = [&list](std::size_t r, std::size_t c) {
      if (c != 3) return kInk;
      return list[r].status == IndicatorStatus::kWithin ? kWithinColor : kOutsideColor;
    };
    Table(std::move(view));
    y_ += 8;
  }

  void Charts() {
    for (const Chart& chart : report_.charts) {
      Ensure(kChartHeight);
      DrawChart(canvas_, chart, kMargin, y_, kBodyWidth, kChartHeight);
      y_ += kChartHeight + kChartGap;
    }
  }

  void Tables() {
    for (std::size_t t = 0; t < report_.tables.size(); ++t) {
      const CaseTable& table = report_.tables[t];
      const TextStyle title_style{.size = kTextSize + 1, .bold = true};
      const std::string title = "表 " + std::to_string(t + 1) + "　" + table.title + "（共 " +
                                std::to_string(table.rows.size()) + " 件）";
      Ensure(canvas_.TextHeight(kBodyWidth, title, title_style) + 60);
      y_ += canvas_.Text(kMargin, y_, kBodyWidth, title, title_style) + 4;
      TableView view;
      view.columns = table.columns;
      view.row_count = table.rows.size();
      // Case lists are set a point smaller than the body, so that a case number and a date
      // keep to one line beside a long case title.
      view.font_size = kSmallSize;
      view.cell = [&table](std::size_t r, std::size_t c) -> std::string_view {
        const auto& row = table.rows[r];
        return c < row.size() ? std::string_view(row[c]) : std::string_view();
      };
      Table(std::move(view));
      y_ += 14;
    }
  }

  // Widths for the columns of `view`. Each column wants its widest text (header and the first
  // rows) within [kMinColumn, kMaxColumn]. When all fit they grow alike to the body's width;
  // otherwise the narrow ones keep their width and the widest share what is left equally, so
  // that a long title column wraps rather than a number or a date.
  std::vector<double> FitColumns(const TableView& view) {
    const std::size_t n = view.columns.size();
    std::vector<double> wanted(n, kMinColumn);
    const TextStyle header{.size = view.font_size, .bold = true};
    const TextStyle body{.size = view.font_size};
    for (std::size_t c = 0; c < n; ++c) {
      double w = canvas_.TextWidth(view.columns[c], header);
      for (std::size_t r = 0; r < std::min(view.row_count, kMeasuredRows); ++r) {
        w = std::max(w, canvas_.TextWidth(view.cell(r, c), body));
      }
      wanted[c] = std::clamp(w + 2 * kCellPad + 1, kMinColumn, kMaxColumn);
    }
    double sum = 0;
    for (const double w : wanted) sum += w;
    if (sum <= kBodyWidth) {
      for (double& w : wanted) w *= kBodyWidth / sum;
      return wanted;
    }
    std::vector<std::size_t> order(n);
    for (std::size_t c = 0; c < n; ++c) order[c] = c;
    std::sort(order.begin(), order.end(),
              [&wanted](std::size_t a, std::size_t b) { return wanted[a] < wanted[b]; });
    std::vector<double> widths(n);
    double left = kBodyWidth;
    for (std::size_t i = 0; i < n; ++i) {
      const double share = left / static_cast<double>(n - i);
      widths[order[i]] = std::min(wanted[order[i]], share);
      left -= widths[order[i]];
    }
    return widths;
  }

  // The height of a row whose cells are `text(c)`, each wrapped to its column.
  double RowHeight(const std::vector<double>& widths, const TextStyle& style,
                   const std::function<std::string_view(std::size_t)>& text) {
    double h = 0;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      h = std::max(h, canvas_.TextHeight(widths[c] - 2 * kCellPad, text(c), style));
    }
    return h + 2 * kCellPad;
  }

  void DrawRow(const std::vector<double>& widths, double h, const TextStyle& style,
               std::optional<Rgb> fill, const std::function<std::string_view(std::size_t)>& text,
               const std::function<Rgb(std::size_t)>& color) {
    if (fill) canvas_.FillRect(kMargin, y_, kBodyWidth, h, *fill);
    double x = kMargin;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      TextStyle cell_style = style;
      if (color) cell_style.color = color(c);
      canvas_.Text(x + kCellPad, y_ + kCellPad, widths[c] - 2 * kCellPad, text(c), cell_style);
      x += widths[c];
    }
    canvas_.Line(kMargin, y_ + h, kMargin + kBodyWidth, y_ + h, kRule, 0.5);
    y_ += h;
  }

  void Table(TableView view) {
    if (view.columns.empty()) return;
    const std::vector<double> widths = view.widths.empty() ? FitColumns(view) : view.widths;
    const TextStyle header{.size = view.font_size, .bold = true};
    const TextStyle body{.size = view.font_size, .max_lines = kCellMaxLines};
    auto header_text = [&](std::size_t c) { return std::string_view(view.columns[c]); };
    const double header_h = RowHeight(widths, header, header_text);
    auto draw_header = [&] { DrawRow(widths, header_h, header, kHeaderFill, header_text, {}); };

    if (view.row_count == 0) {
      Ensure(header_h * 2);
      draw_header();
      DrawRow(widths, header_h, {.size = view.font_size, .color = kMuted}, std::nullopt,
              [](std::size_t c) { return std::string_view(c == 0 ? "（无）" : ""); }, {});
      return;
    }
    for (std::size_t r = 0; r < view.row_count; ++r) {
      auto text = [&](std::size_t c) { return view.cell(r, c); };
      const double h = RowHeight(widths, body, text);
      if (r == 0 || y_ + h > kBodyBottom) {
        Ensure(header_h + h);
        draw_header();
      }
      std::function<Rgb(std::size_t)> color;
      if (view.color) color = [&](std::size_t c) { return view.color(r, c); };
      DrawRow(widths, h, body, r % 2 == 1 ? std::optional<Rgb>(kStripeFill) : std::nullopt, text,
              color);
    }
  }

  cairo_t* cr_;
  Canvas canvas_;
  const Report& report_;
  int total_pages_;
  int page_ = 0;
  int section_ = 0;
  double y_ = 0;
};

cairo_status_t Discard(void*, const unsigned char*, unsigned int) { return CAIRO_STATUS_SUCCESS; }

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Fails unless `surface` is usable (a PDF surface on a file that cannot be created is not).
void CheckSurface(cairo_surface_t* surface) {
  const cairo_status_t status = cairo_surface_status(surface);
  if (status == CAIRO_STATUS_SUCCESS) return;
  cairo_surface_destroy(surface);
  throw ReportError(std::string("PDF 无法写入：") + cairo_status_to_string(status));
}

// Renders `report` onto `surface` (a fresh PDF surface), finishes and destroys it; returns the
// page count.
int RenderOnto(cairo_surface_t* surface, const Report& report, int total_pages) {
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, report.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "审管 Shenguan");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                 report.scope.generated_at.c_str());
  cairo_t* cr = cairo_create(surface);
  int pages = 0;
  {
    Document doc(cr, report, total_pages);
    pages = doc.Render();
  }
  const cairo_status_t drawn = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t finished = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  for (const cairo_status_t status : {drawn, finished}) {
    if (status != CAIRO_STATUS_SUCCESS) {
      throw ReportError(std::string("PDF 生成失败：") + cairo_status_to_string(status));
    }
  }
  return pages;
}

// Lays `report` out into a PDF that is thrown away, to count its pages.
int CountPages(const Report& report) {
  return RenderOnto(cairo_pdf_surface_create_for_stream(Discard, nullptr, kPageWidth, kPageHeight),
                    report, 0);
}

}  // namespace

int WritePdf(const Report& report, const std::string& path) {
  Validate(report);
  cairo_surface_t* surface = cairo_pdf_surface_create(path.c_str(), kPageWidth, kPageHeight);
  CheckSurface(surface);
  int pages = 0;
  try {
    pages = CountPages(report);
  } catch (...) {
    cairo_surface_destroy(surface);
    throw;
  }
  return RenderOnto(surface, report, pages);
}

std::string PdfBytes(const Report& report) {
  Validate(report);
  const int pages = CountPages(report);
  std::string out;
  RenderOnto(cairo_pdf_surface_create_for_stream(Append, &out, kPageWidth, kPageHeight), report,
             pages);
  return out;
}

}  // namespace sg::report
