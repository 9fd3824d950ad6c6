#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include "test_support.h"

#include "host/core/error.h"
#include "host/qa/gamma.h"

using namespace srtdose;
using Catch::Matchers::WithinAbs;

namespace {

/// A smooth random dose: a sum of Gaussian blobs (Gy).
struct Blobs {
  std::vector<std::array<double, 5>> b;  // x, y, z, sigma, amplitude
  explicit Blobs(unsigned seed, int n = 6) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> p(-8, 8), s(3, 7), a(0.5, 2);
    for (int i = 0; i < n; ++i) b.push_back({p(rng), p(rng), p(rng), s(rng), a(rng)});
  }
  double operator()(const Vec3& q) const {
    double d = 0;
    for (const auto& x : b) {
      const double r2 =
          (q.x - x[0]) * (q.x - x[0]) + (q.y - x[1]) * (q.y - x[1]) + (q.z - x[2]) * (q.z - x[2]);
      d += x[4] * std::exp(-r2 / (2 * x[3] * x[3]));
    }
    return d;
  }
};

/// Centre of the voxel with linear index v.
Vec3 voxel_centre(const Grid3& g, std::int64_t v) {
  return g.position_mm(int(v % g.nx()), int((v / g.nx()) % g.ny()),
                       int(v / (std::int64_t(g.nx()) * g.ny())));
}

/// Independent brute force: every lattice point within radius (in the evaluated grid's hull).
double brute_gamma(const Volume<float>& ev, const Vec3& r, double dr, double dta, double dd,
                   double step, double cap) {
  const Grid3& g = ev.grid();
  const int n = static_cast<int>(std::ceil(cap * dta / step));
  const int nz = g.nz() > 1 ? n : 0;  // single-voxel axes: no search across them
  double best2 = cap * cap;
  for (int c = -nz; c <= nz; ++c)
    for (int b = -n; b <= n; ++b)
      for (int a = -n; a <= n; ++a) {
        const Vec3 p = r + step * Vec3{double(a), double(b), double(c)};
        const Vec3 ci = g.continuous_index(p);
        bool inside = true;
        for (int ax = 0; ax < 3; ++ax) {
          inside = inside && ci[ax] >= -1e-9 && ci[ax] <= g.dims()[ax] - 1 + 1e-9;
        }
        if (!inside) continue;
        // Trilinear interpolation between voxel centres.
        int i0[3];
        double w[3];
        for (int ax = 0; ax < 3; ++ax) {
          const double c0 = std::clamp(ci[ax], 0.0, double(g.dims()[ax] - 1));
          i0[ax] = std::min(int(std::floor(c0)), std::max(0, g.dims()[ax] - 2));
          w[ax] = g.dims()[ax] > 1 ? c0 - i0[ax] : 0.0;
        }
        double d = 0;
        for (int q = 0; q < 8; ++q) {
          int idx[3];
          double wt = 1;
          for (int ax = 0; ax < 3; ++ax) {
            const int bit = (q >> ax) & 1;
            idx[ax] = std::min(i0[ax] + bit, g.dims()[ax] - 1);
            wt *= bit ? w[ax] : 1 - w[ax];
          }
          d += wt * ev.at(idx[0], idx[1], idx[2]);
        }
        const double g2 =
            (a * a + b * b + c * c) * step * step / (dta * dta) + (d - dr) * (d - dr) / (dd * dd);
        best2 = std::min(best2, g2);
      }
  return std::sqrt(best2);
}

}  // namespace

TEST_CASE("Identical distributions give gamma 0", "[gamma]") {
  const Grid3 g({20, 18, 16}, {2, 2, 2}, {-19, -17, -15});
  const Volume<float> d = test::sample_field(g, Blobs(1));
  const GammaResult r = gamma_index(d, d, GammaOptions{}, Device::Cpu);
  CHECK(r.evaluated > 1000);
  CHECK(r.pass_rate_pct == 100.0);
  CHECK(r.max == 0.0);
  CHECK(r.no_data == 0);
}

