// The finite-size pencil-beam kernel (host/engine/pb/fspb_kernel): the octant-and-shell-range
// build against the direct sum over every shell, energy conservation and the eight-fold symmetry.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>

#include "host/engine/pb/fspb_kernel.h"
#include "host/plan/partial_volume.h"

using namespace srtdose;
using Catch::Matchers::WithinRel;

namespace {

/// A pencil kernel of 3 slabs and 30 geometric shells out to 6 cm with pseudo-random energies.
physics::PencilKernel test_pencil() {
  physics::PencilKernel p;
  for (int s = 0; s < 30; ++s) p.radius_edges_cm.push_back(0.02 * std::pow(1.21, s));
  p.radius_edges_cm.back() = 6.0;
  p.depth_edges_cm = {0, 0.5, 1.5, 4.0};
  std::uint32_t state = 7;
  for (int i = 0; i < 3 * 30; ++i) {
    state = state * 1664525u + 1013904223u;
    p.energy.push_back(1e-3 * (1 + (state >> 8) % 1000));
  }
  return p;
}

/// The kernel value by the definition: every shell's density times its area in the square.
double direct_value(const physics::PencilKernel& p, int z, double b_cm, int i, int j) {
  const double x0 = 10 * (i - 0.5) * b_cm, x1 = 10 * (i + 0.5) * b_cm;
  const double y0 = 10 * (j - 0.5) * b_cm, y1 = 10 * (j + 0.5) * b_cm;
  double v = 0, prev = 0;
  for (int s = 0; s < p.shells(); ++s) {
    const double a = disk_rectangle_area_mm2(10 * p.radius_edges_cm[s], x0, x1, y0, y1) / 100;
    v += p.density(z, s) * (a - prev);
    prev = a;
  }
  return v;
}

}  // namespace

TEST_CASE("FSPB kernel equals the direct shell sum in every cell", "[pb][fspb]") {
  const physics::PencilKernel p = test_pencil();
  for (double b : {0.25, 0.37}) {
    const FspbKernel k = build_fspb_kernel(p, b, 2.0);
    const int h = k.half_cells, n = k.side();
    for (int z = 0; z < p.slabs(); ++z)
      for (int j = -h; j <= h; ++j)
        for (int i = -h; i <= h; ++i) {
          const double got = k.value[(static_cast<std::size_t>(z) * n + (j + h)) * n + (i + h)];
          const double want = direct_value(p, z, b, i, j);
          INFO("beamlet " << b << " cm, slab " << z << ", cell " << i << "," << j);
          REQUIRE_THAT(got, WithinRel(want, 1e-9));
        }
  }
}

TEST_CASE("FSPB kernel conserves the pencil's energy when it covers every shell", "[pb][fspb]") {
  const physics::PencilKernel p = test_pencil();
  const double b = 0.3;
  const FspbKernel k = build_fspb_kernel(p, b, 6.0);  // squares cover the outermost shell
  const int n = k.side();
  for (int z = 0; z < p.slabs(); ++z) {
    double sum = 0, want = 0;
    for (int c = 0; c < n * n; ++c) sum += k.value[static_cast<std::size_t>(z) * n * n + c];
    const double dz = p.depth_edges_cm[z + 1] - p.depth_edges_cm[z];
    for (int s = 0; s < p.shells(); ++s) want += p.at(z, s) / dz;  // energy per cm of depth
    CHECK_THAT(sum, WithinRel(want, 1e-9));
  }
  // Eight-fold symmetry: (i, j), (-i, j), (j, i) ... are one value.
  const int h = k.half_cells;
  auto at = [&](int i, int j) { return k.value[(static_cast<std::size_t>(j + h)) * n + (i + h)]; };
  CHECK(at(3, 1) == at(-3, 1));
  CHECK(at(3, 1) == at(1, -3));
  CHECK(at(3, 1) == at(-1, 3));
  CHECK(at(3, 1) != at(3, 2));
}
