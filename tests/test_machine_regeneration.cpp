// The committed built-in machine files (plans/machines/<name>.h5) are what their specs
// regenerate: `srtdose machine build <name> -o plans/machines/<name>.h5` (2.5-3.6 M histories,
// seed 1, 2-4 minutes each on 2 cores). A short regeneration with the committed seed must
// reproduce each within the Monte Carlo noise of both.
#include <catch2/catch.hpp>
#include <cmath>

#include "host/io/hdf5_file.h"
#include "host/machine/machine_file.h"
#include "host/machine/machine_spec.h"
#include "host/physics/cone_kernel.h"
#include "test_support.h"

using namespace srtdose;

namespace {

void check_regeneration(const std::string& name) {
  const std::filesystem::path committed = builtin_machine_file(name);
  REQUIRE_FALSE(committed.empty());
  const MachineSpec spec = MachineSpec::load(builtin_machine_spec(name));
  const H5File c = H5File::open_read(committed);
  CHECK(c.read_attr_string("/", "machine") == name);
  CHECK(c.read_attr_int("/kernel/point/primary", "histories") == spec.kernel_histories);
  CHECK(c.read_attr_int("/kernel/point/primary", "seed") ==
        static_cast<std::int64_t>(spec.kernel_seed));

  test::TempDir dir;
  MachineSpec short_spec = spec;
  short_spec.kernel_histories = 200000;  // same seed, 1/18 of the histories
  build_machine_file(short_spec, dir / "short.h5");
  const H5File s = H5File::open_read(dir / "short.h5");

  // Deterministic parts: spectrum and attenuation tables are identical.
  CHECK(read_spectrum(c).fluence == read_spectrum(s).fluence);
  {
    const HeadModel hc = read_head_model(c), hs = read_head_model(s);
    CHECK(hc.off_axis == hs.off_axis);
    CHECK(hc.off_axis_spectrum == hs.off_axis_spectrum);
    CHECK(hc.focal_spot_sigma_mm == hs.focal_spot_sigma_mm);
    CHECK(hc.extra_focal_weight == hs.extra_focal_weight);
    CHECK(hc.mlc_transmission == hs.mlc_transmission);
    CHECK(hc.electron_surface_fraction == hs.electron_surface_fraction);
  }
  {
    std::vector<std::size_t> d1, d2;
    const auto mu_c = c.read_array("/attenuation/water/mu_rho_cm2_g", d1);
    CHECK(mu_c.size() > 10);
    CHECK(mu_c == s.read_array("/attenuation/water/mu_rho_cm2_g", d2));
  }
  // Kernels, the polyenergetic one and each energy group's: every band's total within 4 sigma
  // of the two runs' combined noise.
  const GroupKernels gc = read_group_kernels(c), gs = read_group_kernels(s);
  CHECK(gc.groups.first_bin == gs.groups.first_bin);
  REQUIRE(gc.kernels.size() == gs.kernels.size());
  CHECK(gc.groups.groups() == spec.energy_groups);
  std::vector<physics::PointKernel> committed_kernels{read_point_kernel(c)},
      short_kernels{read_point_kernel(s)};
  for (std::size_t g = 0; g < gc.kernels.size(); ++g)
    committed_kernels.push_back(gc.kernels[g]), short_kernels.push_back(gs.kernels[g]);
  double worst_sigmas = 0;
  std::vector<double> sc;
  for (std::size_t q = 0; q < committed_kernels.size(); ++q) {
    const physics::PointKernel &kc = committed_kernels[q], &ks = short_kernels[q];
    const physics::ConeKernel cc = physics::collapse_kernel(kc, 16),
                              cs = physics::collapse_kernel(ks, 16);
    const std::vector<double> sq = physics::band_relative_sigma(kc, cc),
                              ss = physics::band_relative_sigma(ks, cs);
    if (q == 0) sc = sq;
    for (int b = 0; b < cc.bands(); ++b) {
      const double a = cc.cumulative(b, cc.radii() - 1), z = cs.cumulative(b, cs.radii() - 1);
      const double sigma =
          std::hypot(a * sq[static_cast<std::size_t>(b)], z * ss[static_cast<std::size_t>(b)]);
      INFO((q == 0 ? std::string("polyenergetic") : "group " + std::to_string(q - 1))
           << ", band " << b << ": committed " << a << ", short " << z << ", sigma " << sigma);
      CHECK(std::abs(a - z) <= 4 * sigma + 1e-12);
      if (sigma > 0) worst_sigmas = std::max(worst_sigmas, std::abs(a - z) / sigma);
    }
  }
  // The MU calibration (from the pencil kernel) within 1 %.
  CHECK(c.read_attr_double("/calibration", "energy_fluence_mev_cm2_per_mu") ==
        Approx(s.read_attr_double("/calibration", "energy_fluence_mev_cm2_per_mu")).epsilon(0.01));
  WARN("committed " << name << " vs a 200 000-history regeneration: band totals within "
                    << worst_sigmas << " sigma; committed worst band noise "
                    << 100 * *std::max_element(sc.begin(), sc.end()) << " %");
}

}  // namespace

TEST_CASE("The committed ideal-6mv machine file is what its spec regenerates", "[machine][slow]") {
  check_regeneration("ideal-6mv");
}
TEST_CASE("The committed generic-6mv machine file is what its spec regenerates",
          "[machine][slow]") {
  check_regeneration("generic-6mv");
}
TEST_CASE("The committed generic-6fff machine file is what its spec regenerates",
          "[machine][slow]") {
  check_regeneration("generic-6fff");
}
TEST_CASE("The committed generic-10mv machine file is what its spec regenerates",
          "[machine][slow]") {
  check_regeneration("generic-10mv");
}
TEST_CASE("The committed generic-10fff machine file is what its spec regenerates",
          "[machine][slow]") {
  check_regeneration("generic-10fff");
}
