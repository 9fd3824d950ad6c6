// CPU and CUDA paths of the radiological depth agree (run only where a device is present).
#include <catch2/catch.hpp>
#include <random>

#include "host/engine/radiological_depth.h"
#include "host/geometry/iec61217.h"

using namespace srtdose;

TEST_CASE("CUDA radiological depth agrees with the CPU path", "[gpu][depth]") {
  const Grid3 g({64, 72, 56}, {2.5, 2.0, 3.0}, {-80, -71, -82.5});
  Volume<float> rho(g);
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<float> d(0.001f, 2.0f);
  for (float& x : rho.values()) x = d(rng);
  for (double gantry : {0.0, 37.0, 90.0, 211.0}) {
    INFO("gantry " << gantry);
    const Vec3 src = beam_frame(gantry, 0, 20, {3, -2, 1}, 1000).source_mm;
    const Volume<float> cpu = radiological_depth_cpu(rho, src);
    const Volume<float> gpu = radiological_depth(rho, src, Device::Cuda);
    double worst = 0;
    for (std::int64_t v = 0; v < cpu.size(); ++v) {
      worst = std::max(worst, std::abs(double(cpu[v]) - gpu[v]) / std::max(1.0, double(cpu[v])));
    }
    CHECK(worst < 1e-5);  // double accumulation on both; nvcc contracts multiply-adds
  }
}
