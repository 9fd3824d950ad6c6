// Dose-influence matrix (pencil beam; arg 0 CPU, 1 CUDA): 9 coplanar 5 x 5 cm beams, 2.5 mm
// beamlets, on a 128^3 water cube of 2.5 mm voxels; cutoff 30 mm, threshold 1e-4 (the Pencil-beam
// issue's benchmark). Reports the time, the non-zeros and the matrix memory.
#include <benchmark/benchmark.h>

#include "bench_support.h"
#include "host/engine/pb/dij.h"
#include "kernels/device_info.h"

namespace {

using namespace srtdose;

void BM_dij_9_beams_128(benchmark::State& state) {
  DijOptions o;
  if (state.range(0) == 1) {
    if (cuda::devices().empty()) {
      state.SkipWithError("no CUDA device");
      return;
    }
    o.device = Device::Cuda;
  }
  const PbBeamData data = PbBeamData::from_machine_file(bench::machine_file(), 2.5);
  Plan plan;
  plan.name = "bench";
  plan.machine = "ideal-6mv";
  for (int b = 0; b < 9; ++b) {
    BeamSpec beam;
    beam.name = "B" + std::to_string(b);
    beam.gantry_deg = 40.0 * b;
    beam.mu = 100;
    beam.aperture.jaws = Jaws{-25, 25, -25, 25};
    plan.beams.push_back(beam);
  }
  const PatientModel pm = bench::water_cube(128);
  std::size_t nnz = 0, beamlets = 0;
  for (auto _ : state) {
    const DijMatrix m = compute_dij(plan, pm, data, o);
    nnz = m.data.size();
    beamlets = m.beamlets.size();
  }
  state.counters["beamlets"] = static_cast<double>(beamlets);
  state.counters["nonzeros"] = static_cast<double>(nnz);
  state.counters["matrix_MB"] = static_cast<double>(nnz) * 8.0 / 1e6;  // float32 + int32
}
BENCHMARK(BM_dij_9_beams_128)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
