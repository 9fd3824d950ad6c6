// Collapsed-cone kernels as sums of exponentials, dCK/dr = sum_c A_c e^{-a_c r}: the form that
// makes the collapsed-cone transport recursive (Ahnesjo, Med Phys 16:577, 1989, eq. 5 and 9-11,
// with two terms; more terms here so that the fit follows the Monte Carlo kernel closely).
// Rates are a geometric series with ratio 2, so that e^{-a_{c+1} x} = (e^{-a_c x})^2 and a
// transport step costs one exponential.
#pragma once

#include <vector>

#include "host/physics/cone_kernel.h"

namespace srtdose::physics {

struct ExponentialConeKernel {
  std::vector<double> rates_per_cm;  ///< a_c, ascending, a_{c+1} = 2 a_c
  /// A_c per band, [band * components + c], in fraction of the interacting energy per cm.
  std::vector<double> amplitudes_per_cm;
  /// Largest |fit - table| of the cumulative kernel per band, as a fraction of the band's total.
  std::vector<double> worst_error;

  int components() const { return static_cast<int>(rates_per_cm.size()); }
  int bands() const {
    return components() ? static_cast<int>(amplitudes_per_cm.size()) / components() : 0;
  }
  /// Cumulative fraction of the band within radiological radius r_cm.
  double cumulative(int band, double r_cm) const;
};

/// Least-squares fit (lightly regularised) of the amplitudes to each band's tabulated
/// cumulative kernel (primary + scatter), with `components` rates from min_rate_per_cm doubling
/// upwards (default 0.02 to 41 /cm). Residuals are weighted equally at the tabulated radii
/// (log-spaced, so equally per decade). On the ideal-6mv kernel (16 bands) the worst residual
/// is 0.3 % of a band's total.
ExponentialConeKernel fit_exponential_kernel(const ConeKernel& kernel, int components = 12,
                                             double min_rate_per_cm = 0.02);

}  // namespace srtdose::physics
