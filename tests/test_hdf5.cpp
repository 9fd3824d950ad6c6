#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "host/core/error.h"
#include "host/io/atomic_output.h"
#include "host/io/hdf5_file.h"
#include "host/plan/patient_io.h"
#include "host/plan/patient_model.h"
#include "host/plan/plan_parser.h"
#include "test_support.h"

using namespace srtdose;
using srtdose::test::TempDir;
namespace fs = std::filesystem;

namespace {
Volume<float> ramp(const Grid3& g) {
  Volume<float> v(g);
  for (std::int64_t i = 0; i < v.size(); ++i) v[i] = 0.5f * static_cast<float>(i);
  return v;
}
}  // namespace

TEST_CASE("HDF5 volumes round trip with their geometry", "[hdf5]") {
  TempDir dir;
  const Grid3 g({5, 4, 3}, {2.5, 2.0, 3.0}, {-5.0, 1.0, 7.5});
  const Volume<float> v = ramp(g);
  Volume<std::uint8_t> m(g, 3);
  m.at(1, 2, 0) = 6;
  {
    H5File f = H5File::create(dir / "v.h5");
    f.write_volume("/dose", v);
    f.write_volume("/group/sub/material", m);
    f.write_attr("/", "fractions", std::int64_t{5});
    f.write_attr("/", "engine", std::string("ccc"));
    f.write_attr("/dose", "scale", 1.25);
    f.write_attr("/", "names", std::vector<std::string>{"a", "bb", ""});
    f.close();
  }
  const H5File f = H5File::open_read(dir / "v.h5");
  const Volume<float> r = f.read_volume("/dose");
  CHECK(r.grid() == g);
  for (std::int64_t i = 0; i < v.size(); ++i) REQUIRE(r[i] == v[i]);
  const Volume<std::uint8_t> rm = f.read_volume_u8("/group/sub/material");
  CHECK(rm.at(1, 2, 0) == 6);
  CHECK(rm.at(0, 0, 0) == 3);
  CHECK(f.read_attr_int("/", "fractions") == 5);
  CHECK(f.read_attr_string("/", "engine") == "ccc");
  CHECK(f.read_attr_double("/dose", "scale") == 1.25);
  CHECK(f.read_attr_strings("/", "names") == std::vector<std::string>{"a", "bb", ""});
  CHECK(f.read_attr_vec3("/dose", "spacing_mm") == Vec3{2.5, 2.0, 3.0});
  CHECK(f.exists("/group/sub"));
  CHECK_FALSE(f.exists("/nothing/here"));
  CHECK(f.members("/group") == std::vector<std::string>{"sub"});
  // Memory order is C order [z][y][x]: the x index varies fastest.
  CHECK(r.at(1, 0, 0) == 0.5f);
  CHECK(r.at(0, 1, 0) == 0.5f * 5);
}

TEST_CASE("Corrupt, truncated and incomplete HDF5 files give clear errors", "[hdf5][errors]") {
  TempDir dir;
  std::ofstream(dir / "garbage.h5") << "this is not HDF5 at all";
  CHECK_THROWS_WITH(H5File::open_read(dir / "garbage.h5"),
                    Catch::Contains("garbage.h5") && Catch::Contains("not an HDF5 file"));
  CHECK_THROWS_WITH(H5File::open_read(dir / "absent.h5"), Catch::Contains("no such file"));

  const Grid3 g({64, 64, 32}, {1, 1, 1}, {0, 0, 0});
  {
    H5File f = H5File::create(dir / "full.h5");
    f.write_volume("/dose", ramp(g));
    f.write_volume("/bad_geometry", ramp(Grid3({2, 2, 2}, {1, 1, 1}, {0, 0, 0})));
    f.write_attr("/bad_geometry", "spacing_mm", Vec3{1, -1, 1});
    f.close();
  }
  const H5File full = H5File::open_read(dir / "full.h5");
  CHECK_THROWS_WITH(full.read_volume("/missing"),
                    Catch::Contains("full.h5") && Catch::Contains("missing dataset /missing"));
  CHECK_THROWS_WITH(full.read_volume("/bad_geometry"), Catch::Contains("invalid geometry"));

  // Truncate a copy to half its size: opening or reading must fail with IoError, not crash.
  fs::copy_file(dir / "full.h5", dir / "cut.h5");
  fs::resize_file(dir / "cut.h5", fs::file_size(dir / "cut.h5") / 2);
  CHECK_THROWS_AS(H5File::open_read(dir / "cut.h5").read_volume("/dose"), IoError);
}

