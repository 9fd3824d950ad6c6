#include "host/core/resample.h"

#include <cmath>

namespace srtdose {

double interpolate_trilinear(const Volume<float>& v, const Vec3& p_mm, double outside) {
  const Grid3& g = v.grid();
  const Vec3 c = g.continuous_index(p_mm);
  int i0[3];
  double w[3];
  for (int a = 0; a < 3; ++a) {
    const int n = g.dims()[a];
    // Points up to half a voxel outside the centres lie inside the grid box: clamp them.
    if (c[a] < -0.5 || c[a] > n - 0.5) return outside;
    const double ca = std::clamp(c[a], 0.0, static_cast<double>(n - 1));
    int lo = static_cast<int>(std::floor(ca));
    if (lo >= n - 1) lo = std::max(0, n - 2);
    i0[a] = lo;
    w[a] = n == 1 ? 0.0 : ca - lo;
  }
  const int i1x = std::min(i0[0] + 1, g.nx() - 1), i1y = std::min(i0[1] + 1, g.ny() - 1),
            i1z = std::min(i0[2] + 1, g.nz() - 1);
  auto at = [&](int i, int j, int k) { return static_cast<double>(v.at(i, j, k)); };
  const double c00 = at(i0[0], i0[1], i0[2]) * (1 - w[0]) + at(i1x, i0[1], i0[2]) * w[0];
  const double c10 = at(i0[0], i1y, i0[2]) * (1 - w[0]) + at(i1x, i1y, i0[2]) * w[0];
  const double c01 = at(i0[0], i0[1], i1z) * (1 - w[0]) + at(i1x, i0[1], i1z) * w[0];
  const double c11 = at(i0[0], i1y, i1z) * (1 - w[0]) + at(i1x, i1y, i1z) * w[0];
  const double c0 = c00 * (1 - w[1]) + c10 * w[1];
  const double c1 = c01 * (1 - w[1]) + c11 * w[1];
  return c0 * (1 - w[2]) + c1 * w[2];
}

Volume<float> resample_trilinear(const Volume<float>& v, const Grid3& target, float outside) {
  Volume<float> out(target, outside);
#pragma omp parallel for collapse(2) schedule(static)
  for (int k = 0; k < target.nz(); ++k) {
    for (int j = 0; j < target.ny(); ++j) {
      for (int i = 0; i < target.nx(); ++i) {
        out.at(i, j, k) =
            static_cast<float>(interpolate_trilinear(v, target.position_mm(i, j, k), outside));
      }
    }
  }
  return out;
}

}  // namespace srtdose
