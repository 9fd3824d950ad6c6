// Trilinear interpolation and resampling between grids.
#pragma once

#include "host/core/volume.h"

namespace srtdose {

/// Trilinear interpolation of v at p_mm. Inside the outer half voxel the nearest edge values
/// are used (clamped); farther outside, `outside` is returned.
double interpolate_trilinear(const Volume<float>& v, const Vec3& p_mm, double outside);

/// v resampled onto target by trilinear interpolation at the target voxel centres.
Volume<float> resample_trilinear(const Volume<float>& v, const Grid3& target, float outside);

}  // namespace srtdose
