#include "host/engine/ccc/cone_transport.h"

#include <algorithm>
#include <cmath>

#include "host/core/error.h"
#include "host/physics/constants.h"
#include "kernels/common/siddon.h"

namespace srtdose {

std::vector<ConeDirection> cone_directions(const physics::ConeKernel& k, const Vec3& axis,
                                           int n_az) {
  if (n_az < 1) throw InputError("collapsed cone: azimuths must be >= 1");
  const Vec3 w = normalized(axis);
  const Vec3 a = std::abs(w.z) < 0.9 ? Vec3{0, 0, 1} : Vec3{1, 0, 0};
  const Vec3 e1 = normalized(cross(w, a)), e2 = cross(w, e1);
  std::vector<ConeDirection> dirs;
  for (int b = 0; b < k.bands(); ++b) {
    // Polar angle: the band's energy-weighted mean (where the kernel says), else the middle
    // of its solid angle.
    const double c = physics::band_direction_cos(k, b);
    const double s = std::sqrt(std::max(0.0, 1 - c * c));
    for (int q = 0; q < n_az; ++q) {
      const double phi = 2 * physics::kPi * (q + 0.5 * (b % 2)) / n_az;
      dirs.push_back(
          {normalized(c * w + s * std::cos(phi) * e1 + s * std::sin(phi) * e2), b, 1.0 / n_az});
    }
  }
  return dirs;
}

namespace {

/// Cumulative kernel of a band at radiological distance r_cm (linear in r between radii).
double cumulative(const physics::ConeKernel& k, int band, double r_cm) {
  const auto& r = k.radius_cm;
  const std::size_t n = r.size();
  const double* row_p = &k.cumulative_primary[static_cast<std::size_t>(band) * n];
  const double* row_s = &k.cumulative_scatter[static_cast<std::size_t>(band) * n];
  if (r_cm <= 0) return 0;
  if (r_cm >= r.back()) return row_p[n - 1] + row_s[n - 1];
  const std::size_t j =
      static_cast<std::size_t>(std::upper_bound(r.begin(), r.end(), r_cm) - r.begin());
  const double r0 = j == 0 ? 0.0 : r[j - 1];
  const double c0 = j == 0 ? 0.0 : row_p[j - 1] + row_s[j - 1];
  const double c1 = row_p[j] + row_s[j];
  return c0 + (c1 - c0) * (r_cm - r0) / (r[j] - r0);
}

}  // namespace

double ccc_dose_at(const Volume<float>& terma, const Volume<float>& density,
                   const physics::ConeKernel& kernel, const std::vector<ConeDirection>& dirs,
                   std::int64_t voxel) {
  const Grid3& g = terma.grid();
  const GridView view = g.view();
  const int i = static_cast<int>(voxel % g.nx()), j = static_cast<int>((voxel / g.nx()) % g.ny()),
            k = static_cast<int>(voxel / (static_cast<std::int64_t>(g.nx()) * g.ny()));
  const Vec3 x = g.position_mm(i, j, k);
  const Box3 box = g.bounds_mm();
  const double reach_mm = norm(box.max_mm - box.min_mm);
  const double r_max = kernel.radius_cm.back();
  double dose = 0;
  for (const ConeDirection& d : dirs) {
    double r_cm = 0, sum = 0;
    siddon_traverse(view, x, x - reach_mm * d.u, [&](std::int64_t v, double len_mm) {
      if (r_cm >= r_max) return;
      const double t = terma[v];
      const double r_next = r_cm + 0.1 * len_mm * density[v];
      if (t > 0) sum += t * (cumulative(kernel, d.band, r_next) - cumulative(kernel, d.band, r_cm));
      r_cm = r_next;
    });
    dose += d.share * sum;
  }
  return dose * physics::kGyPerMeVPerG;
}

Volume<float> ccc_dose(const Volume<float>& terma, const Volume<float>& density,
                       const physics::ConeKernel& kernel, const std::vector<ConeDirection>& dirs,
                       const Volume<std::uint8_t>* mask) {
  if (!(terma.grid() == density.grid()))
    throw InputError("collapsed cone: TERMA and density grids differ");
  Volume<float> dose(terma.grid(), 0.0f);
  const std::int64_t n = terma.size();
#pragma omp parallel for schedule(dynamic, 64)
  for (std::int64_t v = 0; v < n; ++v) {
    if (mask && !(*mask)[v]) continue;
    dose[v] = static_cast<float>(ccc_dose_at(terma, density, kernel, dirs, v));
  }
  return dose;
}

}  // namespace srtdose
