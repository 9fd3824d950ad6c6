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

/// One 5 x 5 cm beam on an n^3 water cube with 16 zenith bands x `azimuths` directions, with
/// the machine's energy groups (kernel hardening, as the engine runs) or one polyenergetic
/// kernel (groups = 1, as before the groups).
struct LatticeCase {
  PatientModel pm;
  std::vector<Volume<float>> terma;
  Volume<float> total;
  std::vector<const Volume<float>*> by_group;
  std::vector<const float*> host;
  std::vector<LatticeDirection> lattice;
  TiltWeights tilt;
  LatticeCase(int n, int azimuths, bool groups)
      : pm(bench::water_cube(n)),
        terma(groups
                  ? terma_per_mu_by_group(pm, bench::surface_beam(n), data(16))
                  : std::vector<Volume<float>>{terma_per_mu(pm, bench::surface_beam(n), data(16))}),
        total(pm.grid(), 0.0f),
        lattice(lattice_directions(pm.grid(), data(16).kernel, kernels(groups),
                                   cone_directions(data(16).kernel, {0, 1, 0}, azimuths),
                                   {0, bench::surface_beam(n).isocenter_mm.y - 1000, 0})),
        tilt(data(16).kernel, kernels(groups)) {
    for (const Volume<float>& t : terma) {
      by_group.push_back(&t);
      host.push_back(t.data());
      for (std::int64_t v = 0; v < total.size(); ++v) total[v] += t[v];
    }
  }
  static std::vector<physics::ExponentialConeKernel> kernels(bool groups) {
    return groups ? data(16).group_exp_kernels
                  : std::vector<physics::ExponentialConeKernel>{data(16).exp_kernel};
  }
  void report(benchmark::State& state) const {
    state.counters["directions"] = static_cast<double>(lattice.size());
    state.counters["groups"] = static_cast<double>(terma.size());
    state.counters["voxel_directions_per_s"] =
        benchmark::Counter(static_cast<double>(pm.grid().size() * state.iterations()) *
                               static_cast<double>(lattice.size()),
                           benchmark::Counter::kIsRate);
  }
};

/// One whole beam as `srtdose dose` computes it (CPU): TERMA per energy group, directions,
/// lattice transport with kernel tilting; args n, zenith bands, azimuths (the case:
/// 128, 8 x 9 = 72).
void BM_ccc_beam(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), bands = static_cast<int>(state.range(1));
  const PatientModel pm = bench::water_cube(n);
  const CccBeamData& d = data(bands);
  const TiltWeights tilt(d.kernel, d.group_exp_kernels);
  const BeamSegment beam = bench::surface_beam(n);
  const Vec3 source{0, beam.isocenter_mm.y - 1000, 0};
  std::size_t directions = 0;
  for (auto _ : state) {
    const std::vector<Volume<float>> terma = terma_per_mu_by_group(pm, beam, d);
    Volume<float> total(pm.grid(), 0.0f);
    std::vector<const Volume<float>*> groups;
    for (const Volume<float>& t : terma) {
      groups.push_back(&t);
      for (std::int64_t v = 0; v < total.size(); ++v) total[v] += t[v];
    }
    const auto lattice = lattice_directions(
        pm.grid(), d.kernel, d.group_exp_kernels,
        cone_directions(d.kernel, {0, 1, 0}, static_cast<int>(state.range(2))), source);
    directions = lattice.size();
    benchmark::DoNotOptimize(
        ccc_dose_lattice(groups, total, pm.density_g_cm3, lattice, tilt.view()).max_value());
  }
  state.counters["directions"] = static_cast<double>(directions);
}
BENCHMARK(BM_ccc_beam)
    ->Args({128, 8, 9})
    ->Args({128, 16, 12})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// Lattice transport (CPU), kernel tilting on; args n, azimuths, energy groups (1: one kernel;
/// 3: the machine's groups).
void BM_ccc_lattice(benchmark::State& state) {
  const LatticeCase c(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)),
                      state.range(2) > 1);
  for (auto _ : state)
    benchmark::DoNotOptimize(
        ccc_dose_lattice(c.by_group, c.total, c.pm.density_g_cm3, c.lattice, c.tilt.view())
            .max_value());
  c.report(state);
}
BENCHMARK(BM_ccc_lattice)
    ->Args({64, 12, 3})
    ->Args({128, 6, 3})
    ->Args({128, 12, 1})
    ->Args({128, 12, 3})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// The same on the GPU (skipped without a device): upload of TERMA, transport, download.
void BM_ccc_lattice_cuda(benchmark::State& state) {
  if (cuda::devices().empty()) {
    state.SkipWithError("no CUDA device");
    return;
  }
  const LatticeCase c(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)),
                      state.range(2) > 1);
  cuda::CccLatticeDevice gpu(c.pm.grid().view(), c.pm.density_g_cm3.data(), c.tilt.view(),
                             data(16).exp_kernel.components(), static_cast<int>(c.terma.size()));
  std::vector<double> energy(static_cast<std::size_t>(c.pm.grid().size()));
  for (auto _ : state) {
    gpu.transport(c.host, c.total.data(), c.lattice, energy.data());
    benchmark::DoNotOptimize(energy[0]);
  }
  c.report(state);
}
BENCHMARK(BM_ccc_lattice_cuda)
    ->Args({128, 12, 3})
    ->Args({256, 12, 3})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
