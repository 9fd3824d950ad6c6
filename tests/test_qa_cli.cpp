// `srtdose dvh` and `srtdose bed` on a phantom plan with an analytic dose: outputs, exit codes,
// and no output files when the input is bad.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "host/cli/cli.h"
#include "host/io/hdf5_file.h"
#include "test_support.h"

using namespace srtdose;
namespace fs = std::filesystem;

namespace {

nlohmann::json qa_plan() {
  return nlohmann::json::parse(R"({
    "srtdose_plan": 1,
    "name": "qa-phantom",
    "patient": {"phantom": {
      "extent_mm": {"x": [-40, 40], "y": [-40, 40], "z": [-40, 40]},
      "voxel_mm": [2, 2, 2],
      "medium": {"material": "air", "density": 0.0012},
      "objects": [
        {"type": "box", "min_mm": [-36, -36, -36], "max_mm": [36, 36, 36],
         "material": "water", "density": 1.0, "structure": "BODY"},
        {"type": "sphere", "center_mm": [0, 0, 0], "radius_mm": 10,
         "material": "water", "density": 1.0, "structure": "PTV"},
        {"type": "cylinder", "center_mm": [0, 24, 0], "radius_mm": 5, "axis": "z", "length_mm": 60,
         "material": "water", "density": 1.0, "structure": "SPINAL_CORD"}
      ]}},
    "machine": "ideal-6mv",
    "beams": [
      {"name": "AP", "gantry_deg": 0, "collimator_deg": 0, "couch_deg": 0,
       "isocenter_mm": [0, 0, 0], "sad_mm": 1000,
       "jaws_mm": {"x": [-10, 10], "y": [-10, 10]}, "mu": 100}
    ],
    "prescription": {"target": "PTV", "dose_gy": 54, "fractions": 3},
    "fractions": 3
  })");
}

/// A smooth (Gaussian) dose: 64 Gy at the centre, 54 Gy (the prescription) at r = 10 mm.
const double kS2 = 50 / std::log(64.0 / 54.0);  // sigma^2, mm^2
double dose_at(const Vec3& p) {
  const double r = norm(p);
  return 64 * std::exp(-r * r / (2 * kS2));
}
double radius_at(double dose) {
  return std::sqrt(2 * kS2 * std::log(64 / dose));
}

void write_dose(const fs::path& path, double scale = 1, Vec3 origin = {-39, -39, -39},
                int fractions = 3, bool poison = false) {
  const Grid3 g({40, 40, 40}, {2, 2, 2}, origin);
  Volume<float> d(g);
  for (int k = 0; k < 40; ++k)
    for (int j = 0; j < 40; ++j)
      for (int i = 0; i < 40; ++i)
        d.at(i, j, k) = static_cast<float>(scale * dose_at(g.position_mm(i, j, k)));
  if (poison) d.at(3, 4, 5) = std::nanf("");
  H5File f = H5File::create(path);
  f.write_volume("/dose", d);
  f.write_attr("/dose", "fractions", static_cast<std::int64_t>(fractions));
  f.close();
}

