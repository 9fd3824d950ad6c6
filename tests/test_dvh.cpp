// DVH and metrics on analytic dose distributions (exact answers known in closed form).
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>

#include "host/core/error.h"
#include "host/plan/patient_model.h"
#include "host/qa/dvh.h"
#include "host/qa/dvh_metric.h"
#include "test_support.h"

using namespace srtdose;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// Grid of n voxels per axis of size h, centred on the origin.
Grid3 centred_grid(int n, Vec3 h) {
  return Grid3({n, n, n}, h, {-(n - 1) * h.x / 2, -(n - 1) * h.y / 2, -(n - 1) * h.z / 2});
}

}  // namespace

TEST_CASE("uniform dose in a sphere: every end point is that dose", "[dvh]") {
  const Grid3 g = centred_grid(20, {2, 2, 2});
  const Volume<float> mask = shape_mask(test::sphere_shape({0.3, -0.2, 0.1}, 10), g);
  const Volume<float> dose(g, 20.0f);
  for (int ss : {1, 4}) {
    DvhOptions o;
    o.supersample = ss;
    const Dvh d = compute_dvh("PTV", mask, dose, o);
    CHECK_THAT(d.volume_cm3, WithinRel(4.0 / 3.0 * M_PI * 1000 * 1e-3, 1e-4));
    for (double p : {2.0, 50.0, 98.0}) CHECK(d.dose_at_volume_pct(p) == 20.0);
    CHECK(d.dose_at_volume_cm3(0.035) == 20.0);
    CHECK(d.mean_gy == Approx(20.0).epsilon(1e-6));
    CHECK(d.volume_at_dose_cm3(20.0) == Approx(d.volume_cm3));
    CHECK(d.volume_at_dose_cm3(20.001) == 0.0);
    CHECK(d.volume_at_dose_pct(19.0) == Approx(100.0));
  }
}

TEST_CASE("small spheres (5 mm radius) have their volume within 1%", "[dvh]") {
  const double exact = 4.0 / 3.0 * M_PI * 125 * 1e-3;
  for (double h : {1.0, 2.0, 2.5, 3.0}) {
    const Grid3 g = centred_grid(static_cast<int>(std::ceil(30 / h)), {h, h, h});
    const Volume<float> mask = shape_mask(test::sphere_shape({0.4, 0.7, -0.3}, 5), g);
    const Volume<float> dose(g, 1.0f);
    const Dvh d = compute_dvh("s", mask, dose);
    INFO("grid " << h << " mm");
    CHECK_THAT(d.volume_cm3, WithinRel(exact, 0.01));
    CHECK(d.supersample == 4);  // automatic below 5 cm3
  }
}

TEST_CASE("linear dose gradient through a box: exact DVH at interpolated end points", "[dvh]") {
  // D = 10 + 0.5 x over x in [-10, 10]: dose uniformly spread over [5, 15] Gy.
  const Grid3 g({40, 12, 12}, {1, 2, 2}, {-19.5, -11, -11});
  const Volume<float> mask = shape_mask(test::box_shape({-10, -6, -6}, {10, 6, 6}), g);
  const Volume<float> dose = test::sample_field(g, [](const Vec3& p) { return 10 + 0.5 * p.x; });
  const double V = 20 * 12 * 12 * 1e-3;
  auto exact_dose_at_pct = [](double p) { return 15 - 10 * p / 100; };
  SECTION("voxel centres") {
    DvhOptions o;
    o.supersample = 1;
    const Dvh d = compute_dvh("box", mask, dose, o);
    CHECK_THAT(d.volume_cm3, WithinRel(V, 1e-9));
    for (double p : {5.0, 12.5, 33.0, 50.0, 77.7, 95.0})
      CHECK_THAT(d.dose_at_volume_pct(p), WithinAbs(exact_dose_at_pct(p), 1e-5));
    for (double x : {6.0, 9.3, 12.0, 14.0})
      CHECK_THAT(d.volume_at_dose_cm3(x), WithinRel((15 - x) / 10 * V, 1e-5));
    CHECK_THAT(d.mean_gy, WithinAbs(10.0, 1e-6));
    // A binned reading would be off by up to a bin: the interpolated value is not.
    CHECK_THAT(d.dose_at_volume_pct(37.3), WithinAbs(11.27, 1e-5));
  }
  SECTION("supersampled: the extreme end points too") {
    DvhOptions o;
    o.supersample = 4;
    const Dvh d = compute_dvh("box", mask, dose, o);
    for (double p : {2.0, 50.0, 98.0})
      CHECK_THAT(d.dose_at_volume_pct(p), WithinAbs(exact_dose_at_pct(p), 1e-5));
    const StructureMetrics m = structure_metrics(d);
    CHECK_THAT(m.homogeneity_index, WithinAbs((14.8 - 5.2) / 10.0, 1e-5));
    CHECK(m.near_max_label == "D2%");  // 2.88 cm3 >= 2 cm3 (ICRU 91)
  }
  SECTION("dose on another grid (shifted, coarser): trilinear is exact for a linear field") {
    const Grid3 dg({16, 10, 10}, {2.5, 3, 3}, {-18.1, -13.3, -12.9});
    const Volume<float> dose2 =
        test::sample_field(dg, [](const Vec3& p) { return 10 + 0.5 * p.x; });
    DvhOptions o;
    o.supersample = 1;
    const Dvh d = compute_dvh("box", mask, dose2, o);
    for (double p : {5.0, 50.0, 95.0})
      CHECK_THAT(d.dose_at_volume_pct(p), WithinAbs(exact_dose_at_pct(p), 1e-4));
  }
  SECTION("binned forms add up") {
    DvhOptions o;
    o.supersample = 1;
    const Dvh d = compute_dvh("box", mask, dose, o);
    const auto diff = d.differential(0.01);
    double sum = 0;
    for (const DvhBin& b : diff) sum += b.volume_cm3;
    CHECK_THAT(sum, WithinRel(V, 1e-9));
    const auto cum = d.cumulative(0.5);
    CHECK(cum.front().volume_cm3 == Approx(V));
    CHECK(cum[20].dose_gy == Approx(10.0));
    CHECK_THAT(cum[20].volume_cm3, WithinRel(0.5 * V, 1e-5));
  }
}

