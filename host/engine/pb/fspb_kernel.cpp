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
  // Area of each shell (annulus) inside each beamlet square, by symmetry for i >= j >= 0.
  const int h = k.half_cells;
  std::vector<double> area(static_cast<std::size_t>((h + 1) * (h + 1) * ns), 0.0);
  for (int j = 0; j <= h; ++j)
    for (int i = j; i <= h; ++i) {
      const double x0 = 10 * (i - 0.5) * b, x1 = 10 * (i + 0.5) * b, y0 = 10 * (j - 0.5) * b,
                   y1 = 10 * (j + 0.5) * b;
      double prev = 0;
      for (int s = 0; s < ns; ++s) {
        const double a =
            disk_rectangle_area_mm2(10 * p.radius_edges_cm[s], x0, x1, y0, y1) / 100;  // cm2
        area[static_cast<std::size_t>((j * (h + 1) + i) * ns + s)] = a - prev;
        prev = a;
      }
    }
#pragma omp parallel for schedule(static)
  for (int z = 0; z < p.slabs(); ++z)
    for (int j = -h; j <= h; ++j)
      for (int i = -h; i <= h; ++i) {
        int a = std::abs(i), c = std::abs(j);
        if (a < c) std::swap(a, c);
        double v = 0;
        for (int s = 0; s < ns; ++s)
          v += p.density(z, s) * area[static_cast<std::size_t>((c * (h + 1) + a) * ns + s)];
        k.value[(static_cast<std::size_t>(z) * n + (j + h)) * n + (i + h)] = v;
      }
  return k;
}

}  // namespace srtdose
