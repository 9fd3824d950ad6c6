// Averages of a fluence map over rectangles in O(1) (a summed-area table, Crow, SIGGRAPH 1984):
// the fluence a voxel receives is its footprint's average, not its centre's value.
#pragma once

#include <vector>

#include "host/machine/fluence.h"

namespace srtdose {

class FluenceBoxAverage {
 public:
  /// The map's pixels taken as constant cells of pixel_mm (0 outside the map).
  explicit FluenceBoxAverage(const FluenceMap& map);
  /// Mean fluence over [x0, x1] x [y0, y1] (mm at the isocentre plane), exact for the cells;
  /// a rectangle of zero area gives the cell value there.
  double mean(double x0, double y0, double x1, double y1) const;

 private:
  /// Integral of the cells over (-inf, x] x (-inf, y], mm2.
  double integral(double x, double y) const;
  const FluenceMap& map_;
  std::vector<double> sat_;  ///< (nx + 1) x (ny + 1) corner sums, mm2
};

}  // namespace srtdose
