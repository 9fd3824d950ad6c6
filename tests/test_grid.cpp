#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>

#include "host/core/error.h"
#include "host/core/resample.h"

using namespace srtdose;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("Grid3 maps indices to voxel centres and back", "[grid]") {
  const Grid3 g({10, 20, 30}, {2.0, 2.5, 3.0}, {-9.0, -23.75, 1.5});
  const Vec3 p = g.position_mm(3, 7, 11);
  CHECK(p.x == -9.0 + 3 * 2.0);
  CHECK(p.y == -23.75 + 7 * 2.5);
  CHECK(p.z == 1.5 + 11 * 3.0);
  const Vec3 c = g.continuous_index(p);
  CHECK_THAT(c.x, WithinAbs(3, 1e-12));
  CHECK_THAT(c.y, WithinAbs(7, 1e-12));
  CHECK_THAT(c.z, WithinAbs(11, 1e-12));
  CHECK(g.index(3, 7, 11) == (11 * 20 + 7) * 10 + 3);
  CHECK(g.size() == 6000);
  const Box3 b = g.bounds_mm();
  CHECK(b.min_mm.x == -10.0);
  CHECK(b.max_mm.x == 10.0);
  CHECK(g.contains({0, 0, 10}));
  CHECK_FALSE(g.contains({10.01, 0, 10}));
}

TEST_CASE("Grid3::covering places voxel edges on the box and rejects partial voxels", "[grid]") {
  const Grid3 g = Grid3::covering({{-151.25, -150, -10}, {151.25, 150, 10}}, {2.5, 2.5, 2.5}, "t");
  CHECK(g.nx() == 121);
  CHECK(g.ny() == 120);
  CHECK(g.nz() == 8);
  CHECK_THAT(g.origin_mm().x, WithinAbs(-150.0, 1e-12));
  CHECK_THROWS_WITH(Grid3::covering({{0, 0, 0}, {10, 10, 10}}, {3, 2, 2}, "phantom"),
                    Catch::Contains("phantom") && Catch::Contains("whole number"));
  CHECK_THROWS_AS(Grid3({0, 1, 1}, {1, 1, 1}, {0, 0, 0}), InputError);
  CHECK_THROWS_AS(Grid3({1, 1, 1}, {1, -1, 1}, {0, 0, 0}), InputError);
  CHECK_THROWS_AS(Grid3({1, 1, 1}, {1, NAN, 1}, {0, 0, 0}), InputError);
}

TEST_CASE("Trilinear resampling reproduces linear fields exactly", "[grid][resample]") {
  const Grid3 src({20, 15, 10}, {2, 3, 4}, {-19, -21, -18});
  Volume<float> v(src);
  auto f = [](const Vec3& p) { return 3.0 + 0.5 * p.x - 0.25 * p.y + 0.125 * p.z; };
  for (int k = 0; k < src.nz(); ++k)
    for (int j = 0; j < src.ny(); ++j)
      for (int i = 0; i < src.nx(); ++i)
        v.at(i, j, k) = static_cast<float>(f(src.position_mm(i, j, k)));

  // A finer, shifted grid well inside the source.
  const Grid3 dst({17, 13, 9}, {1.7, 2.9, 3.1}, {-12.3, -15.2, -11.1});
  const Volume<float> r = resample_trilinear(v, dst, -1.0f);
  for (int k = 0; k < dst.nz(); ++k)
    for (int j = 0; j < dst.ny(); ++j)
      for (int i = 0; i < dst.nx(); ++i)
        REQUIRE_THAT(r.at(i, j, k), WithinAbs(f(dst.position_mm(i, j, k)), 1e-4));

  SECTION("identity resampling returns the same values") {
    const Volume<float> same = resample_trilinear(v, src, -1.0f);
    for (std::int64_t n = 0; n < v.size(); ++n) REQUIRE(same[n] == v[n]);
  }
  SECTION("points outside the grid box take the outside value") {
    CHECK(interpolate_trilinear(v, {100, 0, 0}, -7.0) == -7.0);
    // Half a voxel beyond the last centre is still inside: clamped to the edge value.
    CHECK_THAT(interpolate_trilinear(v, src.position_mm(19, 0, 0) + Vec3{0.9, 0, 0}, -7.0),
               WithinAbs(v.at(19, 0, 0), 1e-6));
  }
}

TEST_CASE("Box-mean resampling equals the mean of 27 trilinear samples", "[grid][resample]") {
  const Grid3 src({23, 17, 11}, {1.0, 1.3, 2.0}, {-11, -10, -9});
  Volume<float> v(src);
  std::uint32_t state = 12345;  // a fixed pseudo-random field (LCG)
  for (std::int64_t n = 0; n < v.size(); ++n) {
    state = state * 1664525u + 1013904223u;
    v[n] = static_cast<float>(state >> 8) / static_cast<float>(1 << 24);
  }
  // A coarser grid reaching past the source on every side (samples outside count 0).
  const Grid3 dst({11, 10, 9}, {2.5, 2.5, 3.0}, {-13.1, -12.2, -12.4});
  const Volume<float> r = resample_box_mean(v, dst, 3);
  const Vec3 s = dst.spacing_mm();
  int outside = 0;
  for (int k = 0; k < dst.nz(); ++k)
    for (int j = 0; j < dst.ny(); ++j)
      for (int i = 0; i < dst.nx(); ++i) {
        const Vec3 c = dst.position_mm(i, j, k);
        double sum = 0;
        for (int a = -1; a <= 1; ++a)
          for (int b = -1; b <= 1; ++b)
            for (int q = -1; q <= 1; ++q)
              sum += interpolate_trilinear(
                  v, {c.x + q * s.x / 3, c.y + b * s.y / 3, c.z + a * s.z / 3}, 0.0);
        if (sum == 0) ++outside;
        REQUIRE_THAT(r.at(i, j, k), WithinAbs(sum / 27, 1e-6));
      }
  CHECK(outside > 0);  // the test reached beyond the source
  SECTION("a uniform field stays uniform inside") {
    Volume<float> one(src, 1.0f);
    const Grid3 inner({5, 5, 3}, {2, 2, 4}, {-6, -5, -4});
    const Volume<float> m = resample_box_mean(one, inner, 3);
    for (std::int64_t n = 0; n < m.size(); ++n) REQUIRE_THAT(m[n], WithinAbs(1.0, 1e-6));
  }
}
