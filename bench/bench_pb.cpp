// Pencil-beam CPU path: one 5 x 5 cm beam on an n^3 water cube of 2.5 mm voxels, 2.5 mm
// beamlets (the Pencil-beam issue's single-beam benchmark is n = 128, target <= 0.3 s).
#include <benchmark/benchmark.h>

#include "bench_support.h"
#include "host/engine/pb/pb_engine.h"

namespace {

using namespace srtdose;

const PbBeamData& data() {
  static const PbBeamData d = PbBeamData::from_machine_file(bench::machine_file(), 2.5);
  return d;
}

void BM_pb_beam(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const PatientModel pm = bench::water_cube(n);
  const BeamSegment s = bench::surface_beam(n);
  const PbBeamData& d = data();  // built once, outside the timing
  for (auto _ : state) benchmark::DoNotOptimize(pb_dose_per_mu(pm, s, d).max_value());
  state.counters["voxels_per_s"] = benchmark::Counter(
      static_cast<double>(pm.grid().size() * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_pb_beam)->Arg(64)->Arg(128)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace
