// 3D gamma throughput: 2%/2mm global, 10% threshold, a smooth dose vs a shifted, scaled copy.
#include <benchmark/benchmark.h>

#include <cmath>

#include "host/qa/gamma.h"
#include "kernels/device_info.h"

namespace {

using namespace srtdose;

/// A smooth dose on n^3 voxels of 1 mm: broad Gaussian blobs, like a multi-field plan dose.
Volume<float> dose(int n, Vec3 shift, double scale) {
  const double h = (n - 1) / 2.0;
  Volume<float> v(Grid3({n, n, n}, {1, 1, 1}, {-h, -h, -h}));
  const double blobs[4][5] = {
      {0, 0, 0, 25, 1.0}, {30, -20, 10, 15, 0.6}, {-35, 25, -15, 20, 0.5}, {10, 40, 30, 12, 0.4}};
  const Grid3& g = v.grid();
#pragma omp parallel for collapse(2)
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const Vec3 p = g.position_mm(i, j, k) - shift;
        double d = 0;
        for (const auto& b : blobs) {
          const double r2 = (p.x - b[0]) * (p.x - b[0]) + (p.y - b[1]) * (p.y - b[1]) +
                            (p.z - b[2]) * (p.z - b[2]);
          d += b[4] * std::exp(-r2 / (2 * b[3] * b[3]));
        }
        v.at(i, j, k) = static_cast<float>(scale * 50.0 * d);
      }
  return v;
}

void run(benchmark::State& state, Device device) {
  if (device == Device::Cuda && cuda::devices().empty()) {
    state.SkipWithError("no CUDA device");
    return;
  }
  const int n = static_cast<int>(state.range(0));
  const Volume<float> ref = dose(n, {0, 0, 0}, 1.0);
  const Volume<float> ev = dose(n, {1.0, 0.5, 0.0}, 1.01);
  const GammaOptions o = GammaOptions::preset("2%/2mm");
  GammaResult r;
  for (auto _ : state) {
    r = gamma_index(ref, ev, o, device);
    benchmark::DoNotOptimize(r.pass_rate_pct);
  }
  state.counters["points"] = static_cast<double>(r.evaluated);
  state.counters["pass_pct"] = r.pass_rate_pct;
  state.counters["points/s"] = benchmark::Counter(static_cast<double>(r.evaluated),
                                                  benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Gamma3dCpu(benchmark::State& state) {
  run(state, Device::Cpu);
}
void BM_Gamma3dCuda(benchmark::State& state) {
  run(state, Device::Cuda);
}
BENCHMARK(BM_Gamma3dCpu)->Arg(100)->Arg(200)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Gamma3dCuda)->Arg(200)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
