#include "report/chart.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace sg::report {
namespace {

// ECharts' default palette, so that the PDF's charts look like the dashboard's.
constexpr std::array<Rgb, 8> kPalette{{{0.329, 0.439, 0.776},
                                       {0.569, 0.800, 0.459},
                                       {0.980, 0.784, 0.345},
                                       {0.933, 0.400, 0.400},
                                       {0.451, 0.753, 0.871},
                                       {0.231, 0.635, 0.447},
                                       {0.988, 0.518, 0.322},
                                       {0.604, 0.376, 0.706}}};

constexpr int kTargetSteps = 5;
constexpr double kTitleSize = 11;
constexpr double kLabelSize = 8;
constexpr double kValueSize = 7;
constexpr double kGap = 6;              // between the chart's parts
constexpr double kSwatch = 9;           // legend colour square
constexpr double kCategoryLines = 2;    // category labels wrap to at most this many lines
constexpr double kBarGroupShare = 0.7;  // of a category's slot, the rest is space between groups
constexpr double kMinLabelledBar = 9;   // narrower bars carry no value label
constexpr double kMarkerRadius = 2.4;
constexpr std::size_t kMaxLabelledPoints = 13;  // more points on a line: no value labels

Rgb SeriesColor(std::size_t i) { return kPalette[i % kPalette.size()]; }

// Draws the legend from (x, y) rightwards and returns its height.
double Legend(Canvas& canvas, const Chart& chart, double x, double y, double width) {
  const TextStyle style{.size = kLabelSize, .color = kInk};
  const double line_h = canvas.TextHeight(0, "图", style);
  double cx = x, cy = y;
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const double item_w = kSwatch + 3 + canvas.TextWidth(chart.series[i].name, style) + 12;
    if (cx > x && cx + item_w > x + width) {
      cx = x;
      cy += line_h + 2;
    }
    const double swatch_y = cy + (line_h - kSwatch) / 2;
    if (chart.kind == ChartKind::kLine) {
      canvas.Line(cx, swatch_y + kSwatch / 2, cx + kSwatch, swatch_y + kSwatch / 2, SeriesColor(i),
                  2);
    } else {
      canvas.FillRect(cx, swatch_y, kSwatch, kSwatch, SeriesColor(i));
    }
    canvas.Text(cx + kSwatch + 3, cy, 0, chart.series[i].name, style);
    cx += item_w;
  }
  return chart.series.empty() ? 0 : cy + line_h - y;
}

std::string ValueText(std::int64_t v) { return std::to_string(v); }

}  // namespace

Axis NiceAxis(std::int64_t max_value) {
  if (max_value <= 0) return {.top = kTargetSteps, .step = 1};
  const double raw = static_cast<double>(max_value) / kTargetSteps;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  const auto istep = std::max<std::int64_t>(1, std::llround(step));
  const std::int64_t steps = (max_value + istep - 1) / istep;
  return {.top = steps * istep, .step = istep};
}

