// Host twin of kernels/device_info.cu for builds without CUDA.
#include "kernels/device_info.h"

namespace srtdose::cuda {

bool compiled_with_cuda() noexcept {
  return false;
}
std::vector<DeviceInfo> devices() noexcept {
  return {};
}
std::string unavailable_reason() noexcept {
  return "srtdose was built without CUDA";
}

}  // namespace srtdose::cuda
