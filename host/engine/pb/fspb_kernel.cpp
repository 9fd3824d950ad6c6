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

FspbKernel::Depth FspbKernel::depth_at(double depth) const {
  const int nz = static_cast<int>(depth_cm.size());
  if (nz < 2 || depth <= depth_cm.front()) return {0, 0.0};
  if (depth >= depth_cm.back()) return {nz - 2, 1.0};
  const int z = static_cast<int>(std::upper_bound(depth_cm.begin(), depth_cm.end(), depth) -
                                 depth_cm.begin()) -
                1;
  return {z, (depth - depth_cm[z]) / (depth_cm[z + 1] - depth_cm[z])};
}

double FspbKernel::cell(int slab, int i, int j) const {
  const int n = side();
  if (i < 0 || j < 0 || i >= n || j >= n) return 0;
  return value[(static_cast<std::size_t>(slab) * n + j) * n + i];
}

double FspbKernel::at(double dx, double dy, const Depth& d) const {
  // Bilinear between cells, the table continued by zeros (as a convolution of beamlets with
  // the cells sees it: pb_engine relies on this).
  const int n = side();
  const double fx = dx / beamlet_cm + half_cells, fy = dy / beamlet_cm + half_cells;
  if (fx <= -1 || fy <= -1 || fx >= n || fy >= n) return 0;
  const int i = static_cast<int>(std::floor(fx)), j = static_cast<int>(std::floor(fy));
  const double tx = fx - i, ty = fy - j;
  const int nz = static_cast<int>(depth_cm.size());
  const bool inside = i >= 0 && j >= 0 && i + 1 < n && j + 1 < n;
  auto plane = [&](int zz) {
    if (inside) {
      const double* v = &value[static_cast<std::size_t>(zz) * n * n];
      const double a = v[j * n + i] * (1 - tx) + v[j * n + i + 1] * tx;
      const double c = v[(j + 1) * n + i] * (1 - tx) + v[(j + 1) * n + i + 1] * tx;
      return a * (1 - ty) + c * ty;
    }
    const double a = cell(zz, i, j) * (1 - tx) + cell(zz, i + 1, j) * tx;
    const double c = cell(zz, i, j + 1) * (1 - tx) + cell(zz, i + 1, j + 1) * tx;
    return a * (1 - ty) + c * ty;
  };
  const double p0 = plane(d.slab);
  return d.weight > 0 ? (1 - d.weight) * p0 + d.weight * plane(std::min(d.slab + 1, nz - 1)) : p0;
}

double FspbKernel::at(double dx, double dy, double depth) const {
  return at(dx, dy, depth_at(depth));
}

}  // namespace srtdose
