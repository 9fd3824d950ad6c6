#include <catch2/catch.hpp>
#include <random>

#include "host/core/volume.h"
#include "host/engine/radiological_depth.h"
#include "host/geometry/iec61217.h"
#include "host/plan/beam_reach.h"
#include "kernels/common/siddon.h"

using namespace srtdose;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// Water with a lung slab (0.26) and a bone slab (1.85), slab faces on voxel edges.
struct SlabPhantom {
  Grid3 grid{{40, 48, 30}, {2.5, 2.5, 2.5}, {-48.75, -58.75, -36.25}};  // y edges -60 .. 60
  double lung_y0 = -40, lung_y1 = -10, bone_y0 = 10, bone_y1 = 20;
  Volume<float> density() const {
    Volume<float> v(grid, 1.0f);
    for (int k = 0; k < grid.nz(); ++k)
      for (int j = 0; j < grid.ny(); ++j)
        for (int i = 0; i < grid.nx(); ++i) {
          const double y = grid.position_mm(i, j, k).y;
          if (y > lung_y0 && y < lung_y1) v.at(i, j, k) = 0.26f;
          if (y > bone_y0 && y < bone_y1) v.at(i, j, k) = 1.85f;
        }
    return v;
  }
  /// Independent formulation: clip the segment against each slab box.
  double analytic_mm(const Vec3& a, const Vec3& b) const {
    Box3 all = grid.bounds_mm();
    auto slab = [&](double y0, double y1) {
      Box3 s = all;
      s.min_mm.y = y0;
      s.max_mm.y = y1;
      return segment_length_in_box_mm(a, b, s);
    };
    const double total = segment_length_in_box_mm(a, b, all);
    const double lung = slab(lung_y0, lung_y1), bone = slab(bone_y0, bone_y1);
    return (total - lung - bone) * 1.0 + lung * 0.26 + bone * 1.85;
  }
};

}  // namespace

TEST_CASE("Siddon path lengths sum to the chord inside the grid", "[siddon]") {
  const Grid3 g({17, 11, 13}, {1.5, 2.0, 2.5}, {-12, -10, -15});
  const GridView v = g.view();
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-60, 60);
  for (int n = 0; n < 2000; ++n) {
    const Vec3 a{u(rng), u(rng), u(rng)}, b{u(rng), u(rng), u(rng)};
    double sum = 0;
    std::int64_t last = -1;
    bool in_range = true;
    siddon_traverse(v, a, b, [&](std::int64_t i, double len) {
      sum += len;
      in_range = in_range && i >= 0 && i < g.size() && i != last && len > 0;
      last = i;
    });
    REQUIRE(in_range);
    REQUIRE_THAT(sum, WithinAbs(segment_length_in_box_mm(a, b, g.bounds_mm()), 1e-9));
  }
}

TEST_CASE("Axis-parallel rays visit one voxel per plane", "[siddon]") {
  const Grid3 g({10, 8, 6}, {2, 3, 4}, {1, 1.5, 2});
  int visited = 0;
  double sum = 0;
  // Along x through voxel centres, starting and ending outside the grid.
  siddon_traverse(g.view(), {-100, g.position_mm(0, 3, 2).y, g.position_mm(0, 3, 2).z},
                  {100, g.position_mm(0, 3, 2).y, g.position_mm(0, 3, 2).z},
                  [&](std::int64_t, double len) {
                    ++visited;
                    sum += len;
                  });
  CHECK(visited == 10);
  CHECK_THAT(sum, WithinAbs(20.0, 1e-12));
  // A ray lying exactly on a voxel boundary plane still counts its full length once.
  sum = 0;
  siddon_traverse(g.view(), {-5, 3, 6}, {50, 3, 6}, [&](std::int64_t, double len) { sum += len; });
  CHECK_THAT(sum, WithinAbs(20.0, 1e-12));
  // A ray that misses, and a zero-length ray, visit nothing.
  CHECK(siddon_traverse(g.view(), {-5, 100, 6}, {50, 100, 6}, [](std::int64_t, double) {}) == 0);
  CHECK(siddon_traverse(g.view(), {5, 5, 5}, {5, 5, 5}, [](std::int64_t, double) {}) == 0);
}

