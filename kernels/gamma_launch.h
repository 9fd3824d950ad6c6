// Host-side entry point of the CUDA gamma kernel (throws DeviceError without CUDA).
#pragma once

#include "kernels/common/gamma.h"

namespace srtdose::cuda {

/// Gamma at every reference voxel with dose >= threshold_gy (NaN elsewhere). Host arrays:
/// ref_dose and gamma_out have ref.size() floats; the eval arrays as GammaEvalView describes.
void gamma_index(const GridView& ref, const float* ref_dose, const GammaEvalView& eval_host,
                 std::int64_t eval_cells, const GammaCriteria& criteria, double threshold_gy,
                 float* gamma_out);

}  // namespace srtdose::cuda