TEST_CASE("ICRU 91 near-maximum: D2% from 2 cm3 up, D0.035cc below", "[dvh]") {
  const Grid3 g = centred_grid(30, {1, 1, 1});
  const Volume<float> dose = test::sample_field(g, [](const Vec3& p) { return 30 - norm(p); });
  const Volume<float> big = shape_mask(test::sphere_shape({0, 0, 0}, 9), g);    // 3.05 cm3
  const Volume<float> small = shape_mask(test::sphere_shape({0, 0, 0}, 6), g);  // 0.90 cm3
  const StructureMetrics a = structure_metrics(compute_dvh("big", big, dose));
  const StructureMetrics b = structure_metrics(compute_dvh("small", small, dose));
  CHECK(a.near_max_label == "D2%");
  CHECK(a.near_max_gy == a.d2_gy);
  CHECK(b.near_max_label == "D0.035cc");
  CHECK(b.near_max_gy == b.d0_035cc_gy);
  // Radial fall-off: the hottest v cm3 is a central sphere, D = 30 - r(v).
  const double r = std::cbrt(0.035e3 * 3 / (4 * M_PI));
  // The 1 mm grid cannot resolve the cone tip (nearest voxel centre 0.87 mm from it): 0.1 Gy.
  CHECK_THAT(b.d0_035cc_gy, WithinAbs(30 - r, 0.1));
  CHECK_THAT(b.d50_gy, WithinAbs(30 - 6 * std::cbrt(0.5), 0.05));
}

TEST_CASE("large structures use the fine histogram and agree with the exact curve", "[dvh]") {
  // 400k voxels: above the sort limit.
  const Grid3 g({100, 80, 50}, {1, 1, 1}, {-49.5, -39.5, -24.5});
  const Volume<float> mask(g, 1.0f);
  const Volume<float> dose = test::sample_field(g, [](const Vec3& p) { return 30 + 0.2 * p.x; });
  DvhOptions o;
  o.supersample = 1;
  const Dvh d = compute_dvh("body", mask, dose, o);
  CHECK(d.knot_dose_gy().size() > 100);
  // Doses 20.1 .. 39.9 in 100 equal slabs: D_p = 40 - 20 p / 100 to within one slab's half-width.
  for (double p : {10.0, 50.0, 90.0})
    CHECK_THAT(d.dose_at_volume_pct(p), WithinAbs(40 - 0.2 * p, 0.11));
  CHECK_THAT(d.mean_gy, WithinAbs(30.0, 1e-4));
}

TEST_CASE("DVH errors: empty structure, grids that do not overlap", "[dvh]") {
  const Grid3 g = centred_grid(10, {2, 2, 2});
  const Volume<float> empty(g, 0.0f);
  const Volume<float> dose(g, 1.0f);
  CHECK_THROWS_WITH(compute_dvh("GTV", empty, dose), Catch::Contains("'GTV' is empty"));
  const Grid3 far({10, 10, 10}, {2, 2, 2}, {500, 500, 500});
  CHECK_THROWS_WITH(compute_dvh("GTV", Volume<float>(far, 1.0f), dose),
                    Catch::Contains("do not overlap"));
  DvhOptions bad;
  bad.bin_gy = 0;
  CHECK_THROWS_AS(bad.validate(), InputError);
}

