// Host twin of kernels/gamma.cu for builds without CUDA.
#include "host/core/error.h"
#include "kernels/gamma_launch.h"

namespace srtdose::cuda {

void gamma_index(const GridView&, const float*, const GammaEvalView&, std::int64_t,
                 const GammaCriteria&, double, float*) {
  throw DeviceError(
      "srtdose was built without CUDA (SRTDOSE_CUDA=OFF or no nvcc): use --device cpu");
}

}  // namespace srtdose::cuda