TEST_CASE("Radiological paths match slab geometry exactly and are symmetric", "[siddon]") {
  const SlabPhantom ph;
  const Volume<float> rho = ph.density();
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-80, 80);
  for (int n = 0; n < 2000; ++n) {
    const Vec3 a{u(rng), u(rng), u(rng)}, b{u(rng), u(rng), u(rng)};
    const double ab = radiological_path_mm(ph.grid.view(), rho.data(), a, b);
    const double ba = radiological_path_mm(ph.grid.view(), rho.data(), b, a);
    const double ref = ph.analytic_mm(a, b);
    REQUIRE_THAT(ab, WithinAbs(ref, 1e-4 * std::max(1.0, ref)));
    REQUIRE_THAT(ba, WithinAbs(ab, 1e-9 * std::max(1.0, ab)));
  }
}

TEST_CASE("Radiological paths match brute-force integration in random media", "[siddon]") {
  const Grid3 g({12, 9, 10}, {3, 4, 2.5}, {-16.5, -16, -11.25});
  Volume<float> rho(g);
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<float> d(0.0f, 2.0f);
  for (float& x : rho.values()) x = d(rng);
  std::uniform_real_distribution<double> u(-40, 40);
  for (int n = 0; n < 30; ++n) {
    const Vec3 a{u(rng), u(rng), u(rng)}, b{u(rng), u(rng), u(rng)};
    const double L = norm(b - a);
    const int steps = 200000;
    double brute = 0;
    for (int s = 0; s < steps; ++s) {
      const Vec3 p = a + ((s + 0.5) / steps) * (b - a);
      const Vec3 c = g.continuous_index(p);
      const int i = static_cast<int>(std::floor(c.x + 0.5)),
                j = static_cast<int>(std::floor(c.y + 0.5)),
                k = static_cast<int>(std::floor(c.z + 0.5));
      if (i >= 0 && i < g.nx() && j >= 0 && j < g.ny() && k >= 0 && k < g.nz()) {
        brute += rho.at(i, j, k) * L / steps;
      }
    }
    REQUIRE_THAT(radiological_path_mm(g.view(), rho.data(), a, b), WithinAbs(brute, 0.02));
  }
}

TEST_CASE("CPU radiological depth to every voxel matches slab analytics", "[siddon][depth]") {
  const SlabPhantom ph;
  const Volume<float> rho = ph.density();
  for (double gantry : {0.0, 30.0, 300.0}) {
    INFO("gantry " << gantry);
    const Vec3 src = beam_frame(gantry, 0, 0, {0, 0, 0}, 1000).source_mm;
    const Volume<float> depth = radiological_depth_cpu(rho, src);
    double worst = 0;
    for (int k = 0; k < ph.grid.nz(); ++k)
      for (int j = 0; j < ph.grid.ny(); ++j)
        for (int i = 0; i < ph.grid.nx(); ++i) {
          const double ref = ph.analytic_mm(src, ph.grid.position_mm(i, j, k));
          worst = std::max(worst, std::abs(depth.at(i, j, k) - ref) / std::max(1.0, ref));
        }
    CHECK(worst < 1e-4);
  }
  // Gantry 0, central column: depth equals the water-equivalent thickness above each voxel.
  const Volume<float> d0 = radiological_depth_cpu(rho, {0.0, -1000.0, 1.25});
  const int i = 19, k = 14;
  CHECK_THAT(d0.at(i, 0, k), WithinRel(1.25, 1e-5));                 // half a water voxel
  CHECK_THAT(d0.at(i, 10, k), WithinRel(20.0 + 6.25 * 0.26, 1e-5));  // 2 cm water, then lung
}
