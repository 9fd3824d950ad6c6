// Collapsed-cone transport of TERMA to dose with cumulative kernels (Ahnesjo, Med Phys 16:577,
// 1989; cumulative-kernel form of Lu et al., PMB 50:655, 2005), receiving-point form:
//   D(x) = sum over directions m of sum over the voxel segments j of the line from x against
//          the direction: T_j [CK_m(R_j + rho_j ds_j) - CK_m(R_j)],
// with R the radiological distance from x; density scaling by O'Connor's theorem.
#pragma once

#include <vector>

#include "host/core/volume.h"
#include "host/physics/cone_kernel.h"

namespace srtdose {

struct ConeDirection {
  Vec3 u;        ///< direction of energy flow (unit), in patient coordinates
  int band;      ///< zenith band of the kernel
  double share;  ///< the direction's share of its band (1 / azimuths)
};

/// n_zenith equal-angle bands about the beam axis, each split into n_azimuth directions at the
/// band's solid-angle centre.
std::vector<ConeDirection> cone_directions(const physics::ConeKernel& kernel, const Vec3& axis,
                                           int n_azimuth);

/// Dose per MU (Gy) at one voxel from a TERMA grid (MeV/g per MU) and density grid.
double ccc_dose_at(const Volume<float>& terma, const Volume<float>& density,
                   const physics::ConeKernel& kernel, const std::vector<ConeDirection>& dirs,
                   std::int64_t voxel);

/// Dose per MU at every voxel where mask != 0 (all voxels when mask is null); OpenMP.
Volume<float> ccc_dose(const Volume<float>& terma, const Volume<float>& density,
                       const physics::ConeKernel& kernel, const std::vector<ConeDirection>& dirs,
                       const Volume<std::uint8_t>* mask = nullptr);

}  // namespace srtdose
