// Electron-contamination dose of one aperture (host/machine/electron_contamination.h has the
// model and its sources), shared by the CPU and CUDA paths.
#pragma once

#include <type_traits>

#include "kernels/common/hd.h"
#include "kernels/common/map_sample.h"

namespace srtdose {

struct ElectronView {
  MapView map;          ///< the open aperture blurred by the electrons' lateral spread
  double scale = 0;     ///< Gy/MU per unit of map value at the surface
  double depth_cm = 1;  ///< e-folding depth
  bool active = false;

  /// Relative electron fluence at (x, y) mm at the isocentre plane, 0 where negligible.
  SRTDOSE_HD_INLINE double relative_fluence(double x_mm, double y_mm) const {
    if (!active) return 0;
    const double f = map.sample(x_mm, y_mm);
    return f * scale > 1e-6 ? f : 0.0;
  }
  /// Dose per MU (Gy) at water-equivalent depth d_cm; 0 beyond 12 e-folding depths.
  SRTDOSE_HD_INLINE double dose_per_mu_gy(double x_mm, double y_mm, double d_cm,
                                          double inv_sq) const {
    if (!active || d_cm > 12 * depth_cm) return 0;
    return scale * relative_fluence(x_mm, y_mm) * exp(-d_cm / depth_cm) * inv_sq;
  }
};

static_assert(std::is_trivially_copyable_v<ElectronView>);

}  // namespace srtdose
