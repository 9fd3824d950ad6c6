// Fluence maps: field edges, area integrals, transmission, cone symmetry, tongue and groove,
// and the output-factor trend from source occlusion.
#include <catch2/catch.hpp>
#include <cmath>

#include "host/core/error.h"
#include "host/machine/fluence.h"
#include "host/machine/fluence_box_average.h"
#include "host/plan/mlc_model.h"

using namespace srtdose;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

Aperture jaws(double x1, double x2, double y1, double y2) {
  Aperture a;
  a.jaws = Jaws{x1, x2, y1, y2};
  return a;
}

/// Position along x (at y) where the profile crosses level, searching outward from x_start.
double crossing(const FluenceMap& m, double y, double level, double x_start, double step) {
  double x = x_start, prev = m.sample(x, y);
  for (int k = 0; k < 100000; ++k) {
    const double xn = x + step, v = m.sample(xn, y);
    if ((prev - level) * (v - level) <= 0 && prev != v)
      return x + step * (prev - level) / (prev - v);
    x = xn, prev = v;
  }
  return NAN;
}

}  // namespace

TEST_CASE("ideal jaws: exact area and edges at the jaw positions", "[fluence]") {
  const FluenceMap m = aperture_fluence(jaws(-20, 17.3, -11.1, 15), HeadModel::ideal(), 0.5);
  CHECK_THAT(m.integral_mm2(), WithinRel(37.3 * 26.1, 1e-9));
  CHECK(m.sample(0, 0) == Approx(1.0));
  CHECK(m.sample(25, 0) == 0.0);
  // Blurred by a focal spot, the 50 % point stays at the (symmetric) edge.
  HeadModel h = HeadModel::ideal();
  h.focal_spot_sigma_mm = 1.0;
  const FluenceMap b = aperture_fluence(jaws(-20, 17.3, -11.1, 15), h, 0.25);
  CHECK_THAT(crossing(b, 0, 0.5, 0, 0.05), WithinAbs(17.3, 0.05));
  CHECK_THAT(crossing(b, 0, 0.5, 0, -0.05), WithinAbs(-20.0, 0.05));
  CHECK_THAT(b.integral_mm2(), WithinRel(37.3 * 26.1, 2e-3));
  // The penumbra width (80-20 %) follows the projected spot: sigma (SAD - z) / z.
  const double sigma_x = 1.0 * (1000 - h.jaw_x_distance_mm) / h.jaw_x_distance_mm;
  const double w = crossing(b, 0, 0.2, 0, 0.02) - crossing(b, 0, 0.8, 0, 0.02);
  CHECK_THAT(w, WithinRel(2 * 0.8416 * sigma_x, 0.05));
}

TEST_CASE("transmission under jaws and leaves", "[fluence]") {
  HeadModel h = HeadModel::ideal();
  h.jaw_transmission = 0.002;
  h.mlc_transmission = 0.015;
  Aperture a = jaws(-50, 50, -50, 50);
  MlcPositions mlc;
  mlc.model = MlcModel::Millennium120;
  const int pairs = mlc_geometry(mlc.model).pairs();
  mlc.a_mm.assign(static_cast<std::size_t>(pairs), -10.0);
  mlc.b_mm.assign(static_cast<std::size_t>(pairs), 10.0);
  a.mlc = mlc;
  const FluenceMap m = aperture_fluence(a, h, 1.0);
  CHECK(m.sample(0, 0) == Approx(1.0));
  CHECK(m.sample(30, 0) == Approx(0.015));          // under the leaves, inside the jaws
  CHECK(m.sample(60, 0) == Approx(0.015 * 0.002));  // under leaves and a jaw
  CHECK(m.sample(0, 60) == Approx(0.002));          // under a Y jaw, leaves open (rounded)
}

