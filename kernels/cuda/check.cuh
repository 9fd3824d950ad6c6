// Every CUDA call checked: throws DeviceError with file, line and the CUDA error name.
#pragma once

#include <cuda_runtime.h>

#include <string>

#include "host/core/error.h"

namespace srtdose::cuda::detail {

[[noreturn]] inline void throw_cuda_error(cudaError_t err, const char* call, const char* file,
                                          int line) {
  throw DeviceError(std::string("CUDA error ") + cudaGetErrorName(err) + " (" +
                    cudaGetErrorString(err) + ") in " + call + " at " + file + ":" +
                    std::to_string(line));
}

}  // namespace srtdose::cuda::detail

#define SRTDOSE_CUDA_CHECK(call)                                                          \
  do {                                                                                    \
    const cudaError_t srtdose_err_ = (call);                                              \
    if (srtdose_err_ != cudaSuccess)                                                      \
      ::srtdose::cuda::detail::throw_cuda_error(srtdose_err_, #call, __FILE__, __LINE__); \
  } while (0)

/// Checks a kernel launch (configuration errors) and, in the same place, its execution.
#define SRTDOSE_CUDA_CHECK_LAUNCH()              \
  do {                                           \
    SRTDOSE_CUDA_CHECK(cudaGetLastError());      \
    SRTDOSE_CUDA_CHECK(cudaDeviceSynchronize()); \
  } while (0)
