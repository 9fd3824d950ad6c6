// Bilinear sampling of a 2D map on a regular lattice (fluence maps), shared by the CPU and CUDA
// paths.
#pragma once

#include "kernels/common/hd.h"

namespace srtdose {

/// A map of nx x ny values, value[j * nx + i] at (x0_mm + i pixel_mm, y0_mm + j pixel_mm).
struct MapView {
  const float* value = nullptr;
  int nx = 0, ny = 0;
  double pixel_mm = 1, x0_mm = 0, y0_mm = 0;

  /// Bilinear value at (x, y), clamped to the edge pixels within half a pixel of the map; 0
  /// farther out.
  SRTDOSE_HD_INLINE double sample(double x, double y) const {
    const double fx = (x - x0_mm) / pixel_mm, fy = (y - y0_mm) / pixel_mm;
    if (fx < -0.5 || fy < -0.5 || fx > nx - 0.5 || fy > ny - 0.5) return 0;
    const int last_i = nx > 1 ? nx - 2 : 0, last_j = ny > 1 ? ny - 2 : 0;
    int i = static_cast<int>(floor(fx)), j = static_cast<int>(floor(fy));
    i = i < 0 ? 0 : (i > last_i ? last_i : i);
    j = j < 0 ? 0 : (j > last_j ? last_j : j);
    double tx = fx - i, ty = fy - j;
    tx = tx < 0 ? 0 : (tx > 1 ? 1 : tx);
    ty = ty < 0 ? 0 : (ty > 1 ? 1 : ty);
    const int i1 = i + 1 < nx ? i + 1 : nx - 1, j1 = j + 1 < ny ? j + 1 : ny - 1;
    auto at = [&](int a, int b) { return static_cast<double>(value[b * nx + a]); };
    return (1 - ty) * ((1 - tx) * at(i, j) + tx * at(i1, j)) +
           ty * ((1 - tx) * at(i, j1) + tx * at(i1, j1));
  }
};

}  // namespace srtdose
