// Exact Euclidean distance transform on an anisotropic grid.
#pragma once

#include <cstdint>

#include "host/core/volume.h"

namespace srtdose {

/// Distance (mm) from each voxel centre to the nearest centre of a voxel with inside != 0;
/// +infinity when no voxel is inside. Separable lower-envelope algorithm of Felzenszwalb and
/// Huttenlocher, Theory of Computing 8:415 (2012), with the spacing of each axis.
Volume<float> distance_to_inside_mm(const Volume<std::uint8_t>& inside);

}  // namespace srtdose
