#include "host/engine/pb/fspb_kernel.h"

#include <algorithm>
#include <cmath>

#include "host/core/error.h"
#include "host/plan/partial_volume.h"

namespace srtdose {

FspbKernel build_fspb_kernel(const physics::PencilKernel& p, double b, double cutoff) {
  if (!(b > 0.005) || !(cutoff > b))
    throw InputError("pencil beam: beamlet size or cutoff out of range");
  FspbKernel k;
  k.beamlet_cm = b;
  k.half_cells = static_cast<int>(std::ceil(cutoff / b));
  const int n = k.side(), ns = p.shells();
  for (int z = 0; z < p.slabs(); ++z)
    k.depth_cm.push_back(0.5 * (p.depth_edges_cm[z] + p.depth_edges_cm[z + 1]));
  k.value.assign(static_cast<std::size_t>(p.slabs()) * n * n, 0.0);
  // Area of each shell (annulus) inside each beamlet square, for the octant i >= j >= 0 (the
  // others by symmetry). Only the shells that cross a square have a partial area: each square
  // keeps the range of shells that overlap it.
  const int h = k.half_cells;
  struct Cell {
    int i, j, first_shell;
    std::size_t offset;  // into areas
    int count;
  };
  std::vector<Cell> cells;
  std::vector<double> areas;  // cm2
  for (int j = 0; j <= h; ++j)
    for (int i = j; i <= h; ++i) {
      const double x0 = 10 * (i - 0.5) * b, x1 = 10 * (i + 0.5) * b, y0 = 10 * (j - 0.5) * b,
                   y1 = 10 * (j + 0.5) * b;
      const double r_min = std::hypot(std::max(0.0, x0), std::max(0.0, y0));
      const double r_max = std::hypot(x1, y1), square = (x1 - x0) * (y1 - y0);
      Cell c{i, j, -1, areas.size(), 0};
      double prev = 0;
      for (int s = 0; s < ns && prev < square; ++s) {
        const double r = 10 * p.radius_edges_cm[s];
        if (r <= r_min) continue;
        const double a = r >= r_max ? square : disk_rectangle_area_mm2(r, x0, x1, y0, y1);
        if (c.first_shell < 0) c.first_shell = s;
        areas.push_back((a - prev) / 100);
        prev = a;
      }
      c.count = static_cast<int>(areas.size() - c.offset);
      cells.push_back(c);
    }
  std::vector<double> density(static_cast<std::size_t>(p.slabs()) * ns);
  for (int z = 0; z < p.slabs(); ++z)
    for (int s = 0; s < ns; ++s) density[static_cast<std::size_t>(z) * ns + s] = p.density(z, s);
#pragma omp parallel for schedule(static)
  for (int z = 0; z < p.slabs(); ++z) {
    const double* dz = density.data() + static_cast<std::size_t>(z) * ns;
    double* out = k.value.data() + static_cast<std::size_t>(z) * n * n;
    for (const Cell& c : cells) {
      double v = 0;
      for (int t = 0; t < c.count; ++t) v += dz[c.first_shell + t] * areas[c.offset + t];
      // The eight cells (+-i, +-j) and (+-j, +-i).
      for (int sx : {-1, 1})
        for (int sy : {-1, 1}) {
          out[(sy * c.j + h) * n + (sx * c.i + h)] = v;
          out[(sx * c.i + h) * n + (sy * c.j + h)] = v;
        }
    }
  }
  return k;
}

}  // namespace srtdose