TEST_CASE("MLC openings, rounded leaf ends and tongue and groove", "[fluence]") {
  const MlcGeometry& g = mlc_geometry(MlcModel::HD120);
  double width = 0;
  for (int p = 0; p < g.pairs(); ++p) width += g.width_mm(p);
  CHECK_THAT(width, WithinAbs(220.0, 1e-9));
  Aperture a = jaws(-40, 40, -40, 40);
  MlcPositions mlc;
  mlc.model = MlcModel::HD120;
  mlc.a_mm.assign(60, 0.0);
  mlc.b_mm.assign(60, 0.0);
  // Open a 20 mm x 10 mm field in the central 2.5 mm leaves (pairs 26..29 span -5..5 mm).
  for (int p = 26; p < 30; ++p) mlc.a_mm[p] = -10, mlc.b_mm[p] = 10;
  a.mlc = mlc;
  HeadModel h = HeadModel::ideal();
  CHECK_THAT(aperture_fluence(a, h, 0.25).integral_mm2(), WithinRel(200.0, 1e-9));
  h.leaf_end_offset_mm = 0.4;  // both banks: the field grows by 0.8 mm along x
  CHECK_THAT(aperture_fluence(a, h, 0.25).integral_mm2(), WithinRel(20.8 * 10, 1e-9));
  // Tongue and groove: stagger alternate leaves; the shadow strips remove area only where
  // neighbours differ.
  h.leaf_end_offset_mm = 0;
  h.tongue_groove_mm = 0.5;
  MlcPositions stag = mlc;
  stag.a_mm[27] = 0;  // pair 27 opens only on the +x side
  Aperture s = a;
  s.mlc = stag;
  // Each open pair loses a 0.25 mm strip on every side whose neighbour is open over less of
  // its length: the outer pairs (next to closed leaves) lose 0.25 x 20 mm2 each; with pair 27
  // opened only on the +x side, pairs 26 and 28 also lose 0.25 x 10 mm2 each.
  CHECK_THAT(aperture_fluence(a, h, 0.25).integral_mm2(), WithinRel(200.0 - 2 * 5, 1e-6));
  CHECK_THAT(aperture_fluence(s, h, 0.25).integral_mm2(), WithinRel(175.0 - 2 * 5 - 2 * 2.5, 1e-6));
}

TEST_CASE("cones: area, symmetry and blurred edge", "[fluence]") {
  for (double d : {4.0, 7.5, 12.5, 30.0}) {
    Aperture a;
    a.cone_mm = d;
    const FluenceMap m = aperture_fluence(a, HeadModel::ideal(), 0.25, 5);
    INFO("cone " << d << " mm");
    CHECK_THAT(m.integral_mm2(), WithinRel(M_PI * d * d / 4, 1e-6));
    HeadModel h = HeadModel::ideal();
    h.focal_spot_sigma_mm = 0.6;
    const FluenceMap b = aperture_fluence(a, h, 0.25, 5);
    for (double r : {0.3 * d, 0.5 * d, 0.6 * d})
      for (double ang : {0.3, 1.1, 2.0, 4.0}) {
        const double ref = b.sample(r, 0);
        // Bilinear reading of 0.25 mm pixels across the steep edge of the smallest cones.
        CHECK_THAT(b.sample(r * std::cos(ang), r * std::sin(ang)), WithinAbs(ref, 0.03));
      }
  }
}

TEST_CASE("source occlusion: smaller fields see less head scatter and less focal spot",
          "[fluence]") {
  HeadModel h = HeadModel::ideal();
  h.focal_spot_sigma_mm = 0.6;
  h.extra_focal_weight = 0.08;
  h.extra_focal_sigma_mm = 12;
  double previous = 2;
  for (double half : {50.0, 20.0, 10.0, 5.0, 2.5, 1.5}) {
    const double cax = aperture_fluence(jaws(-half, half, -half, half), h, 0.25).sample(0, 0);
    INFO("field " << 2 * half << " mm: CAX fluence " << cax);
    CHECK(cax < previous);
    previous = cax;
  }
  CHECK(previous < 0.9);  // a 3 mm field loses more than its head scatter
  // A 100 mm field: the focal spot is fully seen; the extra-focal source is seen through each
  // jaw pair as erf(half / (sqrt 2 sigma_iso)), sigma_iso = sigma (SAD - z) / (z - z_source).
  h.focal_spot_sigma_mm = 0;
  auto seen = [&](double z) {
    const double s = h.extra_focal_sigma_mm * (h.sad_mm - z) / (z - h.extra_focal_distance_mm);
    return std::erf(50 / (std::sqrt(2.0) * s));
  };
  const double expected =
      1 - h.extra_focal_weight +
      h.extra_focal_weight * seen(h.jaw_x_distance_mm) * seen(h.jaw_y_distance_mm);
  CHECK_THAT(aperture_fluence(jaws(-50, 50, -50, 50), h, 0.5, 250).sample(0, 0),
             WithinAbs(expected, 2e-3));
}

