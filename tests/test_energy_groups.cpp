// Energy groups for kernel hardening: the split of a spectrum by surface TERMA, and that
// superposing each group's TERMA with its own kernel is exactly the single-kernel superposition
// when the groups' kernels are the same (pencil kernel and lattice transport), so the groups
// change the dose only through the kernels' energy dependence.
#include <catch2/catch.hpp>
#include <numeric>

#include "host/core/error.h"
#include "host/engine/ccc/lattice_transport.h"
#include "host/io/hdf5_file.h"
#include "host/machine/machine_file.h"
#include "host/physics/energy_groups.h"
#include "host/physics/exponential_kernel.h"
#include "host/physics/pencil_kernel.h"
#include "test_support.h"

using namespace srtdose;
using namespace srtdose::physics;

namespace {

const InteractionTables& water() {
  static const InteractionTables t(MaterialId::Water);
  return t;
}

}  // namespace

TEST_CASE("a spectrum splits into contiguous groups of about equal surface TERMA", "[physics]") {
  const Spectrum s = mohan_6mv();
  for (int n : {1, 2, 3, 4}) {
    INFO(n << " groups");
    const EnergyGroups g = split_by_terma(s, water(), n);
    REQUIRE(g.groups() == n);
    CHECK(g.first_bin.front() == 0);
    CHECK(g.first_bin.back() == static_cast<int>(s.fluence.size()));
    CHECK(std::is_sorted(g.first_bin.begin(), g.first_bin.end()));
    const std::vector<double> share = terma_shares(s, water(), g);
    CHECK(std::accumulate(share.begin(), share.end(), 0.0) == Approx(1.0));
    // Cut at 0.25 MeV bin edges: each share within 0.1 of 1/n.
    for (double x : share) CHECK(std::abs(x - 1.0 / n) < 0.1);
    for (int b = 0; b < static_cast<int>(s.fluence.size()); ++b) {
      const int q = g.group_of(b);
      CHECK(b >= g.first_bin[static_cast<std::size_t>(q)]);
      CHECK(b < g.first_bin[static_cast<std::size_t>(q) + 1]);
    }
    // The group spectra partition the spectrum.
    std::vector<double> sum(s.fluence.size(), 0.0);
    for (int q = 0; q < n; ++q) {
      const Spectrum gs = group_spectrum(s, g, q);
      for (std::size_t b = 0; b < sum.size(); ++b) sum[b] += gs.fluence[b];
    }
    CHECK(sum == s.fluence);
  }
  CHECK_THROWS_AS(split_by_terma(s, water(), 5), InputError);
}

TEST_CASE("grouped superposition with one kernel for every group is the plain superposition",
          "[physics][ccc][pb]") {
  const Spectrum s = mohan_6mv();
  KernelMcOptions o;
  o.histories = 4000;
  o.seed = 3;
  const PointKernel k = simulate_point_kernel(s, water(), o);
  const EnergyGroups g = split_by_terma(s, water(), 3);

  // Pencil kernel: each group's TERMA with the same point kernel sums to the spectrum's.
  std::vector<double> pr{0.1, 0.5, 2, 10}, pz{0, 1, 5, 10, 20};
  const PencilKernel one = pencil_kernel(k, s, water(), pr, pz, 0.2);
  const PencilKernel grouped =
      pencil_kernel(std::vector<PointKernel>(3, k), g, s, water(), pr, pz, 0.2);
  REQUIRE(one.energy.size() == grouped.energy.size());
  for (std::size_t i = 0; i < one.energy.size(); ++i)
    CHECK(grouped.energy[i] == Approx(one.energy[i]).epsilon(1e-10).margin(1e-15));

  // Lattice transport: three groups with the same exponential kernel against one.
  const ConeKernel cone = collapse_kernel(k, 8);
  const ExponentialConeKernel e = fit_exponential_kernel(cone);
  const Grid3 grid({24, 24, 24}, {3, 3, 3}, {-34.5, -34.5, -34.5});
  Volume<float> density(grid, 1.0f), total(grid, 0.0f);
  std::vector<Volume<float>> parts(3, Volume<float>(grid, 0.0f));
  for (int kz = 4; kz < 20; ++kz)
    for (int j = 2; j < 22; ++j)
      for (int i = 6; i < 18; ++i) {
        const std::int64_t v = grid.index(i, j, kz);
        for (int q = 0; q < 3; ++q)
          parts[static_cast<std::size_t>(q)][v] = 0.1f * (q + 1) + 0.01f * j;
        total[v] = parts[0][v] + parts[1][v] + parts[2][v];
        density[v] = j > 12 ? 0.3f : 1.0f;
      }
  const auto dirs = cone_directions(cone, {0, 1, 0}, 6);
  const Vec3 source{0, -1000, 0};
  const TiltWeights tilt1(cone, e), tilt3(cone, std::vector<ExponentialConeKernel>(3, e));
  const Volume<float> single = ccc_dose_lattice(
      total, density, lattice_directions(grid, cone, e, dirs, source), tilt1.view());
  const Volume<float> three = ccc_dose_lattice(
      {&parts[0], &parts[1], &parts[2]}, total, density,
      lattice_directions(grid, cone, std::vector<ExponentialConeKernel>(3, e), dirs, source),
      tilt3.view());
  CHECK(single.max_value() > 0);
  CHECK(test::worst_difference(single, three) < 1e-5);
}

TEST_CASE("the polyenergetic kernel is the groups' kernels weighted by their TERMA",
          "[physics][machine]") {
  const H5File f = H5File::open_read(test::ideal_machine_file());
  const GroupKernels gk = read_group_kernels(f);
  REQUIRE(gk.kernels.size() == 3);
  const PointKernel total = read_point_kernel(f), sum = gk.total();
  for (std::size_t i = 0; i < total.primary.size(); ++i) {
    CHECK(sum.primary[i] == Approx(total.primary[i]).margin(1e-15));
    CHECK(sum.scatter[i] == Approx(total.scatter[i]).margin(1e-15));
  }
  // Harder groups carry energy farther forward: the forward fraction of the deposited energy
  // rises from the first group to the last.
  auto forward_fraction = [](const PointKernel& k) {
    return k.forward() / (k.forward() + k.backward());
  };
  CHECK(forward_fraction(gk.kernels[0]) < forward_fraction(gk.kernels[1]));
  CHECK(forward_fraction(gk.kernels[1]) < forward_fraction(gk.kernels[2]));
}
