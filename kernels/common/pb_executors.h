// The pencil beam's per-thread bodies (executors, kernels/common/launch_cpu.h): the CPU path
// (host/engine/pb) and the CUDA path (kernels/pb_dose.cu) run these same objects.
//   1. PbQueryExecutor: where voxel idx reads the tables (its index arithmetic included);
//   2. PbConvExecutor: one point of the lattice convolutions the queries read;
//   3. PbGatherExecutor: the voxel's dose from the convolutions.
#pragma once

#include <cstdint>

#include "kernels/common/grid_view.h"
#include "kernels/common/hd.h"
#include "kernels/common/pb_lattice.h"

namespace srtdose {

struct PbQueryExecutor {
  PbSegmentView segment;
  GridView g;
  const float* density_g_cm3;
  PbQuery* queries;  ///< g.size() queries written by operator() (the GPU's dense layout)
  /// The query of voxel idx; false when the segment gives it nothing.
  SRTDOSE_HD bool query(std::int64_t idx, PbQuery& q) const {
    const int i = static_cast<int>(idx % g.nx), j = static_cast<int>((idx / g.nx) % g.ny),
              k = static_cast<int>(idx / (static_cast<std::int64_t>(g.nx) * g.ny));
    return pb_query(segment, g, density_g_cm3, i, j, k, q);
  }
  /// queries[idx], with inv_sq = 0 where the segment gives nothing.
  SRTDOSE_HD void operator()(std::int64_t idx) const {
    PbQuery q;
    if (!query(idx, q)) q.inv_sq = 0;
    queries[idx] = q;
  }
};

/// conv[t], t = slot x layout.size() + point: the convolution of the beamlet lattice with the
/// (table, slab) plane of that slot at lattice point (i0 + point % nx, j0 + point / nx).
struct PbConvExecutor {
  PbLatticeView lattice;
  PbTablesView tables;
  PbConvLayout layout;
  const int* pair_of_slot;  ///< (table x n_slabs + slab) of each slot
  double* conv;
  SRTDOSE_HD void operator()(std::int64_t t) const {
    const std::int64_t per_slot = layout.size();
    const int slot = static_cast<int>(t / per_slot);
    const std::int64_t point = t % per_slot;
    const int pair = pair_of_slot[slot];
    const int table = pair / tables.n_slabs, slab = pair % tables.n_slabs;
    conv[t] = pb_conv_point(lattice, tables.plane(table, slab), tables.half[table],
                            layout.i0 + static_cast<int>(point % layout.nx),
                            layout.j0 + static_cast<int>(point / layout.nx));
  }
};

/// dose[idx] += weight x the voxel's dose per MU (rounded to float, as the CPU's per-segment
/// dose is) for every voxel with a query.
struct PbGatherExecutor {
  PbConvView conv;
  const PbQuery* queries;
  double to_gy;
  double weight;
  double* dose;
  /// The dose per MU (Gy) of a voxel with query q.
  SRTDOSE_HD static float voxel_dose(const PbConvView& conv, const PbQuery& q, double to_gy) {
    return static_cast<float>(pb_voxel_dose(q, pb_gather(conv, q), to_gy));
  }
  SRTDOSE_HD void operator()(std::int64_t idx) const {
    const PbQuery q = queries[idx];
    if (!(q.inv_sq > 0)) return;
    dose[idx] += weight * voxel_dose(conv, q, to_gy);
  }
};

}  // namespace srtdose
