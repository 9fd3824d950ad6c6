// Time to dose as a user meets it (the speed issue's rows), through the front door compute_dose
// with generic-6mv: the whole computation of one beam with setup (the beam-data cache emptied
// each time, as in a new process), the patient resampled to a dose grid, the spine example's
// arc, and a clinical-size two-arc plan (long: run it on its own with --benchmark_filter).
#include <benchmark/benchmark.h>

#include "host/engine/beam_data_cache.h"
#include "host/engine/compute_dose.h"
#include "host/plan/plan_parser.h"
#include "kernels/device_info.h"

namespace {

using namespace srtdose;

const EngineKind kEngines[] = {EngineKind::Pb, EngineKind::Ccc};

/// A cube of water of n^3 voxels of voxel_mm, one beam of side_mm at gantry 0, isocentre at
/// the centre (the case: 120^3 at 2.5 mm, 3.5 x 3.5 cm).
Plan box_plan(int n, double voxel_mm, double side_mm) {
  Plan plan;
  plan.name = "box";
  plan.machine = "generic-6mv";
  const double half = 0.5 * n * voxel_mm;
  PhantomSpec& p = plan.patient.source.emplace<PhantomSpec>();
  p.extent_mm = {{-half, -half, -half}, {half, half, half}};
  p.voxel_mm = {voxel_mm, voxel_mm, voxel_mm};
  BeamSpec b;
  b.name = "AP";
  b.mu = 100;
  b.aperture.jaws = Jaws{-side_mm / 2, side_mm / 2, -side_mm / 2, side_mm / 2};
  plan.beams.push_back(b);
  plan.dose_grid.voxel_mm = Vec3{2.5, 2.5, 2.5};
  return plan;
}

DoseRequest cpu_request(EngineKind engine) {
  DoseRequest r;
  r.plan_path = "bench";
  r.options.engine = engine;
  r.options.device = Device::Cpu;
  return r;
}

/// The timed loop: the plan's dose through the front door (cold_cache: the beam data made
/// anew each time, as in a new process), with the setup time and the work done as counters.
void time_dose(benchmark::State& state, const Plan& plan, const DoseRequest& req, bool cold_cache) {
  DoseResult r;
  for (auto _ : state) {
    if (cold_cache) clear_beam_data_cache();
    r = compute_dose(plan, req);
    benchmark::DoNotOptimize(r.dose.max_value());
  }
  state.counters["setup_s"] = r.timings.setup_s;
  state.counters["transports"] = r.transports;
  state.counters["segments"] = r.segments;
}

/// Arg 0: pb, 1: ccc. One 3.5 x 3.5 cm beam on 120^3 water at 2.5 mm, setup included.
void BM_box_beam_with_setup(benchmark::State& state) {
  const Plan plan = box_plan(120, 2.5, 35);
  time_dose(state, plan, cpu_request(kEngines[state.range(0)]), true);
}
BENCHMARK(BM_box_beam_with_setup)->Arg(0)->Arg(1)->Unit(benchmark::kSecond)->UseRealTime();

/// The same box given at 10 mm voxels and computed on the 2.5 mm dose grid (120^3): the
/// patient's resampling is in the setup. Pencil beam.
void BM_box_beam_resampled(benchmark::State& state) {
  const Plan plan = box_plan(30, 10, 35);
  time_dose(state, plan, cpu_request(EngineKind::Pb), false);
}
BENCHMARK(BM_box_beam_resampled)->Unit(benchmark::kSecond)->UseRealTime();

/// plans/examples/spine.json (one 358-degree arc in 90 sub-arcs, 120 x 100 x 60 at 2 mm).
/// Args: engine (0 pb, 1 ccc), the collapsed cone's arc group in degrees.
void BM_spine_arc(benchmark::State& state) {
  const Plan plan = parse_plan_file(SRTDOSE_SOURCE_DIR "/plans/examples/spine.json");
  DoseRequest req = cpu_request(kEngines[state.range(0)]);
  req.options.arc_group_deg = static_cast<double>(state.range(1));
  time_dose(state, plan, req, false);
}
BENCHMARK(BM_spine_arc)
    ->Args({0, 10})
    ->Args({1, 10})
    ->Args({1, 0})
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

/// A clinical-size check: two full 180-control-point arcs (CW and CCW), 3 x 3 cm, on a
/// 200 x 200 x 100 water grid at 2.5 mm. Arg: engine (0 pb, 1 ccc). Long on a CPU.
void BM_clinical_two_arcs(benchmark::State& state) {
  Plan plan;
  plan.name = "two-arcs";
  plan.machine = "generic-6mv";
  PhantomSpec& p = plan.patient.source.emplace<PhantomSpec>();
  p.extent_mm = {{-250, -250, -125}, {250, 250, 125}};
  p.voxel_mm = {2.5, 2.5, 2.5};
  for (int a = 0; a < 2; ++a) {
    BeamSpec b;
    b.name = a == 0 ? "ARC_CW" : "ARC_CCW";
    b.mu = 600;
    b.gantry_deg = a == 0 ? 181 : 179;
    b.aperture.jaws = Jaws{-15, 15, -15, 15};
    b.arc = a == 0 ? ArcSpec{181, 179, RotationDirection::CW, 2.0}
                   : ArcSpec{179, 181, RotationDirection::CC, 2.0};
    plan.beams.push_back(b);
  }
  plan.dose_grid.voxel_mm = Vec3{2.5, 2.5, 2.5};
  time_dose(state, plan, cpu_request(kEngines[state.range(0)]), false);
}
BENCHMARK(BM_clinical_two_arcs)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
