#include "host/check/slice_figure.h"

#include <atomic>
#include <cmath>

#include "host/check/html.h"
#include "host/util/number_format.h"

namespace srtdose {

namespace {

constexpr std::uint8_t kSoftTissueGrey = 134;  // density 1.05 g/cm3 on slice_render's scale

/// Samples f over [lo, hi] at n + 1 stops.
template <class F>
std::vector<std::pair<double, std::array<std::uint8_t, 3>>> sample(double lo, double hi, int n,
                                                                   F&& f) {
  std::vector<std::pair<double, std::array<std::uint8_t, 3>>> out;
  for (int i = 0; i <= n; ++i) {
    const double v = lo + (hi - lo) * i / n;
    out.push_back({v, f(v)});
  }
  return out;
}

int figure_id() {
  static std::atomic<int> next{0};
  return next++;
}

}  // namespace

ColourScale dose_wash_scale(double ref_gy) {
  ColourScale s;
  s.label = "dose, % of " + fixed(ref_gy, 2) + " Gy";
  s.stops =
      sample(0, 120, 48, [](double pct) { return dose_wash_rgb(pct / 100, kSoftTissueGrey); });
  s.ticks = {10, 50, 80, 100, 120};
  s.tick_suffix.assign(1, '%');
  return s;
}

ColourScale difference_scale(double range_pct) {
  ColourScale s;
  s.label = "srtdose - TPS, % of the reference dose";
  s.stops = sample(-range_pct, range_pct, 40,
                   [&](double v) { return signed_map_rgb(v / range_pct, kSoftTissueGrey); });
  s.ticks = {-range_pct, -range_pct / 2, 0, range_pct / 2, range_pct};
  s.tick_suffix.assign(1, '%');
  return s;
}

ColourScale gamma_scale(const std::string& criteria) {
  ColourScale s;
  s.label = "gamma " + criteria;
  s.stops = sample(0, 1, 20, [](double v) { return unsigned_map_rgb(v, kSoftTissueGrey); });
  // Above 1: one colour, a sharp step.
  s.stops.push_back({1.0001, unsigned_map_rgb(1.5, kSoftTissueGrey)});
  s.stops.push_back({1.5, unsigned_map_rgb(1.5, kSoftTissueGrey)});
  s.ticks = {0, 0.5, 1, 1.5};
  return s;
}

std::array<char, 4> orientation_letters(SlicePlane plane) {
  switch (plane) {
    case SlicePlane::Axial:
      return {'R', 'L', 'A', 'P'};  // x (patient left) right, y (posterior) down
    case SlicePlane::Coronal:
      return {'R', 'L', 'S', 'I'};  // x right, z (superior) up
    case SlicePlane::Sagittal:
      return {'A', 'P', 'S', 'I'};  // y (posterior) right, z up
  }
  return {'?', '?', '?', '?'};
}

std::string slice_figure_html(const RgbImage& image, SlicePlane plane, const Vec3& through,
                              double pixel_mm, const ColourScale& scale,
                              const std::string& caption) {
  const double w = image.width;
  // Text size in image pixels: the figure is shown 400 px wide, so this is 13 px on screen
  // whatever the image's own width.
  const double font = 13.0 * w / 400;
  const std::array<char, 4> o = orientation_letters(plane);
  std::string html = "<figure class=\"slice\"><div class=\"slice-frame\"><img src=\"" +
                     png_data_uri(image) + "\">";
  const char* where[4] = {"left", "right", "top", "bottom"};
  for (int i = 0; i < 4; ++i)
    html += "<span class=\"ori " + std::string(where[i]) + "\">" + std::string(1, o[i]) + "</span>";
  html += "</div>";
  // Scale bar: 5 cm, or 2 cm on images narrower than 12 cm.
  const double bar_mm = w * pixel_mm >= 120 ? 50 : 20, bar_px = bar_mm / pixel_mm;
  const std::string vb_w = fixed(w, 0);
  html += "<svg class=\"scalebar\" viewBox=\"0 0 " + vb_w + " " + fixed(2.2 * font, 1) +
          "\"><line x1=\"" + fixed(font, 1) + "\" y1=\"" + fixed(0.6 * font, 1) + "\" x2=\"" +
          fixed(font + bar_px, 1) + "\" y2=\"" + fixed(0.6 * font, 1) +
          "\" stroke=\"black\" stroke-width=\"" + fixed(0.3 * font, 1) + "\"/><text x=\"" +
          fixed(1.5 * font + bar_px, 1) + "\" y=\"" + fixed(0.95 * font, 1) + "\" font-size=\"" +
          fixed(font, 1) + "\">" + fixed(bar_mm / 10, 0) + " cm</text></svg>";
  // Colour bar: a gradient over the stops, ticks below with their values.
  const std::string id = "cb" + std::to_string(figure_id());
  const double lo = scale.stops.front().first, hi = scale.stops.back().first;
  const double x0 = font, x1 = w - 2 * font, bar_h = 0.9 * font;
  html += "<svg class=\"colourbar\" viewBox=\"0 0 " + vb_w + " " + fixed(3.6 * font, 1) +
          "\"><defs><linearGradient id=\"" + id + "\">";
  for (const auto& [v, c] : scale.stops)
    html += "<stop offset=\"" + fixed((v - lo) / (hi - lo), 4) + "\" stop-color=\"" +
            css_rgb(c[0], c[1], c[2]) + "\"/>";
  html += "</linearGradient></defs><rect x=\"" + fixed(x0, 1) + "\" y=\"0\" width=\"" +
          fixed(x1 - x0, 1) + "\" height=\"" + fixed(bar_h, 1) + "\" fill=\"url(#" + id +
          ")\" stroke=\"#555\" stroke-width=\"" + fixed(0.08 * font, 2) + "\"/>";
  for (double t : scale.ticks) {
    const double x = x0 + (x1 - x0) * (t - lo) / (hi - lo);
    html += "<line x1=\"" + fixed(x, 1) + "\" y1=\"0\" x2=\"" + fixed(x, 1) + "\" y2=\"" +
            fixed(bar_h + 0.3 * font, 1) + "\" stroke=\"#333\" stroke-width=\"" +
            fixed(0.08 * font, 2) + "\"/><text x=\"" + fixed(x, 1) + "\" y=\"" +
            fixed(bar_h + 1.2 * font, 1) + "\" font-size=\"" + fixed(0.85 * font, 1) +
            "\" text-anchor=\"middle\">" + html_escape(fixed(t, t == std::round(t) ? 0 : 1)) +
            html_escape(scale.tick_suffix) + "</text>";
  }
  html += "<text x=\"" + fixed(x0, 1) + "\" y=\"" + fixed(bar_h + 2.3 * font, 1) +
          "\" font-size=\"" + fixed(0.85 * font, 1) + "\">" + html_escape(scale.label) +
          "</text></svg>";
  const char* axis = plane == SlicePlane::Axial ? "z" : (plane == SlicePlane::Coronal ? "y" : "x");
  const double pos = plane == SlicePlane::Axial
                         ? through.z
                         : (plane == SlicePlane::Coronal ? through.y : through.x);
  html += "<figcaption>" + html_escape(caption) + ", " + to_string(plane) + " at " + axis + " = " +
          fixed(pos, 1) + " mm</figcaption></figure>";
  return html;
}

const char* slice_figure_css() {
  return ".slice{width:400px}.slice-frame{position:relative}"
         ".slice-frame img{width:100%;max-width:none;display:block}"
         ".ori{position:absolute;color:#ffe600;font-weight:bold;font-size:14px;"
         "text-shadow:0 0 3px #000}"
         ".ori.left{left:4px;top:50%}.ori.right{right:4px;top:50%}"
         ".ori.top{top:2px;left:50%}.ori.bottom{bottom:2px;left:50%}"
         "svg.scalebar,svg.colourbar{display:block;width:100%}";
}

}  // namespace srtdose
