#include "host/machine/fluence_box_average.h"

#include <algorithm>
#include <cmath>

namespace srtdose {

FluenceBoxAverage::FluenceBoxAverage(const FluenceMap& map)
    : map_(map), sat_(static_cast<std::size_t>(map.nx + 1) * (map.ny + 1), 0.0) {
  const int w = map.nx + 1;
  const double area = map.pixel_mm * map.pixel_mm;
  for (int j = 0; j < map.ny; ++j)
    for (int i = 0; i < map.nx; ++i)
      sat_[static_cast<std::size_t>((j + 1) * w + i + 1)] =
          map.value[static_cast<std::size_t>(j * map.nx + i)] * area +
          sat_[static_cast<std::size_t>(j * w + i + 1)] +
          sat_[static_cast<std::size_t>((j + 1) * w + i)] -
          sat_[static_cast<std::size_t>(j * w + i)];
}

double FluenceBoxAverage::integral(double x, double y) const {
  // Continuous cell coordinates: cell i spans [i, i + 1) from the map's left edge.
  const double u = std::clamp((x - map_.x0_mm) / map_.pixel_mm + 0.5, 0.0, double(map_.nx));
  const double v = std::clamp((y - map_.y0_mm) / map_.pixel_mm + 0.5, 0.0, double(map_.ny));
  const int i = std::min(static_cast<int>(u), map_.nx - 1),
            j = std::min(static_cast<int>(v), map_.ny - 1);
  const double tu = u - i, tv = v - j;
  const int w = map_.nx + 1;
  auto s = [&](int a, int b) { return sat_[static_cast<std::size_t>(b * w + a)]; };
  // Piecewise constant cells: the integral is bilinear between the corner sums of a cell.
  return (1 - tu) * (1 - tv) * s(i, j) + tu * (1 - tv) * s(i + 1, j) + (1 - tu) * tv * s(i, j + 1) +
         tu * tv * s(i + 1, j + 1);
}

double FluenceBoxAverage::mean(double x0, double y0, double x1, double y1) const {
  const double area = (x1 - x0) * (y1 - y0);
  if (!(area > 0)) return map_.sample(0.5 * (x0 + x1), 0.5 * (y0 + y1));
  return (integral(x1, y1) - integral(x0, y1) - integral(x1, y0) + integral(x0, y0)) / area;
}

}  // namespace srtdose
