// Collapsed-cone CPU path: TERMA and receiving-point transport of one 5 x 5 cm beam on an
// n^3 water cube of 2.5 mm voxels (the quick machine file of bench_support.h).
#include <benchmark/benchmark.h>

#include "bench_support.h"
#include "host/engine/ccc/cone_transport.h"
#include "host/engine/ccc/terma.h"
#include "host/geometry/iec61217.h"

namespace {

using namespace srtdose;

const CccBeamData& data() {
  static const CccBeamData d = CccBeamData::from_machine_file(bench::machine_file(), 8);
  return d;
}

void BM_ccc_terma(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const PatientModel pm = bench::water_cube(n);
  const CccBeamData& d = data();  // built once, outside the timing
  for (auto _ : state)
    benchmark::DoNotOptimize(terma_per_mu(pm, bench::surface_beam(n), d).max_value());
  state.counters["voxels_per_s"] = benchmark::Counter(
      static_cast<double>(pm.grid().size() * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ccc_terma)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ccc_transport(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const PatientModel pm = bench::water_cube(n);
  const Volume<float> terma = terma_per_mu(pm, bench::surface_beam(n), data());
  const auto dirs = cone_directions(data().kernel, {0, 1, 0}, static_cast<int>(state.range(1)));
  for (auto _ : state)
    benchmark::DoNotOptimize(ccc_dose(terma, pm.density_g_cm3, data().kernel, dirs).max_value());
  state.counters["directions"] = static_cast<double>(dirs.size());
  state.counters["voxels_per_s"] = benchmark::Counter(
      static_cast<double>(pm.grid().size() * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ccc_transport)->Args({64, 9})->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
