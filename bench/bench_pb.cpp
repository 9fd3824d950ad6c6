// Pencil beam: one 5 x 5 cm beam on an n^3 water cube of 2.5 mm voxels, 2.5 mm beamlets (the
// Pencil-beam issue's single-beam benchmark is n = 128, target <= 0.3 s on the CPU), and a
// 180-control-point arc on 128^3 (target <= 0.2 s on the GPU), on the CPU and the GPU.
#include <benchmark/benchmark.h>

#include "bench_support.h"
#include "host/engine/pb/pb_plan.h"
#include "kernels/device_info.h"

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

/// A full arc of 180 control points (2 degree spacing), 3 x 3 cm, isocentre at the cube's
/// centre.
Plan arc_plan() {
  Plan plan;
  plan.name = "bench-arc";
  plan.machine = "ideal-6mv";
  BeamSpec b;
  b.name = "arc";
  b.gantry_deg = 181;
  b.mu = 1000;
  b.aperture.jaws = Jaws{-15, 15, -15, 15};
  b.arc = ArcSpec{181, 180.9, RotationDirection::CW, 2.0};
  plan.beams.push_back(b);
  return plan;
}

/// Arg 0: CPU, 1: CUDA (skipped without a device).
void BM_pb_arc_128(benchmark::State& state) {
  PbOptions o;
  if (state.range(0) == 1) {
    if (cuda::devices().empty()) {
      state.SkipWithError("no CUDA device");
      return;
    }
    o.device = Device::Cuda;
  }
  const PatientModel pm = bench::water_cube(128);
  const Plan plan = arc_plan();
  const PbBeamData& d = data();
  int segments = 0;
  for (auto _ : state) {
    const DoseResult r = pb_plan_dose(plan, pm, d, o);
    segments = r.segments;
    benchmark::DoNotOptimize(r.dose.max_value());
  }
  state.counters["control_points"] = segments;
}
BENCHMARK(BM_pb_arc_128)->Arg(0)->Arg(1)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace
