// Minimal SVG line/marker plots for reports (DVH, BED per scheme); opens in any browser.
#pragma once

#include <string>
#include <vector>

namespace srtdose {

struct PlotSeries {
  std::string label;
  std::vector<double> x, y;
  bool dashed = false;
  bool markers = false;  ///< points only, no line
  int colour = -1;       ///< palette index; -1: the series' own index
};

struct PlotSpec {
  std::string title, x_label, y_label;
  std::vector<PlotSeries> series;
  std::vector<std::pair<std::string, double>> horizontal_lines;  ///< labelled y levels
};

/// s with &, <, > and " as XML entities (SVG and HTML text).
std::string xml_escape(const std::string& s);

/// The SVG document (800 x 520 px) with axes, ticks, a legend and the series.
std::string svg_plot(const PlotSpec& spec);

}  // namespace srtdose
