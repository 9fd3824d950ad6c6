// Pencil-beam CPU path: one 5 x 5 cm beam on an n^3 water cube of 2.5 mm voxels, 2.5 mm
// beamlets (the Pencil-beam issue's single-beam benchmark is n = 128, target <= 0.3 s).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "host/engine/pb/pb_engine.h"
#include "host/machine/machine_file.h"

namespace {

using namespace srtdose;

const PbBeamData& data() {
  static const PbBeamData d = [] {
    const auto path = std::filesystem::temp_directory_path() / "srtdose_bench_pb_machine.h5";
    MachineSpec spec = MachineSpec::load(builtin_machine_spec("ideal-6mv"));
    spec.kernel_histories = 100000;
    build_machine_file(spec, path);
    PbBeamData out = PbBeamData::from_machine_file(path, 2.5);
    std::filesystem::remove(path);
    return out;
  }();
  return d;
}

void BM_pb_beam(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  PhantomSpec p;
  const double half = n * 2.5 / 2;
  p.extent_mm = {{-half, -half, -half}, {half, half, half}};
  p.voxel_mm = {2.5, 2.5, 2.5};
  const PatientModel pm = build_phantom(p, PatientPosition::HFS);
  BeamSegment s;
  s.isocenter_mm = {0, -half, 0};
  s.aperture.jaws = Jaws{-25, 25, -25, 25};
  s.mu = 100;
  const PbBeamData& d = data();  // built once, outside the timing
  for (auto _ : state) benchmark::DoNotOptimize(pb_dose_per_mu(pm, s, d).max_value());
  state.counters["voxels_per_s"] = benchmark::Counter(
      static_cast<double>(pm.grid().size() * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_pb_beam)->Arg(64)->Arg(128)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace
