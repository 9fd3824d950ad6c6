// Finite-size pencil-beam kernels: the pencil kernel integrated over a square beamlet
// (Bourland and Chaney, Med Phys 19:1401, 1992; Gu et al., PMB 54:6287, 2009).
#pragma once

#include <vector>

#include "host/physics/pencil_kernel.h"

namespace srtdose {

struct FspbKernel {
  double beamlet_cm = 0.25;      ///< beamlet side
  int half_cells = 0;            ///< offsets -half..half beamlets in x and y
  std::vector<double> depth_cm;  ///< slab centres
  /// [slab][j + half][i + half]: integral over the beamlet square centred at offset
  /// (i, j) x beamlet of the pencil density, i.e. the energy deposited per cm3 at the origin
  /// per unit energy fluence (MeV/cm2) over the beamlet.
  std::vector<double> value;
  int side() const { return 2 * half_cells + 1; }
  // Read through PbTablesView (kernels/common/pb_lattice.h) once PbBeamData holds the tables.
};

/// Exact for a pencil density that is uniform within each shell and slab (annulus-square
/// overlap areas in closed form). Offsets up to cutoff_cm.
FspbKernel build_fspb_kernel(const physics::PencilKernel& pencil, double beamlet_cm,
                             double cutoff_cm);

}  // namespace srtdose
