// Collapsed-cone transport along lattice lines (CPU reference path of kernels/common/
// ccc_lattice.h): the engine's default transport, cost voxels x directions x kernel terms.
#pragma once

#include <cstdint>
#include <vector>

#include "host/core/volume.h"
#include "host/engine/ccc/cone_transport.h"
#include "host/physics/exponential_kernel.h"
#include "kernels/common/ccc_lattice.h"

namespace srtdose {

/// The lattice line family and kernel weights of every cone direction on grid g, with the point
/// source (for kernel tilting). `kernel` gives the band edges (solid angles).
std::vector<LatticeDirection> lattice_directions(const Grid3& g, const physics::ConeKernel& kernel,
                                                 const physics::ExponentialConeKernel& exp_kernel,
                                                 const std::vector<ConeDirection>& dirs,
                                                 Vec3 source_mm = {});
/// The same with one exponential kernel per energy group (same bands and rates).
std::vector<LatticeDirection> lattice_directions(
    const Grid3& g, const physics::ConeKernel& kernel,
    const std::vector<physics::ExponentialConeKernel>& group_kernels,
    const std::vector<ConeDirection>& dirs, Vec3 source_mm = {});

/// The kernel's exponential weights per steradian against the angle from the beam axis, for
/// kernel tilting: linear between the bands' solid-angle centres, constant beyond the first and
/// last, tabulated at n_theta equal steps over [0, pi].
class TiltWeights {
 public:
  TiltWeights(const physics::ConeKernel& kernel, const physics::ExponentialConeKernel& exp_kernel,
              int n_theta = 1441);
  /// One table per energy group, in group order.
  TiltWeights(const physics::ConeKernel& kernel,
              const std::vector<physics::ExponentialConeKernel>& group_kernels, int n_theta = 1441);
  TiltTable view() const { return {table_.data(), n_theta_, step_rad_}; }
  const std::vector<double>& table() const { return table_; }

 private:
  void add_group(const physics::ConeKernel& kernel, const physics::ExponentialConeKernel& k);
  std::vector<double> table_;
  int n_theta_;
  double step_rad_;
};

/// Dose per MU (Gy) from a TERMA grid (MeV/g per MU) and the density grid, every direction
/// summed in double; kernel tilting when `tilt` has a table; voxels where mask == 0 are set to 0
/// (mask may be null). OpenMP over lines.
Volume<float> ccc_dose_lattice(const Volume<float>& terma, const Volume<float>& density,
                               const std::vector<LatticeDirection>& dirs,
                               const TiltTable& tilt = {},
                               const Volume<std::uint8_t>* mask = nullptr);

/// The same with one TERMA grid per energy group (their sum in terma_total, which bounds the
/// lines walked); directions and tilt tables made for that many groups.
Volume<float> ccc_dose_lattice(const std::vector<const Volume<float>*>& terma_by_group,
                               const Volume<float>& terma_total, const Volume<float>& density,
                               const std::vector<LatticeDirection>& dirs,
                               const TiltTable& tilt = {},
                               const Volume<std::uint8_t>* mask = nullptr);

/// The group pointers of TERMA grids on grid g (1 to kMaxTermaGroups of them).
TermaGroups terma_groups(const std::vector<const Volume<float>*>& groups, const Grid3& g);

/// Dose (Gy) from the arriving energy (MeV/g), 0 where mask == 0 (mask may be null).
Volume<float> energy_to_dose(const Grid3& g, const std::vector<double>& energy_mev_g,
                             const Volume<std::uint8_t>* mask = nullptr);

}  // namespace srtdose
