// What CUDA devices this process can use. Safe to call on machines without a driver.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace srtdose::cuda {

struct DeviceInfo {
  int index = 0;
  std::string name;
  int cc_major = 0, cc_minor = 0;
  std::size_t memory_bytes = 0;
};

/// True when the library was built with the CUDA kernels.
bool compiled_with_cuda() noexcept;

/// Usable devices; empty when built without CUDA, or when no driver or device is present
/// ("no driver" means "no device", never an error).
std::vector<DeviceInfo> devices() noexcept;

/// Why no device is usable (driver message), or "" when one is.
std::string unavailable_reason() noexcept;

}  // namespace srtdose::cuda
