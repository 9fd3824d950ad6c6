// Conformity and gradient indices on a spherical dose fall-off around a spherical target,
// where every index is known in closed form; distance transform against brute force.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "host/plan/patient_model.h"
#include "host/qa/conformity.h"
#include "host/qa/distance_transform.h"

using namespace srtdose;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kRx = 20, kR100 = 10, kR50 = 16;

/// Linear in r through Rx at R100 and Rx/2 at R50, then exponential with the same slope (a
/// smooth fall-off: a kink at an isodose level would bias any interpolating method).
double falloff(double r) {
  const double slope = 0.5 * kRx / (kR50 - kR100);
  if (r <= kR50) return kRx - slope * (r - kR100);
  return 0.5 * kRx * std::exp(-(r - kR50) * slope / (0.5 * kRx));
}

double sphere_cm3(double r) {
  return 4.0 / 3.0 * M_PI * r * r * r * 1e-3;
}

}  // namespace

TEST_CASE("spherical fall-off around a spherical target: exact CI, GI, R50", "[conformity]") {
  const int n = 80;
  const Grid3 g({n, n, n}, {1, 1, 1}, {-39.5, -39.5, -39.5});
  Volume<float> dose(g);
  const Vec3 c{0.3, -0.2, 0.4};
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i)
        dose.at(i, j, k) = static_cast<float>(falloff(norm(g.position_mm(i, j, k) - c)));
  Shape target;
  target.type = ShapeType::Sphere;
  target.center_mm = c;
  const double rt = GENERATE(8.0, 12.0);
  target.radius_mm = rt;
  const Volume<float> mask = shape_mask(target, g);
  const Dvh dvh = compute_dvh("PTV", mask, dose);
  const ConformityMetrics m = conformity_metrics(dose, mask, dvh, kRx);
  INFO("target radius " << rt);
  const double tv = sphere_cm3(rt), piv = sphere_cm3(kR100), piv50 = sphere_cm3(kR50);
  const double tv_piv = sphere_cm3(std::min(rt, kR100));
  CHECK_THAT(m.tv_cm3, WithinRel(tv, 1e-4));
  CHECK_THAT(m.piv_cm3, WithinRel(piv, 0.01));
  CHECK_THAT(m.piv50_cm3, WithinRel(piv50, 0.01));
  CHECK_THAT(m.tv_piv_cm3, WithinRel(tv_piv, 0.01));
  CHECK_THAT(m.rtog_ci, WithinRel(piv / tv, 0.01));
  CHECK_THAT(m.paddick_ci, WithinRel(tv_piv * tv_piv / (tv * piv), 0.02));
  CHECK_THAT(m.gradient_index, WithinRel(piv50 / piv, 0.01));
  CHECK_THAT(m.r50, WithinRel(piv50 / tv, 0.01));
  // D2cm: the highest dose 20 mm outside the target surface, falloff(rt + 20). Distances are
  // measured from centres of voxels at least half inside the target, which lie up to half a
  // voxel diagonal (0.87 mm, a little more on a curved surface) inside it: bracketed by 1 mm.
  CHECK(m.d2cm_gy <= falloff(rt + 20 - 1.0));
  CHECK(m.d2cm_gy >= falloff(rt + 20 + 1.0));
  CHECK(m.d2cm_pct == Approx(100 * m.d2cm_gy / kRx));
}

TEST_CASE("isodose volumes of a uniform field and the body restriction", "[conformity]") {
  const Grid3 g({20, 20, 20}, {2, 2, 2}, {-19, -19, -19});
  const Volume<float> dose(g, 5.0f);
  const auto v = isodose_volumes_cm3(dose, {4.0, 5.0, 5.01});
  CHECK_THAT(v[0], WithinRel(64.0, 1e-9));
  CHECK_THAT(v[1], WithinRel(64.0, 1e-9));
  CHECK(v[2] == 0.0);
  Shape body;
  body.type = ShapeType::Sphere;
  body.radius_mm = 15;
  const Volume<float> body_mask = shape_mask(body, g);
  const auto vb = isodose_volumes_cm3(dose, {4.0}, &body_mask);
  CHECK_THAT(vb[0], WithinRel(sphere_cm3(15), 1e-4));
}

TEST_CASE("Euclidean distance transform equals brute force on an anisotropic grid",
          "[conformity]") {
  const Grid3 g({17, 11, 9}, {1.0, 1.5, 2.5}, {0, 0, 0});
  Volume<std::uint8_t> inside(g, 0);
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, static_cast<int>(g.size()) - 1);
  for (int t = 0; t < 6; ++t) inside[pick(rng)] = 1;
  const Volume<float> dist = distance_to_inside_mm(inside);
  double worst = 0;
  for (std::int64_t a = 0; a < g.size(); ++a) {
    const int i = static_cast<int>(a % g.nx()), j = static_cast<int>((a / g.nx()) % g.ny()),
              k = static_cast<int>(a / (g.nx() * g.ny()));
    double best = 1e300;
    for (std::int64_t b = 0; b < g.size(); ++b) {
      if (!inside[b]) continue;
      const int ib = static_cast<int>(b % g.nx()), jb = static_cast<int>((b / g.nx()) % g.ny()),
                kb = static_cast<int>(b / (g.nx() * g.ny()));
      best = std::min(best, norm(g.position_mm(i, j, k) - g.position_mm(ib, jb, kb)));
    }
    worst = std::max(worst, std::abs(best - dist[a]));
  }
  CHECK(worst < 1e-4);
  const Volume<float> none = distance_to_inside_mm(Volume<std::uint8_t>(g, 0));
  CHECK(std::isinf(none[0]));
}
