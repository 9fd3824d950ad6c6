// DVH throughput: 20 structures (body, lungs, organs, small targets) on a 256^3 dose grid, the
// plan-check workload of the Plan QA issue (target < 0.5 s on 2 cores).
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "host/plan/patient_model.h"
#include "host/qa/conformity.h"
#include "host/qa/dvh.h"

namespace {

using namespace srtdose;

struct Case {
  Volume<float> dose;
  std::vector<Volume<float>> masks;
};

Shape sphere(Vec3 c, double r) {
  Shape s;
  s.type = ShapeType::Sphere, s.center_mm = c, s.radius_mm = r;
  return s;
}
Shape cylinder(Vec3 c, double r, double len) {
  Shape s;
  s.type = ShapeType::Cylinder, s.center_mm = c, s.radius_mm = r, s.length_mm = len, s.axis = 2;
  return s;
}
Shape box(Vec3 lo, Vec3 hi) {
  Shape s;
  s.min_mm = lo, s.max_mm = hi;
  return s;
}

const Case& workload() {
  static const Case c = [] {
    const int n = 256;
    const double h = 1.5;  // 384 mm field of view
    const Grid3 g({n, n, n}, {h, h, h}, {-(n - 1) * h / 2, -(n - 1) * h / 2, -(n - 1) * h / 2});
    Case out{Volume<float>(g), {}};
#pragma omp parallel for collapse(2)
    for (int k = 0; k < n; ++k)
      for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
          const Vec3 p = g.position_mm(i, j, k);
          const double r1 = norm(p - Vec3{20, 10, 0}), r2 = norm(p - Vec3{-40, -20, 30});
          out.dose.at(i, j, k) = static_cast<float>(50 * std::exp(-r1 * r1 / 800) +
                                                    35 * std::exp(-r2 * r2 / 400) + 0.5);
        }
    std::vector<Shape> shapes = {cylinder({0, 0, 0}, 160, 360),  // body
                                 box({-140, -80, -120}, {-10, 80, 120}),
                                 box({10, -80, -120}, {140, 80, 120}),  // lungs
                                 cylinder({0, 90, 0}, 5, 300),
                                 cylinder({0, 90, 0}, 10, 300),  // cord, canal
                                 cylinder({0, -40, 0}, 9, 200),  // oesophagus
                                 sphere({-30, -60, -20}, 45),
                                 box({-60, 95, -150}, {60, 130, 150}),     // heart, vertebrae
                                 box({-150, -150, -60}, {150, -120, 60}),  // chest wall
                                 sphere({60, 0, -130}, 70),
                                 sphere({-70, 40, -150}, 30),
                                 sphere({70, 40, -150}, 30),
                                 sphere({20, 10, 0}, 12),
                                 sphere({20, 10, 0}, 15),
                                 sphere({20, 10, 0}, 8),  // GTV/CTV/PTV
                                 sphere({-40, -20, 30}, 6),
                                 sphere({-40, -20, 30}, 9),  // second target
                                 sphere({60, 60, 60}, 4),
                                 cylinder({-20, 60, 0}, 6, 120),
                                 box({-30, -30, -30}, {30, 30, 30})};
    for (const Shape& s : shapes) out.masks.push_back(shape_mask(s, g));
    return out;
  }();
  return c;
}

void BM_dvh_20_structures_256(benchmark::State& state) {
  const Case& c = workload();
  std::int64_t voxels = 0;
  for (auto _ : state) {
    for (std::size_t s = 0; s < c.masks.size(); ++s) {
      const Dvh d = compute_dvh("s" + std::to_string(s), c.masks[s], c.dose);
      benchmark::DoNotOptimize(d.mean_gy);
    }
    voxels += c.dose.size() * static_cast<std::int64_t>(c.masks.size());
  }
  state.counters["mask_voxels_per_s"] =
      benchmark::Counter(static_cast<double>(voxels), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_dvh_20_structures_256)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_conformity_256(benchmark::State& state) {
  const Case& c = workload();
  const Dvh ptv = compute_dvh("PTV", c.masks[13], c.dose);
  for (auto _ : state) {
    const ConformityMetrics m = conformity_metrics(c.dose, c.masks[13], ptv, 40.0, &c.masks[0]);
    benchmark::DoNotOptimize(m.paddick_ci);
  }
}
BENCHMARK(BM_conformity_256)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
