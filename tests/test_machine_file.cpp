// Collapsed-cone kernels from a point kernel, their fits, and machine files.
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "host/cli/cli.h"
#include "host/core/error.h"
#include "host/io/hdf5_file.h"
#include "host/machine/machine_file.h"
#include "host/physics/constants.h"
#include "test_support.h"

using namespace srtdose;
using namespace srtdose::physics;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

const PointKernel& kernel_2mev() {
  static const PointKernel k = [] {
    const InteractionTables water(MaterialId::Water);
    KernelMcOptions o;
    o.histories = 20000;
    o.seed = 7;
    return simulate_point_kernel(2.0, water, o);
  }();
  return k;
}

}  // namespace

TEST_CASE("collapsing a point kernel conserves its energy for any number of bands", "[kernel]") {
  const PointKernel& k = kernel_2mev();
  const double total = k.cumulative_within(1e9);
  for (int bands : {1, 6, 8, 48, 100}) {
    const ConeKernel c = collapse_kernel(k, bands);
    double sum = 0, forward = 0;
    for (int b = 0; b < c.bands(); ++b) {
      sum += c.cumulative(b, c.radii() - 1);
      if (c.zenith_edges_rad[b + 1] <= kPi / 2 + 1e-12) forward += c.cumulative(b, c.radii() - 1);
    }
    INFO(bands << " bands");
    CHECK_THAT(sum, WithinRel(total, 1e-9));
    if (bands % 2 == 0) CHECK_THAT(forward, WithinRel(k.forward(), 1e-9));
    // Cumulative kernels never decrease along the radius.
    for (int b = 0; b < c.bands(); ++b)
      for (int j = 1; j < c.radii(); ++j)
        CHECK(c.cumulative(b, j) >= c.cumulative(b, j - 1) - 1e-15);
  }
}

TEST_CASE("two-exponential fits follow the forward cumulative kernels", "[kernel]") {
  ConeKernel c = collapse_kernel(kernel_2mev(), 8);
  fit_two_exponentials(c);
  REQUIRE(c.fits.size() == 8);
  // The forward band carries most energy; its fitted cumulative kernel is within 10 % of the
  // Monte Carlo one from 2 mm to 20 cm (the fit form cannot follow the electron-range knee).
  for (double r : {0.2, 1.0, 5.0, 20.0}) {
    int j = 0;
    while (c.radius_cm[j] < r) ++j;
    const double mc = c.cumulative(0, j), fit = c.fits[0].cumulative(c.radius_cm[j]);
    INFO("r = " << c.radius_cm[j] << " cm: MC " << mc << ", fit " << fit);
    CHECK(std::abs(fit / mc - 1) < 0.10);
  }
  CHECK(c.fits[0].a_per_cm > c.fits[0].b_per_cm);  // primary falls off faster than scatter
}

TEST_CASE("srtdose machine build writes a readable machine file", "[kernel][cli]") {
  test::TempDir dir;
  const auto out = dir / "m.h5";
  std::ostringstream o, e;
  const int rc = cli::run({"srtdose", "machine", "build", "ideal-6mv", "-o", out.string(),
                           "--histories", "5000", "--seed", "3"},
                          o, e);
  INFO(o.str() << e.str());
  REQUIRE(rc == 0);
  const ConeKernel c = read_cone_kernel(out);
  CHECK(c.bands() == 48);
  double sum = 0;
  for (int b = 0; b < c.bands(); ++b) sum += c.cumulative(b, c.radii() - 1);
  CHECK(sum > 0.9);
  CHECK(sum < 1.0);
  const H5File f = H5File::open_read(out);
  std::vector<std::size_t> d;
  const auto mu = f.read_array("/attenuation/water/mu_rho_cm2_g", d);
  const auto energy = f.read_array("/attenuation/energy_mev", d);
  REQUIRE(mu.size() == energy.size());
  CHECK(f.read_attr_string("/", "machine") == "ideal-6mv");
  CHECK(f.read_attr_double("/calibration", "energy_fluence_mev_cm2_per_mu") > 1e8);
  CHECK(f.read_attr_double("/calibration", "dmax_cm") > 0.5);
  const auto pencil = f.read_array("/kernel/pencil/energy", d);
  CHECK(d.size() == 2);
  CHECK(pencil.size() == d[0] * d[1]);
  // A bad spec: error naming file and field, no output.
  test::write_json(dir / "bad.json", {{"srtdose_machine_spec", 1},
                                      {"name", "x"},
                                      {"source", {{"type", "point"}, {"sad_mm", 1000}}},
                                      {"spectrum", {{"builtin", "mohan99"}}}});
  std::ostringstream o2, e2;
  CHECK(cli::run({"srtdose", "machine", "build", (dir / "bad.json").string(), "-o",
                  (dir / "bad.h5").string()},
                 o2, e2) == 1);
  CHECK(e2.str().find("spectrum.builtin") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "bad.h5"));
}
