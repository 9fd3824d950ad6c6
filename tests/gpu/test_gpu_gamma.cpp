// CPU and CUDA gamma agree point by point (run only where a device is present).
#include <catch2/catch.hpp>
#include <cmath>

#include "host/qa/gamma.h"

using namespace srtdose;

namespace {
Volume<float> blobs(const Grid3& g, Vec3 shift, double scale) {
  Volume<float> v(g);
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const Vec3 p = g.position_mm(i, j, k) - shift;
        const double d =
            std::exp(-dot(p, p) / (2 * 15.0 * 15.0)) +
            0.6 * std::exp(-dot(p - Vec3{12, -8, 5}, p - Vec3{12, -8, 5}) / (2 * 6.0 * 6.0));
        v.at(i, j, k) = static_cast<float>(scale * 40.0 * d);
      }
  return v;
}
}  // namespace

TEST_CASE("CUDA gamma agrees with the CPU path point by point", "[gpu][gamma]") {
  const Grid3 rg({48, 44, 40}, {1.5, 1.5, 1.5}, {-35.25, -32.25, -29.25});
  const Grid3 eg({60, 56, 52}, {1.2, 1.2, 1.2}, {-35.4, -33, -30.6});
  const Volume<float> ref = blobs(rg, {0, 0, 0}, 1.0);
  const Volume<float> ev = blobs(eg, {0.8, -0.6, 0.4}, 1.02);
  for (const char* preset : {"tg218", "2%/1mm"}) {
    for (bool local : {false, true}) {
      GammaOptions o = GammaOptions::preset(preset);
      o.local = local;
      o.max_gamma = 3;
      const GammaResult cpu = gamma_index(ref, ev, o, Device::Cpu);
      const GammaResult gpu = gamma_index(ref, ev, o, Device::Cuda);
      INFO(preset << (local ? " local" : " global"));
      CHECK(gpu.device == Device::Cuda);
      std::int64_t mismatched = 0;
      double worst = 0;
      for (std::int64_t v = 0; v < ref.size(); ++v) {
        const float a = cpu.gamma[v], b = gpu.gamma[v];
        if (std::isnan(a) != std::isnan(b) || (!std::isnan(a) && (a <= 1.0f) != (b <= 1.0f)))
          ++mismatched;
        if (!std::isnan(a) && !std::isnan(b)) worst = std::max(worst, double(std::abs(a - b)));
      }
      CHECK(mismatched == 0);
      CHECK(worst <= 1e-6);
      CHECK(cpu.passed == gpu.passed);
      CHECK(cpu.evaluated > 10000);
    }
  }
}
