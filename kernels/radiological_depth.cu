// CUDA path of the radiological depth: RadiologicalDepthExecutor (one thread per voxel), the
// body the CPU path runs too.
#include <cstdint>
#include <type_traits>

#include "kernels/common/radiological_depth.h"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/launch.cuh"
#include "kernels/radiological_depth_launch.h"

namespace srtdose::cuda {

void radiological_depth(const GridView& g, const float* density_g_cm3, Vec3 source_mm,
                        float* depth_out_mm) {
  static_assert(std::is_trivially_copyable_v<GridView> && std::is_trivially_copyable_v<Vec3>);
  const std::size_t n = static_cast<std::size_t>(g.size());
  DeviceBuffer<float> density(n), depth(n);
  density.copy_from_host(density_g_cm3);
  launch_cuda(g.size(), RadiologicalDepthExecutor{g, density.get(), source_mm, depth.get()});
  SRTDOSE_CUDA_CHECK(cudaDeviceSynchronize());
  depth.copy_to_host(depth_out_mm);
}

}  // namespace srtdose::cuda