TEST_CASE("A uniform dose scaled by the dose criterion gives gamma 1", "[gamma]") {
  const Grid3 g({12, 12, 12}, {2, 2, 2}, {-11, -11, -11});
  const Volume<float> ref(g, 2.0f);
  const Volume<float> ev(g, 2.06f);  // +3 % of the 2 Gy normalisation
  for (bool local : {false, true}) {
    GammaOptions o;
    o.local = local;
    const GammaResult r = gamma_index(ref, ev, o, Device::Cpu);
    CHECK_THAT(r.max, WithinAbs(1.0, 1e-5));
    CHECK_THAT(r.mean, WithinAbs(1.0, 1e-5));
  }
  // Local gamma of a smooth field scaled by exactly the criterion never exceeds 1.
  const Volume<float> smooth = test::sample_field(g, Blobs(4));
  Volume<float> scaled = smooth;
  for (float& x : scaled.values()) x *= 1.03f;
  GammaOptions o;
  o.local = true;
  o.threshold_percent = 20;
  CHECK(gamma_index(smooth, scaled, o, Device::Cpu).max <= 1.0 + 1e-5);
}

TEST_CASE("A dose edge shifted by the DTA gives the analytic gamma", "[gamma]") {
  // 1D ramp of slope g (Gy/mm) shifted by s = DTA: gamma = 1 / sqrt(1 + (dD / (g DTA))^2).
  const Grid3 g({401, 1, 1}, {0.1, 1, 1}, {-20, 0, 0});
  for (double slope : {0.01, 0.05, 10.0}) {
    INFO("slope " << slope);
    auto ramp = [slope](double x) { return std::clamp(1.0 + slope * x, 0.0, 2.0); };
    const Volume<float> ref = test::sample_field(g, [&](const Vec3& p) { return ramp(p.x); });
    const Volume<float> ev = test::sample_field(g, [&](const Vec3& p) { return ramp(p.x - 2.0); });
    GammaOptions o;
    o.norm_dose_gy = 1.0;
    o.threshold_percent = 0;
    o.interp_fraction = 100;
    const GammaResult r = gamma_index(ref, ev, o, Device::Cpu);
    const double expected = 1.0 / std::sqrt(1.0 + std::pow(0.03 / (slope * 2.0), 2));
    // Points on the ramp, far enough from its ends for the shifted ramp to be linear too.
    const double half = 1.0 / slope;
    int checked = 0;
    for (int i = 0; i < g.nx(); ++i) {
      const double x = g.position_mm(i, 0, 0).x;
      // Shallow ramps: away from the grid ends; the steep edge: its middle point.
      const double reach = half > 9 ? std::min(half - 4.5, 15.0) : 0.5 * half;
      if (std::abs(x) < reach) {
        REQUIRE_THAT(r.gamma.at(i, 0, 0), WithinAbs(expected, 1e-3));
        ++checked;
      }
    }
    CHECK(checked > 0);
  }
}

TEST_CASE("The search is never worse than a brute-force lattice search", "[gamma]") {
  // Branch and bound finds the lattice minimum; the continuous refinement may only lower it.
  const Grid3 rg({14, 13, 12}, {2, 2, 2}, {-13, -12, -11});
  const Grid3 eg({19, 17, 15}, {1.5, 1.5, 1.75}, {-13.5, -12, -12.25});
  const Blobs f(7);
  const Volume<float> ref = test::sample_field(rg, f);
  const Volume<float> ev = test::sample_field(eg, [&](const Vec3& p) {
    return 1.02 * f(p - Vec3{0.7, -0.4, 0.3});
  });
  for (bool local : {false, true}) {
    GammaOptions o;
    o.local = local;
    o.dd_percent = 2;
    o.dta_mm = 2;
    o.max_gamma = 3;
    o.interp_fraction = 5;
    o.threshold_percent = 20;
    const GammaResult r = gamma_index(ref, ev, o, Device::Cpu);
    std::mt19937_64 rng(2);
    std::uniform_int_distribution<std::int64_t> pick(0, ref.size() - 1);
    int compared = 0, lower = 0;
    for (int n = 0; n < 120; ++n) {
      const std::int64_t v = pick(rng);
      if (std::isnan(r.gamma[v])) continue;
      const double dd = 0.02 * (local ? ref[v] : r.norm_dose_gy);
      const double lattice = brute_gamma(ev, voxel_centre(rg, v), ref[v], 2.0, dd, 0.4, 3.0);
      REQUIRE(r.gamma[v] <= lattice + 1e-5);
      lower += r.gamma[v] < lattice - 1e-4;
      ++compared;
    }
    CHECK(compared > 50);
    CHECK(lower > 0);  // the refinement does act
  }
}

