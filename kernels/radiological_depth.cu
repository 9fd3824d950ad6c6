// CUDA path of the radiological depth: one thread per voxel over the shared Siddon function.
#include <cstdint>
#include <type_traits>

#include "kernels/common/radiological_depth.h"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/radiological_depth_launch.h"

namespace srtdose::cuda {

namespace {

template <int BlockSize>
__global__ void __launch_bounds__(BlockSize)
    radiological_depth_kernel(GridView g, const float* __restrict__ density, Vec3 source,
                              float* __restrict__ depth) {
  const std::int64_t n = g.size();
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * BlockSize;
  for (std::int64_t v = static_cast<std::int64_t>(blockIdx.x) * BlockSize + threadIdx.x; v < n;
       v += stride) {
    depth[v] = static_cast<float>(radiological_depth_to_voxel_mm(g, density, source, v));
  }
}

}  // namespace

void radiological_depth(const GridView& g, const float* density_g_cm3, Vec3 source_mm,
                        float* depth_out_mm) {
  static_assert(std::is_trivially_copyable_v<GridView> && std::is_trivially_copyable_v<Vec3>);
  constexpr int kBlock = 256;
  const std::size_t n = static_cast<std::size_t>(g.size());
  DeviceBuffer<float> density(n), depth(n);
  density.copy_from_host(density_g_cm3);
  const int blocks =
      static_cast<int>(std::min<std::size_t>((n + kBlock - 1) / kBlock, 65535u * 8u));
  radiological_depth_kernel<kBlock><<<blocks, kBlock>>>(g, density.get(), source_mm, depth.get());
  SRTDOSE_CUDA_CHECK_LAUNCH();
  depth.copy_to_host(depth_out_mm);
}

}  // namespace srtdose::cuda
