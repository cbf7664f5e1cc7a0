#include "report/canvas.h"

#include <cmath>

namespace sg::report {
namespace {

constexpr const char* kFontFamily = "Noto Sans CJK SC";
constexpr double kPointsPerInch = 72;

int ToPango(double points) { return static_cast<int>(std::lround(points * PANGO_SCALE)); }

double FromPango(int units) { return static_cast<double>(units) / PANGO_SCALE; }

}  // namespace

void SetColor(cairo_t* cr, Rgb color) { cairo_set_source_rgb(cr, color.r, color.g, color.b); }

Canvas::Canvas(cairo_t* cr)
    : cr_(cr),
      layout_(pango_cairo_create_layout(cr)),
      regular_(pango_font_description_new()),
      bold_(nullptr) {
  // Unhinted metrics: the layout must not depend on a device resolution, so that both passes
  // of the PDF (and any later renderer of the same model) break lines and pages alike.
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  PangoContext* context = pango_layout_get_context(layout_);
  pango_cairo_context_set_font_options(context, options);
  // Font sizes are in points and so is the PDF's user space: 72 units per inch, not pango's
  // default of 96.
  pango_cairo_context_set_resolution(context, kPointsPerInch);
  cairo_font_options_destroy(options);
  pango_layout_context_changed(layout_);

  pango_font_description_set_family(regular_, kFontFamily);
  bold_ = pango_font_description_copy(regular_);
  pango_font_description_set_weight(bold_, PANGO_WEIGHT_BOLD);
}

Canvas::~Canvas() {
  pango_font_description_free(bold_);
  pango_font_description_free(regular_);
  g_object_unref(layout_);
}

PangoLayout* Canvas::Layout(double width, std::string_view text, const TextStyle& style) {
  PangoFontDescription* font = style.bold ? bold_ : regular_;
  pango_font_description_set_size(font, ToPango(style.size));
  pango_layout_set_font_description(layout_, font);
  if (width > 0) {
    pango_layout_set_width(layout_, ToPango(width));
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  } else {
    pango_layout_set_width(layout_, -1);
  }
  if (style.max_lines > 0 && width > 0) {
    pango_layout_set_height(layout_, -style.max_lines);
    pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_END);
  } else {
    pango_layout_set_height(layout_, -1);
    pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_NONE);
  }
  pango_layout_set_alignment(layout_, style.align == Align::kCenter  ? PANGO_ALIGN_CENTER
                                      : style.align == Align::kRight ? PANGO_ALIGN_RIGHT
                                                                     : PANGO_ALIGN_LEFT);
  pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
  return layout_;
}

double Canvas::Text(double x, double y, double width, std::string_view text,
                    const TextStyle& style) {
  PangoLayout* layout = Layout(width, text, style);
  SetColor(cr_, style.color);
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, layout);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  return FromPango(h);
}

double Canvas::TextHeight(double width, std::string_view text, const TextStyle& style) {
  int w = 0, h = 0;
  pango_layout_get_size(Layout(width, text, style), &w, &h);
  return FromPango(h);
}

double Canvas::TextWidth(std::string_view text, const TextStyle& style) {
  int w = 0, h = 0;
  pango_layout_get_size(Layout(0, text, style), &w, &h);
  return FromPango(w);
}

void Canvas::FillRect(double x, double y, double w, double h, Rgb color) {
  SetColor(cr_, color);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_fill(cr_);
}

void Canvas::StrokeRect(double x, double y, double w, double h, Rgb color, double line_width) {
  SetColor(cr_, color);
  cairo_set_line_width(cr_, line_width);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_stroke(cr_);
}

void Canvas::Line(double x1, double y1, double x2, double y2, Rgb color, double line_width) {
  SetColor(cr_, color);
  cairo_set_line_width(cr_, line_width);
  cairo_move_to(cr_, x1, y1);
  cairo_line_to(cr_, x2, y2);
  cairo_stroke(cr_);
}

}  // namespace sg::report
