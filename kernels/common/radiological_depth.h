// Radiological depth from a source to a voxel centre: the per-voxel function both paths call.
#pragma once

#include <cstdint>

#include "kernels/common/grid_view.h"
#include "kernels/common/hd.h"
#include "kernels/common/siddon.h"

namespace srtdose {

/// Water-equivalent depth (mm) from source_mm to the centre of voxel `linear_index`: the
/// exact Siddon path integral of density (g/cm3) x length (mm). Vacuum outside the grid.
SRTDOSE_HD inline double radiological_depth_to_voxel_mm(const GridView& g,
                                                        const float* density_g_cm3, Vec3 source_mm,
                                                        std::int64_t linear_index) {
  const int i = static_cast<int>(linear_index % g.nx);
  const int j = static_cast<int>((linear_index / g.nx) % g.ny);
  const int k = static_cast<int>(linear_index / (static_cast<std::int64_t>(g.nx) * g.ny));
  return radiological_path_mm(g, density_g_cm3, source_mm, g.centre_mm(i, j, k));
}

/// One thread per voxel: depth_mm[v] (kernels/common/launch_cpu.h, kernels/cuda/launch.cuh).
struct RadiologicalDepthExecutor {
  GridView g;
  const float* density_g_cm3;
  Vec3 source_mm;
  float* depth_mm;
  SRTDOSE_HD void operator()(std::int64_t v) const {
    depth_mm[v] =
        static_cast<float>(radiological_depth_to_voxel_mm(g, density_g_cm3, source_mm, v));
  }
};

}  // namespace srtdose
