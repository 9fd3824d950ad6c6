// Host-side entry points of the CUDA kernels (declared for every build; without CUDA they
// throw DeviceError). Included by host code compiled with g++.
#pragma once

#include <string>
#include <vector>

#include "kernels/common/grid_view.h"

namespace srtdose::cuda {

/// Radiological depth (water-equivalent mm) from source_mm to every voxel centre, on the GPU.
/// density and depth_out are host arrays of g.size() floats. Throws DeviceError on failure.
void radiological_depth(const GridView& g, const float* density_g_cm3, Vec3 source_mm,
                        float* depth_out_mm);

}  // namespace srtdose::cuda
