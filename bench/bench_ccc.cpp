// Collapsed-cone CPU path: TERMA and receiving-point transport of one 5 x 5 cm beam on an
// n^3 water cube of 2.5 mm voxels (a machine file built once with 100 000 histories).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "host/engine/ccc/cone_transport.h"
#include "host/engine/ccc/terma.h"
#include "host/geometry/iec61217.h"
#include "host/machine/machine_file.h"

namespace {

using namespace srtdose;

const CccBeamData& data() {
  static const CccBeamData d = [] {
    const auto path = std::filesystem::temp_directory_path() / "srtdose_bench_ideal.h5";
    MachineSpec spec = MachineSpec::load(builtin_machine_spec("ideal-6mv"));
    spec.kernel_histories = 100000;
    build_machine_file(spec, path);
    CccBeamData out = CccBeamData::from_machine_file(path, 8);
    std::filesystem::remove(path);
    return out;
  }();
  return d;
}

PatientModel cube(int n) {
  PhantomSpec p;
  const double half = n * 2.5 / 2;
  p.extent_mm = {{-half, -half, -half}, {half, half, half}};
  p.voxel_mm = {2.5, 2.5, 2.5};
  return build_phantom(p, PatientPosition::HFS);
}

BeamSegment beam(int n) {
  BeamSegment s;
  s.isocenter_mm = {0, -n * 2.5 / 2, 0};
  s.aperture.jaws = Jaws{-25, 25, -25, 25};
  s.mu = 100;
  return s;
}

void BM_ccc_terma(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const PatientModel pm = cube(n);
  const CccBeamData& d = data();  // built once, outside the timing
  for (auto _ : state) benchmark::DoNotOptimize(terma_per_mu(pm, beam(n), d).max_value());
  state.counters["voxels_per_s"] = benchmark::Counter(
      static_cast<double>(pm.grid().size() * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ccc_terma)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ccc_transport(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const PatientModel pm = cube(n);
  const Volume<float> terma = terma_per_mu(pm, beam(n), data());
  const auto dirs = cone_directions(data().kernel, {0, 1, 0}, static_cast<int>(state.range(1)));
  for (auto _ : state)
    benchmark::DoNotOptimize(ccc_dose(terma, pm.density_g_cm3, data().kernel, dirs).max_value());
  state.counters["directions"] = static_cast<double>(dirs.size());
  state.counters["voxels_per_s"] = benchmark::Counter(
      static_cast<double>(pm.grid().size() * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ccc_transport)->Args({64, 9})->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
