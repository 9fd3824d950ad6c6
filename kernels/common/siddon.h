// Exact ray-grid traversal: Siddon 1985 (Med Phys 12:252) in the incremental form of
// Jacobs, Sundermann, De Sutter, Christiaens, Lemahieu 1998 (J Comput Inf Technol 6:89).
// Shared by the CPU and CUDA paths: no allocation, no exceptions.
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/common/grid_view.h"
#include "kernels/common/hd.h"
#include "kernels/common/vec3.h"

namespace srtdose {

namespace detail {
SRTDOSE_HD_INLINE double siddon_inf() {
  return 1.0e300;
}
}  // namespace detail

/// Visits every voxel the segment a -> b crosses, in order, calling
/// visit(std::int64_t linear_index, double length_mm) with the length of the segment inside it.
/// Lengths sum to the length of the part of the segment inside the grid box (edges included).
/// Returns the number of voxels visited.
template <class Visitor>
SRTDOSE_HD inline int siddon_traverse(const GridView& g, Vec3 a, Vec3 b, Visitor&& visit) {
  const Vec3 d = b - a;
  const double length_mm = norm(d);
  if (!(length_mm > 0.0) || g.nx <= 0 || g.ny <= 0 || g.nz <= 0) return 0;

  // Parametric range [alpha_min, alpha_max] of the segment inside the grid box (Siddon eq. 4-5).
  double alpha_min = 0.0, alpha_max = 1.0;
  double inv_d[3];
  for (int ax = 0; ax < 3; ++ax) {
    const double lo = g.lower_edge_mm(ax), hi = g.upper_edge_mm(ax);
    if (d[ax] != 0.0) {
      inv_d[ax] = 1.0 / d[ax];
      const double a0 = (lo - a[ax]) * inv_d[ax], a1 = (hi - a[ax]) * inv_d[ax];
      alpha_min = fmax(alpha_min, fmin(a0, a1));
      alpha_max = fmin(alpha_max, fmax(a0, a1));
    } else {
      inv_d[ax] = 0.0;
      if (a[ax] < lo || a[ax] > hi) return 0;  // parallel to the planes and outside the box
    }
  }
  if (!(alpha_min < alpha_max)) return 0;

  // First voxel: the one the segment enters at alpha_min (Jacobs eq. 10-12).
  int idx[3], step[3];
  double alpha_next[3];
  const Vec3 entry = a + alpha_min * d;
  for (int ax = 0; ax < 3; ++ax) {
    const double lo = g.lower_edge_mm(ax), s = g.spacing_mm[ax];
    const double c = (entry[ax] - lo) / s;
    int i = d[ax] < 0.0 ? static_cast<int>(ceil(c)) - 1 : static_cast<int>(floor(c));
    const int n = g.dim(ax);
    i = i < 0 ? 0 : (i >= n ? n - 1 : i);
    idx[ax] = i;
    if (d[ax] > 0.0) {
      step[ax] = 1;
      alpha_next[ax] = (lo + (i + 1) * s - a[ax]) * inv_d[ax];
    } else if (d[ax] < 0.0) {
      step[ax] = -1;
      alpha_next[ax] = (lo + i * s - a[ax]) * inv_d[ax];
    } else {
      step[ax] = 0;
      alpha_next[ax] = detail::siddon_inf();
    }
  }

  int visited = 0;
  double alpha = alpha_min;
  while (alpha < alpha_max) {
    const int m = alpha_next[0] <= alpha_next[1] ? (alpha_next[0] <= alpha_next[2] ? 0 : 2)
                                                 : (alpha_next[1] <= alpha_next[2] ? 1 : 2);
    const double alpha_end = fmin(alpha_next[m], alpha_max);
    if (alpha_end > alpha) {
      visit(g.index(idx[0], idx[1], idx[2]), (alpha_end - alpha) * length_mm);
      ++visited;
    }
    alpha = alpha_end;
    idx[m] += step[m];
    if (idx[m] < 0 || idx[m] >= g.dim(m)) break;
    // Recomputed from the plane index rather than accumulated, so no rounding drift.
    const double plane = g.lower_edge_mm(m) + (step[m] > 0 ? idx[m] + 1 : idx[m]) * g.spacing_mm[m];
    alpha_next[m] = (plane - a[m]) * inv_d[m];
  }
  return visited;
}

/// Radiological path length of the segment a -> b: sum of density (g/cm3) x length (mm),
/// i.e. water-equivalent mm. Outside the grid the density is taken as 0 (vacuum).
SRTDOSE_HD inline double radiological_path_mm(const GridView& g, const float* density_g_cm3, Vec3 a,
                                              Vec3 b) {
  double sum = 0.0;
  siddon_traverse(g, a, b,
                  [&](std::int64_t i, double len_mm) { sum += density_g_cm3[i] * len_mm; });
  return sum;
}

}  // namespace srtdose
