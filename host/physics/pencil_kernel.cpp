#include "host/physics/pencil_kernel.h"

#include <algorithm>
#include <cmath>

#include "host/core/error.h"
#include "host/physics/constants.h"
#include "host/physics/energy_groups.h"

namespace srtdose::physics {

double PencilKernel::density(int slab, int shell) const {
  const double r1 = radius_edges_cm[static_cast<std::size_t>(shell)];
  const double r0 = shell == 0 ? 0.0 : radius_edges_cm[static_cast<std::size_t>(shell) - 1];
  const double dz = depth_edges_cm[static_cast<std::size_t>(slab) + 1] -
                    depth_edges_cm[static_cast<std::size_t>(slab)];
  return at(slab, shell) / (kPi * (r1 * r1 - r0 * r0) * dz);
}

namespace {

PencilKernel empty_pencil(const Spectrum& spec, std::vector<double> radius_edges,
                          std::vector<double> depth_edges, double dz) {
  spec.validate();
  if (radius_edges.empty() || depth_edges.size() < 2 || !(dz > 0))
    throw InputError("pencil kernel: needs radii, at least one depth slab and dz > 0");
  if (!std::is_sorted(radius_edges.begin(), radius_edges.end()) ||
      !std::is_sorted(depth_edges.begin(), depth_edges.end()) || depth_edges.front() < 0)
    throw InputError("pencil kernel: edges must ascend (depths from 0)");
  PencilKernel p;
  p.radius_edges_cm = std::move(radius_edges);
  p.depth_edges_cm = std::move(depth_edges);
  p.energy.assign(static_cast<std::size_t>(p.shells() * p.slabs()), 0.0);
  return p;
}

double incident_energy(const Spectrum& spec) {
  double e = 0;
  for (std::size_t i = 0; i < spec.fluence.size(); ++i) e += spec.fluence[i] * spec.bin_mid(i);
  return e;
}

/// Adds the energy that kernel k deposits around the pencil from the TERMA of the bins of
/// `spec` (per unit of e_total, the incident energy of the whole beam).
void accumulate(PencilKernel& p, const PointKernel& k, const Spectrum& spec, double e_total,
                const InteractionTables& water, double dz) {
  const int ns = p.shells();
  // Sub-points of the point kernel's bins: (rho, dz) offsets and energy fractions.
  struct Sub {
    double rho, dz, e;
  };
  std::vector<Sub> subs;
  const auto& edges = k.binning.radius_edges_cm;
  const double w = k.binning.cone_width_rad();
  for (int c = 0; c < k.binning.cones; ++c)
    for (int s = 0; s < k.binning.shells(); ++s) {
      const std::size_t i = static_cast<std::size_t>(c * k.binning.shells() + s);
      const double e = k.primary[i] + k.scatter[i];
      if (e <= 0) continue;
      const double r_in = s == 0 ? 0.0 : edges[static_cast<std::size_t>(s) - 1],
                   r_out = edges[static_cast<std::size_t>(s)];
      const double c0 = std::cos(c * w), c1 = std::cos((c + 1) * w);
      for (int a = 0; a < 3; ++a) {
        const double r = std::cbrt(r_in * r_in * r_in +
                                   (a + 0.5) / 3 * (r_out * r_out * r_out - r_in * r_in * r_in));
        for (int b = 0; b < 3; ++b) {
          const double ct = c0 + (b + 0.5) / 3 * (c1 - c0),
                       st = std::sqrt(std::max(0.0, 1 - ct * ct));
          subs.push_back({r * st, r * ct, e / 9});
        }
      }
    }

  // TERMA per unit depth (per unit incident energy), with beam hardening.
  auto terma = [&](double z) {
    double t = 0;
    for (std::size_t i = 0; i < spec.fluence.size(); ++i) {
      const double e = std::max(0.011, spec.bin_mid(i)), mu = water.mu_cm2_g(e);
      t += spec.fluence[i] * e * mu * std::exp(-mu * z);
    }
    return t / e_total;
  };
  const double z_max = p.depth_edges_cm.back() + edges.back();
  for (double z = 0.5 * dz; z < z_max; z += dz) {
    const double weight = terma(z) * dz;
    for (const Sub& s : subs) {
      const double zz = z + s.dz;
      if (zz < p.depth_edges_cm.front() || zz >= p.depth_edges_cm.back()) continue;
      const int slab =
          static_cast<int>(std::upper_bound(p.depth_edges_cm.begin(), p.depth_edges_cm.end(), zz) -
                           p.depth_edges_cm.begin()) -
          1;
      const int shell = static_cast<int>(
          std::upper_bound(p.radius_edges_cm.begin(), p.radius_edges_cm.end(), s.rho) -
          p.radius_edges_cm.begin());
      if (shell >= ns) continue;
      p.energy[static_cast<std::size_t>(slab * ns + shell)] += weight * s.e;
    }
  }
}

}  // namespace

PencilKernel pencil_kernel(const PointKernel& k, const Spectrum& spec,
                           const InteractionTables& water, std::vector<double> radius_edges,
                           std::vector<double> depth_edges, double dz) {
  PencilKernel p = empty_pencil(spec, std::move(radius_edges), std::move(depth_edges), dz);
  accumulate(p, k, spec, incident_energy(spec), water, dz);
  return p;
}

PencilKernel pencil_kernel(const std::vector<PointKernel>& group_kernels,
                           const EnergyGroups& groups, const Spectrum& spec,
                           const InteractionTables& water, std::vector<double> radius_edges,
                           std::vector<double> depth_edges, double dz) {
  if (static_cast<int>(group_kernels.size()) != groups.groups())
    throw InputError("pencil kernel: one point kernel per energy group needed");
  PencilKernel p = empty_pencil(spec, std::move(radius_edges), std::move(depth_edges), dz);
  const double e_total = incident_energy(spec);
  for (int g = 0; g < groups.groups(); ++g)
    accumulate(p, group_kernels[static_cast<std::size_t>(g)], group_spectrum(spec, groups, g),
               e_total, water, dz);
  return p;
}

}  // namespace srtdose::physics
