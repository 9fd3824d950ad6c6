// Entry point of the GPU tests: exits 77 (CTest "skipped") when no CUDA device is usable.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <iostream>

#include "kernels/device_info.h"

int main(int argc, char** argv) {
  if (srtdose::cuda::devices().empty()) {
    std::cout << "GPU tests skipped: " << srtdose::cuda::unavailable_reason() << "\n";
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
