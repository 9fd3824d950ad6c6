// CUDA path of the gamma index: GammaExecutor (one thread per reference voxel), the body the
// CPU path runs too.
// Compiled with --fmad=false (CMakeLists.txt) so that it rounds exactly as the CPU path and
// both give the same pass/fail at every point.
#include <cstdint>

#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/launch.cuh"
#include "kernels/gamma_launch.h"

namespace srtdose::cuda {

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
  launch_cuda<kBlock>(ref.size(),
                      GammaExecutor{ref, d_ref.get(), ev, criteria, threshold_gy, d_gamma.get()});
  SRTDOSE_CUDA_CHECK(cudaDeviceSynchronize());
  d_gamma.copy_to_host(gamma_out);
}

}  // namespace srtdose::cuda
