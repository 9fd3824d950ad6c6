// Pencil kernels: the energy deposited around a narrow beam entering semi-infinite water,
// built by superposing the point kernel along the beam with the primary attenuation of the
// spectrum (Mohan and Chui, Med Phys 14:70, 1987; Ahnesjo and Trepp, PMB 36:1373, 1991).
#pragma once

#include <vector>

#include "host/physics/energy_groups.h"
#include "host/physics/point_kernel.h"
#include "host/physics/spectrum.h"
#include "host/physics/water_tables.h"

namespace srtdose::physics {

struct PencilKernel {
  std::vector<double> radius_edges_cm;  ///< outer radii of the cylindrical shells (from 0)
  std::vector<double> depth_edges_cm;   ///< slab edges, from 0
  /// Fraction of the pencil's incident energy deposited in each shell of each slab,
  /// [slab * shells + shell].
  std::vector<double> energy;
  int shells() const { return static_cast<int>(radius_edges_cm.size()); }
  int slabs() const { return static_cast<int>(depth_edges_cm.size()) - 1; }
  double at(int slab, int shell) const {
    return energy[static_cast<std::size_t>(slab * shells() + shell)];
  }
  /// Energy per unit volume (1/cm3 per unit incident energy) of a shell-slab.
  double density(int slab, int shell) const;
};

/// The pencil kernel of a spectrum on the given shells and slabs. TERMA along the axis:
/// sum over energy bins of fluence x E x mu e^{-mu z} (beam hardening included); the same
/// polyenergetic point kernel at every depth (its hardening is not; the overload below with
/// energy groups follows it); each kernel bin split into
/// 3 x 3 sub-points (radius by volume, angle by solid angle); interaction depths every dz_cm to
/// the deepest slab plus the kernel's reach.
PencilKernel pencil_kernel(const PointKernel& kernel, const Spectrum& spectrum,
                           const InteractionTables& water, std::vector<double> radius_edges_cm,
                           std::vector<double> depth_edges_cm, double dz_cm = 0.05);

/// The same with one point kernel per energy group, each superposed with its own group's
/// TERMA along the axis: the kernel hardens with depth as the TERMA does.
PencilKernel pencil_kernel(const std::vector<PointKernel>& group_kernels,
                           const EnergyGroups& groups, const Spectrum& spectrum,
                           const InteractionTables& water, std::vector<double> radius_edges_cm,
                           std::vector<double> depth_edges_cm, double dz_cm = 0.05);

}  // namespace srtdose::physics
