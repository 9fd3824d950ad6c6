// `srtdose dose`: a small phantom end to end (PLAN-FORMAT.md output layout, symmetry,
// absolute dose scale), and its input errors.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "host/cli/cli.h"
#include "host/io/hdf5_file.h"
#include "host/machine/machine_file.h"
#include "kernels/device_info.h"
#include "test_support.h"

using namespace srtdose;
namespace fs = std::filesystem;

namespace {

using Run = test::CliRun;
Run run(std::vector<std::string> args) {
  return test::run_cli(std::move(args));
}

}  // namespace

TEST_CASE("srtdose dose on a water cube", "[ccc][cli][slow]") {
  test::TempDir dir;
  MachineSpec spec = MachineSpec::load(builtin_machine_spec("ideal-6mv"));
  spec.kernel_histories = 20000;
  build_machine_file(spec, dir / "ideal.h5");
  nlohmann::json plan = test::minimal_plan_json();  // 40 mm water cube, 2 mm voxels, 20x20 AP
  plan["fractions"] = 3;
  test::write_json(dir / "plan.json", plan);
  const std::string p = (dir / "plan.json").string(), m = (dir / "ideal.h5").string(),
                    out = (dir / "dose.h5").string();

  const Run r = run({"dose", p, "-o", out, "--machine", m, "--directions", "8x6", "--per-beam"});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  const H5File f = H5File::open_read(out);
  const Volume<float> d = f.read_volume("/dose");
  CHECK(f.read_attr_int("/dose", "fractions") == 3);
  CHECK(f.read_attr_string("/dose", "engine") == "ccc");
  CHECK(f.read_attr_string("/dose", "machine") == "ideal-6mv");
  CHECK(f.exists("/beams/AP"));
  const Grid3& g = d.grid();
  // Symmetric about the beam axis (x -> -x), larger on the axis than outside the field.
  const int j = g.ny() / 2, k = g.nz() / 2;
  for (int i = 0; i < g.nx() / 2; ++i)
    CHECK(d.at(i, j, k) == Approx(d.at(g.nx() - 1 - i, j, k)).epsilon(0.03));
  CHECK(d.at(g.nx() / 2, j, k) > 3 * d.at(0, j, k));
  // 100 MU x 3 fractions of a 2 x 2 cm field in a 4 cm cube: of the order of 1 cGy/MU.
  const double centre = d.at(g.nx() / 2, j, k);
  CHECK(centre > 0.3 * 3.0);
  CHECK(centre < 1.2 * 3.0);

  auto expect = [&](std::vector<std::string> args, int rc, const std::string& text) {
    const Run e = run(args);
    INFO(e.out << e.err);
    CHECK(e.rc == rc);
    CHECK(e.err.find(text) != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "bad.h5"));
  };
  const std::string bad = (dir / "bad.h5").string();
  // Without --machine: a built-in name uses its committed file (plans/machines/ideal-6mv.h5);
  // a built-in machine without one asks for it to be built.
  {
    const Run committed =
        run({"dose", p, "-o", (dir / "committed.h5").string(), "--directions", "8x6"});
    INFO(committed.out << committed.err);
    CHECK(committed.rc == 0);
    // Every built-in machine has its committed file: a generic machine runs the same way, and
    // its head (focal spot, head scatter, electron contamination) changes the dose.
    nlohmann::json generic = plan;
    generic["machine"] = "generic-6fff";
    test::write_json(dir / "generic.json", generic);
    const Run g6 = run({"dose", (dir / "generic.json").string(), "-o",
                        (dir / "generic.h5").string(), "--directions", "8x6"});
    INFO(g6.out << g6.err);
    REQUIRE(g6.rc == 0);
    const H5File gf = H5File::open_read(dir / "generic.h5");
    CHECK(gf.read_attr_string("/dose", "machine") == "generic-6fff");
    const Volume<float> gd = gf.read_volume("/dose");
    const Volume<float> cd = H5File::open_read(dir / "committed.h5").read_volume("/dose");
    CHECK(std::abs(gd.at(g.nx() / 2, j, k) / cd.at(g.nx() / 2, j, k) - 1) > 0.005);
  }
  expect({"dose", p, "-o", bad, "--machine", m, "--engine", "mc"}, 1, "use ccc");
  expect({"dose", p, "-o", bad, "--machine", m, "--engine", "pb", "--beamlet-mm", "0"}, 1,
         "beamlet");
  // The pencil beam on the same cube: the same dose on the axis within 5 %.
  const std::string pb_out = (dir / "pb.h5").string();
  const Run q =
      run({"dose", p, "-o", pb_out, "--machine", m, "--engine", "pb", "--beamlet-mm", "2"});
  INFO(q.out << q.err);
  REQUIRE(q.rc == 0);
  const Volume<float> dp = H5File::open_read(pb_out).read_volume("/dose");
  CHECK(dp.at(g.nx() / 2, j, k) == Approx(centre).epsilon(0.05));
  // ... computed by the other engine: not the same numbers.
  double differ = 0;
  for (std::int64_t v = 0; v < d.size(); ++v)
    differ = std::max(differ, std::abs(double(dp[v]) - d[v]));
  CHECK(differ > 1e-4 * d.max_value());
  CHECK(H5File::open_read(pb_out).read_attr_string("/dose", "engine") == "pb");
  expect({"dose", p, "-o", bad, "--machine", m, "--directions", "8by6"}, 1, "ZENITHxAZIMUTH");
  // The dose-influence matrix of the same plan.
  const Run dij =
      run({"dij", p, "-o", (dir / "dij.h5").string(), "--machine", m, "--cutoff-mm", "40"});
  INFO(dij.out << dij.err);
  CHECK(dij.rc == 0);
  CHECK(fs::exists(dir / "dij.h5"));
  expect({"dij", p, "-o", bad, "--machine", m, "--beamlet-mm", "20"}, 1, "beamlet");
  expect({"dij", p, "-o", bad, "--machine", m, "--threshold", "2"}, 1, "threshold");
  expect({"dij", p, "-o", bad, "--machine", m, "--device", "gpu"}, 1, "unknown device");
  // Both engines have a CUDA path: asked for without a device, a device error (exit 3).
  if (cuda::devices().empty()) {
    expect({"dose", p, "-o", bad, "--machine", m, "--engine", "pb", "--device", "cuda"}, 3, "CUDA");
    expect({"dij", p, "-o", bad, "--machine", m, "--device", "cuda"}, 3, "CUDA");
  }
  plan["machine"] = "generic-6mv";
  test::write_json(dir / "other.json", plan);
  expect({"dose", (dir / "other.json").string(), "-o", bad, "--machine", m}, 1, "machine file of");
}