using Run = test::CliRun;
Run run(std::vector<std::string> args) {
  return test::run_cli(std::move(args));
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("srtdose dvh: table, JSON, CSV and SVG of a phantom plan", "[qa][cli]") {
  test::TempDir dir;
  test::write_json(dir / "plan.json", qa_plan());
  write_dose(dir / "dose.h5");
  const Run r =
      run({"dvh", (dir / "dose.h5").string(), "--plan", (dir / "plan.json").string(), "--metrics",
           "D95%,V20Gy", "--json", (dir / "dvh.json").string(), "--csv", (dir / "dvh.csv").string(),
           "--dvh-csv", (dir / "cum.csv").string(), "--plot", (dir / "dvh.svg").string()});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  CHECK(r.out.find("Paddick CI") != std::string::npos);
  CHECK(r.out.find("AAPM TG-101") != std::string::npos);
  const nlohmann::json j = read_json(dir / "dvh.json");
  REQUIRE(j["structures"].size() == 3);
  const auto& ptv = j["structures"][1];
  CHECK(ptv["name"] == "PTV");
  CHECK(ptv["volume_cm3"].get<double>() == Approx(4.18879).epsilon(1e-3));
  CHECK(ptv["dmax_gy"].get<double>() == Approx(dose_at({1, 1, 1})));  // nearest voxel centre
  // D50 at r = 10 / 2^(1/3) = 7.94 mm, D98 at 10 x 0.98^(1/3) = 9.93 mm; trilinear dose on a
  // 2 mm grid sits about 0.2 Gy under a Gaussian of this curvature.
  CHECK(ptv["d50_pct_gy"].get<double>() ==
        Approx(dose_at({10 / std::cbrt(2.0), 0, 0})).epsilon(5e-3));
  CHECK(ptv["d98_pct_gy"].get<double>() ==
        Approx(dose_at({10 * std::cbrt(0.98), 0, 0})).epsilon(5e-3));
  CHECK(ptv["metrics"]["V20Gy"].get<double>() == Approx(4.18879).epsilon(1e-3));
  CHECK(ptv["near_max"]["metric"] == "D2%");
  const auto& conf = j["conformity"];
  CHECK(conf["target"] == "PTV");
  CHECK(conf["paddick_ci"].get<double>() == Approx(1.0).epsilon(0.03));
  CHECK(conf["rtog_ci"].get<double>() == Approx(1.0).epsilon(0.03));
  CHECK(conf["isodose_volumes_inside_body"] == true);
  // GI = (r50 / r100)^3 within the interpolation error of a 2 mm grid.
  CHECK(conf["gradient_index"].get<double>() ==
        Approx(std::pow(radius_at(27) / 10, 3)).epsilon(0.03));
  bool cord_checked = false;
  for (const auto& c : j["constraints"]["results"])
    if (c["organ"] == "Spinal cord" && c["metric"] == "D0.35cc") {
      CHECK(c["structure"] == "SPINAL_CORD");
      CHECK(c["limit"].get<double>() == Approx(18.0));
      cord_checked = true;
    }
  CHECK(cord_checked);
  CHECK(fs::file_size(dir / "dvh.csv") > 100);
  CHECK(fs::file_size(dir / "cum.csv") > 1000);
  std::ifstream svg(dir / "dvh.svg");
  std::string first;
  std::getline(svg, first);
  CHECK(first.rfind("<svg", 0) == 0);
}

TEST_CASE("srtdose bed: schemes, iso-effect, BED maps", "[qa][cli][radiobiology]") {
  test::TempDir dir;
  test::write_json(dir / "plan.json", qa_plan());
  write_dose(dir / "dose.h5");
  const Run r = run({"bed", (dir / "dose.h5").string(), "--plan", (dir / "plan.json").string(),
                     "--schemes", "1x24,3x18,5x10,8x7.5", "--json", (dir / "bed.json").string(),
                     "--csv", (dir / "bed.csv").string(), "--plot", (dir / "bed.svg").string(),
                     "-o", (dir / "bed.h5").string()});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  const nlohmann::json j = read_json(dir / "bed.json");
  CHECK(j["prescription_bed_gy"].get<double>() == Approx(151.2));
  REQUIRE(j["schemes"].size() == 4);
  // Scheme 3 x 18 is the plan itself; 5 x 10 scales it by 50/54.
  const double d50 = j["schemes"][1]["target"]["physical_gy"]["d50"].get<double>();
  CHECK(j["schemes"][1]["target"]["bed_gy"]["d50"].get<double>() == Approx(d50 * (1 + d50 / 30)));
  const double d50b = d50 * 50 / 54;
  CHECK(j["schemes"][2]["target"]["bed_gy"]["d50"].get<double>() == Approx(d50b * (1 + d50b / 50)));
  bool five = false;
  for (const auto& s : j["iso_effective"]["schemes"])
    if (s["fractions"] == 5) {
      const double d = s["dose_per_fraction_gy"].get<double>();
      CHECK(5 * d * (1 + d / 10) == Approx(151.2));
      five = true;
    }
  CHECK(five);
  const auto& bvh = j["structures"][1]["cumulative_bvh"];
  REQUIRE(bvh["bed_gy"].size() > 10);
  for (std::size_t k = 1; k < bvh["bed_gy"].size(); ++k) {
    CHECK(bvh["bed_gy"][k].get<double>() > bvh["bed_gy"][k - 1].get<double>());
    CHECK(bvh["volume_cm3"][k].get<double>() <= bvh["volume_cm3"][k - 1].get<double>());
  }
  const H5File f = H5File::open_read(dir / "bed.h5");
  const Volume<float> bed = f.read_volume("/bed");
  // Voxel (20, 20, 20) is at (1, 1, 1) mm: in 3 fractions, alpha/beta 10.
  const double dc = dose_at({1, 1, 1});
  CHECK(bed.at(20, 20, 20) == Approx(dc * (1 + dc / 30)).epsilon(1e-5));
  const Volume<float> ab = f.read_volume("/alpha_beta");
  CHECK(ab.at(20, 32, 20) == Approx(2.0));  // cord (y = 25 mm)
  CHECK(ab.at(2, 2, 2) == Approx(3.0));     // elsewhere
}

TEST_CASE("plan-QA commands reject bad input with a clear error and no output", "[qa][cli]") {
  test::TempDir dir;
  test::write_json(dir / "plan.json", qa_plan());
  write_dose(dir / "dose.h5");
  const std::string dose = (dir / "dose.h5").string(), plan = (dir / "plan.json").string(),
                    out = (dir / "out.json").string();
  auto expect = [&](std::vector<std::string> args, const std::string& text) {
    const Run r = run(args);
    INFO(r.out << r.err);
    CHECK(r.rc == (text == "corrupt.h5" ? 4 : 1));  // 4: unreadable file (I/O error)
    CHECK(r.err.find(text) != std::string::npos);
    CHECK_FALSE(fs::exists(out));
  };
  expect({"dvh", dose, "--plan", plan, "--structures", "NOPE", "--json", out},
         "unknown structure 'NOPE'");
  expect({"dvh", dose, "--plan", plan, "--metrics", "D200%", "--json", out}, "unknown DVH metric");
  expect({"dvh", dose, "--plan", plan, "--constraints", "nosuch", "--json", out}, "nosuch");
  expect({"bed", dose, "--plan", plan, "--tumour-ab", "-1", "--json", out}, "alpha/beta");
  expect({"bed", dose, "--plan", plan, "--schemes", "0x5", "--json", out},
         "zero or negative fractions");
  expect({"bed", dose, "--plan", plan, "--model", "cubic", "--json", out}, "unknown BED model");
  write_dose(dir / "nan.h5", 1, {-39, -39, -39}, 3, true);
  expect({"dvh", (dir / "nan.h5").string(), "--plan", plan, "--json", out}, "finite");
  write_dose(dir / "far.h5", 1, {500, 500, 500});
  expect({"dvh", (dir / "far.h5").string(), "--plan", plan, "--json", out}, "does not overlap");
  write_dose(dir / "fx5.h5", 1, {-39, -39, -39}, 5);
  expect({"bed", (dir / "fx5.h5").string(), "--plan", plan, "--json", out}, "5 fractions");
  std::ofstream(dir / "corrupt.h5") << "not hdf5";
  expect({"dvh", (dir / "corrupt.h5").string(), "--plan", plan, "--json", out}, "corrupt.h5");
}
