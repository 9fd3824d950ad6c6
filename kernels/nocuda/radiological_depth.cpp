// Host twin of kernels/radiological_depth.cu for builds without CUDA.
#include "host/core/error.h"
#include "kernels/radiological_depth_launch.h"

namespace srtdose::cuda {

void radiological_depth(const GridView&, const float*, Vec3, float*) {
  throw DeviceError(
      "srtdose was built without CUDA (SRTDOSE_CUDA=OFF or no nvcc): use --device cpu");
}

}  // namespace srtdose::cuda
