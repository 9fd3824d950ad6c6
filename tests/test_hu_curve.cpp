// A clinic's CT calibration file (HU -> mass density): the CSV and table forms scanners' look-up
// tables come in, and clear errors naming the file and line.
#include <catch2/catch.hpp>
#include <fstream>

#include "host/core/error.h"
#include "host/io/hu_curve_file.h"
#include "test_support.h"

using namespace srtdose;

namespace {

std::filesystem::path write(const test::TempDir& dir, const std::string& name,
                            const std::string& text) {
  const auto p = dir / name;
  std::ofstream(p) << text;
  return p;
}

}  // namespace

TEST_CASE("HU curve files: CSV with a header, and a named table with comments", "[hu]") {
  test::TempDir dir;
  const HuCalibration csv = read_hu_curve(
      write(dir, "a.csv", "HU,Density\n-1000,0.00113\n0,1.0\n1000,1.6\r\n2000,2.2\n"));
  CHECK(csv.points().size() == 4);
  CHECK(csv.density_g_cm3(500) == Approx(1.3));
  CHECK(csv.density_g_cm3(-1000) == Approx(0.00113));
  const HuCalibration table = read_hu_curve(write(dir, "b.txt",
                                                  "## Siemens LUT\n#name CT# massdens\n"
                                                  "Air   -969.8  0.0012\n"
                                                  "Water  -5.6   1.000\n"
                                                  "Inner_Bone 207.5 1.145  # trabecular\n"
                                                  "Cortical_Bone 1200 1.85\n"));
  CHECK(table.points().size() == 4);
  CHECK(table.density_g_cm3(207.5) == Approx(1.145));
}

TEST_CASE("HU curve files: malformed lines and impossible curves name the file and line", "[hu]") {
  test::TempDir dir;
  CHECK_THROWS_WITH(read_hu_curve(write(dir, "c.csv", "HU,Density\n-1000,0.001\n0,one\n")),
                    Catch::Contains("c.csv: line 3"));
  CHECK_THROWS_WITH(read_hu_curve(write(dir, "d.txt", "Air -969.8 0.0\nWater 0 1.0\n")),
                    Catch::Contains("d.txt: line 1") && Catch::Contains("> 0"));
  CHECK_THROWS_WITH(read_hu_curve(write(dir, "e.csv", "0,1.0\n-100,0.9\n")),
                    Catch::Contains("e.csv") && Catch::Contains("increase"));
  CHECK_THROWS_WITH(read_hu_curve(write(dir, "f.csv", "0,1.0\n")),
                    Catch::Contains("f.csv") && Catch::Contains("at least 2"));
  CHECK_THROWS_AS(read_hu_curve(dir / "missing.csv"), InputError);
}
