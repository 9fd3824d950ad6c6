#include "host/engine/ccc/lattice_transport.h"

#include <cmath>
#include <stdexcept>

#include "host/core/error.h"
#include "host/physics/constants.h"
#include "kernels/common/launch_cpu.h"

namespace srtdose {

namespace {

/// Solid angle of zenith band b (sr).
double band_solid_angle(const physics::ConeKernel& k, int b) {
  return 2 * physics::kPi *
         (std::cos(k.zenith_edges_rad[static_cast<std::size_t>(b)]) -
          std::cos(k.zenith_edges_rad[static_cast<std::size_t>(b) + 1]));
}

}  // namespace

std::vector<LatticeDirection> lattice_directions(
    const Grid3& g, const physics::ConeKernel& cone,
    const std::vector<physics::ExponentialConeKernel>& group_kernels,
    const std::vector<ConeDirection>& dirs, Vec3 source_mm) {
  if (group_kernels.empty() || group_kernels.size() > kMaxTermaGroups)
    throw InputError("collapsed cone: 1 to " + std::to_string(kMaxTermaGroups) + " energy groups");
  const physics::ExponentialConeKernel& k = group_kernels.front();
  if (k.components() < 1 || k.components() > kMaxKernelComponents)
    throw InputError("collapsed cone: the exponential kernel needs 1 to " +
                     std::to_string(kMaxKernelComponents) + " terms");
  for (const physics::ExponentialConeKernel& kg : group_kernels)
    if (kg.rates_per_cm != k.rates_per_cm || kg.bands() != k.bands())
      throw InputError("collapsed cone: the energy groups' kernels must share bands and rates");
  std::vector<LatticeDirection> out;
  for (const ConeDirection& c : dirs) {
    if (c.band < 0 || c.band >= k.bands())
      throw InputError("collapsed cone: direction band outside the kernel's bands");
    LatticeDirection d = make_lattice_geometry(g.view(), c.u);
    d.components = k.components();
    d.rate_per_cm = k.rates_per_cm.front();
    d.groups = static_cast<int>(group_kernels.size());
    for (int q = 0; q < d.groups; ++q)
      for (int i = 0; i < d.components; ++i)
        d.weight[q][i] =
            c.share *
            group_kernels[static_cast<std::size_t>(q)]
                .amplitudes_per_cm[static_cast<std::size_t>(c.band * d.components + i)] /
            k.rates_per_cm[static_cast<std::size_t>(i)];
    d.u = c.u;
    d.solid_angle_sr = c.share * band_solid_angle(cone, c.band);
    d.source_mm = source_mm;
    out.push_back(d);
  }
  return out;
}

std::vector<LatticeDirection> lattice_directions(const Grid3& g, const physics::ConeKernel& cone,
                                                 const physics::ExponentialConeKernel& k,
                                                 const std::vector<ConeDirection>& dirs,
                                                 Vec3 source_mm) {
  return lattice_directions(g, cone, std::vector<physics::ExponentialConeKernel>{k}, dirs,
                            source_mm);
}

TiltWeights::TiltWeights(const physics::ConeKernel& cone, const physics::ExponentialConeKernel& k,
                         int n_theta)
    : TiltWeights(cone, std::vector<physics::ExponentialConeKernel>{k}, n_theta) {}

TiltWeights::TiltWeights(const physics::ConeKernel& cone,
                         const std::vector<physics::ExponentialConeKernel>& group_kernels,
                         int n_theta)
    : n_theta_(n_theta), step_rad_(physics::kPi / (n_theta - 1)) {
  for (const physics::ExponentialConeKernel& k : group_kernels) add_group(cone, k);
}

void TiltWeights::add_group(const physics::ConeKernel& cone,
                            const physics::ExponentialConeKernel& k) {
  const int n_theta = n_theta_;
  if (n_theta < 2 || cone.bands() != k.bands())
    throw InputError("kernel tilting: kernel bands and table size do not match");
  const int nc = k.components(), nb = k.bands();
  const std::size_t base = table_.size();
  // Nodes at the bands' direction angles (as cone_directions): weight per steradian.
  std::vector<double> node(static_cast<std::size_t>(nb));
  for (int b = 0; b < nb; ++b)
    node[static_cast<std::size_t>(b)] = std::acos(physics::band_direction_cos(cone, b));
  auto value = [&](int b, int c) {
    return k.amplitudes_per_cm[static_cast<std::size_t>(b * nc + c)] /
           k.rates_per_cm[static_cast<std::size_t>(c)] / band_solid_angle(cone, b);
  };
  table_.resize(base + static_cast<std::size_t>(n_theta) * nc);
  for (int t = 0; t < n_theta; ++t) {
    const double theta = t * step_rad_;
    int b = 0;
    while (b + 1 < nb && node[static_cast<std::size_t>(b) + 1] <= theta) ++b;
    for (int c = 0; c < nc; ++c) {
      double w;
      if (theta <= node.front())
        w = value(0, c);
      else if (b + 1 >= nb)
        w = value(nb - 1, c);
      else {
        const double f =
            (theta - node[static_cast<std::size_t>(b)]) /
            (node[static_cast<std::size_t>(b) + 1] - node[static_cast<std::size_t>(b)]);
        w = (1 - f) * value(b, c) + f * value(b + 1, c);
      }
      table_[base + static_cast<std::size_t>(t * nc + c)] = w;
    }
  }
}

Volume<float> ccc_dose_lattice(const Volume<float>& terma, const Volume<float>& density,
                               const std::vector<LatticeDirection>& dirs, const TiltTable& tilt,
                               const Volume<std::uint8_t>* mask) {
  return ccc_dose_lattice(std::vector<const Volume<float>*>{&terma}, terma, density, dirs, tilt,
                          mask);
}

TermaGroups terma_groups(const std::vector<const Volume<float>*>& groups, const Grid3& g) {
  if (groups.empty() || groups.size() > kMaxTermaGroups)
    throw InputError("collapsed cone: 1 to " + std::to_string(kMaxTermaGroups) + " energy groups");
  TermaGroups t;
  t.count = static_cast<int>(groups.size());
  for (int q = 0; q < t.count; ++q) {
    if (!(groups[static_cast<std::size_t>(q)]->grid() == g))
      throw InputError("collapsed cone: TERMA and density grids differ");
    t.group[q] = groups[static_cast<std::size_t>(q)]->data();
  }
  return t;
}

Volume<float> ccc_dose_lattice(const std::vector<const Volume<float>*>& terma_by_group,
                               const Volume<float>& terma_total, const Volume<float>& density,
                               const std::vector<LatticeDirection>& dirs, const TiltTable& tilt,
                               const Volume<std::uint8_t>* mask) {
  const TermaGroups t = terma_groups(terma_by_group, density.grid());
  if (!(terma_total.grid() == density.grid()))
    throw InputError("collapsed cone: TERMA and density grids differ");
  for (const LatticeDirection& d : dirs)
    if (d.groups != t.count)
      throw std::logic_error("collapsed cone: directions made for another number of groups");
  const GridView view = density.grid().view();
  std::vector<double> energy(static_cast<std::size_t>(view.size()), 0.0);
  double* e = energy.data();
  const float* rho = density.data();
  std::vector<LatticeDirection> restricted = dirs;
  restrict_to_release_box(view, terma_total.data(), restricted.data(), restricted.size());
  for (const LatticeDirection& d : restricted) {
    // Each voxel lies on one line of the direction, so lines never write the same voxel.
    launch_cpu(d.line_count(), CccLatticeExecutor{view, t, rho, d, tilt, e}, 32);
  }
  return energy_to_dose(density.grid(), energy, mask);
}

Volume<float> energy_to_dose(const Grid3& g, const std::vector<double>& energy,
                             const Volume<std::uint8_t>* mask) {
  Volume<float> dose(g, 0.0f);
  for (std::int64_t v = 0; v < g.size(); ++v)
    if (!mask || (*mask)[v])
      dose[v] = static_cast<float>(energy[static_cast<std::size_t>(v)] * physics::kGyPerMeVPerG);
  return dose;
}

}  // namespace srtdose