TEST_CASE("DVH metric names parse and evaluate", "[dvh]") {
  CHECK(DvhMetric::parse("D0.035cc").kind == DvhMetric::Kind::dose_at_cc);
  CHECK(DvhMetric::parse("d0.035cc").param == Approx(0.035));
  CHECK(DvhMetric::parse("D98%").kind == DvhMetric::Kind::dose_at_pct);
  CHECK(DvhMetric::parse("V12.5Gy").param == Approx(12.5));
  CHECK(DvhMetric::parse("V100%").kind == DvhMetric::Kind::volume_at_rx);
  CHECK(DvhMetric::parse("CV700cc").kind == DvhMetric::Kind::critical_volume);
  CHECK(DvhMetric::parse("Dmean").kind == DvhMetric::Kind::dmean);
  for (const char* bad : {"D", "Dx%", "V20", "D120%", "CVcc", "D-1cc", "W20Gy", "D1e3cc"})
    CHECK_THROWS_AS(DvhMetric::parse(bad), InputError);

  const Grid3 g({40, 12, 12}, {1, 2, 2}, {-19.5, -11, -11});
  const Volume<float> mask = shape_mask(test::box_shape({-10, -6, -6}, {10, 6, 6}), g);
  const Volume<float> dose = test::sample_field(g, [](const Vec3& p) { return 10 + 0.5 * p.x; });
  DvhOptions o;
  o.supersample = 1;
  const Dvh d = compute_dvh("box", mask, dose, o);
  const double V = 2.88;
  CHECK_THAT(DvhMetric::parse("V12Gy").evaluate(d), WithinRel(0.3 * V, 1e-5));
  CHECK_THAT(DvhMetric::parse("V80%").evaluate(d, 15.0), WithinRel(0.3 * V, 1e-5));
  // Critical volume of 1.44 cm3 (half): it stays below the median dose.
  CHECK_THAT(DvhMetric::parse("CV1.44cc").evaluate(d), WithinAbs(10.0, 1e-5));
  CHECK(std::isnan(DvhMetric::parse("CV5cc").evaluate(d)));
  // Scaled dose: D metrics scale, V metrics read at the unscaled level.
  CHECK_THAT(DvhMetric::parse("D50%").evaluate(d, 0, 2.0), WithinAbs(20.0, 1e-5));
  CHECK_THAT(DvhMetric::parse("V24Gy").evaluate(d, 0, 2.0), WithinRel(0.3 * V, 1e-5));
  CHECK_THROWS_AS(DvhMetric::parse("V80%").evaluate(d, 0.0), InputError);
}

TEST_CASE("small sphere in a dose gradient: supersampled end points within 0.25 mm", "[dvh]") {
  // D = 10 + x (1 Gy/mm) through a 5 mm radius sphere: the hottest fraction p is a spherical
  // cap, so every Dx is known exactly; trilinear dose is exact for a linear field, so what is
  // tested is how the partial voxels at the surface are placed.
  const double R = 5;
  auto cap_fraction = [R](double x0) {
    const double t = R - x0;
    return t * t * (3 * R - t) / (4 * R * R * R);
  };
  auto exact_dose_at_fraction = [&](double p) {
    double lo = -R, hi = R;
    for (int i = 0; i < 100; ++i) {
      const double m = 0.5 * (lo + hi);
      (cap_fraction(m) > p ? lo : hi) = m;
    }
    return 10 + 0.5 * (lo + hi);
  };
  const double vol = 4.0 / 3.0 * M_PI * R * R * R * 1e-3;
  for (double h : {2.0, 2.5, 3.0}) {
    const Grid3 g({16, 16, 16}, {h, h, h}, {-7.5 * h + 0.3, -7.5 * h - 0.2, -7.5 * h + 0.1});
    const Volume<float> dose = test::sample_field(g, [](const Vec3& p) { return 10 + p.x; });
    const Volume<float> mask = shape_mask(test::sphere_shape({0, 0, 0}, R), g);
    DvhOptions centres;
    centres.supersample = 1;
    const Dvh coarse = compute_dvh("GTV", mask, dose, centres);
    const Dvh fine = compute_dvh("GTV", mask, dose);  // automatic: 4 x 4 x 4
    REQUIRE(fine.supersample == 4);
    INFO("grid " << h << " mm");
    double worst_fine = 0, worst_coarse = 0;
    for (double p : {0.02, 0.5, 0.98}) {
      const double exact = exact_dose_at_fraction(p);
      worst_fine = std::max(worst_fine, std::abs(fine.dose_at_volume_pct(100 * p) - exact));
      worst_coarse = std::max(worst_coarse, std::abs(coarse.dose_at_volume_pct(100 * p) - exact));
    }
    const double d0035 = exact_dose_at_fraction(0.035 / vol);
    worst_fine = std::max(worst_fine, std::abs(fine.dose_at_volume_cm3(0.035) - d0035));
    CHECK(worst_fine < 0.25);
    CHECK(worst_fine < 0.5 * worst_coarse);
  }
}
