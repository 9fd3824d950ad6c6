#include <catch2/catch.hpp>
#include <random>

#include "host/geometry/iec61217.h"

using namespace srtdose;
using Catch::Matchers::WithinAbs;

namespace {
void check_vec(const Vec3& a, const Vec3& b, double tol = 1e-9) {
  INFO("got (" << a.x << ", " << a.y << ", " << a.z << "), expected (" << b.x << ", " << b.y << ", "
               << b.z << ")");
  CHECK(norm(a - b) < tol);
}
}  // namespace

TEST_CASE("Gantry angles place the source as IEC 61217 says (HFS)", "[geometry][iec]") {
  const Vec3 iso{10, 20, 30};
  // Gantry 0: source anterior (-y), beam along +y.
  BeamFrame f = beam_frame(0, 0, 0, iso, 1000);
  check_vec(f.source_mm, iso + Vec3{0, -1000, 0});
  check_vec(f.axis, {0, 1, 0});
  // Gantry 90: source at the patient's left (+x), beam along -x.
  f = beam_frame(90, 0, 0, iso, 1000);
  check_vec(f.source_mm, iso + Vec3{1000, 0, 0});
  check_vec(f.axis, {-1, 0, 0});
  // Gantry 270: source at the patient's right (-x).
  check_vec(beam_frame(270, 0, 0, iso, 1000).source_mm, iso + Vec3{-1000, 0, 0});
  // Gantry 180: posterior.
  check_vec(beam_frame(180, 0, 0, iso, 800).source_mm, iso + Vec3{0, 800, 0});
}

TEST_CASE("Collimator axes at gantry 0, collimator 0 (HFS)", "[geometry][iec]") {
  const BeamFrame f = beam_frame(0, 0, 0, {0, 0, 0}, 1000);
  check_vec(f.bld_x, {1, 0, 0});  // X jaws / leaf travel along patient left-right
  check_vec(f.bld_y, {0, 0, 1});  // Y jaws towards the gantry = superior
}

TEST_CASE("Collimator rotation rotates the field in the beam's-eye view", "[geometry][iec]") {
  // Seen from the source, positive collimator rotation is counter-clockwise: at gantry 0 the
  // X axis (patient left) turns towards +Y (superior) at collimator 90.
  const BeamFrame f = beam_frame(0, 90, 0, {0, 0, 0}, 1000);
  check_vec(f.bld_x, {0, 0, 1});
  check_vec(f.bld_y, {-1, 0, 0});
  // A point at patient-left in the isocentre plane appears at BEV y = -50 after the rotation.
  const Vec3 bev = f.to_bev({50, 0, 0});
  CHECK_THAT(bev.x, WithinAbs(0, 1e-9));
  CHECK_THAT(bev.y, WithinAbs(-50, 1e-9));
  CHECK_THAT(bev.z, WithinAbs(1000, 1e-9));
  // The source and axis do not depend on the collimator.
  check_vec(f.source_mm, beam_frame(0, 0, 0, {0, 0, 0}, 1000).source_mm);
}

TEST_CASE("Couch rotation moves the source as IEC 61217 says", "[geometry][iec]") {
  // Couch 90 (counter-clockwise from above): the patient's head swings to the left of an
  // observer facing the gantry, so a gantry-90 source lies towards the feet (-z, inferior).
  check_vec(beam_frame(90, 0, 90, {0, 0, 0}, 1000).source_mm, {0, 0, -1000});
  check_vec(beam_frame(270, 0, 90, {0, 0, 0}, 1000).source_mm, {0, 0, 1000});
  check_vec(beam_frame(90, 0, 270, {0, 0, 0}, 1000).source_mm, {0, 0, 1000});
  // Couch rotation does not move a gantry-0 source (it lies on the couch axis).
  check_vec(beam_frame(0, 0, 45, {0, 0, 0}, 1000).source_mm, {0, -1000, 0});
}

TEST_CASE("Patient positions map patient axes to the room", "[geometry][iec]") {
  // Prone: gantry 0 source is posterior (+y); feet-first supine: gantry 90 source at -x.
  check_vec(beam_frame(0, 0, 0, {0, 0, 0}, 1000, PatientPosition::HFP).source_mm, {0, 1000, 0});
  check_vec(beam_frame(90, 0, 0, {0, 0, 0}, 1000, PatientPosition::FFS).source_mm, {-1000, 0, 0});
  check_vec(beam_frame(0, 0, 0, {0, 0, 0}, 1000, PatientPosition::FFS).bld_y, {0, 0, -1});
  check_vec(beam_frame(0, 0, 0, {0, 0, 0}, 1000, PatientPosition::FFP).source_mm, {0, 1000, 0});
}

TEST_CASE("Beam frames are orthonormal and BEV round trips", "[geometry][iec]") {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> ang(0, 360), pos(-100, 100);
  for (int n = 0; n < 200; ++n) {
    const Vec3 iso{pos(rng), pos(rng), pos(rng)};
    const BeamFrame f =
        beam_frame(ang(rng), ang(rng), ang(rng), iso, 1000, static_cast<PatientPosition>(n % 4));
    REQUIRE_THAT(dot(f.axis, f.bld_x), WithinAbs(0, 1e-12));
    REQUIRE_THAT(dot(f.axis, f.bld_y), WithinAbs(0, 1e-12));
    REQUIRE_THAT(dot(f.bld_x, f.bld_y), WithinAbs(0, 1e-12));
    REQUIRE_THAT(norm(f.axis), WithinAbs(1, 1e-12));
    // Right-handed beam-limiting-device system: X x Y = Z (towards the source).
    REQUIRE(norm(cross(f.bld_x, f.bld_y) + f.axis) < 1e-12);
    REQUIRE_THAT(norm(f.source_mm - iso), WithinAbs(1000, 1e-9));
    const Vec3 p{pos(rng), pos(rng), pos(rng)};
    const Vec3 back = f.from_bev(f.to_bev(p));
    REQUIRE(norm(back - p) < 1e-9);
    const Vec3 iso_bev = f.to_bev(iso);
    REQUIRE_THAT(iso_bev.x, WithinAbs(0, 1e-9));
    REQUIRE_THAT(iso_bev.z, WithinAbs(1000, 1e-9));
  }
}
