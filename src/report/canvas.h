// Drawing helpers over one cairo context: text laid out by pango in Noto Sans CJK SC, wrapped
// to a width, and filled or stroked shapes. Units are PDF points (1/72 inch), y grows downwards.
// Internal to the report module.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <string_view>

namespace sg::report {

struct Rgb {
  double r = 0, g = 0, b = 0;
};

// The report's colours: ink for body text, muted for secondary text, rules and fills for tables.
inline constexpr Rgb kInk{0.13, 0.15, 0.18};
inline constexpr Rgb kMuted{0.42, 0.45, 0.50};
inline constexpr Rgb kRule{0.80, 0.82, 0.86};
inline constexpr Rgb kHeaderFill{0.91, 0.93, 0.97};
inline constexpr Rgb kStripeFill{0.97, 0.97, 0.98};
inline constexpr Rgb kAccent{0.33, 0.44, 0.78};
inline constexpr Rgb kWithinColor{0.18, 0.55, 0.34};
inline constexpr Rgb kOutsideColor{0.85, 0.45, 0.05};

enum class Align { kLeft, kCenter, kRight };

struct TextStyle {
  double size = 9;  // points
  bool bold = false;
  Rgb color = kInk;
  Align align = Align::kLeft;  // within the width given to Text; needs a width
  int max_lines = 0;           // 0: as many as the text needs; else ellipsized after this many
};

class Canvas {
 public:
  // Borrows `cr`, which must outlive the Canvas.
  explicit Canvas(cairo_t* cr);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() const { return cr_; }

  // Draws `text` with its top left at (x, y), wrapped to `width` (0: one unwrapped line), and
  // returns its height.
  double Text(double x, double y, double width, std::string_view text, const TextStyle& style);
  // The height Text would take.
  double TextHeight(double width, std::string_view text, const TextStyle& style);
  // The width of `text` on one line.
  double TextWidth(std::string_view text, const TextStyle& style);

  void FillRect(double x, double y, double w, double h, Rgb color);
  void StrokeRect(double x, double y, double w, double h, Rgb color, double line_width);
  void Line(double x1, double y1, double x2, double y2, Rgb color, double line_width);

 private:
  PangoLayout* Layout(double width, std::string_view text, const TextStyle& style);

  cairo_t* cr_;
  PangoLayout* layout_;
  PangoFontDescription* regular_;
  PangoFontDescription* bold_;
};

void SetColor(cairo_t* cr, Rgb color);

}  // namespace sg::report
