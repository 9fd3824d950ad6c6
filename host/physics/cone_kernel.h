// Collapsed-cone kernels (Ahnesjo, Med Phys 16:577, 1989): a point kernel gathered into zenith
// bands around the primary photon direction, kept as cumulative energy fractions along the
// radius, with an optional two-exponential fit per band.
#pragma once

#include <vector>

#include "host/physics/point_kernel.h"

namespace srtdose::physics {

/// dCK/dr = A e^{-a r} (primary) + B e^{-b r} (scatter), r in cm (Ahnesjo 1989 eq. 5).
struct TwoExponentialFit {
  double a_amp = 0, a_per_cm = 0, b_amp = 0, b_per_cm = 0;
  double cumulative(double r_cm) const;  ///< A/a (1 - e^{-ar}) + B/b (1 - e^{-br})
};

struct ConeKernel {
  std::vector<double> zenith_edges_rad;  ///< band edges from 0 to pi, ascending
  std::vector<double> radius_cm;         ///< radii of the cumulative values (the shell edges)
  /// Cumulative fraction of the interacting energy deposited within radius_cm[j] inside band
  /// i, [band * radii + j]; primary and scatter parts.
  std::vector<double> cumulative_primary, cumulative_scatter;
  std::vector<TwoExponentialFit> fits;  ///< one per band
  /// Per band: the energy-weighted mean cosine of the deposits' polar angle (all radii), the
  /// direction a band's energy travels along on average; empty when not known (then the band's
  /// solid-angle centre is used).
  std::vector<double> mean_cos;
  int bands() const { return static_cast<int>(zenith_edges_rad.size()) - 1; }
  int radii() const { return static_cast<int>(radius_cm.size()); }
  double cumulative(int band, int j) const {
    const std::size_t i = static_cast<std::size_t>(band * radii() + j);
    return cumulative_primary[i] + cumulative_scatter[i];
  }
};

/// Cosine of the polar angle a band's directions take: its energy-weighted mean (mean_cos), or
/// the middle of its solid angle when that is not known.
double band_direction_cos(const ConeKernel& kernel, int band);

/// Bands of equal zenith angle (n of them). Each of the point kernel's polar bins is shared
/// among the bands it overlaps in proportion to solid angle.
ConeKernel collapse_kernel(const PointKernel& kernel, int zenith_bands);

/// Fraction, by solid angle, of the point kernel's polar bin `cone` that lies in the zenith
/// band [lo_rad, hi_rad].
double cone_band_share(const KernelBinning& binning, int cone, double lo_rad, double hi_rad);

/// Relative 1-sigma of each band's total deposit (all radii), from the point kernel's batch
/// sigmas (its bins are independent: a band's variance is the sum of its shares' variances).
std::vector<double> band_relative_sigma(const PointKernel& kernel, const ConeKernel& cone);

/// Least-squares fit of the two exponentials to each band's primary and scatter cumulative
/// kernel (amplitude linear, rate by golden-section search in log rate).
void fit_two_exponentials(ConeKernel& kernel);

}  // namespace srtdose::physics
