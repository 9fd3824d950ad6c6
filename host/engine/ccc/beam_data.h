// What the collapsed-cone engine needs of a machine: spectrum bins with their attenuation in
// every material, the collapsed-cone kernel, and the MU calibration.
#pragma once

#include <array>
#include <filesystem>
#include <vector>

#include "host/core/materials.h"
#include "host/machine/fluence.h"
#include "host/physics/cone_kernel.h"
#include "host/physics/energy_groups.h"
#include "host/physics/exponential_kernel.h"

namespace srtdose {

struct CccBeamData {
  std::vector<double> energy_mev;       ///< bin mid-points
  std::vector<double> energy_fraction;  ///< share of the energy fluence per bin (sums to 1)
  /// The same at each radius of head.off_axis (off-axis softening); empty = energy_fraction.
  std::vector<std::vector<double>> off_axis_energy_fraction;
  /// mu/rho without coherent scattering (the kernel's interactions), [material][bin], cm2/g.
  std::array<std::vector<double>, 7> mu_rho;
  physics::ConeKernel kernel;                 ///< the polyenergetic kernel (all groups)
  physics::ExponentialConeKernel exp_kernel;  ///< the same kernel as exponentials, for transport
  /// Kernel hardening: the spectrum's energy groups, each with its own collapsed kernel (same
  /// bands) and exponential fit (same rates). One group: the polyenergetic kernel.
  physics::EnergyGroups groups;
  std::vector<physics::ConeKernel> group_kernels;
  std::vector<physics::ExponentialConeKernel> group_exp_kernels;
  double energy_fluence_per_mu = 0;  ///< MeV/cm2 at 100 cm per MU
  HeadModel head;

  /// From a machine file written by `srtdose machine build`, the
  /// point kernel collapsed into zenith_bands bands (0: the file's own collapsed kernel).
  static CccBeamData from_machine_file(const std::filesystem::path& file, int zenith_bands = 0);
};

}  // namespace srtdose
