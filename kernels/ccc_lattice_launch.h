// Host-side entry point of the CUDA collapsed-cone transport (declared for every build; without
// CUDA the constructor throws DeviceError). Included by host code compiled with g++.
#pragma once

#include <memory>
#include <vector>

#include "kernels/common/ccc_lattice.h"
#include "kernels/common/grid_view.h"

namespace srtdose::cuda {

/// Lattice-line collapsed-cone transport on the GPU (kernels/common/ccc_lattice.h, one thread
/// per line). The density grid stays on the device for every segment of a plan.
class CccLatticeDevice {
 public:
  /// Uploads the density grid (host array of g.size() floats, g/cm3) and the kernel-tilting
  /// tables of `groups` energy groups (host pointer in `tilt`, or none). Throws DeviceError
  /// when the build or the machine has no CUDA.
  CccLatticeDevice(const GridView& g, const float* density_g_cm3, const TiltTable& tilt,
                   int components, int groups = 1);
  ~CccLatticeDevice();
  CccLatticeDevice(CccLatticeDevice&&) noexcept;
  CccLatticeDevice& operator=(CccLatticeDevice&&) noexcept;
  CccLatticeDevice(const CccLatticeDevice&) = delete;
  CccLatticeDevice& operator=(const CccLatticeDevice&) = delete;

  /// energy_out[v] (MeV/g per MU) = the energy arriving at voxel v summed over the directions,
  /// from the TERMA of each energy group (host arrays, MeV/g per MU; terma_total their sum);
  /// accumulated in double on the device; kernel tilting when the constructor was given a table.
  void transport(const std::vector<const float*>& terma_by_group, const float* terma_total,
                 const std::vector<LatticeDirection>& dirs, double* energy_out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace srtdose::cuda
