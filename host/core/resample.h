// Trilinear interpolation and resampling between grids.
#pragma once

#include "host/core/volume.h"

namespace srtdose {

/// Trilinear interpolation of v at p_mm. Inside the outer half voxel the nearest edge values
/// are used (clamped); farther outside, `outside` is returned.
double interpolate_trilinear(const Volume<float>& v, const Vec3& p_mm, double outside);

/// v resampled onto target by trilinear interpolation at the target voxel centres.
Volume<float> resample_trilinear(const Volume<float>& v, const Grid3& target, float outside);

/// v resampled onto target, each target voxel the mean of sub^3 trilinear samples at the
/// centres of its sub x sub x sub sub-voxels (samples outside v count as `outside` = 0). The
/// trilinear interpolant is separable, so the mean is a product of per-axis weights: the same
/// value as averaging interpolate_trilinear, at a few reads per voxel.
Volume<float> resample_box_mean(const Volume<float>& v, const Grid3& target, int sub);

}  // namespace srtdose
