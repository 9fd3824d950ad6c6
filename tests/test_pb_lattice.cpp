// The pencil beam's lattice convolution (kernels/common/pb_lattice.h, the math both paths run)
// gives the beamlet-by-beamlet sum of the finite-size kernels, voxel by voxel.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "host/engine/pb/pb_engine.h"
#include "host/geometry/iec61217.h"
#include "host/plan/patient_model.h"
#include "test_support.h"

using namespace srtdose;

TEST_CASE("pencil-beam lattice convolution equals the sum over beamlets", "[pb]") {
  const PatientModel pm = test::slab_phantom(60, 16, 30, 34, 38);
  const Grid3& g = pm.grid();
  // generic-6mv: its electron contamination is added on both sides.
  const PbBeamData data = PbBeamData::from_machine_file(
      test::source_dir() / "plans" / "machines" / "generic-6mv.h5", 2.5);
  BeamSegment s;
  s.gantry_deg = 33;
  s.couch_deg = 15;
  s.aperture.jaws = Jaws{-18, 11, -14, 21};
  const Volume<float> dose = pb_dose_per_mu(pm, s, data);
  const double mx = dose.max_value();
  REQUIRE(mx > 0);

  const PbSegment seg(pm, s, data);
  const FanDepthMap depths(pm.density_g_cm3, seg.frame, seg.fan_layout);
  std::mt19937 rng(5);
  std::uniform_int_distribution<std::int64_t> pick(0, g.size() - 1);
  int checked = 0;
  double worst = 0;
  while (checked < 300) {
    const std::int64_t v = pick(rng);
    if (!(dose[v] > 0.01 * mx)) continue;
    ++checked;
    const int i = static_cast<int>(v % g.nx()), j = static_cast<int>((v / g.nx()) % g.ny()),
              k = static_cast<int>(v / (static_cast<std::int64_t>(g.nx()) * g.ny()));
    const Vec3 bev = seg.frame.to_bev(g.position_mm(i, j, k));
    const double depth_cm = 0.1 * depths.depth_mm(bev);
    double sum = 0;
    for (const Beamlet& b : seg.beamlets)
      sum += beamlet_dose_per_mu(data, seg.frame, b, bev, depth_cm);
    const double scale = bev.z / seg.frame.sad_mm;
    sum += seg.electrons.dose_per_mu_gy(bev.x, bev.y, depth_cm, 1 / (scale * scale));
    worst = std::max(worst, std::abs(sum - dose[v]) / mx);
  }
  CHECK(worst < 1e-6);  // the float of the output
  CHECK(seg.electrons.active());
}