void DrawChart(Canvas& canvas, const Chart& chart, double x, double y, double width,
               double height) {
  const TextStyle title_style{.size = kTitleSize, .bold = true};
  const TextStyle label_style{.size = kLabelSize, .color = kMuted};
  const TextStyle value_style{.size = kValueSize, .color = kInk, .align = Align::kCenter};

  double top = y + canvas.Text(x, y, width, chart.title, title_style) + kGap;
  const double unit_w =
      chart.unit.empty() ? 0 : canvas.TextWidth("单位：" + chart.unit, label_style);
  const double legend_h = Legend(canvas, chart, x, top, width - unit_w - kGap);
  if (!chart.unit.empty()) {
    canvas.Text(x + width - unit_w, top, 0, "单位：" + chart.unit, label_style);
  }
  top += std::max(legend_h, canvas.TextHeight(0, "图", label_style)) + kGap * 2;

  std::int64_t max_value = 0;
  for (const Series& s : chart.series) {
    for (const std::int64_t v : s.values) max_value = std::max(max_value, v);
  }
  const Axis axis = NiceAxis(max_value);
  const double tick_w = canvas.TextWidth(ValueText(axis.top), label_style);
  const double line_h = canvas.TextHeight(0, "图", label_style);
  const double plot_left = x + tick_w + kGap;
  const double plot_right = x + width;
  const double plot_top = top + line_h / 2;
  const double plot_bottom = y + height - kCategoryLines * line_h - kGap;
  const double plot_w = plot_right - plot_left;
  const double plot_h = plot_bottom - plot_top;
  auto y_of = [&](std::int64_t v) {
    return plot_bottom - plot_h * static_cast<double>(v) / static_cast<double>(axis.top);
  };

  // Value axis: grid lines and tick labels.
  TextStyle tick_style = label_style;
  tick_style.align = Align::kRight;
  for (std::int64_t v = 0; v <= axis.top; v += axis.step) {
    const double gy = y_of(v);
    if (v > 0) canvas.Line(plot_left, gy, plot_right, gy, kRule, 0.5);
    canvas.Text(x, gy - line_h / 2, tick_w, ValueText(v), tick_style);
  }
  canvas.Line(plot_left, plot_top, plot_left, plot_bottom, kMuted, 0.8);
  canvas.Line(plot_left, plot_bottom, plot_right, plot_bottom, kMuted, 0.8);

  // Category labels under their slots.
  const std::size_t n = chart.categories.size();
  if (n == 0) return;
  const double slot = plot_w / static_cast<double>(n);
  TextStyle category_style = label_style;
  category_style.color = kInk;
  category_style.align = Align::kCenter;
  category_style.max_lines = static_cast<int>(kCategoryLines);
  for (std::size_t i = 0; i < n; ++i) {
    const double sx = plot_left + slot * static_cast<double>(i);
    canvas.Line(sx + slot, plot_bottom, sx + slot, plot_bottom + 3, kMuted, 0.8);
    canvas.Text(sx + 1, plot_bottom + 3, slot - 2, chart.categories[i], category_style);
  }

  cairo_t* cr = canvas.cr();
  const double value_h = canvas.TextHeight(0, "0", value_style);
  if (chart.kind == ChartKind::kBar) {
    const std::size_t count = std::max<std::size_t>(1, chart.series.size());
    const double group_w = slot * kBarGroupShare;
    const double bar_w = group_w / static_cast<double>(count);
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t v = chart.series[s].values[i];
        const double bx = plot_left + slot * static_cast<double>(i) + (slot - group_w) / 2 +
                          bar_w * static_cast<double>(s);
        const double by = y_of(v);
        canvas.FillRect(bx + 0.5, by, bar_w - 1, plot_bottom - by, SeriesColor(s));
        if (bar_w >= kMinLabelledBar) {
          canvas.Text(bx - kGap, by - value_h - 1, bar_w + 2 * kGap, ValueText(v), value_style);
        }
      }
    }
    return;
  }

  const bool labelled = n <= kMaxLabelledPoints && chart.series.size() <= 3;
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const auto& values = chart.series[s].values;
    auto x_of = [&](std::size_t i) { return plot_left + slot * (static_cast<double>(i) + 0.5); };
    SetColor(cr, SeriesColor(s));
    cairo_set_line_width(cr, 1.8);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (std::size_t i = 0; i < n; ++i) {
      if (i == 0) {
        cairo_move_to(cr, x_of(i), y_of(values[i]));
      } else {
        cairo_line_to(cr, x_of(i), y_of(values[i]));
      }
    }
    cairo_stroke(cr);
    for (std::size_t i = 0; i < n; ++i) {
      cairo_new_sub_path(cr);
      cairo_arc(cr, x_of(i), y_of(values[i]), kMarkerRadius, 0, 2 * M_PI);
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_fill_preserve(cr);
      SetColor(cr, SeriesColor(s));
      cairo_set_line_width(cr, 1.2);
      cairo_stroke(cr);
      if (labelled) {
        // A point's label goes above it when its line is the highest there, else below, so
        // that the labels of two close lines do not print over each other.
        bool highest = true;
        for (std::size_t o = 0; o < s; ++o)
          highest = highest && values[i] > chart.series[o].values[i];
        for (std::size_t o = s + 1; o < chart.series.size(); ++o) {
          highest = highest && values[i] >= chart.series[o].values[i];
        }
        const double ly = highest ? y_of(values[i]) - value_h - kMarkerRadius - 1
                                  : y_of(values[i]) + kMarkerRadius + 1;
        canvas.Text(x_of(i) - slot / 2, ly, slot, ValueText(values[i]), value_style);
      }
    }
  }
}

}  // namespace sg::report