TEST_CASE("Gamma approaches the continuous minimum (fine brute force, 2D)", "[gamma]") {
  const Grid3 rg({30, 30, 1}, {1.5, 1.5, 1}, {-21.75, -21.75, 0});
  const Grid3 eg({40, 40, 1}, {1.1, 1.1, 1}, {-21.45, -21.45, 0});
  const Blobs f(9);
  const Volume<float> ref = test::sample_field(rg, f);
  const Volume<float> ev = test::sample_field(eg, [&](const Vec3& p) {
    return 1.03 * f(p - Vec3{1.1, -0.8, 0});
  });
  GammaOptions o;
  o.dd_percent = 2;
  o.dta_mm = 2;
  o.max_gamma = 2;
  const GammaResult r = gamma_index(ref, ev, o, Device::Cpu);
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<std::int64_t> pick(0, ref.size() - 1);
  int compared = 0;
  for (int n = 0; n < 300 && compared < 40; ++n) {
    const std::int64_t v = pick(rng);
    if (std::isnan(r.gamma[v]) || r.gamma[v] >= 2) continue;
    // A lattice ten times finer than the search's (0.02 mm) stands in for the continuum.
    const double fine =
        brute_gamma(ev, voxel_centre(rg, v), ref[v], 2.0, 0.02 * r.norm_dose_gy, 0.02, 2.0);
    // Every reported gamma is gamma at a real point, so it cannot be below the continuum (the
    // fine lattice can be far above it near gamma 0); it must be at least as good as the fine
    // lattice, to within 3e-3.
    REQUIRE(r.gamma[v] <= fine + 3e-3);
    ++compared;
  }
  CHECK(compared == 40);
}

TEST_CASE("Linear fields on different grids agree exactly", "[gamma]") {
  auto lin = [](const Vec3& p) { return 5.0 + 0.1 * p.x - 0.05 * p.y + 0.02 * p.z; };
  const Volume<float> ref =
      test::sample_field(Grid3({10, 10, 10}, {2.5, 2.5, 2.5}, {-11.25, -11.25, -11.25}), lin);
  const Volume<float> ev =
      test::sample_field(Grid3({31, 29, 27}, {1, 1.1, 1.2}, {-15, -15.4, -15.6}), lin);
  GammaOptions o;
  o.dd_percent = 1;
  o.dta_mm = 1;
  const GammaResult r = gamma_index(ref, ev, o, Device::Cpu);
  CHECK(r.no_data == 0);
  CHECK(r.max < 1e-3);  // float storage rounding only
}

TEST_CASE("Thresholds, caps and grids outside reach", "[gamma]") {
  const Grid3 g({20, 20, 1}, {1, 1, 1}, {-9.5, -9.5, 0});
  const Volume<float> ref =
      test::sample_field(g, [](const Vec3& p) { return p.x > 0 ? 1.0 : 0.05; });
  GammaOptions o;
  o.threshold_percent = 10;
  const GammaResult r = gamma_index(ref, ref, o, Device::Cpu);
  CHECK(r.evaluated == 200);  // only the half at 1 Gy is above 10 %
  CHECK(std::isnan(r.gamma.at(0, 0, 0)));

  // The evaluated grid covers only part of the reference: far points have no data.
  const Volume<float> part = test::sample_field(Grid3({5, 20, 1}, {1, 1, 1}, {5.5, -9.5, 0}),
                                                [](const Vec3&) { return 1.0; });
  o.max_gamma = 2;
  const GammaResult rp = gamma_index(ref, part, o, Device::Cpu);
  CHECK(rp.no_data > 0);
  CHECK(rp.evaluated + rp.no_data == 200);
  CHECK(rp.max <= 2.0);
}

TEST_CASE("Bad gamma input gives clear errors", "[gamma][errors]") {
  const Volume<float> a(Grid3({4, 4, 4}, {1, 1, 1}, {0, 0, 0}), 1.0f);
  const Volume<float> b(Grid3({4, 4, 4}, {1, 1, 1}, {100, 0, 0}), 1.0f);
  CHECK_THROWS_WITH(gamma_index(a, b, GammaOptions{}, Device::Cpu),
                    Catch::Contains("do not overlap"));
  GammaOptions o;
  o.dta_mm = 0;
  CHECK_THROWS_WITH(gamma_index(a, a, o, Device::Cpu), Catch::Contains("--dta"));
  CHECK_THROWS_AS(GammaOptions::preset("5%/5mm"), InputError);
  CHECK(GammaOptions::preset("2%/1mm").dta_mm == 1.0);
  Volume<float> nan = a;
  nan[3] = NAN;
  CHECK_THROWS_WITH(gamma_index(a, nan, GammaOptions{}, Device::Cpu),
                    Catch::Contains("non-finite"));
}
