// Electron contamination: electrons set moving in the treatment head and the air add dose in
// the first centimetres. Empirical model of the kind used by convolution engines (Ahnesjo,
// Saxner and Trepp, Med Phys 19:263, 1992; Sjogren and Karlsson, Med Phys 23:1873, 1996):
//   D_e = 0.01 Gy/MU x f_s x F_e(x, y) / F_e,ref x exp(-d / lambda) x (SAD / z)^2,
// F_e the open aperture blurred by a Gaussian of sigma at the isocentre plane (so that the
// contamination grows with field size and spreads beyond the field edge), F_e,ref its axis
// value for the 10 x 10 cm reference field, d the water-equivalent depth, f_s the surface dose
// of the reference field relative to its d_max dose.
#pragma once

#include "host/machine/fluence.h"
#include "kernels/common/electron_dose.h"

namespace srtdose {

class ElectronContamination {
 public:
  /// The contamination of one aperture (inactive when the head has none).
  ElectronContamination(const Aperture& aperture, const HeadModel& head);
  bool active() const { return active_; }
  /// Dose per MU (Gy) at iso-plane position (x, y) mm, water-equivalent depth d_cm and inverse
  /// square factor inv_sq; 0 beyond 12 e-folding depths.
  double dose_per_mu_gy(double x_mm, double y_mm, double depth_cm, double inv_sq) const {
    return view().dose_per_mu_gy(x_mm, y_mm, depth_cm, inv_sq);
  }
  /// Relative electron fluence at (x, y), 0 where it is negligible (< 1e-4 of the axis value
  /// of the reference field).
  double relative_fluence(double x_mm, double y_mm) const {
    return view().relative_fluence(x_mm, y_mm);
  }
  /// The model as a value the CUDA kernels take (pointing into this object's map).
  ElectronView view() const { return {map_.view(), scale_, depth_cm_, active_}; }
  double max_depth_cm() const { return 12 * depth_cm_; }
  /// The isocentre-plane box (mm) outside which relative_fluence is 0.
  void extent(double& x0, double& x1, double& y0, double& y1) const;

 private:
  bool active_ = false;
  FluenceMap map_;
  double scale_ = 0, depth_cm_ = 1;
};

/// The 10 x 10 cm reference field (jaws only).
Aperture reference_field_aperture();

}  // namespace srtdose
