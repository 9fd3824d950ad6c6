// The GPU launcher of an executor (kernels/common/launch_cpu.h has the CPU's): the executor's
// operator() is the body of one thread, run over [0, n) in a grid-stride loop. Launch errors
// are checked here; execution errors at the next synchronising call (checked by its caller).
#pragma once

#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "kernels/cuda/check.cuh"

namespace srtdose::cuda {

template <int Block, class Executor>
__global__ void __launch_bounds__(Block) executor_kernel(Executor executor, std::int64_t n) {
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * Block;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * Block + threadIdx.x; i < n;
       i += stride)
    executor(i);
}

/// Blocks for n threads of Block each, capped (the grid-stride loop covers the rest).
template <int Block>
int blocks_for(std::int64_t n) {
  return static_cast<int>(
      std::min<std::int64_t>((n + Block - 1) / Block, std::int64_t{65535} * 64));
}

/// executor(i) for every i in [0, n) on the current device's default stream.
template <int Block = 256, class Executor>
void launch_cuda(std::int64_t n, const Executor& executor) {
  static_assert(std::is_trivially_copyable_v<Executor>, "an executor is copied to the device");
  if (n <= 0) return;
  executor_kernel<Block><<<blocks_for<Block>(n), Block>>>(executor, n);
  SRTDOSE_CUDA_CHECK(cudaGetLastError());
}

}  // namespace srtdose::cuda