TEST_CASE("fluence input errors", "[fluence]") {
  CHECK_THROWS_AS(aperture_fluence(Aperture{}, HeadModel::ideal(), 1.0), InputError);
  CHECK_THROWS_AS(aperture_fluence(jaws(-5, 5, -5, 5), HeadModel::ideal(), 0.0), InputError);
}

TEST_CASE("Gaussian blur of an edge: narrow (direct) and wide (on pixel blocks)", "[fluence]") {
  // A straight edge at x = 0 on 0.25 mm pixels, blurred by sigma: the analytic profile is
  // 0.5 erfc(x / (sigma sqrt 2)) (the pixel's own width adds 1/12 pixel^2 of variance).
  for (double sigma : {0.5, 2.0, 8.0, 20.0}) {
    FluenceMap m;
    m.pixel_mm = 0.25;
    m.nx = 1200, m.ny = 12;
    m.x0_mm = -150 + 0.125, m.y0_mm = 0;
    m.value.assign(static_cast<std::size_t>(m.nx) * m.ny, 0.0f);
    for (int j = 0; j < m.ny; ++j)
      for (int i = 0; i < m.nx; ++i)
        m.value[static_cast<std::size_t>(j) * m.nx + i] = m.x_mm(i) < 0;
    gaussian_blur(m, sigma);
    const double s = std::sqrt(sigma * sigma + m.pixel_mm * m.pixel_mm / 12);
    double worst = 0;
    for (int i = 0; i < m.nx; ++i) {
      const double x = m.x_mm(i);
      if (std::abs(x) > 150 - 5 * sigma) continue;  // the map's own edges
      worst = std::max(worst, std::abs(m.at(i, 5) - 0.5 * std::erfc(x / (s * std::sqrt(2.0)))));
    }
    INFO("sigma " << sigma << " mm: largest deviation " << worst);
    // Narrow: the pixel sampling of a 2-pixel Gaussian (measured 2.4e-3 at 0.5 mm); wide, on
    // blocks of sigma / 8: box and bilinear are not quite a Gaussian (measured 4e-4).
    CHECK(worst < (sigma < 4 ? 3e-3 : 1e-3));
  }
}

TEST_CASE("box averages of a fluence map: the overlap with the open field, exactly", "[fluence]") {
  // Ideal jaws (sharp edges at the jaw positions, 0.5 mm pixels on them): the mean over a
  // rectangle is the fraction of it inside the field.
  const FluenceMap m = aperture_fluence(jaws(-5, 5, -5, 5), HeadModel::ideal(), 0.5);
  const FluenceBoxAverage box(m);
  CHECK(box.mean(-2, -2, 2, 2) == Approx(1.0));
  CHECK(box.mean(3.75, -1.25, 6.25, 1.25) == Approx(0.5));   // half across the x edge
  CHECK(box.mean(4.0, 4.0, 6.5, 6.5) == Approx(0.4 * 0.4));  // a corner
  CHECK(box.mean(4.3, -1, 6.8, 1) == Approx(0.7 / 2.5));     // off the pixel grid
  CHECK(box.mean(20, 20, 22, 22) == 0.0);                    // outside the map
  CHECK(box.mean(-60, -60, 60, 60) * 120 * 120 == Approx(m.integral_mm2()));
  CHECK(box.mean(1, 1, 1, 1) == Approx(m.sample(1, 1)));  // no area: the value there
}
