#include <catch2/catch.hpp>

#include "host/core/error.h"
#include "host/core/hu_calibration.h"
#include "host/core/materials.h"

using namespace srtdose;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("Built-in materials carry ICRU 44 densities and relative electron densities",
          "[materials]") {
  for (const char* name : {"water", "lung", "soft_tissue", "bone", "air", "muscle", "adipose"}) {
    CHECK(material_by_name(name, "t").name == name);
  }
  CHECK(relative_electron_density(material_by_name("water", "t"), 1.0) == 1.0);
  // Cortical bone (ICRU 44) at 1.92 g/cm3: 1.92 * 0.51478 / 0.55508 = 1.781.
  CHECK_THAT(relative_electron_density(material_by_name("bone", "t"), 1.92),
             WithinAbs(1.781, 1e-3));
  // Inflated lung at 0.26 g/cm3 has ~0.257 of water's electron density.
  CHECK_THAT(relative_electron_density(material_by_name("lung", "t"), 0.26),
             WithinAbs(0.2575, 1e-3));
  CHECK_THROWS_WITH(
      material_by_name("unobtainium", "beams[0]"),
      Catch::Contains("beams[0]") && Catch::Contains("unobtainium") && Catch::Contains("water"));
}

TEST_CASE("CT densities map to materials by ICRU 44 thresholds", "[materials]") {
  CHECK(material_for_ct_density(0.0012) == MaterialId::Air);
  CHECK(material_for_ct_density(0.26) == MaterialId::Lung);
  CHECK(material_for_ct_density(0.95) == MaterialId::Adipose);
  CHECK(material_for_ct_density(1.0) == MaterialId::SoftTissue);
  CHECK(material_for_ct_density(1.5) == MaterialId::Bone);
}

TEST_CASE("HU calibration is piecewise linear and clamped", "[materials][hu]") {
  const HuCalibration c({{-1000, 0.001}, {0, 1.0}, {1000, 1.5}}, "t");
  CHECK_THAT(c.density_g_cm3(-500), WithinAbs(0.5005, 1e-12));
  CHECK_THAT(c.density_g_cm3(500), WithinAbs(1.25, 1e-12));
  CHECK(c.density_g_cm3(-3000) == 0.001);
  CHECK(c.density_g_cm3(5000) == 1.5);

  const HuCalibration g = HuCalibration::generic();
  CHECK_THAT(g.density_g_cm3(0), WithinAbs(1.0, 1e-12));
  CHECK_THAT(g.density_g_cm3(1500), WithinAbs(1.92, 1e-12));
  CHECK_THAT(g.density_g_cm3(-1000), WithinAbs(0.001205, 1e-12));
  double prev = 0;
  for (int hu = -1100; hu <= 3100; hu += 10) {
    const double rho = g.density_g_cm3(hu);
    REQUIRE(rho >= prev);
    prev = rho;
  }
}

TEST_CASE("HU calibration tables are validated", "[materials][hu]") {
  CHECK_THROWS_WITH(HuCalibration({{0, 1.0}}, "plan.json: patient.hu_to_density"),
                    Catch::Contains("patient.hu_to_density") && Catch::Contains("at least 2"));
  CHECK_THROWS_WITH(HuCalibration({{0, 1.0}, {0, 1.1}}, "t"), Catch::Contains("increase"));
  CHECK_THROWS_WITH(HuCalibration({{0, 1.0}, {10, -1}}, "t"), Catch::Contains("> 0"));
  CHECK_THROWS_WITH(HuCalibration({{0, 1.0}, {10, 0.5}}, "t"), Catch::Contains("not decrease"));
  CHECK_THROWS_AS(HuCalibration({{0, NAN}, {10, 1}}, "t"), InputError);
}
