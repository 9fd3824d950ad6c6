// Monitor-unit calibration: the energy fluence per MU that gives 1 cGy/MU at d_max on the
// axis of a 10 x 10 cm field at SSD 100 cm in water (the reference of PLAN-FORMAT.md).
#pragma once

#include "host/physics/pencil_kernel.h"

namespace srtdose {

struct MuCalibration {
  double dmax_cm = 0;                ///< depth of maximum dose on the axis
  double dose_gy_per_fluence = 0;    ///< Gy per MeV/cm2 of energy fluence at 100 cm, at d_max
  double energy_fluence_per_mu = 0;  ///< MeV/cm2 at 100 cm per MU (0.01 Gy / dose per fluence)
};

/// Central-axis depth dose (Gy per MeV/cm2 at the isocentre plane) of a square field of side
/// field_cm at SSD ssd_cm from a point source, built from a pencil kernel (field widening
/// with depth and inverse square included), one value per pencil-kernel slab.
std::vector<double> square_field_depth_dose(const physics::PencilKernel& p, double field_cm,
                                            double ssd_cm);

/// The calibration from a pencil kernel (d_max refined by a parabola through the maximum).
MuCalibration calibrate_mu(const physics::PencilKernel& p);

}  // namespace srtdose
