// CUDA path of the collapsed-cone lattice transport: CccLatticeExecutor (one thread per line
// of a direction; kernels/common/ccc_lattice.h), the body the CPU path runs too; directions run
// one after the other on the stream, so no voxel is written by two threads at once.
#include <cstdint>
#include <type_traits>

#include "kernels/ccc_lattice_launch.h"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/launch.cuh"

namespace srtdose::cuda {

struct CccLatticeDevice::Impl {
  GridView grid;
  DeviceBuffer<float> density;
  DeviceBuffer<float> terma[kMaxTermaGroups];
  DeviceBuffer<double> energy, tilt_weights;
  TiltTable tilt;  ///< pointing into tilt_weights on the device
};

CccLatticeDevice::CccLatticeDevice(const GridView& g, const float* density_g_cm3,
                                   const TiltTable& tilt, int components, int groups)
    : impl_(std::make_unique<Impl>()) {
  if (groups < 1 || groups > kMaxTermaGroups)
    throw DeviceError("collapsed cone on the GPU: 1 to 4 energy groups");
  static_assert(std::is_trivially_copyable_v<LatticeDirection> &&
                std::is_trivially_copyable_v<TiltTable>);
  const std::size_t n = static_cast<std::size_t>(g.size());
  impl_->grid = g;
  impl_->density = DeviceBuffer<float>(n);
  for (int q = 0; q < groups; ++q) impl_->terma[q] = DeviceBuffer<float>(n);
  impl_->energy = DeviceBuffer<double>(n);
  impl_->density.copy_from_host(density_g_cm3);
  if (tilt.weight_per_sr) {
    impl_->tilt_weights =
        DeviceBuffer<double>(static_cast<std::size_t>(tilt.n_theta) * components * groups);
    impl_->tilt_weights.copy_from_host(tilt.weight_per_sr);
    impl_->tilt = {impl_->tilt_weights.get(), tilt.n_theta, tilt.step_rad};
  }
}

CccLatticeDevice::~CccLatticeDevice() = default;
CccLatticeDevice::CccLatticeDevice(CccLatticeDevice&&) noexcept = default;
CccLatticeDevice& CccLatticeDevice::operator=(CccLatticeDevice&&) noexcept = default;

void CccLatticeDevice::transport(const std::vector<const float*>& terma_by_group,
                                 const float* terma_total,
                                 const std::vector<LatticeDirection>& dirs, double* energy_out) {
  constexpr int kBlock = 128;
  Impl& m = *impl_;
  TermaGroups terma;
  terma.count = static_cast<int>(terma_by_group.size());
  for (int q = 0; q < terma.count; ++q) {
    if (q >= kMaxTermaGroups || !m.terma[q].get())
      throw DeviceError("collapsed cone on the GPU: more energy groups than were allocated");
    m.terma[q].copy_from_host(terma_by_group[static_cast<std::size_t>(q)]);
    terma.group[q] = m.terma[q].get();
  }
  SRTDOSE_CUDA_CHECK(cudaMemset(m.energy.get(), 0, m.energy.size() * sizeof(double)));
  std::vector<LatticeDirection> restricted = dirs;
  restrict_to_release_box(m.grid, terma_total, restricted.data(), restricted.size());
  for (const LatticeDirection& d : restricted)
    launch_cuda<kBlock>(d.line_count(), CccLatticeExecutor{m.grid, terma, m.density.get(), d,
                                                           m.tilt, m.energy.get()});
  SRTDOSE_CUDA_CHECK(cudaDeviceSynchronize());
  m.energy.copy_to_host(energy_out);
}

}  // namespace srtdose::cuda
