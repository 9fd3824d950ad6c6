#include "host/io/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace srtdose {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

/// A "nice" tick step (1, 2 or 5 x 10^k) giving about n ticks over range.
double tick_step(double range, int n) {
  if (!(range > 0)) return 1;
  const double raw = range / n, p = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                          "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};

}  // namespace

std::string svg_plot(const PlotSpec& spec) {
  const double W = 800, H = 520, left = 70, right = 200, top = 40, bottom = 60;
  const double pw = W - left - right, ph = H - top - bottom;
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  for (const PlotSeries& s : spec.series) {
    for (double v : s.x) x0 = std::min(x0, v), x1 = std::max(x1, v);
    for (double v : s.y) y0 = std::min(y0, v), y1 = std::max(y1, v);
  }
  for (const auto& h : spec.horizontal_lines)
    y0 = std::min(y0, h.second), y1 = std::max(y1, h.second);
  if (!std::isfinite(x0)) x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  x0 = std::min(x0, 0.0), y0 = std::min(y0, 0.0);
  if (x1 <= x0) x1 = x0 + 1;
  if (y1 <= y0) y1 = y0 + 1;
  const double xs = tick_step(x1 - x0, 8), ys = tick_step(y1 - y0, 6);
  x1 = std::ceil(x1 / xs) * xs, y1 = std::ceil(y1 / ys) * ys;
  auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * pw; };
  auto py = [&](double y) { return top + ph - (y - y0) / (y1 - y0) * ph; };

  std::ostringstream o;
  o.precision(6);
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H
    << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    << "<text x=\"" << left + pw / 2 << "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">"
    << xml_escape(spec.title) << "</text>\n";
  for (double x = x0; x <= x1 + 1e-9 * xs; x += xs) {
    o << "<line x1=\"" << px(x) << "\" y1=\"" << top << "\" x2=\"" << px(x) << "\" y2=\""
      << top + ph << "\" stroke=\"#e0e0e0\"/>\n<text x=\"" << px(x) << "\" y=\"" << top + ph + 16
      << "\" text-anchor=\"middle\">" << x << "</text>\n";
  }
  for (double y = y0; y <= y1 + 1e-9 * ys; y += ys) {
    o << "<line x1=\"" << left << "\" y1=\"" << py(y) << "\" x2=\"" << left + pw << "\" y2=\""
      << py(y) << "\" stroke=\"#e0e0e0\"/>\n<text x=\"" << left - 6 << "\" y=\"" << py(y) + 4
      << "\" text-anchor=\"end\">" << y << "</text>\n";
  }
  o << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << pw << "\" height=\"" << ph
    << "\" fill=\"none\" stroke=\"black\"/>\n"
    << "<text x=\"" << left + pw / 2 << "\" y=\"" << H - 18 << "\" text-anchor=\"middle\">"
    << xml_escape(spec.x_label) << "</text>\n"
    << "<text transform=\"translate(18," << top + ph / 2
    << ") rotate(-90)\" text-anchor=\"middle\">" << xml_escape(spec.y_label) << "</text>\n";
  for (const auto& [label, y] : spec.horizontal_lines) {
    o << "<line x1=\"" << left << "\" y1=\"" << py(y) << "\" x2=\"" << left + pw << "\" y2=\""
      << py(y) << "\" stroke=\"black\" stroke-dasharray=\"2,3\"/>\n<text x=\"" << left + pw - 4
      << "\" y=\"" << py(y) - 4 << "\" text-anchor=\"end\">" << xml_escape(label) << "</text>\n";
  }
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    const PlotSeries& s = spec.series[i];
    const char* colour = kColours[(spec.series[i].colour >= 0 ? spec.series[i].colour : i) % 10];
    if (s.markers) {
      for (std::size_t p = 0; p < s.x.size() && p < s.y.size(); ++p)
        o << "<circle cx=\"" << px(s.x[p]) << "\" cy=\"" << py(s.y[p]) << "\" r=\"4\" fill=\""
          << colour << "\"/>\n";
    } else {
      o << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"1.8\""
        << (s.dashed ? " stroke-dasharray=\"6,4\"" : "") << " points=\"";
      for (std::size_t p = 0; p < s.x.size() && p < s.y.size(); ++p)
        o << px(s.x[p]) << "," << py(s.y[p]) << " ";
      o << "\"/>\n";
    }
    const double ly = top + 14 + 18 * static_cast<double>(i);
    o << "<line x1=\"" << left + pw + 12 << "\" y1=\"" << ly - 4 << "\" x2=\"" << left + pw + 36
      << "\" y2=\"" << ly - 4 << "\" stroke=\"" << colour << "\" stroke-width=\"3\""
      << (s.dashed ? " stroke-dasharray=\"6,4\"" : "") << "/>\n<text x=\"" << left + pw + 42
      << "\" y=\"" << ly << "\">" << xml_escape(s.label) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace srtdose
