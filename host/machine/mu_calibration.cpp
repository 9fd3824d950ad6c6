#include "host/machine/mu_calibration.h"

#include <algorithm>
#include <cmath>

#include "host/plan/partial_volume.h"

namespace srtdose {

namespace {
constexpr double kJoulePerMeV = 1.602176634e-13;
}

std::vector<double> square_field_depth_dose(const physics::PencilKernel& p, double field_cm,
                                            double ssd_cm) {
  std::vector<double> dose(static_cast<std::size_t>(p.slabs()));
  for (int z = 0; z < p.slabs(); ++z) {
    const double zc = 0.5 * (p.depth_edges_cm[z] + p.depth_edges_cm[z + 1]);
    const double half_mm = 5 * field_cm * (ssd_cm + zc) / ssd_cm;
    double e_per_cm3 = 0;  // per MeV/cm2 of energy fluence at the surface plane
    for (int s = 0; s < p.shells(); ++s) {
      const double r1 = 10 * p.radius_edges_cm[s],
                   r0 = s == 0 ? 0.0 : 10 * p.radius_edges_cm[s - 1];
      const double inside_cm2 =
          (disk_rectangle_area_mm2(r1, -half_mm, half_mm, -half_mm, half_mm) -
           disk_rectangle_area_mm2(r0, -half_mm, half_mm, -half_mm, half_mm)) /
          100;
      e_per_cm3 += p.density(z, s) * inside_cm2;
    }
    // MeV/cm3 in water (1 g/cm3) -> Gy; inverse square from the surface.
    dose[static_cast<std::size_t>(z)] =
        e_per_cm3 * kJoulePerMeV * 1e3 * std::pow(ssd_cm / (ssd_cm + zc), 2);
  }
  return dose;
}

MuCalibration calibrate_mu(const physics::PencilKernel& p) {
  const std::vector<double> d = square_field_depth_dose(p, 10.0, 100.0);
  const auto it = std::max_element(d.begin(), d.end());
  const std::size_t i = static_cast<std::size_t>(it - d.begin());
  auto centre = [&](std::size_t k) {
    return 0.5 * (p.depth_edges_cm[k] + p.depth_edges_cm[k + 1]);
  };
  MuCalibration c;
  c.dmax_cm = centre(i);
  c.dose_gy_per_fluence = *it;
  if (i > 0 && i + 1 < d.size()) {
    // Parabola through the three slabs around the maximum (equal slab widths).
    const double a = d[i - 1], b = d[i], e = d[i + 1], h = centre(i + 1) - centre(i);
    const double den = a - 2 * b + e;
    if (den < 0) {
      const double t = 0.5 * (a - e) / den;
      c.dmax_cm = centre(i) + t * h;
      c.dose_gy_per_fluence = b - 0.25 * (a - e) * t;
    }
  }
  c.energy_fluence_per_mu = 0.01 / c.dose_gy_per_fluence;
  return c;
}

}  // namespace srtdose
