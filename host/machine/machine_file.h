// Machine files (HDF5): everything the dose engines need about a beam, generated from a
// MachineSpec by srtdose's own physics (layout in docs/machine-file.md).
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "host/machine/fluence.h"
#include "host/machine/machine_spec.h"
#include "host/physics/cone_kernel.h"
#include "host/physics/energy_groups.h"
#include "host/physics/pencil_kernel.h"
#include "host/physics/point_kernel.h"

namespace srtdose {

/// The point kernels of a machine's energy groups (kernel hardening) and each group's share of
/// the surface TERMA.
struct GroupKernels {
  physics::EnergyGroups groups;
  std::vector<double> terma_share;
  std::vector<physics::PointKernel> kernels;
  /// The polyenergetic kernel: sum of the groups' kernels weighted by their TERMA share.
  physics::PointKernel total() const;
};

struct MachineBuildReport {
  double kernel_seconds = 0;
  double histories_per_second = 0;
  double worst_band_sigma = 0;  ///< largest relative 1-sigma of a band's total cumulative kernel
  double escaped = 0;
  double dmax_cm = 0;                 ///< of the 10 x 10 cm reference field
  double energy_fluence_per_mu = 0;   ///< MeV/cm2 at 100 cm per MU
  double reference_axis_fluence = 1;  ///< 10 x 10 axis fluence (focal spot, head scatter)
  double electron_share_at_dmax = 0;  ///< electron contamination's share of the d_max dose
};

/// Generates attenuation tables, the point kernel (Monte Carlo), the collapsed-cone kernels
/// and their fits, and writes them (atomically) to out. progress(fraction) is called now and
/// then.
MachineBuildReport build_machine_file(const MachineSpec& spec, const std::filesystem::path& out,
                                      const std::function<void(double)>& progress = {});

// Readers of the machine-file layout (next to its writer above); shapes are checked and an
// inconsistent file is an IoError naming it.
class H5File;
physics::Spectrum read_spectrum(const H5File& machine_file);
/// The treatment-head model (/head; an ideal point-source head when the file has none).
HeadModel read_head_model(const H5File& machine_file);
physics::PointKernel read_point_kernel(const H5File& machine_file);
/// The energy groups' kernels (/kernel/groups); a file without them gives one group holding
/// the polyenergetic kernel.
GroupKernels read_group_kernels(const H5File& machine_file);
void write_group_kernels(H5File& machine_file, const GroupKernels& kernels);
physics::ConeKernel read_cone_kernel(const H5File& machine_file);
physics::PencilKernel read_pencil_kernel(const H5File& machine_file);
/// The collapsed-cone kernel stored in a machine file.
physics::ConeKernel read_cone_kernel(const std::filesystem::path& machine_file);

}  // namespace srtdose
