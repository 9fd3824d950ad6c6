// Collapsed-cone CPU path: TERMA, lattice transport (the default) and the exact receiving-point
// transport of one 5 x 5 cm beam on an n^3 water cube of 2.5 mm voxels (the quick machine file
// of bench_support.h). GPU: the same lattice transport through CUDA when a device is present.
#include <benchmark/benchmark.h>

#include "bench_support.h"
#include "host/engine/ccc/cone_transport.h"
#include "host/engine/ccc/lattice_transport.h"
#include "host/engine/ccc/terma.h"
#include "host/geometry/iec61217.h"
#include "kernels/ccc_lattice_launch.h"
#include "kernels/device_info.h"

namespace {

using namespace srtdose;

/// Beam data with the kernel collapsed into `bands` zenith bands (8 or 16), built once.
const CccBeamData& data(int bands = 8) {
  static const CccBeamData d8 = CccBeamData::from_machine_file(bench::machine_file(), 8);
  if (bands == 8) return d8;
  static const CccBeamData d16 = CccBeamData::from_machine_file(bench::machine_file(), 16);
  return d16;
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

/// One 5 x 5 cm beam on an n^3 water cube with 16 zenith bands x `azimuths` directions.
struct LatticeCase {
  PatientModel pm;
  Volume<float> terma;
  std::vector<LatticeDirection> lattice;
  TiltWeights tilt;
  LatticeCase(int n, int azimuths)
      : pm(bench::water_cube(n)),
        terma(terma_per_mu(pm, bench::surface_beam(n), data(16))),
        lattice(lattice_directions(pm.grid(), data(16).kernel, data(16).exp_kernel,
                                   cone_directions(data(16).kernel, {0, 1, 0}, azimuths),
                                   {0, bench::surface_beam(n).isocenter_mm.y - 1000, 0})),
        tilt(data(16).kernel, data(16).exp_kernel) {}
  void report(benchmark::State& state) const {
    state.counters["directions"] = static_cast<double>(lattice.size());
    state.counters["voxel_directions_per_s"] =
        benchmark::Counter(static_cast<double>(pm.grid().size() * state.iterations()) *
                               static_cast<double>(lattice.size()),
                           benchmark::Counter::kIsRate);
  }
};

/// One whole beam as `srtdose dose` computes it (CPU): TERMA, directions, lattice transport with
/// kernel tilting; args n, zenith bands, azimuths (the case: 128, 8 x 9 = 72).
void BM_ccc_beam(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), bands = static_cast<int>(state.range(1));
  const PatientModel pm = bench::water_cube(n);
  const CccBeamData& d = data(bands);
  const TiltWeights tilt(d.kernel, d.exp_kernel);
  const BeamSegment beam = bench::surface_beam(n);
  const Vec3 source{0, beam.isocenter_mm.y - 1000, 0};
  std::size_t directions = 0;
  for (auto _ : state) {
    const Volume<float> terma = terma_per_mu(pm, beam, d);
    const auto lattice = lattice_directions(
        pm.grid(), d.kernel, d.exp_kernel,
        cone_directions(d.kernel, {0, 1, 0}, static_cast<int>(state.range(2))), source);
    directions = lattice.size();
    benchmark::DoNotOptimize(
        ccc_dose_lattice(terma, pm.density_g_cm3, lattice, tilt.view()).max_value());
  }
  state.counters["directions"] = static_cast<double>(directions);
}
BENCHMARK(BM_ccc_beam)
    ->Args({128, 8, 9})
    ->Args({128, 16, 12})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// Lattice transport (CPU), kernel tilting on.
void BM_ccc_lattice(benchmark::State& state) {
  const LatticeCase c(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  for (auto _ : state)
    benchmark::DoNotOptimize(
        ccc_dose_lattice(c.terma, c.pm.density_g_cm3, c.lattice, c.tilt.view()).max_value());
  c.report(state);
}
BENCHMARK(BM_ccc_lattice)
    ->Args({64, 12})
    ->Args({128, 6})
    ->Args({128, 12})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// The same on the GPU (skipped without a device): upload of TERMA, transport, download.
void BM_ccc_lattice_cuda(benchmark::State& state) {
  if (cuda::devices().empty()) {
    state.SkipWithError("no CUDA device");
    return;
  }
  const LatticeCase c(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  cuda::CccLatticeDevice gpu(c.pm.grid().view(), c.pm.density_g_cm3.data(), c.tilt.view(),
                             data(16).exp_kernel.components());
  std::vector<double> energy(static_cast<std::size_t>(c.pm.grid().size()));
  for (auto _ : state) {
    gpu.transport(c.terma.data(), c.lattice, energy.data());
    benchmark::DoNotOptimize(energy[0]);
  }
  c.report(state);
}
BENCHMARK(BM_ccc_lattice_cuda)
    ->Args({128, 12})
    ->Args({256, 12})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
