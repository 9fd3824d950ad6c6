// Kernel Monte Carlo throughput: histories per second (2 cores in CI), monoenergetic and the
// Mohan 6 MV spectrum. Target (Beam-data issue): a 6 MV kernel with < 1 % noise in every
// cumulative cone kernel in under 5 minutes on 2 cores.
#include <benchmark/benchmark.h>

#include "host/physics/point_kernel.h"

namespace {

using namespace srtdose;
using namespace srtdose::physics;

const InteractionTables& water() {
  static const InteractionTables t(MaterialId::Water);
  return t;
}

void BM_kernel_mono(benchmark::State& state) {
  KernelMcOptions o;
  o.histories = state.range(1);
  const double e = state.range(0) / 1000.0;
  for (auto _ : state) benchmark::DoNotOptimize(simulate_point_kernel(e, water(), o).escaped);
  state.counters["histories_per_s"] = benchmark::Counter(
      static_cast<double>(o.histories * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_kernel_mono)
    ->Args({500, 20000})
    ->Args({2000, 20000})
    ->Args({6000, 20000})
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

void BM_kernel_6mv(benchmark::State& state) {
  KernelMcOptions o;
  o.histories = state.range(0);
  const Spectrum s = mohan_6mv();
  for (auto _ : state) benchmark::DoNotOptimize(simulate_point_kernel(s, water(), o).escaped);
  state.counters["histories_per_s"] = benchmark::Counter(
      static_cast<double>(o.histories * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_kernel_6mv)->Arg(50000)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