TEST_CASE("Atomic output leaves either the whole file or nothing", "[hdf5][atomic]") {
  TempDir dir;
  const fs::path target = dir / "out.h5";
  SECTION("an exception before commit removes the temporary file") {
    try {
      AtomicOutput out(target);
      H5File f = H5File::create(out.temp_path());
      f.write_volume("/dose", ramp(Grid3({4, 4, 4}, {1, 1, 1}, {0, 0, 0})));
      CHECK(fs::exists(out.temp_path()));
      throw std::runtime_error("engine failed");
    } catch (const std::runtime_error&) {
    }
    CHECK_FALSE(fs::exists(target));
    CHECK(fs::is_empty(dir.path()));
  }
  SECTION("a failed rewrite keeps the previous complete file") {
    std::ofstream(target) << "previous";
    try {
      AtomicOutput out(target);
      std::ofstream(out.temp_path()) << "half";
      throw std::runtime_error("crash");
    } catch (const std::runtime_error&) {
    }
    std::ifstream in(target);
    std::string content;
    in >> content;
    CHECK(content == "previous");
  }
  SECTION("commit moves the file into place") {
    {
      AtomicOutput out(target);
      std::ofstream(out.temp_path()) << "done";
      out.commit();
    }
    CHECK(fs::exists(target));
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
  }
  SECTION("a missing output folder is an error before any work") {
    CHECK_THROWS_WITH(AtomicOutput(dir / "no" / "such" / "x.h5"),
                      Catch::Contains("does not exist"));
  }
}

TEST_CASE("Patient models are written and read back", "[hdf5][phantom]") {
  TempDir dir;
  const Plan plan = parse_plan_file(srtdose::test::examples_dir() / "spine.json");
  const PatientModel m = build_patient_model(plan);
  write_patient_model(dir / "spine.h5", m, plan.name);
  const H5File f = H5File::open_read(dir / "spine.h5");
  CHECK(f.read_attr_string("/", "plan") == "spine-sbrt");
  const Volume<float> rho = f.read_volume("/density");
  CHECK(rho.grid() == m.grid());
  CHECK(rho.max_value() == Approx(1.6));
  const auto names = f.members("/structures");
  CHECK(names.size() == m.structures.size());
  const Volume<float> cord = f.read_volume("/structures/SPINAL_CORD");
  CHECK(f.read_attr_double("/structures/SPINAL_CORD", "volume_cm3") ==
        Approx(3.14159265 * 0.25 * 12.0).epsilon(1e-6));
  CHECK(f.read_attr_strings("/material", "names").at(6) == "bone");
  CHECK(cord.max_value() == 1.0f);
}

TEST_CASE("A CT patient is read from HDF5 through the HU calibration", "[hdf5][ct]") {
  TempDir dir;
  const Grid3 g({20, 20, 10}, {2, 2, 2}, {-19, -19, -9});
  Volume<float> hu(g, 0.0f);
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < 5; ++j)
      for (int i = 0; i < g.nx(); ++i) hu.at(i, j, k) = -1000.0f;
  for (int k = 0; k < g.nz(); ++k)
    for (int i = 0; i < g.nx(); ++i) hu.at(i, 10, k) = 750.0f;
  {
    H5File f = H5File::create(dir / "ct.h5");
    f.write_volume("/hu", hu);
    f.close();
  }
  nlohmann::json doc = srtdose::test::minimal_plan_json();
  doc["patient"] = {{"ct", {{"hdf5", "ct.h5"}}},
                    {"hu_to_density", {{-1000, 0.001}, {0, 1.0}, {1000, 1.5}}}};
  srtdose::test::write_json(dir / "plan.json", doc);
  const PatientModel m = build_patient_model(parse_plan_file(dir / "plan.json"));
  CHECK(m.density_g_cm3.at(3, 2, 4) == Approx(0.001));
  CHECK(m.density_g_cm3.at(3, 10, 4) == Approx(1.375));
  CHECK(m.density_g_cm3.at(3, 15, 4) == Approx(1.0));

  SECTION("non-finite HU values are an error naming the file") {
    hu.at(1, 1, 1) = NAN;
    H5File f = H5File::create(dir / "ct.h5");
    f.write_volume("/hu", hu);
    f.close();
    CHECK_THROWS_WITH(build_patient_model(parse_plan_file(dir / "plan.json")),
                      Catch::Contains("ct.h5") && Catch::Contains("not finite"));
  }
  SECTION("a beam missing the CT grid is an error") {
    doc["beams"][0]["isocenter_mm"] = {400, 0, 0};
    srtdose::test::write_json(dir / "plan.json", doc);
    CHECK_THROWS_WITH(build_patient_model(parse_plan_file(dir / "plan.json")),
                      Catch::Contains("beams[0]") && Catch::Contains("misses"));
  }
}
