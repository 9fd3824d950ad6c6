// Non-owning view of a regular, axis-aligned voxel grid, passed by value to kernels.
#pragma once

#include <cstdint>
#include <type_traits>

#include "kernels/common/hd.h"
#include "kernels/common/vec3.h"

namespace srtdose {

/// Geometry of a regular grid: voxel (i, j, k) has its centre at origin_mm + (i, j, k) *
/// spacing_mm. Memory order is C order [k][j][i] (x fastest), as in the HDF5 output layout.
struct GridView {
  int nx = 0, ny = 0, nz = 0;
  Vec3 origin_mm;   ///< centre of voxel (0, 0, 0)
  Vec3 spacing_mm;  ///< voxel size along x, y, z; all > 0

  SRTDOSE_HD_INLINE std::int64_t size() const { return static_cast<std::int64_t>(nx) * ny * nz; }
  SRTDOSE_HD_INLINE std::int64_t index(int i, int j, int k) const {
    return (static_cast<std::int64_t>(k) * ny + j) * nx + i;
  }
  SRTDOSE_HD_INLINE int dim(int axis) const { return axis == 0 ? nx : (axis == 1 ? ny : nz); }
  SRTDOSE_HD_INLINE Vec3 centre_mm(int i, int j, int k) const {
    return {origin_mm.x + i * spacing_mm.x, origin_mm.y + j * spacing_mm.y,
            origin_mm.z + k * spacing_mm.z};
  }
  /// Lower voxel edge of the grid along an axis (mm).
  SRTDOSE_HD_INLINE double lower_edge_mm(int axis) const {
    return origin_mm[axis] - 0.5 * spacing_mm[axis];
  }
  /// Upper voxel edge of the grid along an axis (mm).
  SRTDOSE_HD_INLINE double upper_edge_mm(int axis) const {
    return origin_mm[axis] + (dim(axis) - 0.5) * spacing_mm[axis];
  }
};

static_assert(std::is_trivially_copyable_v<GridView>);

}  // namespace srtdose
