// Monte Carlo point kernels against the Mackie et al. (1988) EGS4 kernels (their shell sums,
// validation/reference/kernels/mackie1988_shells.csv): cumulative energy within 1, 5 and 20 mm,
// primary fraction, backward fraction; energy conservation; reproducibility with a seed.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "host/physics/point_kernel.h"
#include "test_support.h"

using namespace srtdose;
using namespace srtdose::physics;
using Catch::Matchers::WithinAbs;

namespace {

const InteractionTables& water() {
  static const InteractionTables t(MaterialId::Water);
  return t;
}

/// A Mackie kernel file: shells of the 24 radii summed over cones (all five energy records and
/// the primary alone), and the backward hemisphere.
struct Mackie {
  std::vector<double> radii_cm, shell_total, shell_primary;
  double backward = 0, total = 0;
  double cumulative(double r_cm, bool primary_only = false) const {
    double c = 0;
    for (std::size_t i = 0; i < radii_cm.size() && radii_cm[i] <= r_cm + 1e-9; ++i)
      c += primary_only ? shell_primary[i] : shell_total[i];
    return c;
  }
};

/// The 24 shells of one energy: rows "energy_kev,outer_radius_cm,total,primary,backward".
Mackie read_mackie(int kev) {
  std::ifstream in(test::reference_dir() / "kernels" / "mackie1988_shells.csv");
  REQUIRE(in);
  Mackie m;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line[0] == 'e') continue;
    std::istringstream row(line);
    double e = 0, r = 0, total = 0, primary = 0, backward = 0;
    char comma = 0;
    row >> e >> comma >> r >> comma >> total >> comma >> primary >> comma >> backward;
    REQUIRE(row);
    if (static_cast<int>(e) != kev) continue;
    m.radii_cm.push_back(r);
    m.shell_total.push_back(total);
    m.shell_primary.push_back(primary);
    m.total += total;
    m.backward += backward;
  }
  REQUIRE(m.radii_cm.size() == 24);
  return m;
}

KernelMcOptions options(std::int64_t histories) {
  KernelMcOptions o;
  o.histories = histories;
  o.seed = 12345;
  return o;
}

double deposited(const PointKernel& k) {
  double s = 0;
  for (std::size_t i = 0; i < k.primary.size(); ++i) s += k.primary[i] + k.scatter[i];
  return s;
}

}  // namespace

TEST_CASE("monoenergetic kernels agree with Mackie et al. 1988", "[kernel][physics][slow]") {
  const int kev = GENERATE(500, 1250, 2000, 4000, 6000);
  const Mackie ref = read_mackie(kev);
  const PointKernel k = simulate_point_kernel(kev / 1000.0, water(), options(60000));
  INFO(kev << " keV");
  // Energy conservation: deposited + escaped = interacting energy.
  CHECK_THAT(deposited(k) + k.escaped, WithinAbs(1.0, 0.005));
  for (double r_cm : {0.1, 0.5, 2.0}) {
    const double ours = k.cumulative_within(r_cm), theirs = ref.cumulative(r_cm);
    INFO("within " << 10 * r_cm << " mm: " << ours << " vs " << theirs);
    CHECK(std::abs(ours / theirs - 1) < 0.03);
  }
  const double p_ours = k.cumulative_within(60, true) / deposited(k);
  const double p_ref = ref.cumulative(60, true) / ref.total;
  CHECK(std::abs(p_ours / p_ref - 1) < 0.02);
  CHECK_THAT(k.backward() / deposited(k), WithinAbs(ref.backward / ref.total, 0.006));
  CHECK(k.forward() / k.backward() > 3.0);
}

TEST_CASE("kernel Monte Carlo is reproducible with its seed", "[kernel][physics][slow]") {
  const PointKernel a = simulate_point_kernel(1.25, water(), options(20000));
  const PointKernel b = simulate_point_kernel(1.25, water(), options(20000));
  KernelMcOptions other = options(20000);
  other.seed = 99;
  const PointKernel c = simulate_point_kernel(1.25, water(), other);
  CHECK(a.primary == b.primary);
  CHECK(a.scatter == b.scatter);
  CHECK(a.primary != c.primary);
  // Different seeds agree within their statistics on the cumulative kernel.
  CHECK_THAT(a.cumulative_within(0.5), WithinAbs(c.cumulative_within(0.5), 0.01));
}

TEST_CASE("polyenergetic 6 MV kernel equals the spectrum-weighted Mackie kernels",
          "[kernel][physics][slow]") {
  // Mohan 6 MV, TERMA-weighted: fluence x mu x E. The reference is an independent sum of
  // Mackie's monoenergetic kernels, each bin's energy interpolated linearly between the two
  // nearest tabulated energies.
  const Spectrum s = mohan_6mv();
  const int available[] = {150,  200,  300,  400,  500,  600,  800, 1000,
                           1250, 1500, 2000, 3000, 4000, 5000, 6000};
  std::map<int, Mackie> cache;
  auto mackie = [&](int kev) -> const Mackie& {
    if (!cache.count(kev)) cache.emplace(kev, read_mackie(kev));
    return cache.at(kev);
  };
  std::vector<double> ref_shell(24, 0.0);
  double ref_total = 0, weight_sum = 0;
  for (std::size_t i = 0; i < s.fluence.size(); ++i) {
    const double e = std::max(0.15, s.bin_mid(i));
    std::size_t hi = 1;
    while (hi + 1 < std::size(available) && available[hi] / 1000.0 < e) ++hi;
    const double e0 = available[hi - 1] / 1000.0, e1 = available[hi] / 1000.0;
    const double t = std::clamp((e - e0) / (e1 - e0), 0.0, 1.0);
    const Mackie &a = mackie(available[hi - 1]), &b = mackie(available[hi]);
    const double w = s.fluence[i] * water().mu_cm2_g(e) * e;
    weight_sum += w;
    for (int r = 0; r < 24; ++r)
      ref_shell[r] += w * ((1 - t) * a.shell_total[r] + t * b.shell_total[r]);
    ref_total += w * ((1 - t) * a.total + t * b.total);
  }
  const PointKernel k = simulate_point_kernel(s, water(), options(100000));
  const double tot = deposited(k);
  double cum = 0;
  const std::vector<double> radii = mackie(1000).radii_cm;
  for (int r = 0; r < 24; ++r) {
    cum += ref_shell[r];
    if (std::abs(radii[r] - 0.1) < 1e-9 || std::abs(radii[r] - 0.5) < 1e-9 ||
        std::abs(radii[r] - 2.0) < 1e-9) {
      const double ours = k.cumulative_within(radii[r]) / tot, theirs = cum / ref_total;
      INFO("within " << 10 * radii[r] << " mm: " << ours << " vs " << theirs);
      // Within 1 mm the 1-2 MeV kernels that dominate the 6 MV weight sit 2-3 % under the
      // 1988 EGS4 values (step-size converged here; Gaussian multiple scattering and explicit
      // delta rays above 50 keV): 4 % there, 3 % farther out.
      CHECK(std::abs(ours / theirs - 1) < (radii[r] < 0.2 ? 0.04 : 0.03));
    }
  }
  CHECK_THAT(tot, WithinAbs(ref_total / weight_sum, 0.01));
}
