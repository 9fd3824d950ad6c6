// Ray tracer throughput: radiological depth from a source to every voxel centre (voxels/s).
#include <benchmark/benchmark.h>

#include "host/engine/radiological_depth.h"
#include "host/geometry/iec61217.h"
#include "kernels/device_info.h"

namespace {

using namespace srtdose;

/// A water cube of n^3 voxels of 2.5 mm with a lung slab, and an oblique beam's source.
Volume<float> slab_phantom(int n) {
  const double s = 2.5;
  Volume<float> rho(
      Grid3({n, n, n}, {s, s, s}, {-(n - 1) * s / 2, -(n - 1) * s / 2, -(n - 1) * s / 2}), 1.0f);
  for (int k = 0; k < n; ++k)
    for (int j = n / 4; j < n / 2; ++j)
      for (int i = 0; i < n; ++i) rho.at(i, j, k) = 0.26f;
  return rho;
}

void BM_RadiologicalDepthCpu(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Volume<float> rho = slab_phantom(n);
  const Vec3 source = beam_frame(30, 0, 0, {0, 0, 0}, 1000).source_mm;
  for (auto _ : state) {
    Volume<float> d = radiological_depth_cpu(rho, source);
    benchmark::DoNotOptimize(d.data());
  }
  state.SetItemsProcessed(state.iterations() * rho.size());
  state.counters["voxels/s"] = benchmark::Counter(static_cast<double>(rho.size()),
                                                  benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RadiologicalDepthCpu)->Arg(64)->Arg(128)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RadiologicalDepthCuda(benchmark::State& state) {
  if (cuda::devices().empty()) {
    state.SkipWithError("no CUDA device");
    return;
  }
  const int n = static_cast<int>(state.range(0));
  const Volume<float> rho = slab_phantom(n);
  const Vec3 source = beam_frame(30, 0, 0, {0, 0, 0}, 1000).source_mm;
  for (auto _ : state) {
    Volume<float> d = radiological_depth(rho, source, Device::Cuda);  // includes transfers
    benchmark::DoNotOptimize(d.data());
  }
  state.counters["voxels/s"] = benchmark::Counter(static_cast<double>(rho.size()),
                                                  benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RadiologicalDepthCuda)
    ->Arg(128)
    ->Arg(256)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
