// A volume of one frame of reference resampled onto a grid of another, through a rigid
// transform (trilinear at the target voxel centres), with the voxels it does not cover marked.
#pragma once

#include <cstdint>

#include "host/core/volume.h"
#include "host/geometry/rigid_transform.h"

namespace srtdose {

struct RigidResample {
  Volume<float> values;         ///< on the target grid; 0 where the source does not reach
  Volume<std::uint8_t> inside;  ///< 1 where the sample point lies in the source grid's box
  std::int64_t inside_voxels = 0;
};

/// Target voxel centre p (target frame) takes source(target_to_source(p)); points up to half a
/// voxel outside the source's voxel centres are clamped to its edge values (they lie inside its
/// box), farther ones give 0 and inside = 0.
RigidResample resample_rigid(const Volume<float>& source, const Grid3& target,
                             const RigidTransform& target_to_source);

}  // namespace srtdose
