// CUDA path of the gamma index: one thread per reference voxel over the shared search.
// Compiled with --fmad=false (CMakeLists.txt) so that it rounds exactly as the CPU path and
// both give the same pass/fail at every point.
#include <cstdint>

#include "kernels/cuda/device_buffer.cuh"
#include "kernels/gamma_launch.h"

namespace srtdose::cuda {

namespace {

template <int BlockSize>
__global__ void __launch_bounds__(BlockSize)
    gamma_kernel(GridView ref, const float* __restrict__ ref_dose, GammaEvalView ev,
                 GammaCriteria criteria, double threshold_gy, float* __restrict__ gamma) {
  const std::int64_t n = ref.size();
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * BlockSize;
  for (std::int64_t v = static_cast<std::int64_t>(blockIdx.x) * BlockSize + threadIdx.x; v < n;
       v += stride) {
    const double d = ref_dose[v];
    if (d < threshold_gy) {
      gamma[v] = NAN;
      continue;
    }
    const int i = static_cast<int>(v % ref.nx);
    const int j = static_cast<int>((v / ref.nx) % ref.ny);
    const int k = static_cast<int>(v / (static_cast<std::int64_t>(ref.nx) * ref.ny));
    gamma[v] = static_cast<float>(gamma_at_point(ev, criteria, ref.centre_mm(i, j, k), d));
  }
}

}  // namespace

void gamma_index(const GridView& ref, const float* ref_dose, const GammaEvalView& eval_host,
                 std::int64_t eval_cells, const GammaCriteria& criteria, double threshold_gy,
                 float* gamma_out) {
  constexpr int kBlock = 128;
  const auto n_ref = static_cast<std::size_t>(ref.size());
  const auto n_eval = static_cast<std::size_t>(eval_host.grid.size());
  DeviceBuffer<float> d_ref(n_ref), d_gamma(n_ref), d_eval(n_eval),
      d_lo(static_cast<std::size_t>(eval_cells)), d_hi(static_cast<std::size_t>(eval_cells));
  d_ref.copy_from_host(ref_dose);
  d_eval.copy_from_host(eval_host.dose);
  d_lo.copy_from_host(eval_host.cell_min);
  d_hi.copy_from_host(eval_host.cell_max);
  const GammaEvalView ev{eval_host.grid, d_eval.get(), d_lo.get(), d_hi.get()};
  const int blocks =
      static_cast<int>(std::min<std::size_t>((n_ref + kBlock - 1) / kBlock, 1u << 20));
  gamma_kernel<kBlock>
      <<<blocks, kBlock>>>(ref, d_ref.get(), ev, criteria, threshold_gy, d_gamma.get());
  SRTDOSE_CUDA_CHECK_LAUNCH();
  d_gamma.copy_to_host(gamma_out);
}

}  // namespace srtdose::cuda
