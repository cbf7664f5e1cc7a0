// Draws a Chart (report.h) into a box of a PDF page: title, legend, value axis with grid lines
// and its unit, category labels, and the bars or lines. Internal to the report module.
#pragma once

#include <cstdint>

#include "report/canvas.h"
#include "report/report.h"

namespace sg::report {

// Draws `chart` inside the box (x, y, width, height). The chart must have passed Validate.
void DrawChart(Canvas& canvas, const Chart& chart, double x, double y, double width, double height);

// The top of the value axis and its step for data whose largest value is `max_value`: a step of
// 1, 2 or 5 times a power of ten, with about five steps up to at least max_value.
struct Axis {
  std::int64_t top = 0;
  std::int64_t step = 1;
};
Axis NiceAxis(std::int64_t max_value);

}  // namespace sg::report
