// Device discovery with the CUDA runtime. "No driver" and "no device" both mean: no device.
#include <cuda_runtime.h>

#include "kernels/device_info.h"

namespace srtdose::cuda {

bool compiled_with_cuda() noexcept {
  return true;
}

namespace {
cudaError_t count_devices(int& n) noexcept {
  n = 0;
  const cudaError_t err = cudaGetDeviceCount(&n);
  if (err != cudaSuccess) {
    cudaGetLastError();  // clear the sticky-free error so later calls start clean
    n = 0;
  }
  return err;
}
}  // namespace

std::vector<DeviceInfo> devices() noexcept {
  std::vector<DeviceInfo> out;
  int n = 0;
  if (count_devices(n) != cudaSuccess) return out;
  for (int i = 0; i < n; ++i) {
    cudaDeviceProp p{};
    if (cudaGetDeviceProperties(&p, i) != cudaSuccess) continue;
    out.push_back({i, p.name, p.major, p.minor, p.totalGlobalMem});
  }
  return out;
}

std::string unavailable_reason() noexcept {
  int n = 0;
  const cudaError_t err = count_devices(n);
  if (err != cudaSuccess) return cudaGetErrorString(err);
  return n > 0 ? "" : "no CUDA device found";
}

}  // namespace srtdose::cuda
